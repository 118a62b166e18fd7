import rule from '../../../src/analysis/rules/otp010-untested-timeout';
import { runRuleTests } from '../../helpers/rule-tester';

const cleaner = `defmodule Shop.Cleaner do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, [], name: __MODULE__)

  @impl true
  def init(carts) do
    Process.send_after(self(), :sweep, 60_000)
    {:ok, carts}
  end

  @impl true
  def handle_info(:sweep, carts) do
    Process.send_after(self(), :sweep, 60_000)
    {:noreply, Enum.reject(carts, & &1.expired?)}
  end
end
`;

const callsCleaner = `defmodule Shop.CleanerTest do
  use ExUnit.Case

  test "starts" do
    assert {:ok, _pid} = start_supervised(Shop.Cleaner)
  end
end
`;

const flusher = `defmodule Log.Buffer do
  use GenServer

  def init(_), do: {:ok, []}

  def handle_cast({:log, line}, []) do
    Process.send_after(self(), :flush, 50)
    {:noreply, [line]}
  end

  def handle_cast({:log, line}, lines), do: {:noreply, [line | lines]}

  def handle_info(:flush, lines) do
    IO.puts(Enum.reverse(lines))
    {:noreply, []}
  end
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'an interval read from an option is the caller\'s, and its tests can set it short',
      code: `defmodule Pruner do
  use GenServer

  def init(opts) do
    state = %{interval: Keyword.get(opts, :interval, 60_000)}
    Process.send_after(self(), :prune, state.interval)
    {:ok, state}
  end
end
`,
    },
    {
      name: 'a timeout passed in by the caller (how Elixir\'s stdlib writes receive ... after)',
      code: `defmodule Waiter do
  def await(ref, timeout) do
    receive do
      {^ref, reply} -> {:ok, reply}
    after
      timeout -> {:error, :timeout}
    end
  end

  def ask(server, msg, timeout), do: GenServer.call(server, msg, timeout)
end
`,
    },
    {
      name: 'after 0 polls the mailbox, :infinity never fires',
      code: `defmodule Mailbox do
  def flush do
    receive do
      _ -> flush()
    after
      0 -> :ok
    end
  end

  def wait do
    receive do
      :go -> :ok
    after
      :infinity -> :never
    end
  end
end
`,
    },
    {
      name: 'the default call timeout written out, or :infinity',
      code: `defmodule Client do
  def get(pid), do: GenServer.call(pid, :get, 5_000)
  def slow(pid), do: GenServer.call(pid, :slow, :infinity)
end
`,
    },
    {
      name: 'a hand-written request/reply that keeps the default 5 s (IEx\'s evaluator)',
      code: `defmodule Evaluator do
  def fields(evaluator) do
    ref = make_ref()
    send(evaluator, {:fields, ref, self()})

    receive do
      {^ref, fields} -> fields
    after
      5000 -> %{}
    end
  end
end
`,
    },
    {
      name: '{:noreply, state, 0} continues right after init',
      code: `defmodule Loader do
  use GenServer
  def init(path), do: {:ok, path, 0}
  def handle_info(:timeout, path), do: {:noreply, File.read!(path)}
end
`,
    },
    {
      name: 'justified by a test that waits with assert_receive and a timeout',
      files: {
        'lib/shop/cleaner.ex': cleaner,
        'test/shop/cleaner_test.exs': `defmodule Shop.CleanerTest do
  use ExUnit.Case

  test "sweeps expired carts" do
    start_supervised!(Shop.Cleaner)
    :telemetry.attach("t", [:shop, :sweep], fn _, _, _, _ -> send(self(), :swept) end, nil)
    assert_receive :swept, 70_000
  end
end
`,
      },
    },
    {
      name: 'a test that sends the timer\'s message exercises what it triggers',
      files: {
        'lib/shop/cleaner.ex': cleaner,
        'test/shop/cleaner_test.exs': `defmodule Shop.CleanerTest do
  use ExUnit.Case

  test "a sweep drops expired carts" do
    pid = start_supervised!(Shop.Cleaner)
    send(pid, :sweep)
    assert :sys.get_state(pid) == []
  end
end
`,
      },
    },
    {
      name: 'a timer shorter than assert_receive\'s default wait runs in any test of the module',
      files: {
        'lib/log/buffer.ex': flusher,
        'test/log/buffer_test.exs': `defmodule Log.BufferTest do
  use ExUnit.Case

  test "logs" do
    pid = start_supervised!(Log.Buffer)
    GenServer.cast(pid, {:log, "hi"})
  end
end
`,
      },
    },
    {
      name: 'test support code',
      files: {
        'test/support/fake_clock.ex': `defmodule FakeClock do
  def tick_later(pid), do: Process.send_after(pid, :tick, 1_000)
end
`,
      },
    },
    { name: 'a plain module', code: 'defmodule Cart do\n  def total(items), do: Enum.sum(items)\nend\n' },
  ],
  invalid: [
    {
      name: 'a periodic sweep scheduled from init and handle_info is one finding',
      code: cleaner,
      errors: [{ messageId: 'timer', line: 8, column: 5, severity: 'warning', message: 'fires :sweep after 60_000 ms' }],
    },
    { name: 'information in REFACTOR', code: cleaner, phase: 'refactor', errors: [{ messageId: 'timer', severity: 'information' }] },
    { name: 'warning in RED', code: cleaner, phase: 'red', errors: [{ messageId: 'timer', severity: 'warning' }] },
    {
      name: 'a test that only starts it does not exercise the timer',
      files: { 'lib/shop/cleaner.ex': cleaner, 'test/shop/cleaner_test.exs': callsCleaner },
      errors: [{ messageId: 'timer', file: 'lib/shop/cleaner.ex', message: 'Its tests (test/shop/cleaner_test.exs) do not verify its timers' }],
    },
    {
      name: ':timer.send_interval, and :erlang.send_after with an attribute',
      code: `defmodule Poller do
  @interval :timer.seconds(30)

  def start(pid) do
    :timer.send_interval(1_000, pid, {:tick, pid})
    :erlang.send_after(@interval, pid, :poll)
  end
end
`,
      errors: [
        { messageId: 'timer', line: 5, column: 5, message: 'fires :tick after 1_000 ms' },
        { messageId: 'timer', line: 6, column: 5, message: 'fires :poll after `@interval`' },
      ],
    },
    {
      name: 'an idle timeout in a GenServer return',
      code: `defmodule Session do
  use GenServer

  def init(user), do: {:ok, user, 30_000}
  def handle_call(:touch, _from, user), do: {:reply, :ok, user, 30_000}
  def handle_info(:timeout, user), do: {:stop, :normal, user}
end
`,
      errors: [{ messageId: 'timeout', line: 4, column: 35, message: 'an idle timeout in a GenServer return of 30_000 ms' }],
    },
    {
      name: 'an idle timeout kept in a module attribute',
      code: `defmodule Upload do
  use GenServer
  @idle_timeout :timer.minutes(1)

  def init(id), do: {:ok, %{id: id, chunks: []}}

  def handle_call({:chunk, data}, _from, state) do
    state = %{state | chunks: [data | state.chunks]}
    {:reply, :ok, state, @idle_timeout}
  end

  def handle_info(:timeout, state), do: {:stop, :normal, state}
end
`,
      errors: [{ messageId: 'timeout', line: 9, column: 26, message: 'of `@idle_timeout`' }],
    },
    {
      name: 'receive ... after with a literal, and a non-default call timeout',
      code: `defmodule Report do
  def build(pid) do
    send(pid, {:build, self()})

    receive do
      {:report, r} -> r
    after
      1_000 -> :timeout
    end
  end

  def export(pid), do: GenServer.call(pid, :export, 10_000)
end
`,
      errors: [
        { messageId: 'timeout', line: 7, column: 5, message: 'a `receive ... after` timeout of 1_000 ms' },
        { messageId: 'timeout', line: 12, column: 24, message: 'a call timeout of 10_000 ms' },
      ],
    },
    {
      name: 'a short timer in a module no test refers to',
      code: flusher,
      errors: [{ messageId: 'timer', line: 7, message: 'fires :flush after 50 ms' }],
    },
  ],
});

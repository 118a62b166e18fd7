import rule from '../../../src/analysis/rules/otp008-self-message-passing';
import { runRuleTests } from '../../helpers/rule-tester';

const totals = `defmodule Cart.Totals do
  def total(lines) do
    subtotal = Enum.sum(lines)
    send(self(), {:subtotal, subtotal})

    receive do
      {:subtotal, amount} when amount > 10_000 -> amount - div(amount, 20)
      {:subtotal, amount} -> amount
    end
  end
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'a GenServer sends itself work for handle_info',
      code: `defmodule Poller do
  use GenServer

  def init(opts) do
    send(self(), :poll)
    {:ok, opts}
  end

  def handle_info(:poll, state) do
    Process.send_after(self(), :poll, 1_000)
    {:noreply, state}
  end
end
`,
    },
    {
      name: 'a LiveComponent tells its parent LiveView',
      code: `defmodule Web.ConfirmComponent do
  def handle_event("confirm", _params, socket) do
    send(self(), {:confirmed, socket.assigns.id})
    {:noreply, socket}
  end
end
`,
    },
    {
      name: 'a hand-written loop feeds its own next turn',
      code: `defmodule Loop do
  def loop(n) do
    receive do
      :tick ->
        send(self(), :tick)
        loop(n + 1)

      :stop ->
        n
    end
  end
end
`,
    },
    {
      name: 'the spawned process sends to itself, the caller receives from it',
      code: `defmodule Worker do
  def run(parent) do
    spawn(fn ->
      send(self(), :go)
      send(parent, :started)
    end)

    receive do
      :started -> :ok
    end
  end
end
`,
    },
    {
      name: 'a pid bound to self() used from a closure that runs elsewhere',
      code: `defmodule Runner do
  def run(opts) do
    runner = self()

    System.trap_signal(:sigquit, :id, fn ->
      ref = Process.monitor(runner)
      send(runner, {ref, :sigquit})
      receive do
        ^ref -> :ok
      after
        5_000 -> :ok
      end
    end)

    loop(opts)
  end

  defp loop(_opts), do: :ok
end
`,
    },
    {
      name: 'the receive is in another function',
      code: `defmodule Marker do
  def drain do
    ref = make_ref()
    send(self(), {:marker, ref})
    flush(ref)
  end

  defp flush(ref) do
    receive do
      {:marker, ^ref} -> :ok
      _ -> flush(ref)
    end
  end
end
`,
    },
    {
      name: 'tests send themselves messages to assert on',
      files: {
        'lib/cart.ex': 'defmodule Cart do\n  def total(l), do: Enum.sum(l)\nend\n',
        'test/cart_test.exs': `defmodule CartTest do
  use ExUnit.Case

  test "mailbox" do
    send(self(), {:total, Cart.total([1])})
    receive do
      {:total, t} -> assert t == 1
    end
  end
end
`,
      },
    },
  ],
  invalid: [
    { name: 'send(self()) then receive', code: totals, errors: [{ messageId: 'selfMessage', line: 4, column: 5, severity: 'warning', message: 'total/1 sends' }] },
    { name: 'information in REFACTOR', code: totals, phase: 'refactor', errors: [{ messageId: 'selfMessage', severity: 'information' }] },
    { name: 'warning in RED', code: totals, phase: 'red', errors: [{ messageId: 'selfMessage', severity: 'warning' }] },
    {
      name: 'sent in a loop and received in a reduce',
      code: `defmodule Events.Replay do
  def project(events, initial \\\\ %{}) do
    for event <- events, do: Kernel.send(self(), {:event, event})

    Enum.reduce(events, initial, fn _event, acc ->
      receive do
        {:event, %{amount: amount}} -> Map.update(acc, :balance, amount, &(&1 + amount))
      end
    end)
  end
end
`,
      errors: [{ messageId: 'selfMessage', line: 3, column: 30 }],
    },
    {
      name: 'Process.send to a variable holding self()',
      code: `defmodule Relay do
  def pass(value) do
    me = self()
    Process.send(me, {:value, value}, [])
    receive do
      {:value, v} -> v * 2
    end
  end
end
`,
      errors: [{ messageId: 'selfMessage', line: 4, column: 5 }],
    },
    {
      name: 'a test that verifies concurrency does not justify it',
      files: {
        'lib/cart/totals.ex': totals,
        'test/cart/totals_test.exs': `defmodule Cart.TotalsTest do
  use ExUnit.Case

  test "from many processes" do
    1..10 |> Task.async_stream(fn _ -> Cart.Totals.total([1]) end) |> Stream.run()
  end
end
`,
      },
      errors: [{ messageId: 'selfMessage', file: 'lib/cart/totals.ex' }],
    },
  ],
});


// A GenServer that answers a message by sending itself the same message at once: a loop with no pause.
const poller = (handler: string, helpers = '') => `defmodule Dispatch.Poller do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, [], name: __MODULE__)

  def init(jobs) do
    send(self(), :drain)
    {:ok, jobs}
  end

${handler}
${helpers}end
`;

runRuleTests(rule, {
  valid: [
    { name: 'the next turn scheduled with an interval', code: poller('  def handle_info(:drain, jobs) do\n    Process.send_after(self(), :drain, 500)\n    {:noreply, jobs}\n  end\n') },
    {
      name: 'sent again only while work remains',
      code: poller('  def handle_info(:drain, jobs) do\n    if jobs != [], do: send(self(), :drain)\n    {:noreply, tl(jobs)}\n  end\n'),
    },
    {
      name: 'a helper with a clause that stops the loop',
      code: poller('  def handle_info(:drain, jobs) do\n    again(jobs)\n    {:noreply, jobs}\n  end\n', '  defp again([]), do: :done\n  defp again(_), do: send(self(), :drain)\n'),
    },
    { name: 'another message sent on', code: poller('  def handle_info(:drain, jobs) do\n    send(self(), :report)\n    {:noreply, jobs}\n  end\n\n  def handle_info(:report, jobs), do: {:noreply, jobs}\n') },
  ],
  invalid: [
    {
      name: 'the same message sent again at once',
      code: poller('  def handle_info(:drain, jobs) do\n    Enum.each(jobs, &IO.inspect/1)\n    send(self(), :drain)\n    {:noreply, []}\n  end\n'),
      errors: [{ messageId: 'busyLoop', line: 13, message: ':drain' }],
    },
    {
      name: 'through a scheduling helper',
      code: poller('  def handle_info(:drain, jobs) do\n    Enum.each(jobs, &IO.inspect/1)\n    schedule()\n    {:noreply, []}\n  end\n', '\n  def schedule do\n    send self(), :drain\n  end\n'),
      errors: [{ messageId: 'busyLoop', line: 19 }],
    },
  ],
});

// A hand-written receive loop that feeds itself the message of another branch, then loops.
const restarter = (resend: string) => `defmodule Keeper do
  def init do
    Process.register(spawn(Keeper, :watch, []), :keeper)
    send(:keeper, :start)
  end

  def watch do
    Process.flag(:trap_exit, true)
    receive do
      :start ->
        spawn_link(Worker, :run, [])
        watch()
      {:EXIT, _from, _reason} ->
        ${resend}
        watch()
    end
  end
end
`;

runRuleTests(rule, {
  valid: [
    { name: 'a message to another registered process', code: restarter('send(:logger, :start)') },
    { name: 'a message its own receive does not handle (for whoever reads the mailbox later)', code: restarter('send(:keeper, :restarted)') },
    {
      name: 'a loop that forwards to the process it was given',
      code: `defmodule Forward do
  def loop(to) do
    receive do
      :start -> loop(to)
      {:fwd, msg} ->
        send(to, :start)
        loop(to)
    end
  end
end
`,
    },
  ],
  invalid: [
    {
      name: 'a branch that sends :start to the name its own process is registered under',
      code: restarter('send(:keeper, :start)'),
      errors: [{ messageId: 'nextTurn', line: 14, message: 'watch/0 sends :start' }],
    },
    { name: 'the same through self()', code: restarter('send(self(), :start)'), errors: [{ messageId: 'nextTurn', line: 14 }] },
    { name: 'the same through self written without parentheses (old Elixir)', code: restarter('send self, :start'), errors: [{ messageId: 'nextTurn', line: 14 }] },
  ],
});

runRuleTests(rule, {
  valid: [
    {
      name: 'a parameter named self is the process the caller passed, not this one',
      code: `defmodule Child do
  def report(self) do
    send(self, :done)
    receive do
      :done -> :echoed
    after
      100 -> :timeout
    end
  end
end
`,
    },
  ],
  invalid: [
    {
      name: 'send self then receive, self written without parentheses',
      code: `defmodule Totals do
  def total(lines) do
    send self, {:subtotal, Enum.sum(lines)}
    receive do
      {:subtotal, amount} -> amount
    end
  end
end
`,
      errors: [{ messageId: 'selfMessage', line: 3 }],
    },
  ],
});

// A GenServer callback casting its own process the next step, which another handle_cast clause runs.
const chat = (newMessage: string, extra = '') => `defmodule Chat.Server do
  use GenServer
  @name ChatServer
  def start_link, do: GenServer.start_link(__MODULE__, [], name: @name)
  def post(msg), do: GenServer.cast(@name, {:new_message, msg})
  def broadcast(msg), do: GenServer.cast(@name, {:broadcast, msg})
  def init(log), do: {:ok, log}
${newMessage}
  def handle_cast({:broadcast, msg}, log) do
    Enum.each(Node.list(), &IO.puts("#{&1}: #{msg}"))
    {:noreply, log}
  end
${extra}end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'a callback doing the next step itself',
      code: chat(`  def handle_cast({:new_message, msg}, log) do
    Enum.each(Node.list(), &IO.puts("#{&1}: #{msg}"))
    {:noreply, [msg | log]}
  end`),
    },
    {
      name: 'a poll that casts its own message again is a loop, not a next step',
      code: chat(`  def handle_cast({:new_message, msg}, log) do
    GenServer.cast(@name, {:new_message, msg})
    {:noreply, log}
  end`),
    },
    {
      name: 'a cast to another process from a callback',
      code: chat(`  def handle_cast({:new_message, msg}, log) do
    GenServer.cast(Chat.Archive, {:broadcast, msg})
    {:noreply, [msg | log]}
  end`),
    },
    {
      name: 'init deferring setup is handle_continue\'s question, not this one',
      code: `defmodule Loader do
  use GenServer
  def start_link(path), do: GenServer.start_link(__MODULE__, path, name: __MODULE__)
  def init(path) do
    GenServer.cast(__MODULE__, {:load, path})
    {:ok, %{}}
  end
  def handle_cast({:load, path}, _), do: {:noreply, %{path: path}}
end
`,
    },
    {
      name: 'casting self() lets other messages in before the next step: a deliberate choice',
      code: `defmodule Order do
  use GenServer
  def start_link(id), do: GenServer.start_link(__MODULE__, id)
  def init(id), do: {:ok, {id, :new}}
  def handle_cast(:prepare, {id, _}) do
    GenServer.cast(self(), :deliver)
    {:noreply, {id, :prepared}}
  end
  def handle_cast(:deliver, {id, _}), do: {:noreply, {id, :delivered}}
end
`,
    },
  ],
  invalid: [
    {
      name: 'handle_cast casts its registered name (a module attribute) a message another clause handles',
      code: chat(`  def handle_cast({:new_message, msg}, log) do
    GenServer.cast(@name, {:broadcast, msg})
    {:noreply, [msg | log]}
  end`),
      errors: [{ messageId: 'castNext', line: 9, message: 'handle_cast/2 casts :broadcast' }],
    },
    {
      name: 'handle_info goes through the module\'s own client function',
      code: chat('', `  def handle_info({:nodeup, node}, log) do
    broadcast("#{node} joined")
    {:noreply, log}
  end
`),
      errors: [{ messageId: 'castNextVia', line: 14, message: 'calls broadcast/1' }],
    },
  ],
});

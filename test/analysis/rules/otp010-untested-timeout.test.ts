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

const reminder = cleaner.replace(/Shop\.Cleaner/g, 'Shop.Reminder').replace(/:sweep/g, ':remind').replace('Enum.reject(carts, & &1.expired?)', 'Shop.Mailer.remind(carts)');

const callsReminder = `defmodule Shop.ReminderTest do
  use ExUnit.Case

  test "starts" do
    assert {:ok, _pid} = start_supervised(Shop.Reminder)
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

/** A telnet session callback module (its generic client forwards messages to handle_info/2): `idle` is the idle handler. */
const session = (idle: string) => `defmodule Telnet.WebClient do
  @behaviour Telnet.Client
  @idle_time 60_000

  def handle_info({:EXIT, pid, _reason}, state) do
    case state.channel_pid == pid do
      true ->
        Process.send_after(self(), {:idle, :disconnect}, @idle_time)
        {:noreply, %{state | channel_pid: nil}}

      false ->
        {:noreply, state}
    end
  end

  def handle_info({:idle, :disconnect}, state) do
${idle}
  end
end
`;

/** A websocket handler whose interval hands each tick to Socket.Heartbeat. */
const socketHandler = `defmodule Socket.Handler do
  @behaviour :cowboy_websocket
  @heartbeat_interval 15_000

  def websocket_init(state) do
    :timer.send_interval(@heartbeat_interval, :heartbeat)
    {:ok, state}
  end

  def websocket_info(:heartbeat, state) do
    case Socket.Heartbeat.handle(state) do
      {:ok, reply, state} -> {:reply, {:text, reply}, state}
      {:disconnect, state} -> {:reply, {:close, 1000, "missed"}, state}
    end
  end
end
`;
const heartbeat = 'defmodule Socket.Heartbeat do\n  def handle(%{misses: 3} = s), do: {:disconnect, s}\n  def handle(s), do: {:ok, "beat", %{s | misses: s.misses + 1}}\nend\n';
const heartbeatTest = 'defmodule Socket.HeartbeatTest do\n  use ExUnit.Case\n  test "disconnects after three misses" do\n    assert {:disconnect, _} = Socket.Heartbeat.handle(%{misses: 3})\n  end\nend\n';

runRuleTests(rule, {
  valid: [
    {
      name: 'a long poll: a timer message carrying the waiting caller\'s from looks again before answering',
      code: `defmodule Gateway.Session do
  use GenServer
  def init(s), do: {:ok, s}

  def handle_call({:recv, id}, from, state) do
    case Buffer.since(state.buffer, id) do
      [] ->
        Process.send_after(self(), {:recv, from, id, 1}, 500)
        {:noreply, state}

      events ->
        {:reply, events, state}
    end
  end

  def handle_info({:recv, from, id, tries}, state) do
    case Buffer.since(state.buffer, id) do
      [] when tries < 10 -> Process.send_after(self(), {:recv, from, id, tries + 1}, 500)
      events -> GenServer.reply(from, events)
    end
    {:noreply, state}
  end
end
`,
    },
    {
      name: 'an idle disconnect whose handler in a callback module stops the session unless a client came back',
      code: session('    if is_nil(state.channel_pid), do: {:stop, :normal, state}, else: {:noreply, state}'),
    },
    {
      name: 'a restart delay named as one: an external program run again 20 s after it died',
      code: `defmodule Outbound.JavaClient do
  use GenServer
  @restart_delay_ms 20_000

  def init(_), do: {:ok, %{}, {:continue, :run}}
  def handle_continue(:run, s), do: handle_info(:run_client, s)

  def handle_info(:run_client, s) do
    {_out, status} = System.cmd("java", ["-jar", "client.jar"])
    Logger.warning("client exited with \#{status}")
    Process.send_after(self(), :run_client, @restart_delay_ms)
    {:noreply, s}
  end
end
`,
    },
    {
      name: 'a delay armed by a retry function: the wait between attempts at a challenge',
      code: `defmodule Acme.Challenge do
  use GenServer

  def init(s), do: {:ok, %{s | attempts: 0}, {:continue, :start}}
  def handle_continue(:start, s), do: start(s)
  def handle_info(:start, s), do: start(s)
  def handle_info(:failed, s), do: retry_challenge(s)

  defp retry_challenge(%{attempts: 12} = s), do: {:stop, :failed, s}
  defp retry_challenge(s) do
    Process.send_after(self(), :start, 5000)
    {:noreply, %{s | attempts: s.attempts + 1}}
  end

  defp start(s), do: {:noreply, Acme.Client.challenge(s)}
end
`,
    },
    {
      name: 'a deadline on a command sent to hardware: its handler answers the waiting caller with an error',
      code: `defmodule Radio.Transport do
  use GenServer

  def init(port), do: {:ok, %{port: port, caller: nil, timer: nil}}

  def handle_call({:command, bin}, from, s) do
    :ok = Radio.Uart.send_command(s.port, bin)
    timer = Process.send_after(self(), :command_timeout, 5000)
    {:noreply, %{s | caller: from, timer: timer}}
  end

  def handle_info(:command_timeout, s) do
    GenServer.reply(s.caller, {:error, :timeout})
    {:noreply, %{s | caller: nil, timer: nil}}
  end
end
`,
    },
    {
      name: 'a reconnect retried every 100 ms while the other node is unreachable: a retry, not timed behaviour',
      code: `defmodule Relay.Link do
  use GenServer

  def init(parent), do: {:ok, %{parent: parent, timer: nil}, {:continue, :connect}}
  def handle_continue(:connect, s), do: {:noreply, connect(s)}
  def handle_info(:connect, s), do: {:noreply, connect(s)}

  defp connect(s) do
    if Node.connect(node(s.parent)) do
      %{s | timer: nil}
    else
      %{s | timer: Process.send_after(self(), :connect, 100)}
    end
  end
end
`,
    },
    {
      name: 'a subscription retried a second later with an attempt count',
      code: `defmodule Flags.Listener do
  use GenServer

  def init(_), do: {:ok, :pending, {:continue, {:subscribe, 1}}}
  def handle_continue({:subscribe, n}, s), do: {:noreply, subscribe(n, s)}
  def handle_info({:subscribe_retry, n}, s), do: {:noreply, subscribe(n, s)}

  defp subscribe(n, s) do
    case Phoenix.PubSub.subscribe(Flags.PubSub, "flags") do
      :ok -> :subscribed
      _ ->
        Process.send_after(self(), {:subscribe_retry, n + 1}, 1000)
        s
    end
  end
end
`,
    },
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
    {
      name: 'a deferral: send_after(self(), msg, 0) and {:ok, state, 1} from init fire on every start',
      code: `defmodule Replica do
  use GenServer
  def init(opts) do
    Process.send_after(self(), :load, 0)
    {:ok, opts, 1}
  end
  def handle_info(:timeout, state), do: {:noreply, state, 1}
  def handle_info(:load, state), do: {:noreply, state}
end
`,
    },
    {
      name: 'defensive bounds: a GenServer.call timeout, a receive ... after that gives up on a port',
      code: `defmodule Syncer do
  def sync(pid), do: GenServer.call(pid, :sync, 300_000)

  def run(cmd) do
    port = Port.open({:spawn, cmd}, [:binary])

    receive do
      {^port, {:data, data}} -> {:ok, data}
    after
      600_000 -> Port.close(port)
    end
  end
end
`,
    },
    {
      name: 'a grace delay before System.halt, and a drain whose handler stops the process',
      code: `defmodule Drainer do
  use GenServer
  def init(key), do: {:ok, key}

  def handle_cast(:drain, key) do
    Registry.unregister(MyReg, key)
    Process.send_after(self(), :finish, 2_000)
    {:noreply, key}
  end

  def handle_info(:finish, key), do: {:stop, :normal, key}

  def quit, do: :timer.apply_after(50, System, :halt, [0])
end
`,
    },
    {
      name: 'a test of a module that defdelegates to this one sends the timer\'s message',
      files: {
        'lib/app/channel/shared.ex': `defmodule App.Channel.Shared do
  def join(socket) do
    Process.send_after(self(), :recompute_access, 60_000)
    {:ok, socket}
  end

  def handle_info(:recompute_access, socket), do: {:noreply, socket}
end
`,
        'lib/app/channel.ex': `defmodule App.Channel do
  alias App.Channel.Shared
  defdelegate handle_info(message, socket), to: Shared
end
`,
        'test/app/channel_test.exs': `defmodule App.ChannelTest do
  use ExUnit.Case

  test "recomputes access" do
    send(App.Channel, :recompute_access)
  end
end
`,
      },
    },
    {
      name: 'a test that consumes a producer\'s ticks over time exercises the timer started in init',
      files: {
        'lib/clock.ex': `defmodule Clock do
  use GenStage
  def init(_) do
    :timer.send_interval(1_000, :beat)
    {:producer, 0}
  end
  def handle_info(:beat, n), do: {:noreply, [n], n + 1}
end
`,
        'test/clock_test.exs': `defmodule ClockTest do
  use ExUnit.Case

  test "beats every second" do
    {:ok, pid} = GenStage.start_link(Clock, [])
    assert [0, 1, 2] = GenStage.stream([pid]) |> Enum.take(3)
  end
end
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a job that retries its own work a second later: the retry is the product, not a reconnect',
      code: `defmodule Jobs.Job do
  use GenServer

  def init(work), do: {:ok, %{work: work, tries: 0}, {:continue, :run}}

  def handle_continue(:run, s) do
    case s.work.() do
      :ok -> {:stop, :normal, s}
      :error ->
        Process.send_after(self(), :retry, 1000)
        {:noreply, %{s | tries: s.tries + 1}}
    end
  end

  def handle_info(:retry, s), do: {:noreply, s, {:continue, :run}}
end
`,
      errors: [{ messageId: 'timer', line: 10 }],
    },
    {
      name: 'an expiry that changes what the session holds, armed with a delay not named as a retry, stays a finding',
      code: `defmodule Shop.Basket do
  use GenServer
  @hold_ms 900_000

  def init(s), do: {:ok, s}

  def handle_call({:reserve, item}, _from, s) do
    Process.send_after(self(), {:release, item}, @hold_ms)
    {:reply, :ok, Map.update(s, :held, [item], &[item | &1])}
  end

  def handle_info({:release, item}, s) do
    Shop.Stock.put_back(item)
    {:noreply, Map.update!(s, :held, &List.delete(&1, item))}
  end
end
`,
      errors: [{ messageId: 'timer', line: 8, message: 'sends :release after `@hold_ms`' }],
    },
    {
      name: 'a delayed answer that replies with the result, not an error, is behaviour',
      code: `defmodule Quiz.Round do
  use GenServer

  def init(s), do: {:ok, s}

  def handle_call(:answer, from, s) do
    Process.send_after(self(), :reveal, 10_000)
    {:noreply, %{s | caller: from}}
  end

  def handle_info(:reveal, s) do
    GenServer.reply(s.caller, {:ok, s.answer})
    {:noreply, %{s | caller: nil}}
  end
end
`,
      errors: [{ messageId: 'timer', line: 7, message: 'sends :reveal after 10_000 ms' }],
    },
    {
      name: 'a periodic reminder scheduled from init and handle_info is one finding',
      code: reminder,
      errors: [{ messageId: 'timer', line: 8, column: 5, severity: 'information', message: '`Process.send_after` in init/1 sends :remind after 60_000 ms' }],
    },
    { name: 'a hint in REFACTOR', code: reminder, phase: 'refactor', errors: [{ messageId: 'timer', severity: 'hint' }] },
    { name: 'information, not a warning, in RED', code: reminder, phase: 'red', errors: [{ messageId: 'timer', severity: 'information' }] },
    {
      name: 'a test that only starts it does not exercise the timer',
      files: { 'lib/shop/reminder.ex': reminder, 'test/shop/reminder_test.exs': callsReminder },
      errors: [{ messageId: 'timer', file: 'lib/shop/reminder.ex', message: 'Its tests (test/shop/reminder_test.exs) do not verify its timers' }],
    },
    {
      name: 'periodic maintenance (a sweep) is a hint',
      files: { 'lib/shop/cleaner.ex': cleaner, 'test/shop/cleaner_test.exs': callsCleaner },
      errors: [{ messageId: 'periodic', severity: 'hint', message: 'sends :sweep after 60_000 ms (periodic maintenance)' }],
    },
    {
      name: 'a LiveView refresh is a hint',
      code: `defmodule AppWeb.StatsLive do
  use AppWeb, :live_view

  def mount(_params, _session, socket) do
    if connected?(socket), do: :timer.send_interval(3000, self(), :tick)
    {:ok, socket}
  end

  def handle_info(:tick, socket), do: {:noreply, socket}
end
`,
      errors: [{ messageId: 'periodic', severity: 'hint', message: 'sends :tick after 3000 ms (a UI refresh)' }],
    },
    {
      name: ':timer.send_interval, and :erlang.send_after with an attribute',
      code: `defmodule Poller do
  @interval :timer.seconds(30)

  def start(pid) do
    :timer.send_interval(1_000, pid, {:tick, pid})
    :erlang.send_after(@interval, pid, :check)
  end
end
`,
      errors: [
        { messageId: 'timer', line: 5, column: 5, message: '`:timer.send_interval` in start/1 sends :tick after 1_000 ms' },
        { messageId: 'timer', line: 6, column: 5, message: 'sends :check after `@interval`' },
      ],
    },
    {
      name: ':timer.apply_after names the function it calls',
      code: `defmodule Retry do
  def later(job), do: :timer.apply_after(30_000, Jobs, :run, [job])
end
`,
      errors: [{ messageId: 'timer', message: '`:timer.apply_after` in later/1 calls Jobs.run/1 after 30_000 ms' }],
    },
    {
      name: 'an idle timeout in a GenServer return that drives behaviour',
      code: `defmodule Batch do
  use GenServer

  def init(items), do: {:ok, items, 30_000}
  def handle_call({:add, x}, _from, items), do: {:reply, :ok, [x | items], 30_000}
  def handle_info(:timeout, items), do: {:noreply, Sink.write(items)}
end
`,
      errors: [{ messageId: 'timeout', line: 4, column: 37, message: 'init/1 sets an idle timeout in a GenServer return of 30_000 ms' }],
    },
    {
      name: 'an idle timeout that stops the process is upkeep: a hint',
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
      errors: [{ messageId: 'timeout', line: 9, column: 26, severity: 'hint', message: 'of `@idle_timeout`' }],
    },
    {
      name: 'a receive ... after loop is a hand-written periodic timer',
      code: `defmodule Beat do
  def loop(pid) do
    receive do
      :stop -> :ok
    after
      1_000 ->
        send(pid, :beat)
        loop(pid)
    end
  end
end
`,
      errors: [{ messageId: 'timeout', line: 5, message: 'loop/1 sets a `receive ... after` loop of 1_000 ms' }],
    },
    {
      name: 'the same idle timer whose handler in a callback module only logs is behaviour',
      code: session('    IO.puts("idle")\n    {:noreply, state}'),
      errors: [{ messageId: 'timer', line: 8, severity: 'information', message: 'sends :idle after `@idle_time`' }],
    },
    {
      name: 'a heartbeat interval whose tick runs a tested module: only the cadence is untested, a hint',
      files: { 'lib/socket/handler.ex': socketHandler, 'lib/socket/heartbeat.ex': heartbeat, 'test/socket/heartbeat_test.exs': heartbeatTest },
      errors: [{ messageId: 'periodic', line: 6, severity: 'hint', message: 'sends :heartbeat after `@heartbeat_interval` (a cadence: what each tick runs, Socket.Heartbeat, is tested)' }],
    },
    {
      name: 'the same interval when no test exercises what a tick runs (a sync, not a keep-alive)',
      files: { 'lib/socket/handler.ex': socketHandler.replace(/:heartbeat/g, ':sync'), 'lib/socket/heartbeat.ex': heartbeat },
      errors: [{ messageId: 'timer', line: 6, severity: 'information' }],
    },
    {
      name: 'a debug mode switched off again after a while is a diagnostic switch, a hint',
      code: `defmodule Socket.Auth do
  def enable_debug(state) do
    Process.send_after(self(), {:disable_debug}, :timer.seconds(300))
    %{state | debug: true}
  end
end
`,
      errors: [{ messageId: 'periodic', line: 3, severity: 'hint', message: '(a diagnostic switch)' }],
    },
    {
      name: 'a one-shot step armed beside a longer watchdog that stops the process is pacing, a hint; the watchdog is silent',
      code: `defmodule Mssp.Probe do
  use GenServer
  def init(state) do
    Process.send_after(self(), {:text_request}, 10_000)
    Process.send_after(self(), {:give_up}, 20_000)
    {:ok, state}
  end
  def handle_info({:text_request}, state), do: {:noreply, Mssp.ask(state)}
  def handle_info({:give_up}, state), do: {:stop, :normal, state}
end
`,
      errors: [{ messageId: 'periodic', line: 4, severity: 'hint', message: '(a step before the watchdog that ends the process)' }],
    },
    {
      name: 'a keep-alive: a websocket ping, and a cowboy_loop heartbeat, each re-armed by its handler, are hints',
      code: `defmodule Gateway.Socket do
  @behaviour :cowboy_websocket
  @heartbeat_interval_ms 15_000

  def websocket_info(:heartbeat, state) do
    Process.send_after(self(), :heartbeat, @heartbeat_interval_ms)
    {:reply, :ping, state, :hibernate}
  end
end

defmodule Gateway.Sse do
  @behaviour :cowboy_loop

  def info(:keep_alive, req, state) do
    :cowboy_req.stream_body("event: heartbeat\\n\\n", :nofin, req)
    Process.send_after(self(), :keep_alive, 30_000)
    {:ok, req, state}
  end
end
`,
      errors: [
        { messageId: 'periodic', line: 6, severity: 'hint', message: '(a keep-alive)' },
        { messageId: 'periodic', line: 16, severity: 'hint', message: '(a keep-alive)' },
      ],
    },
    {
      name: 'a ping armed once is not a keep-alive',
      code: `defmodule Gateway.Probe do
  def probe(pid), do: Process.send_after(pid, :ping, 15_000)
end
`,
      errors: [{ messageId: 'timer', line: 2, severity: 'information', message: 'sends :ping after 15_000 ms' }],
    },
    {
      name: 'a short timer in a module no test refers to',
      code: flusher,
      errors: [{ messageId: 'timer', line: 7, message: 'sends :flush after 50 ms' }],
    },
  ],
});

import rule from '../../../src/analysis/rules/otp021-unsupervised-process';
import { runRuleTests } from '../../helpers/rule-tester';

const signup = `defmodule Signup do
  alias Signup.{Audit, Mailer}

  def register(%{email: email, name: name}) do
    user = %{id: System.unique_integer([:positive]), email: email}
    Task.start(fn -> Mailer.welcome(email, name) end)
    spawn(fn -> Audit.log(:registered, user.id) end)
    {:ok, user}
  end
end
`;

/** A worker module started per parcel by plain code in the cases below. */
const courier = `defmodule Courier do
  use GenServer
  def start_link, do: GenServer.start_link(__MODULE__, [])
  def deliver(pid, parcel), do: GenServer.cast(pid, {:deliver, parcel})
  def init(s), do: {:ok, s}
  def handle_cast({:deliver, p}, s) do
    IO.puts(p)
    {:noreply, s}
  end
end
`;

/** A server that spawns a prompt process per call and replies with its pid, after feeding it its first message. */
const prompter = `defmodule Roster.Server do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, [], name: __MODULE__)
  def ask_new_player, do: GenServer.call(__MODULE__, :ask_new_player)

  def init(s), do: {:ok, s}

  def handle_call(:ask_new_player, _from, state) do
    pid = spawn(Roster.Prompt, :read_player, [])
    send(pid, :go)
    reply = {:ok, pid}
    {:reply, reply, state}
  end
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'a spawned pid replied to a client function that project code calls and keeps',
      files: {
        'lib/roster/server.ex': prompter,
        'lib/roster/lobby.ex': `defmodule Roster.Lobby do
  def open do
    {:ok, pid} = Roster.Server.ask_new_player()
    Process.monitor(pid)
  end
end
`,
      },
    },
    {
      name: 'a throw-away spawn whose comment says calling inline would deadlock',
      code: `defmodule Audit.Handler do
  def adding_handler(config) do
    # Removing the default handler from here would deadlock: this runs inside the logger
    # process, so it is done from a separate process.
    _ = spawn(fn -> :logger.remove_handler(:default) end)
    {:ok, config}
  end
end
`,
    },
    {
      name: 'a one-shot Task.start whose comment says it runs in another thread so the caller is not blocked',
      code: `defmodule Board.Watchdog do
  require Logger

  def confirm_boot do
    # Run the handshake in another thread: the caller can be the watchdog callback itself,
    # and calling the port from there would keep it from answering.
    {:ok, _} =
      Task.start(fn ->
        with {:error, why} <- Board.Port.command(~c"handshake") do
          Logger.error("watchdog handshake failed: #{inspect(why)}")
        end
      end)

    :ok
  end
end
`,
    },
    {
      name: 'an unlinked spawn whose comment says the work is decoupled from a caller that may be killed',
      code: `defmodule Board.Power do
  def reboot do
    # The reboot goes on in a process decoupled from ours, so a supervisor killing this
    # caller cannot leave it half done.
    _ = spawn(fn -> System.cmd("reboot", []) end)
    Process.sleep(60_000)
  after
    :erlang.halt()
  end
end
`,
    },
    {
      name: 'a spawn whose function reboots the device on every branch: the reboot stops the tree a supervisor would be in',
      code: `defmodule Link.Client do
  def initiate_reboot(client) do
    {mod, fun, args} =
      if function_exported?(client, :reboot, 0),
        do: {client, :reboot, []},
        else: {Nerves.Runtime, :reboot, []}

    _ = spawn(mod, fun, args)
    :ok
  end

  def power_off do
    spawn(fn -> Nerves.Runtime.poweroff() end)
    :ok
  end
end
`,
    },
    {
      name: 'a spawn that only stops another process, so the caller does not wait for the stop',
      code: `defmodule Watch.Monitor do
  use GenServer
  def init(s), do: {:ok, s}
  def handle_cast(:polling, %{streamer: pid} = s) do
    spawn(fn -> GenServer.stop(pid) end)
    {:noreply, %{s | streamer: nil}}
  end
end
`,
    },
    {
      name: 'a process started from plain code whose pid the caller keeps in its own collection',
      files: {
        'lib/courier.ex': courier,
        'lib/dispatch.ex': `defmodule Dispatch do
  def add(routes, id) do
    case Courier.start_link() do
      {:ok, pid} -> Map.put(routes, id, pid)
      _ -> raise "no courier"
    end
  end
end
`,
      },
    },
    {
      name: 'a wrapper that returns start_link\'s result: its caller owns the pid',
      files: {
        'lib/courier.ex': courier,
        'lib/api.ex': `defmodule Api do
  def start_courier(opts) do
    case Keyword.fetch(opts, :zone) do
      {:ok, _zone} -> Courier.start_link()
      :error -> {:error, :no_zone}
    end
  end
end
`,
      },
    },
    {
      name: 'a public function whose @spec says it returns a start result: its caller owns the pid, whatever its name',
      files: {
        'lib/courier.ex': courier,
        'lib/route.ex': `defmodule Route do
  @doc "Starts a courier for the route; put it in your own supervision tree."
  @spec into_courier(map(), keyword()) :: GenServer.on_start() when opts: keyword()
  def into_courier(route, opts \\\\ []) do
    _ = {route, opts}
    Courier.start_link()
  end

  @spec courier_for(map()) :: {:ok, pid()} | {:error, term()}
  def courier_for(_route), do: Courier.start_link()
end
`,
      },
    },
    {
      name: 'a plain start that hands back the pid bound from start_link: its caller owns it',
      files: {
        'lib/courier.ex': courier,
        'lib/shop.ex': `defmodule Shop do
  def start(parcel) do
    {:ok, pid} = Courier.start_link()
    Courier.deliver(pid, parcel)
    {:ok, pid}
  end
end
`,
      },
    },
    {
      name: 'a start_link in a callback of a module with a @behaviour: linked to that process',
      files: {
        'lib/courier.ex': courier,
        'lib/conn.ex': `defmodule Conn do
  @behaviour :gen_statem
  def callback_mode, do: :state_functions
  def disconnected(:info, :reconnect, data) do
    {:ok, pid} = Courier.start_link()
    {:next_state, :connected, %{data | courier: pid}}
  end
end
`,
      },
    },
    {
      name: 'a process module started from plain code when a supervisor also starts it',
      files: {
        'lib/courier.ex': courier,
        'lib/app.ex': 'defmodule App do\n  use Application\n  def start(_, _), do: Supervisor.start_link([Courier], strategy: :one_for_one)\nend\n',
        'lib/dispatch.ex': 'defmodule Dispatch do\n  def go(p) do\n    {:ok, pid} = Courier.start_link()\n    Courier.deliver(pid, p)\n  end\nend\n',
      },
    },
    {
      name: 'under a Task.Supervisor',
      code: `defmodule Signup do
  def register(user) do
    Task.Supervisor.start_child(Signup.TaskSupervisor, fn -> Signup.Mailer.welcome(user) end)
    {:ok, user}
  end
end
`,
    },
    {
      name: 'under a DynamicSupervisor',
      code: `defmodule Import do
  def run(path) do
    DynamicSupervisor.start_child(Import.JobSupervisor, {Import.Job, path})
  end
end
`,
    },
    {
      name: 'start_link and init are where processes start',
      code: `defmodule Cache do
  use GenServer

  def start_link(opts), do: GenServer.start_link(__MODULE__, opts, name: __MODULE__)
  def start(opts), do: GenServer.start(__MODULE__, opts)

  def init(opts) do
    Task.start(fn -> warm(opts) end)
    {:ok, %{}}
  end

  defp warm(_), do: :ok
end
`,
    },
    {
      name: "the Application's start/2",
      code: `defmodule Shop.Application do
  use Application

  def start(_type, _args) do
    spawn(fn -> Shop.Metrics.report() end)
    Supervisor.start_link([Shop.Repo], strategy: :one_for_one)
  end
end
`,
    },
    {
      name: 'linked and monitored processes are tied to their caller',
      code: `defmodule Acceptor do
  def serve(socket) do
    spawn_link(fn -> accept_loop(socket) end)
    Task.start_link(fn -> accept_loop(socket) end)
    {_pid, ref} = spawn_monitor(fn -> accept_loop(socket) end)
    ref
  end

  defp accept_loop(_socket), do: :ok
end
`,
    },
    {
      name: 'a spawn whose pid is kept is a building block',
      code: `defmodule Pool do
  def checkout(fun) do
    pid = spawn(fn -> fun.() end)
    Process.monitor(pid)
    pid
  end
end
`,
    },
    {
      name: 'a spawned pid messaged and then handed back to the caller',
      code: `defmodule Jobs do
  def enqueue(job) do
    pid = spawn(Jobs.Worker, :run, [])
    send(pid, {:job, job})
    {:ok, pid}
  end
end
`,
    },
    {
      name: 'a spawned enforcer whose helper monitors the caller, told when to stop by a send',
      code: `defmodule Shutdown do
  def stop(pid, reason) do
    caller = self()
    enforcer = spawn(fn -> enforce(pid, reason, caller) end)
    Process.exit(pid, reason)
    send(enforcer, :done)
    :ok
  end

  defp enforce(pid, reason, caller) do
    mon = Process.monitor(caller)
    receive do
      :done -> :ok
      {:DOWN, ^mon, _, _, _} -> Process.exit(pid, reason)
    end
  end
end
`,
    },
    {
      name: 'a spawned pid messaged and then monitored',
      code: `defmodule Jobs do
  def enqueue(job) do
    pid = spawn(Jobs.Worker, :run, [])
    send(pid, {:job, job, pid})
    Process.monitor(pid)
  end
end
`,
    },
    {
      name: 'a module opening its own process, like StringIO.open',
      code: `defmodule Buffer do
  use GenServer

  def open(string), do: GenServer.start(__MODULE__, string)
  def init(string), do: {:ok, string}
end
`,
    },
    {
      name: 'terminate/2 runs while the tree shuts down',
      code: `defmodule Drainer do
  use GenServer

  def init(pids), do: {:ok, pids}

  def terminate(_reason, pids) do
    spawn(fn -> Enum.each(pids, &send(&1, :drain)) end)
    :ok
  end
end
`,
    },
    {
      name: 'a spawn whose answer is received at once (OTP007)',
      code: `defmodule Checksum do
  def sha256(path) do
    parent = self()
    spawn(fn -> send(parent, {:digest, :crypto.hash(:sha256, File.read!(path))}) end)
    receive do
      {:digest, d} -> d
    end
  end
end
`,
    },
    {
      name: 'a Mix task is a command-line program',
      files: {
        'lib/mix/tasks/watch.ex': `defmodule Mix.Tasks.Watch do
  use Mix.Task

  def run(_args) do
    spawn(fn -> IO.gets("") && System.halt(0) end)
    Watcher.loop()
  end
end
`,
      },
    },
    {
      name: 'a release task run with bin/app eval',
      files: {
        'lib/shop/release.ex': `defmodule Shop.Release do
  def migrate do
    Task.start(fn -> Sentry.capture_message("migrating") end)
    Process.sleep(1_000)
  end
end
`,
      },
    },
    {
      name: 'a watchdog that monitors its caller and ends with it',
      code: `defmodule Build do
  def build(parent, builder) do
    spawn(fn ->
      Process.monitor(parent)
      receive do
        {:DOWN, _, _, ^parent, _} -> Process.exit(builder, :kill)
      end
    end)

    builder
  end
end
`,
    },
    {
      name: 'a restart command cannot run under the tree it stops',
      code: `defmodule Commands.Restart do
  def execute(_args) do
    {:ok, _pid} =
      Task.start(fn ->
        Process.sleep(1_000)
        MyApp.Application.restart()
      end)

    :ok
  end
end
`,
    },
    {
      name: 'test files and scripts',
      files: {
        'test/signup_test.exs': `defmodule SignupTest do
  use ExUnit.Case

  test "fire and forget" do
    Task.start(fn -> :ok end)
    spawn(fn -> :ok end)
    assert true
  end
end
`,
        'priv/seeds.exs': 'Task.start(fn -> Seeds.run() end)\n',
        'lib/seeds.exs': `defmodule Seeds do
  def run, do: Task.start(fn -> :ok end)
end
`,
        'test/support/helpers.ex': `defmodule Helpers do
  def bg(fun), do: Task.start(fun)
end
`,
      },
    },
    {
      name: 'a worker that answers the waiting caller with GenServer.reply',
      code: `defmodule Lookup do
  use GenServer
  def init(s), do: {:ok, s}
  def handle_call({:fetch, url}, from, state) do
    Task.start(fn -> GenServer.reply(from, Http.get(url)) end)
    {:noreply, state}
  end
end
`,
    },
    {
      name: 'a gen_statem worker that replies through the module\'s own helpers, and one spawned by name',
      code: `defmodule Tracker do
  @behaviour :gen_statem
  def callback_mode, do: :state_functions
  def tracking({:call, from}, {:track, node, name}, data) do
    {:ok, _pid} = Task.start(fn -> track_remotely(node, from, name) end)
    spawn(__MODULE__, :track_remotely, [node, from, name])
    :keep_state_and_data
  end
  def track_remotely(node, from, name) do
    case :gen_statem.call({__MODULE__, node}, {:track, name}) do
      {:ok, pid} -> answer(from, {:ok, pid})
      err -> answer(from, err)
    end
  end
  defp answer(nil, _), do: :ok
  defp answer(from, msg), do: :gen_statem.reply(from, msg)
end
`,
    },
    {
      name: 'code generated inside quote',
      code: `defmodule Macros do
  defmacro background(expr) do
    quote do
      Task.start(fn -> unquote(expr) end)
      :ok
    end
  end
end
`,
    },
  ],
  invalid: [
    {
      name: 'a short-lived reader that sends the line it read back to its starter is a hint suggesting Task.async',
      code: `defmodule Console.Reader do
  use GenServer
  def init(user), do: {:ok, user}

  def handle_cast(:read, user) do
    me = self()
    Task.start(fn -> send(me, IO.gets(user, "> ")) end)
    {:noreply, user}
  end
end
`,
      errors: [{ messageId: 'answersStarter', line: 7, severity: 'hint', message: 'Task.start in handle_cast/2 starts a short-lived worker that sends its result back' }],
    },
    {
      name: 'a task sending its result to another process than its starter is fire-and-forget work',
      code: `defmodule Console.Relay do
  use GenServer
  def init(owner), do: {:ok, owner}

  def handle_cast(:read, owner) do
    Task.start(fn -> send(owner, IO.gets("> ")) end)
    {:noreply, owner}
  end
end
`,
      errors: [{ messageId: 'fireAndForget', line: 6, severity: 'warning' }],
    },
    {
      name: 'a task that answers its starter and then waits for more is a loop, not one answer',
      code: `defmodule Console.Pump do
  use GenServer
  def init(user), do: {:ok, user}

  def handle_cast(:read, user) do
    me = self()
    Task.start(fn ->
      send(me, IO.gets(user, "> "))
      receive do
        :more -> send(me, IO.gets(user, "> "))
      end
    end)
    {:noreply, user}
  end
end
`,
      errors: [{ messageId: 'fireAndForget', line: 7, severity: 'warning' }],
    },
    {
      name: 'a spawned pid that only goes back in a call reply to a client function nothing in the project calls',
      files: { 'lib/roster/server.ex': prompter },
      errors: [{ messageId: 'replied', line: 10, column: 11, message: 'hands its pid back through ask_new_player/0' }],
    },
    {
      name: 'a spawn that stops a process and then does other work is fire-and-forget work',
      code: `defmodule Watch.Monitor do
  use GenServer
  def init(s), do: {:ok, s}
  def handle_cast(:polling, %{streamer: pid} = s) do
    spawn(fn ->
      GenServer.stop(pid)
      Watch.Audit.record(:stopped)
    end)
    {:noreply, %{s | streamer: nil}}
  end
end
`,
      errors: [{ messageId: 'fireAndForget', line: 5 }],
    },
    {
      name: 'a comment that only says what the task does, not why it needs a process of its own, explains nothing',
      code: `defmodule Board.Status do
  def report(status) do
    # send the status to the dashboard in a task
    Task.start(fn -> Board.Dashboard.push(status) end)
    :ok
  end
end
`,
      errors: [{ messageId: 'fireAndForget', line: 4 }],
    },
    {
      name: 'a module defined under a top-level `if Code.ensure_loaded?` is read as a module: the finding names its function',
      files: {
        'lib/notify/redis.ex': `if Code.ensure_loaded?(Redix) do
  defmodule Notify.Redis do
    def publish(flag) do
      Task.start(fn -> Redix.command(:notify, ["PUBLISH", "flags", flag]) end)
    end
  end
end
`,
      },
      errors: [{ messageId: 'fireAndForget', file: 'lib/notify/redis.ex', line: 4, message: 'publish/1' }],
    },
    {
      name: 'a test helper a library ships in lib/ (lib/acme/test/) is product code: its dropped task is reported',
      files: {
        'lib/acme/test/mailbox.ex': `defmodule Acme.Test.Mailbox do
  def deliver_later(to, body) do
    Task.start(fn -> Acme.Mailer.deliver(to, body) end)
    :ok
  end
end
`,
      },
      errors: [{ messageId: 'fireAndForget', file: 'lib/acme/test/mailbox.ex', line: 3 }],
    },
    {
      name: 'a process module started from plain code, one per item, that no supervisor starts',
      files: {
        'lib/courier.ex': courier,
        'lib/dispatch.ex': `defmodule Dispatch do
  def send_all(parcels) do
    Enum.each(parcels, fn p ->
      {:ok, pid} = Courier.start_link()
      Courier.deliver(pid, p)
    end)
  end
end
`,
      },
      errors: [{ messageId: 'plainCode', file: 'lib/dispatch.ex', line: 4, message: 'send_all/1' }],
    },
    {
      name: 'the same start spelled GenServer.start_link(Courier, ...) in plain code',
      files: {
        'lib/courier.ex': courier,
        'lib/dispatch.ex': `defmodule Dispatch do
  def send_one(parcel) do
    {:ok, pid} = GenServer.start_link(Courier, [])
    Courier.deliver(pid, parcel)
  end
end
`,
      },
      errors: [{ messageId: 'plainCode', file: 'lib/dispatch.ex', line: 3, message: 'send_one/1 starts a Courier process' }],
    },
    {
      name: 'a public function whose @spec promises a plain value, not a start result, returning start_link\'s result',
      files: {
        'lib/courier.ex': courier,
        'lib/route.ex': `defmodule Route do
  @spec into_courier(map()) :: :ok
  def into_courier(_route) do
    Courier.start_link()
  end

  @spec other(map()) :: GenServer.on_start()
  def other(_), do: :ignore
end
`,
      },
      errors: [{ messageId: 'plainCode', file: 'lib/route.ex', line: 4, message: 'into_courier/1' }],
    },
    {
      name: 'a plain start that drops the pid of the process it links to its caller',
      files: {
        'lib/courier.ex': courier,
        'lib/shop.ex': `defmodule Shop do
  def start(parcel) do
    {:ok, pid} = Courier.start_link()
    Courier.deliver(pid, parcel)
  end
end
`,
      },
      errors: [{ messageId: 'plainCode', file: 'lib/shop.ex', line: 3, message: 'start/1' }],
    },
    {
      name: 'a named server a DynamicSupervisor starts, also started by hand with its pid dropped',
      files: {
        'lib/order.ex': `defmodule Order do
  use GenServer
  def start_link(opts), do: GenServer.start_link(__MODULE__, :new, name: Keyword.fetch!(opts, :name))
  def prepare(name), do: GenServer.cast(name, :prepare)
  def init(s), do: {:ok, s}
  def handle_cast(:prepare, _s), do: {:noreply, :prepared}
end
`,
        'lib/orders.ex': `defmodule Orders do
  def new(name), do: DynamicSupervisor.start_child(Orders.Sup, {Order, name: name})
end
`,
        'lib/shop.ex': `defmodule Shop do
  def open(name) do
    {:ok, _pid} = Order.start_link(name: name)
    Order.prepare(name)
  end
end
`,
      },
      errors: [{ messageId: 'bypassed', file: 'lib/shop.ex', line: 3, message: 'open/1' }],
    },
    {
      name: 'a wrapper returning start_link\'s result that the project itself calls, dropping the pid',
      files: {
        'lib/courier.ex': courier,
        'lib/dispatch.ex': `defmodule Dispatch do
  def send_all(parcels) when is_list(parcels), do: Enum.each(parcels, fn p -> send_all(p) end)
  def send_all(parcel) do
    Courier.start_link()
  end
end
`,
      },
      errors: [{ messageId: 'plainCode', file: 'lib/dispatch.ex', line: 4, message: 'send_all/1' }],
    },
    {
      name: 'Task.start and a dropped spawn in application code',
      code: signup,
      errors: [
        { messageId: 'fireAndForget', line: 6, column: 5, severity: 'warning', message: 'Task.start in register/1' },
        { messageId: 'fireAndForget', line: 7, column: 5, message: 'spawn in register/1' },
      ],
    },
    { name: 'a warning in REFACTOR too', code: signup, phase: 'refactor', errors: [{ messageId: 'fireAndForget', severity: 'warning' }, { messageId: 'fireAndForget', severity: 'warning' }] },
    { name: 'a warning in RED too', code: signup, phase: 'red', errors: [{ messageId: 'fireAndForget', severity: 'warning' }, { messageId: 'fireAndForget', severity: 'warning' }] },
    {
      name: 'a worker started from a call that answers nobody: its helper only notifies',
      code: `defmodule Lookup do
  use GenServer
  def init(s), do: {:ok, s}
  def handle_call({:fetch, url}, {pid, _tag}, state) do
    Task.start(fn -> notify(pid, Http.get(url)) end)
    {:reply, :accepted, state}
  end
  defp notify(pid, result), do: send(pid, {:fetched, result})
end
`,
      errors: [{ messageId: 'fireAndForget', line: 5, message: 'handle_call/3' }],
    },
    {
      name: 'Task.start returned from a helper',
      code: `defmodule Notify do
  def later(user), do: Task.start(Notify.Mailer, :deliver, [user])
end
`,
      errors: [{ messageId: 'fireAndForget', line: 2, column: 24 }],
    },
    {
      name: "GenServer.start of another module's server",
      code: `defmodule Import do
  alias Import.Job

  def run(path) do
    {:ok, pid} = GenServer.start(Job, path)
    Job.begin(pid)
    {:ok, pid}
  end
end
`,
      errors: [{ messageId: 'started', line: 5, column: 18, message: 'GenServer.start in run/1' }],
    },
    {
      name: 'an Agent started and its pid dropped',
      code: `defmodule Counter do
  def boot do
    {:ok, _} = Agent.start(fn -> 0 end, name: :counter)
    :ok
  end
end
`,
      errors: [{ messageId: 'startFunction', line: 3, column: 16 }],
    },
    {
      name: 'a spawn in a GenServer callback, in a branch',
      code: `defmodule Notifier do
  use GenServer

  def init(_), do: {:ok, []}

  def handle_cast({:notify, user}, subs) do
    if user.opted_in do
      spawn(fn -> Mailer.send(user) end)
    end

    {:noreply, subs}
  end
end
`,
      errors: [{ messageId: 'fireAndForget', line: 8, column: 7 }],
    },
    {
      name: 'a spawned pid kept only to send it its input',
      code: `defmodule Sessions do
  def read(key) do
    pid = spawn(Sessions.Expiry, :expire_later, [key])
    send(pid, key)
    :ets.lookup(:sessions, key)
  end
end
`,
      errors: [{ messageId: 'fireAndForget', line: 3, column: 11, message: 'spawn in read/1' }],
    },
    {
      name: 'a spawn whose function reboots on one branch only',
      code: `defmodule Link.Client do
  def after_update(reboot?) do
    {mod, fun, args} = if reboot?, do: {Nerves.Runtime, :reboot, []}, else: {Link.Report, :send, []}
    _ = spawn(mod, fun, args)
    :ok
  end
end
`,
      errors: [{ messageId: 'fireAndForget', line: 4, column: 9, message: 'spawn in after_update/1' }],
    },
    {
      name: 'spawns in Enum.each drop their pids',
      code: `defmodule Broadcast do
  def all(pids, msg) do
    Enum.each(pids, fn pid -> spawn(fn -> send(pid, msg) end) end)
  end
end
`,
      errors: [{ messageId: 'fireAndForget', line: 3, column: 31 }],
    },
  ],
});

// The guide's example: a public start function of a process that no supervisor starts.
const counter = (start: string) => `defmodule Counter do
  use GenServer
  def start(initial \\\\ 0), do: ${start}
  def get, do: GenServer.call(__MODULE__, :get)
  def init(n), do: {:ok, n}
  def handle_call(:get, _from, n), do: {:reply, n, n}
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'a linked receive loop whose module offers its own stop: the caller owns the lifecycle',
      code: 'defmodule Store do\n  def start, do: spawn_link(fn -> loop(%{}) end)\n  def put(pid, k, v), do: send(pid, {:put, k, v})\n  def stop(pid), do: send(pid, :stop)\n  defp loop(map) do\n    receive do\n      {:put, k, v} -> loop(Map.put(map, k, v))\n      :stop -> :ok\n    end\n  end\nend\n',
    },
    {
      name: 'a linked receive loop whose start a GenServer calls from init: the server owns it',
      files: {
        'lib/store.ex': 'defmodule Store do\n  def start, do: spawn_link(fn -> loop(%{}) end)\n  def put(pid, k, v), do: send(pid, {:put, k, v})\n  defp loop(map) do\n    receive do\n      {:put, k, v} -> loop(Map.put(map, k, v))\n      :stop -> :ok\n    end\n  end\nend\n',
        'lib/owner.ex': 'defmodule Owner do\n  use GenServer\n  def start_link(_), do: GenServer.start_link(__MODULE__, nil)\n  def init(_), do: {:ok, Store.start()}\nend\n',
      },
    },
    {
      name: 'a linked receive loop started from a library: its users decide where it runs',
      files: {
        'mix.exs': 'defmodule Store.MixProject do\n  use Mix.Project\n  def project, do: [\n    app: :store,\n    package: [licenses: ["MIT"]]\n  ]\nend\n',
        'lib/store.ex': 'defmodule Store do\n  def start, do: spawn_link(fn -> loop(%{}) end)\n  def put(pid, k, v), do: send(pid, {:put, k, v})\n  defp loop(map) do\n    receive do\n      {:put, k, v} -> loop(Map.put(map, k, v))\n      :stop -> :ok\n    end\n  end\nend\n',
      },
    },
    {
      name: 'the same module started by the application tree',
      files: {
        'lib/counter.ex': counter('GenServer.start(__MODULE__, initial, name: __MODULE__)'),
        'lib/app.ex': 'defmodule App do\n  use Application\n  def start(_, _), do: Supervisor.start_link([{Counter, 0}], strategy: :one_for_one)\nend\n',
      },
    },
    {
      name: 'a constructor passing its caller\'s options through (a library\'s: mix.exs has hex package metadata)',
      files: { 'mix.exs': 'defmodule Counter.MixProject do\n  use Mix.Project\n  def project, do: [\n    app: :counter,\n    package: [licenses: ["MIT"]]\n  ]\nend\n', 'lib/counter.ex': counter('GenServer.start(__MODULE__, initial, initial)') },
    },
    {
      name: 'a start/stop pair run by hand: the public stop_tracing stops the process start_tracing starts',
      code: `defmodule Tracer do
  use GenServer
  def start_tracing(opts \\\\ []), do: GenServer.start_link(__MODULE__, opts, name: __MODULE__)
  def stop_tracing, do: GenServer.stop(__MODULE__)
  def events, do: GenServer.call(__MODULE__, :events)
  def init(opts), do: {:ok, opts}
  def handle_call(:events, _from, s), do: {:reply, [], s}
end
`,
    },
    {
      name: 'a loose file next to a project with lib/ is not its application code',
      files: { 'lib/app.ex': 'defmodule App do\n  def hi, do: :hi\nend\n', 'scratch/swap.ex': 'defmodule Swap do\n  def start_server do\n    Process.register(spawn(Swap, :loop, [&IO.puts/1]), :swap)\n  end\n  def loop(f) do\n    receive do\n      {:swap, g} -> loop(g)\n      msg ->\n        f.(msg)\n        loop(f)\n    end\n  end\nend\n' },
    },
    {
      name: 'a file in a folder of a project without lib/ (a book chapter\'s exercise)',
      files: { 'chapter-14/swap.ex': 'defmodule Swap do\n  def start_server do\n    Process.register(spawn(Swap, :loop, [&IO.puts/1]), :swap)\n  end\n  def loop(f) do\n    receive do\n      {:swap, g} -> loop(g)\n      msg ->\n        f.(msg)\n        loop(f)\n    end\n  end\nend\n' },
    },
    {
      name: 'a loose file under test/ of a project without lib/',
      files: { 'test/support/swap.ex': 'defmodule Swap do\n  def start_server do\n    Process.register(spawn(Swap, :loop, [&IO.puts/1]), :swap)\n  end\n  def loop(f) do\n    receive do\n      {:swap, g} -> loop(g)\n      msg ->\n        f.(msg)\n        loop(f)\n    end\n  end\nend\n' },
    },
    {
      name: 'a hand-written restarter trapping exits, spawned from a public function',
      code: 'defmodule Chef do\n  def start_chef, do: spawn(__MODULE__, :restarter, [])\n  def restarter do\n    Process.flag(:trap_exit, true)\n    spawn_link(__MODULE__, :cook, [])\n    receive do\n      {:EXIT, _pid, :normal} -> :ok\n      {:EXIT, _pid, _} -> restarter()\n    end\n  end\n  def cook, do: :ok\nend\n',
    },
    {
      name: 'a linked receive loop',
      code: 'defmodule L do\n  def run, do: spawn_link(fn -> loop(0) end)\n  defp loop(n) do\n    receive do\n      :inc -> loop(n + 1)\n    end\n  end\nend\n',
    },
  ],
  invalid: [
    { name: 'an unnamed start that takes only the first value, nobody in the project calls', code: counter('GenServer.start(__MODULE__, initial)'), errors: [{ messageId: 'startFunction', line: 3, message: 'start/1' }] },
    { name: 'GenServer.start under a name', code: counter('GenServer.start(__MODULE__, initial, name: __MODULE__)'), errors: [{ messageId: 'startFunction', line: 3, message: 'start/1' }] },
    {
      name: 'start_link from a public start called by other code',
      files: {
        'lib/counter.ex': counter('GenServer.start_link(__MODULE__, initial)'),
        'lib/runner.ex': 'defmodule Runner do\n  def run do\n    {:ok, pid} = Counter.start(0)\n    pid\n  end\nend\n',
      },
      errors: [{ messageId: 'startFunction', file: 'lib/counter.ex', line: 3 }],
    },
    {
      name: 'a public stop that stops another module\'s process does not hand over this one\'s lifecycle',
      code: `defmodule Tracer do
  use GenServer
  def start_tracing(opts \\\\ []), do: GenServer.start_link(__MODULE__, opts, name: __MODULE__)
  def stop_collector, do: GenServer.stop(Collector)
  def init(opts), do: {:ok, opts}
end
`,
      errors: [{ messageId: 'startFunction', line: 3, message: 'start_tracing/1' }],
    },
    {
      name: 'an unlinked GenServer.start in a public start/0 that takes nothing, called only from tests',
      files: {
        'lib/board.ex': `defmodule Board do
  use GenServer
  def start do
    GenServer.start(Board, nil)
  end
  def play(pid, move), do: GenServer.call(pid, {:play, move})
  def init(_), do: {:ok, []}
  def handle_call({:play, m}, _from, moves), do: {:reply, :ok, [m | moves]}
end
`,
        'test/board_test.exs': 'defmodule BoardTest do\n  use ExUnit.Case\n  test "plays" do\n    {:ok, pid} = Board.start()\n    assert Board.play(pid, :a) == :ok\n  end\nend\n',
      },
      errors: [{ messageId: 'startFunction', file: 'lib/board.ex', line: 4, message: 'start/0' }],
    },
    {
      name: 'an unlinked receive loop spawned from a public function',
      code: 'defmodule Ticker do\n  def start(clients), do: spawn(__MODULE__, :tick, [clients])\n  def tick(clients) do\n    receive do\n      {:add, c} -> tick([c | clients])\n    after\n      1000 -> tick(clients)\n    end\n  end\nend\n',
      errors: [{ messageId: 'loop', line: 2, message: 'tick/1' }],
    },
    {
      name: 'a receive loop spawned from a loose file of a project with no lib/ (a talk loaded into iex)',
      files: { 'hot_code_swap.ex': 'defmodule Swap do\n  def start_server do\n    Process.register(spawn(Swap, :loop, [&IO.puts/1]), :swap)\n  end\n  def loop(f) do\n    receive do\n      {:swap, g} -> loop(g)\n      msg ->\n        f.(msg)\n        loop(f)\n    end\n  end\nend\n' },
      errors: [{ messageId: 'loop', line: 3, file: 'hot_code_swap.ex', message: 'start_server/0' }],
    },
    {
      name: 'a receive loop spawned linked from a public start of an application: linked only to whoever runs start',
      code: 'defmodule Store do\n  def start, do: spawn_link(fn -> loop(%{}) end)\n  def put(pid, k, v), do: send(pid, {:put, k, v})\n  defp loop(map) do\n    receive do\n      {:put, k, v} -> loop(Map.put(map, k, v))\n      :stop -> :ok\n    end\n  end\nend\n',
      errors: [{ messageId: 'linkedLoop', line: 2, message: 'start/0' }],
    },
  ],
});

// The Mix and OTP guide's first registry: each `create` message starts an entry linked to the server.
const registry = (create: string, extra = '') => `defmodule Names do
  use GenServer
  def start_link(opts), do: GenServer.start_link(__MODULE__, :ok, opts)
  def create(server, name), do: GenServer.cast(server, {:create, name})
  def init(:ok) do${extra}
    {:ok, %{}}
  end
  def handle_cast({:create, name}, names) do
    {:ok, entry} = ${create}
    {:noreply, Map.put(names, name, entry)}
  end
end
`;
const entry = 'defmodule Entry do\n  use Agent\n  def start_link(_), do: Agent.start_link(fn -> %{} end)\nend\n';

runRuleTests(rule, {
  valid: [
    {
      name: 'a server that traps exits starts its entries itself: a supervisor written by hand',
      files: { 'lib/names.ex': registry('Entry.start_link([])', '\n    Process.flag(:trap_exit, true)'), 'lib/entry.ex': entry },
    },
    { name: 'entries started through a DynamicSupervisor', files: { 'lib/names.ex': registry('DynamicSupervisor.start_child(Names.Sup, Entry)'), 'lib/entry.ex': entry } },
    { name: 'a dependency\'s process started from a callback (a connection owned by the server)', code: registry('Postgrex.start_link([])') },
    { name: 'a task linked to the server for one message\'s work', code: registry('Task.start_link(fn -> :ok end)') },
    {
      name: 'a helper started once and kept in a field of its own (a group leader the server lives with)',
      code: `defmodule Runtime do
  use GenServer
  def init(_), do: {:ok, %{leader: nil}}
  def handle_cast(:attach, state) do
    {:ok, leader} = start_link([])
    {:noreply, %{state | leader: leader}}
  end
end
`,
    },
    {
      name: 'a start_link a macro generates for the modules that use it',
      files: {
        'lib/courier.ex': courier,
        'lib/channel.ex': 'defmodule Channel do\n  defmacro __using__(_) do\n    quote do\n      def start_link(x), do: GenServer.start_link(Courier, x)\n    end\n  end\nend\n',
      },
    },
  ],
  invalid: [
    {
      name: 'a project process started with start_link inside handle_cast',
      files: { 'lib/names.ex': registry('Entry.start_link([])'), 'lib/entry.ex': entry },
      errors: [{ messageId: 'callback', file: 'lib/names.ex', line: 9, message: 'handle_cast/2 starts a Entry process' }],
    },
    { name: 'the server starting another of itself through its own start_link', code: registry('start_link([])'), errors: [{ messageId: 'callback', line: 9, message: 'a Names process' }] },
    { name: 'an anonymous Agent started per message', code: registry('Agent.start_link(fn -> %{} end)'), errors: [{ messageId: 'callback', line: 9, message: 'a Agent process' }] },
    {
      name: 'the entries of a registry that is itself supervised are still started outside the tree',
      files: {
        'lib/names.ex': registry('Entry.start_link([])'),
        'lib/entry.ex': entry,
        'lib/app.ex': 'defmodule App do\n  use Application\n  def start(_, _), do: Supervisor.start_link([{Names, name: Names}], strategy: :one_for_one)\nend\n',
      },
      errors: [{ messageId: 'callback', file: 'lib/names.ex', line: 9 }],
    },
  ],
});

// An Application's start/2 runs before the tree it returns: a process it starts itself is outside that tree.
const counterServer = `defmodule Counter do
  use GenServer
  def start_link(n), do: GenServer.start_link(__MODULE__, n, name: __MODULE__)
  def inc, do: GenServer.cast(__MODULE__, :inc)
  def init(n), do: {:ok, n}
  def handle_cast(:inc, n), do: {:noreply, n + 1}
end
`;
const app = (start: string) => `defmodule Shop.Application do
  use Application
  def start(_type, _args) do
${start}
  end
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'the application listing the process among its children',
      files: { 'lib/counter.ex': counterServer, 'lib/app.ex': app('    Supervisor.start_link([{Counter, 0}], strategy: :one_for_one)') },
    },
    {
      name: 'the application whose root process is the server itself',
      files: { 'lib/counter.ex': counterServer, 'lib/app.ex': app('    Counter.start_link(0)') },
    },
  ],
  invalid: [
    {
      name: 'a start_link in the application\'s start before the tree',
      files: {
        'lib/counter.ex': counterServer,
        'lib/app.ex': app('    {:ok, _} = Counter.start_link(0)\n    Supervisor.start_link([], strategy: :one_for_one, name: Shop.Supervisor)'),
      },
      errors: [{ messageId: 'beforeTree', file: 'lib/app.ex', line: 4, message: 'start/2 starts a Counter process itself' }],
    },
  ],
});

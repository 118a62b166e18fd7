import rule from '../../../src/analysis/rules/otp016-unused-process';
import { runRuleTests } from '../../helpers/rule-tester';

const greeting = `defmodule Greeting do
  use GenServer

  def start_link(text), do: GenServer.start_link(__MODULE__, text, name: __MODULE__)
  def text, do: GenServer.call(__MODULE__, :text)

  @impl true
  def init(text), do: {:ok, text}

  @impl true
  def handle_call(:text, _from, text), do: {:reply, text, text}
end
`;

const me = `defmodule Bot.Me do
  use Agent
  def start_link(_), do: Agent.start_link(fn -> nil end)
end
`;
// A cache module that reaches the Agent through a pid it finds among its supervisor's children (\`lookup\`).
const meCache = (lookup: string) => `defmodule Bot.Cache do
  def me(sup) do
    ${lookup}
    Agent.get(pid, & &1)
  end
end
`;

// Settings fixed at init, answered on request: a constant.
const settings = (name: string) => `defmodule Jobs.Settings do
  use GenServer

  def start_link(opts), do: GenServer.start_link(__MODULE__, opts, name: ${name})
  def server_name(name), do: Module.concat(name || Jobs, Settings)
  def get(name), do: GenServer.call(server_name(name), :get)

  @impl true
  def init(opts), do: {:ok, %{redis: opts[:redis], namespace: opts[:namespace]}}

  @impl true
  def handle_call(:get, _from, state), do: {:reply, {state.redis, state.namespace}, state}
end
`;

/** An Agent per app, registered under a name `Names` builds at run time; `calls` are its other functions. */
const perApp = (calls: string) => ({
  'lib/app/names.ex': `defmodule App.Names do
  def via(mod, app), do: {:via, Registry, {App.Registry, {mod, app}}}
  def other(mod, app), do: {:via, Registry, {App.Other, {mod, app}}}
end
`,
  'lib/app/config.ex': `defmodule App.Config do
  use Agent
  def start_link(opts) do
    name = App.Names.via(__MODULE__, opts[:app])
    Agent.start_link(fn -> opts end, name: name)
  end
${calls}
end
`,
});

runRuleTests(rule, {
  valid: [
    {
      name: 'a state that changes',
      code: `defmodule Counter do
  use GenServer
  def init(n), do: {:ok, n}
  def handle_call(:inc, _from, n), do: {:reply, n + 1, n + 1}
end
`,
    },
    {
      name: 'a constant state behind handlers with side effects (a worker serialising writes)',
      code: `defmodule DatabaseWorker do
  use GenServer
  def init(folder), do: {:ok, folder}
  def handle_cast({:store, key, data}, folder) do
    File.write!(Path.join(folder, key), data)
    {:noreply, folder}
  end
end
`,
    },
    {
      name: 'a GenServer driven by messages it receives',
      code: `defmodule Listener do
  use GenServer
  def init(_), do: {:ok, nil}
  def handle_info(msg, s) do
    IO.inspect(msg)
    {:noreply, s}
  end
end
`,
    },
    {
      name: 'an Agent named by a naming function and updated through a one-line wrapper of that same function',
      files: perApp(`  def put(app, k, v), do: Agent.update(agent(app), &Keyword.put(&1, k, v))
  defp agent(app), do: App.Names.via(__MODULE__, app)`),
    },
    {
      name: 'an Agent named by a via tuple and read through the same tuple, as written',
      code: `defmodule Sessions do
  use Agent
  def start_link(id), do: Agent.start_link(fn -> %{} end, name: {:via, Registry, {Sessions.Registry, id}})
  def all(id), do: Agent.get({:via, Registry, {Sessions.Registry, id}}, & &1)
end
`,
    },
    {
      name: 'an Agent that is read',
      code: `defmodule Config do
  use Agent
  def start_link(_), do: Agent.start_link(fn -> %{} end, name: __MODULE__)
  def get(k), do: Agent.get(__MODULE__, &Map.get(&1, k))
end
`,
    },
    {
      name: 'an init that writes a file (setting something up) is work, not a constant being loaded',
      code: `defmodule Journal do
  use GenServer
  def init(path) do
    File.write!(path, "")
    {:ok, path}
  end
  def handle_call(:path, _from, path), do: {:reply, path, path}
end
`,
    },
    {
      name: 'a constant path whose calls append to the file: one process serialises the writes',
      code: `defmodule Journal do
  use GenServer
  def init(path), do: {:ok, path}
  def handle_call({:write, line}, _from, path) do
    IO.puts("writing")
    {:reply, File.write!(path, line, [:append]), path}
  end
end
`,
    },
    {
      name: 'a process that owns a port',
      code: `defmodule Shell do
  use GenServer
  def init(cmd), do: {:ok, Port.open({:spawn, cmd}, [:binary])}
end
`,
    },
    {
      name: 'a no-op implementation whose start_link returns :ignore: no process ever runs',
      code: `defmodule Storage.Noop do
  @behaviour Storage
  use GenServer
  def init(_args), do: {:ok, nil}
  def start_link(_opts), do: :ignore
  @impl Storage
  def jobs(_pid), do: :not_applicable
end
`,
    },
    {
      name: 'an Agent read through a pid looked up among a supervisor\'s children: which process that is, the model cannot tell',
      files: { 'lib/bot/me.ex': me, 'lib/bot/cache.ex': meCache('{_, pid, _, _} = List.keyfind(Supervisor.which_children(sup), Bot.Me, 0)') },
    },
    {
      name: 'an Agent read through a pid a local helper finds among the supervisor\'s children',
      files: {
        'lib/bot/me.ex': me,
        'lib/bot/cache.ex': `defmodule Bot.Cache do
  def me(sup), do: Agent.get(pid(sup), & &1)

  defp pid(sup) do
    {_, pid, _, _} = List.keyfind(Supervisor.which_children(sup), Bot.Me, 0)
    pid
  end
end
`,
      },
    },
    {
      name: 'an idle-looking GenServer when the project calls GenServers through pids from Registry.lookup',
      files: {
        'lib/bot/shard.ex': 'defmodule Bot.Shard do\n  use GenServer\n  def init(id), do: {:ok, id}\nend\n',
        'lib/bot/router.ex': `defmodule Bot.Router do
  def ping(id) do
    [{pid, _}] = Registry.lookup(Bot.Registry, id)
    GenServer.cast(pid, :ping)
  end
end
`,
      },
    },
  ],
  invalid: [
    { name: 'the same settings under one fixed name are a constant', code: settings('__MODULE__'), errors: [{ messageId: 'constant', line: 2 }] },
    {
      name: 'an Agent nobody calls, in a project whose only Agent calls go to a pid passed in by the caller (not looked up)',
      files: { 'lib/bot/me.ex': me, 'lib/bot/cache.ex': 'defmodule Bot.Cache do\n  def me(pid), do: Agent.get(pid, & &1)\nend\n' },
      errors: [{ messageId: 'unusedAgent', file: 'lib/bot/me.ex', line: 2 }],
    },
    { name: 'a constant state', code: greeting, errors: [{ messageId: 'constant', line: 2, column: 3 }] },
    {
      name: 'a walker holding its name, seeding its random generator, printing and sleeping to stand in for work',
      code: `defmodule Walker do
  use GenServer
  def init(name) do
    :rand.seed(:exsss)
    {:ok, name}
  end
  def handle_call(:get_ready, _from, name) do
    IO.puts("#{name} is getting ready")
    time = 6.0 + :rand.uniform() * 3.0
    :timer.sleep(trunc(time * 1000))
    {:reply, :ok, name}
  end
  def get_ready(pid), do: GenServer.call(pid, :get_ready, 9_000)
end
`,
      errors: [{ messageId: 'constant', line: 2 }],
    },
    {
      name: 'a constant state read by a call that also prints: console output is no work to serialise',
      code: `defmodule Greeter do
  use GenServer
  def init(name), do: {:ok, name}
  def handle_call(:greet, _from, name) do
    IO.puts("greeting")
    {:reply, "Hello " <> name, name}
  end
end
`,
      errors: [{ messageId: 'constant', line: 2 }],
    },
    {
      name: 'a constant loaded in init from a data file by the project\'s own parser, then only looked up',
      files: {
        'lib/postal/parser.ex': `defmodule Postal.Parser do
  @path "data/codes.txt"
  def parse do
    File.read!(@path)
    |> String.split("\\n")
    |> Enum.map(&String.split(&1, "\\t"))
    |> Map.new(fn [code, place] -> {code, place} end)
  end
end
`,
        'lib/postal/store.ex': `defmodule Postal.Store do
  use GenServer
  def start_link, do: GenServer.start_link(__MODULE__, %{}, name: :postal_store)
  def place(code), do: GenServer.call(:postal_store, {:place, code})
  def init(_) do
    codes = Postal.Parser.parse()
    {:ok, codes}
  end
  def handle_call({:place, code}, _from, codes), do: {:reply, Map.get(codes, code), codes}
end
`,
      },
      errors: [{ messageId: 'constant', file: 'lib/postal/store.ex', line: 2 }],
    },
    {
      name: 'no handlers and no callers',
      code: `defmodule Placeholder do
  use GenServer
  def init([enabled: true]), do: {:ok, nil}
  def init([enabled: false]), do: :ignore
  def init([slow: true]) do
    :timer.sleep(100)
    {:ok, nil}
  end
end
`,
      errors: [{ messageId: 'idle', line: 2 }],
    },
    {
      name: 'a start_link that returns :ignore only when disabled still starts an idle process otherwise',
      code: `defmodule Storage.Maybe do
  use GenServer
  def start_link(opts) do
    if opts[:enabled], do: GenServer.start_link(__MODULE__, opts), else: :ignore
  end
  def init(_args), do: {:ok, nil}
end
`,
      errors: [{ messageId: 'idle', line: 2 }],
    },
    {
      name: 'an Agent named by a naming function, when the only Agent call aims at a name another function builds',
      files: perApp(`  def put(app, k, v), do: Agent.update(App.Names.other(__MODULE__, app), &Keyword.put(&1, k, v))`),
      errors: [{ messageId: 'unusedAgent', file: 'lib/app/config.ex', line: 2 }],
    },
    {
      name: 'an Agent nobody calls',
      code: `defmodule Stash do
  use Agent
  def start_link(_), do: Agent.start_link(fn -> [] end, name: __MODULE__)
end
`,
      errors: [{ messageId: 'unusedAgent', line: 2 }],
    },
  ],
});

// A GenServer module that nothing starts: its callbacks never run.
const orphan = `defmodule App do
  use GenServer
  def handle_call(pid, {:msg, data}, from, state) do
    {child, ref} = spawn_monitor(fn -> GenServer.reply(from, data) end)
    {:reply, {pid, child, ref}, state}
  end
  def handle_info(:tick, state), do: {:noreply, state}
end
`;

runRuleTests(rule, {
  valid: [
    { name: 'started by another module of the project', files: { 'lib/app.ex': orphan, 'lib/boot.ex': 'defmodule Boot do\n  def run, do: GenServer.start_link(App, %{})\nend\n' } },
    { name: 'started only by a test', files: { 'lib/app.ex': orphan, 'test/app_test.exs': 'defmodule AppTest do\n  use ExUnit.Case\n  test "starts" do\n    {:ok, _} = GenServer.start_link(App, %{})\n  end\nend\n' } },
    { name: 'an init/1 of its own: something outside the code read may start it', files: { 'lib/app.ex': orphan.replace('  use GenServer\n', '  use GenServer\n  def init(s), do: {:ok, s}\n') } },
    { name: 'a client function of its own: a caller expected it running', files: { 'lib/app.ex': orphan.replace('  use GenServer\n', '  use GenServer\n  def ping(pid), do: GenServer.call(pid, :ping)\n') } },
    { name: 'a start whose module is known only at run time may start it', files: { 'lib/app.ex': orphan, 'lib/boot.ex': 'defmodule Boot do\n  def run(mod), do: GenServer.start_link(mod, %{})\nend\n' } },
    { name: 'a library\'s server is started by its users', files: { 'lib/app.ex': orphan, 'mix.exs': 'defmodule App.MixProject do\n  use Mix.Project\n  def project, do: [app: :app, version: "0.1.0",\n      package: [licenses: ["MIT"]]]\nend\n' } },
  ],
  invalid: [
    {
      name: 'no init/1, no start function, no child spec, no client function, nothing starts it (its handle_call has the wrong arity)',
      files: { 'lib/app.ex': orphan },
      errors: [{ messageId: 'neverStarted', file: 'lib/app.ex', line: 2, message: 'GenServer App is never started' }],
    },
  ],
});

// A Supervisor whose init/1 the application calls as a plain function: the behaviour is never used.
const overseer = `defmodule Overseer do
  use Supervisor
  @impl true
  def init(_) do
    Supervisor.start_link([Queue], strategy: :one_for_one, name: __MODULE__)
  end
end
`;
const queue = 'defmodule Queue do\n  use Agent\n  def start_link(_), do: Agent.start_link(fn -> [] end, name: __MODULE__)\n  def all, do: Agent.get(__MODULE__, & &1)\nend\n';
const booking = (start: string) => `defmodule Booking do
  use Application
  def start(_type, _args), do: ${start}
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'a Supervisor started by the application, which then calls its init/1',
      files: { 'lib/overseer.ex': overseer.replace('  use Supervisor\n', '  use Supervisor\n  def start_link(arg), do: Supervisor.start_link(__MODULE__, arg)\n'), 'lib/queue.ex': queue, 'lib/booking.ex': booking('Overseer.start_link([])') },
    },
  ],
  invalid: [
    {
      name: 'the application calls the Supervisor module\'s init/1 itself',
      files: { 'lib/overseer.ex': overseer, 'lib/queue.ex': queue, 'lib/booking.ex': booking('Overseer.init([])') },
      errors: [{ messageId: 'plainInit', file: 'lib/overseer.ex', line: 2, message: 'start/2 calls its init/1 as a plain function' }],
    },
  ],
});

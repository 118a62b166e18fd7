import rule from '../../../src/analysis/rules/otp001-stateless-genserver';
import { runRuleTests } from '../../helpers/rule-tester';

const calculator = `defmodule Calc do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)
  def add(a, b), do: GenServer.call(__MODULE__, {:add, a, b})

  @impl true
  def init(state), do: {:ok, state}

  @impl true
  def handle_call({:add, a, b}, _from, state), do: {:reply, a + b, state}
  def handle_call({:sub, a, b}, _from, state) do
    result = a - b
    {:reply, result, state}
  end
end
`;

const counter = `defmodule Counter do
  use GenServer

  def init(n), do: {:ok, n}
  def handle_call(:get, _from, n), do: {:reply, n, n}
  def handle_cast(:inc, n), do: {:noreply, n + 1}
end
`;

const killsCalc = `defmodule CalcTest do
  use ExUnit.Case

  test "restarts after a crash" do
    pid = Process.whereis(Calc)
    ref = Process.monitor(pid)
    Process.exit(pid, :kill)
    assert_receive {:DOWN, ^ref, :process, _, :killed}
  end
end
`;

/** A stateless server whose init does `setup`: a member of a process group when it joins one. */
const mailer = (setup: string) => `defmodule Notifications do
  use GenServer
  def start_link(opts), do: GenServer.start_link(__MODULE__, [], opts)
  def init(_) do
    ${setup}
    {:ok, %{}}
  end
  def handle_call({:new_user, user}, _from, state), do: {:reply, Notifications.Mail.welcome(user), state}
end
`;

/** A nil-state server that hands each request to `Topics.Service` (through a module attribute), whose code is `service`. */
const topics = (service: string) => ({
  'lib/topics/manager.ex': `defmodule Topics.Manager do
  use GenServer
  alias Topics.Service, as: TopicService
  @backend TopicService
  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)
  def register(topic), do: GenServer.call(__MODULE__, {:register, topic})
  def init(state), do: {:ok, state}
  def handle_call({:register, topic}, _from, state) do
    @backend.register(topic)
    {:reply, :ok, state}
  end
end
`,
  'lib/topics/service.ex': service,
});

runRuleTests(rule, {
  valid: [
    {
      name: 'a server whose service module creates each topic\'s ETS table (under an alias of :ets) owns the tables',
      files: topics(`defmodule Topics.Service do
  alias :ets, as: Ets
  def register(topic) do
    unless topic in Ets.all(), do: Ets.new(topic, [:set, :public, :named_table])
    :ok
  end
end
`),
    },
    { name: 'a stateless member of a :pg group: other nodes reach the work through it', code: mailer(':ok = :pg.join(__MODULE__, self())') },
    { name: 'the same with :pg2, and a Phoenix.PubSub subscriber', code: mailer(':ok = :pg2.join(__MODULE__, self())\n    Phoenix.PubSub.subscribe(App.PubSub, "mail")') },
    {
      name: 'a demo/ folder of a mix project (outside what mix compiles) is not the product',
      files: { 'mix.exs': 'defmodule Calc.MixProject do\n  use Mix.Project\nend\n', 'demo/calc.ex': `defmodule DemoCalc do
  use GenServer
  def init(x), do: {:ok, x}
  def handle_call(:add, _from, s), do: {:reply, 1 + 1, s}
end
`, 'demos/more/calc.ex': `defmodule DemoCalc do
  use GenServer
  def init(x), do: {:ok, x}
  def handle_call(:add, _from, s), do: {:reply, 1 + 1, s}
end
`.replace('DemoCalc', 'MoreCalc') },
    },
    {
      name: 'a handle_info that does work (a timer tick that logs) makes the process the point',
      code: `defmodule Ticker do
  use GenServer
  def init(s), do: {:ok, s}
  def handle_call(:ping, _from, s), do: {:reply, :pong, s}
  def handle_info(:tick, s) do
    IO.puts("tick")
    {:noreply, s}
  end
end
`,
    },
    {
      name: 'a test-support stub registered under the real process name, so the code under test gets replies',
      files: {
        'test/support/fake_bank.ex': `defmodule Shop.FakeBank do
  use GenServer
  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: Shop.Bank)
  def init(nil), do: {:ok, nil}
  def handle_call({:charge, _amount}, _from, state), do: {:reply, :ok, state}
end
`,
      },
    },
    {
      name: 'a benchmark, an example and a mix task are not the product',
      files: {
        'bench/calc_bench.exs': `defmodule CalcBench do
  use GenServer
  def init(x), do: {:ok, x}
  def handle_call(:add, _from, s), do: {:reply, 1 + 1, s}
end
`,
        'examples/demo/lib/calc.ex': `defmodule Demo.Calc do
  use GenServer
  def init(x), do: {:ok, x}
  def handle_call(:add, _from, s), do: {:reply, 1 + 1, s}
end
`,
        'lib/mix/tasks/calc.ex': `defmodule Mix.Tasks.Calc do
  use Mix.Task
  def run(_), do: :ok
  defmodule Server do
    use GenServer
    def init(x), do: {:ok, x}
    def handle_call(:add, _from, s), do: {:reply, 1 + 1, s}
  end
end
`,
        'test/fixtures/calc.ex': `defmodule Fixture.Calc do
  use GenServer
  def init(x), do: {:ok, x}
  def handle_call(:add, _from, s), do: {:reply, 1 + 1, s}
end
`,
      },
    },
    { name: 'a counter reads and changes its state', code: counter },
    {
      name: 'state matched in the head is read',
      code: `defmodule Cfg do
  use GenServer
  def init(_), do: {:ok, %{limit: 3}}
  def handle_call(:limit, _from, %{limit: l} = s), do: {:reply, l, s}
end
`,
    },
    {
      name: 'handle_info receives outside messages',
      code: `defmodule Ticker do
  use GenServer
  def init(_), do: {:ok, nil}
  def handle_call(:ping, _from, s), do: {:reply, :pong, s}
  def handle_info(:tick, s), do: {:noreply, s}
end
`,
    },
    {
      name: 'owning an ETS table is a reason for a process',
      code: `defmodule Cache do
  use GenServer
  def init(_) do
    :ets.new(:cache, [:named_table, :public])
    {:ok, nil}
  end
  def handle_call({:put, k, v}, _from, s) do
    :ets.insert(:cache, {k, v})
    {:reply, :ok, s}
  end
end
`,
    },
    {
      name: 'a return through a helper is not known to keep the state',
      code: `defmodule Helper do
  use GenServer
  def init(_), do: {:ok, nil}
  def handle_call(:x, _from, s), do: reply(s)
  defp reply(s), do: {:reply, :ok, s}
end
`,
    },
    { name: 'justified by a test that kills it and watches it go down', files: { 'lib/calc.ex': calculator, 'test/calc_test.exs': killsCalc } },
    {
      name: 'casts that append to a file: one process serialises the writes',
      code: `defmodule Journal do
  use GenServer
  def init(_), do: {:ok, :none}
  def handle_cast({:log, msg}, state) do
    File.write!("journal.log", msg, [:append])
    {:noreply, state}
  end
end
`,
    },
    {
      name: 'casts that forward to another process',
      code: `defmodule Relay do
  use GenServer
  def init(_), do: {:ok, :none}
  def handle_cast({:log, msg}, state) do
    GenServer.cast(Sink, {:log, msg})
    {:noreply, state}
  end
end
`,
    },
    {
      name: 'a cast that sends to a pid kept in the state (a subscriber), not to the one asking',
      code: `defmodule Notifier do
  use GenServer
  def init(pid), do: {:ok, pid}
  def handle_cast({:notify, msg}, pid) do
    send(pid, {:note, msg})
    {:noreply, pid}
  end
end
`,
    },
    {
      name: 'work run from handle_continue',
      code: `defmodule Job do
  use GenServer, restart: :temporary
  def init(fun), do: {:ok, nil, {:continue, fun}}
  def handle_call(:ping, _from, s), do: {:reply, :pong, s}
  def handle_continue(fun, s) do
    fun.()
    {:stop, :shutdown, s}
  end
end
`,
    },
    {
      name: 'a constant in the head that init does not return is a real state change',
      code: `defmodule Door do
  use GenServer
  def init(_), do: {:ok, :closed}
  def handle_call(:open, _from, :closed), do: {:reply, :ok, :open}
  def handle_call(:open, _from, :open), do: {:reply, :already, :open}
end
`,
    },
    { name: 'a plain module', code: 'defmodule Calc do\n  def add(a, b), do: a + b\nend\n' },
  ],
  invalid: [
    { name: 'reading a group\'s members does not make the process one of them', code: mailer('_ = :pg.get_members(__MODULE__)'), errors: [{ messageId: 'stateless', line: 2 }] },
    {
      name: 'demos/ of a repository of loose lecture files, with no mix.exs, is its product',
      files: { 'demos/calc.ex': `defmodule DemoCalc do
  use GenServer
  def init(x), do: {:ok, x}
  def handle_call(:add, _from, s), do: {:reply, 1 + 1, s}
end
` },
      errors: [{ messageId: 'stateless', file: 'demos/calc.ex', line: 2 }],
    },
    {
      name: 'a catch-all handle_info that only hands the state back does not make the process the point',
      code: `defmodule Players do
  use GenServer
  def start_link(), do: GenServer.start_link(__MODULE__, [], name: __MODULE__)
  def init([]), do: {:ok, []}
  def handle_call({nik}, _from, state) do
    reply = {:ok, Players.Db.read(nik)}
    {:reply, reply, state}
  end
  def handle_info(_info, state) do
    {:noreply, state}
  end
end
`,
      errors: [{ messageId: 'stateless', line: 2 }],
    },
    {
      name: 'casts that only print: a function call does the same, without the mailbox',
      code: `defmodule Printer do
  use GenServer
  def init(_), do: {:ok, :none}
  def handle_cast({:print, msg}, state) do
    Process.sleep(100)
    IO.puts(msg)
    {:noreply, state}
  end
end
`,
      errors: [{ messageId: 'stateless', line: 2 }],
    },
    {
      name: 'a cast that answers the pid its message carries with send: a reply written by hand',
      code: `defmodule Squarer do
  use GenServer
  def init(_), do: {:ok, nil}
  def handle_cast({:square, x, caller}, state) do
    send(caller, {:result, x * x})
    {:noreply, state}
  end
end
`,
      errors: [{ messageId: 'stateless', line: 2 }],
    },
    {
      name: 'an empty list as the placeholder state, matched in the head and handed back',
      code: `defmodule Echo do
  use GenServer
  def init(_), do: {:ok, []}
  def handle_cast({:message, n}, []) do
    IO.puts("received #{n}")
    {:noreply, []}
  end
end
`,
      errors: [{ messageId: 'stateless', line: 2 }],
    },
    {
      name: 'an empty map as the placeholder state, returned again by a cast that ignores it',
      code: `defmodule Checker do
  use GenServer
  def init(:ok), do: {:ok, %{}}
  def handle_cast(:check, _) do
    Site.check()
    {:noreply, %{}}
  end
end
`,
      errors: [{ messageId: 'stateless', line: 2 }],
    },
    {
      name: 'the calculator of the anti-pattern guide',
      code: calculator,
      errors: [{ messageId: 'stateless', line: 2, column: 3, severity: 'warning', message: 'No test refers to it' }],
    },
    { name: 'information in REFACTOR', code: calculator, phase: 'refactor', errors: [{ messageId: 'stateless', severity: 'information' }] },
    {
      name: 'use GenServer written after a nested module',
      code: `defmodule Calc do
  defmodule Error do
    defexception message: "bad"
  end

  use GenServer
  def init(s), do: {:ok, s}
  def handle_call({:add, a, b}, _from, s), do: {:reply, a + b, s}
end
`,
      errors: [{ messageId: 'stateless', line: 6 }],
    },
    {
      name: 'a constant placeholder state matched in the heads',
      code: `defmodule Headline do
  use GenServer
  def init(:no_state), do: {:ok, :no_state}
  def handle_call({:shorten, text}, _from, :no_state) when byte_size(text) <= 70, do: {:reply, text, :no_state}
  def handle_call({:upcase, text}, _from, state), do: {:reply, String.upcase(text), state}
end
`,
      errors: [{ messageId: 'stateless', line: 2 }],
    },
    {
      name: 'a lock around the application environment, read and written back through the service: a hint',
      files: topics(`defmodule Topics.Service do
  def register(topic), do: Application.put_env(:topics, :all, [topic | Application.get_env(:topics, :all, [])])
end
`),
      errors: [{ messageId: 'lock', severity: 'hint', message: 'handle_call/3 reads the application environment and writes it back (Application.put_env)' }],
    },
    {
      name: 'the same through helpers the service function calls without naming the store',
      files: topics(`defmodule Topics.Service do
  def register(topic), do: save([topic | load()])
  defp load, do: Application.get_env(:topics, :all, [])
  defp save(all), do: Application.put_env(:topics, :all, all)
end
`),
      errors: [{ messageId: 'lock', severity: 'hint', message: '(Application.put_env in Topics.Service)' }],
    },
    {
      name: 'a service that only reads the environment keeps nothing: stateless',
      files: topics(`defmodule Topics.Service do
  def register(topic), do: topic in Application.get_env(:topics, :all, [])
end
`),
      errors: [{ messageId: 'stateless', file: 'lib/topics/manager.ex' }],
    },
    { name: 'warning in RED', code: calculator, phase: 'red', errors: [{ messageId: 'stateless', severity: 'warning' }] },
    {
      name: 'a test that only calls it does not justify it',
      files: {
        'lib/calc.ex': calculator,
        'test/calc_test.exs': 'defmodule CalcTest do\n  use ExUnit.Case\n  test "adds" do\n    assert Calc.add(1, 2) == 3\n  end\nend\n',
      },
      errors: [{ messageId: 'stateless', file: 'lib/calc.ex', message: 'Its tests (test/calc_test.exs) do not verify' }],
    },
  ],
});

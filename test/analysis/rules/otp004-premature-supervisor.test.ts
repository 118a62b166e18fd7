import rule from '../../../src/analysis/rules/otp004-premature-supervisor';
import { runRuleTests } from '../../helpers/rule-tester';

const cartSup = `defmodule Shop.CartSupervisor do
  use Supervisor

  def start_link(arg), do: Supervisor.start_link(__MODULE__, arg, name: __MODULE__)

  @impl true
  def init(_arg) do
    children = [Shop.Cart]
    Supervisor.init(children, strategy: :one_for_one)
  end
end
`;

const cart = `defmodule Shop.Cart do
  use Agent
  def start_link(_), do: Agent.start_link(fn -> [] end, name: __MODULE__)
end
`;

const application = `defmodule Shop.Application do
  use Application

  @impl true
  def start(_type, _args) do
    children = [Shop.Cart]
    Supervisor.start_link(children, strategy: :one_for_one, name: Shop.Supervisor)
  end
end
`;

const killsCart = `defmodule Shop.CartTest do
  use ExUnit.Case
  alias Shop.Cart

  test "the cart comes back after a crash" do
    pid = Process.whereis(Cart)
    ref = Process.monitor(pid)
    Process.exit(pid, :kill)
    assert_receive {:DOWN, ^ref, _, _, _}
    assert Process.whereis(Cart) != pid
  end
end
`;

const bookSup = (add: string) => `defmodule Shop.Sup do
  use Supervisor

  def start_link(items) do
    {:ok, sup} = Supervisor.start_link(__MODULE__, items)
    add_children(sup, items)
    {:ok, sup}
  end

  def add_children(sup, items) do
    ${add}
  end

  def init(_) do
    supervise([], strategy: :one_for_one)
  end
end
`;

// A supervisor whose init calls the project's table module (`call`) before starting `children`.
const ratesSup = (call: string, children: string) => `defmodule Rates.Supervisor do
  use Supervisor

  def start_link(opts), do: Supervisor.start_link(__MODULE__, opts, name: __MODULE__)

  @impl true
  def init(opts) do
    ${call}
    Supervisor.init(${children}, strategy: :one_for_one)
  end
end
`;
const ratesReader = `defmodule Rates.Reader do
  use GenServer
  def start_link(opts), do: GenServer.start_link(__MODULE__, opts, name: __MODULE__)
  def init(opts), do: {:ok, opts}
end
`;
// A module-based supervisor of Shop.Cart whose Supervisor.init/2 gets `opts`.
const cartSupWith = (opts: string) => `defmodule Shop.Sup do
  use Supervisor
  def init(_), do: Supervisor.init([Shop.Cart], ${opts})
end
`;
const ratesTable = `defmodule Rates.Table do
  def new(name), do: :ets.new(name, [:named_table, :public, :set])
  def get(name, k), do: :ets.lookup(name, k)
end
`;

// The legacy dynamic supervisor: its one `worker` entry is a template, children come from start_child at run time.
const botSup = `defmodule Chat.BotSupervisor do
  use Supervisor

  def start_link(opts \\\\ []), do: Supervisor.start_link(__MODULE__, [], opts)

  def init(_) do
    supervise([worker(Chat.Bot, [], restart: :transient)], strategy: :simple_one_for_one)
  end
end
`;
const bot = `defmodule Chat.Bot do
  use GenServer
  def start_link(opts), do: GenServer.start_link(__MODULE__, opts)
  def init(opts), do: {:ok, opts}
end
`;
// A root supervisor over the one child spec `child`; chatApp starts it directly from its start/2.
const chatRoot = (child: string) => `defmodule Chat.Supervisor do
  use Supervisor

  def start_link, do: Supervisor.start_link(__MODULE__, :ok, name: __MODULE__)

  def init(:ok) do
    supervise([${child}], strategy: :one_for_one)
  end
end
`;
const chatApp = `defmodule Chat do
  use Application

  def start(_type, _args), do: Chat.Supervisor.start_link()
  def start_bot(opts), do: Supervisor.start_child(Chat.BotSupervisor, [opts])
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'a :simple_one_for_one supervisor: its one worker is a template for children started at run time',
      files: { 'lib/chat/bot_supervisor.ex': botSup, 'lib/chat/bot.ex': bot, 'lib/chat.ex': chatApp },
    },
    {
      name: 'a :simple_one_for_one child list given to Supervisor.start_link/2',
      code: `defmodule Chat.Responders do
  import Supervisor.Spec
  def start_link, do: Supervisor.start_link([worker(Chat.Responder, [], restart: :transient)], strategy: :simple_one_for_one)
end
defmodule Chat.Responder do
  use GenServer
  def init(opts), do: {:ok, opts}
end
`,
    },
    {
      name: 'the root an Application starts, whose only child is a dynamic supervisor: it names the tree',
      files: { 'lib/chat/supervisor.ex': chatRoot('supervisor(Chat.BotSupervisor, [[name: Chat.BotSupervisor]])'), 'lib/chat/bot_supervisor.ex': botSup, 'lib/chat/bot.ex': bot, 'lib/chat.ex': chatApp },
    },
    {
      name: 'a supervisor with no children that owns an ETS table made in its init (through a project function): the table outlives its users',
      files: { 'lib/rates/supervisor.ex': ratesSup('Rates.Table.new(opts[:name])', '[]'), 'lib/rates/table.ex': ratesTable },
    },
    {
      name: 'a supervisor of one child that owns the ETS table the child reads: the table survives the child\'s restarts',
      files: { 'lib/rates/supervisor.ex': ratesSup('Rates.Table.new(opts[:name])', '[Rates.Reader]'), 'lib/rates/table.ex': ratesTable, 'lib/rates/reader.ex': ratesReader },
    },
    {
      name: 'a supervisor of one child that owns the table through a project function with a default argument',
      files: {
        'lib/rates/supervisor.ex': ratesSup('Rates.Table.new(opts[:name])', '[Rates.Reader]'),
        'lib/rates/table.ex': ratesTable.replace('def new(name), do: :ets.new(name, [:named_table, :public, :set])', 'def new(name, kind \\\\ :set), do: :ets.new(name, [:named_table, :public, kind])'),
        'lib/rates/reader.ex': ratesReader,
      },
    },
    {
      name: 'a childless supervisor that creates a Mnesia table in its init: it restarts nothing, a lifecycle owner',
      code: `defmodule Chat.Store.Mnesia do
  use Supervisor
  def start_link(opts), do: Supervisor.start_link(__MODULE__, opts, name: __MODULE__)

  @impl true
  def init(_opts) do
    :mnesia.create_table(:chat_messages, attributes: [:id, :body])
    Supervisor.init([], strategy: :one_for_one)
  end
end
`,
    },
    {
      name: 'a childless no-op implementation that only fills the child slot its pluggable contract requires',
      code: `defmodule Chat.Store.Noop do
  @behaviour Chat.Store
  use Supervisor
  def start_link(opts), do: Supervisor.start_link(__MODULE__, opts, name: __MODULE__)
  @impl Supervisor
  def init(_opts), do: Supervisor.init([], strategy: :one_for_one)
  @impl Chat.Store
  def get(_id), do: nil
end
`,
    },
    {
      name: 'a nested supervisor started empty and never given a child',
      code: `defmodule Pool do
  def start, do: Supervisor.start_link([], strategy: :one_for_one)
end
`,
    },
    {
      name: 'auto_shutdown: a one-child supervisor that ends when its significant child ends (a lifecycle, not restarts)',
      files: { 'lib/shop/cart.ex': cart, 'lib/shop/sup.ex': cartSupWith('strategy: :one_for_one, auto_shutdown: :any_significant') },
    },
    { name: "the Application's own supervisor (mix new --sup)", files: { 'lib/shop/application.ex': application, 'lib/shop/cart.ex': cart } },
    {
      name: "a dependency's process wrapped like Phoenix's generated Telemetry supervisor",
      code: `defmodule MyAppWeb.Telemetry do
  use Supervisor
  def init(_arg) do
    children = [{:telemetry_poller, measurements: [], period: 10_000}]
    Supervisor.init(children, strategy: :one_for_one)
  end
end
`,
    },
    {
      name: 'max_restarts: 0 is a lifecycle boundary',
      files: { 'lib/shop/cart.ex': cart, 'lib/shop/sup.ex': cartSupWith('strategy: :one_for_one, max_restarts: 0') },
    },
    {
      name: 'two children',
      code: `defmodule Shop.Sup do
  use Supervisor
  def init(_), do: Supervisor.init([Shop.Cart, Shop.Stock], strategy: :one_for_all)
end
`,
    },
    {
      name: 'children built elsewhere are not counted',
      code: `defmodule Shop.Sup do
  use Supervisor
  def init(opts), do: Supervisor.init(children(opts), strategy: :one_for_one)
end
`,
    },
    {
      name: 'an empty supervisor that gets children later',
      code: `defmodule Pool do
  def start do
    {:ok, sup} = Supervisor.start_link([], strategy: :one_for_one)
    Supervisor.start_child(sup, Worker)
  end
end
`,
    },
    {
      name: 'one child at start, another added later with start_child',
      files: {
        'lib/radio/link.ex': 'defmodule Radio.Link do\n  use GenServer\n  def start_link(id), do: GenServer.start_link(__MODULE__, id)\n  def init(id), do: {:ok, id}\nend\n',
        'lib/radio/link_supervisor.ex': `defmodule Radio.LinkSupervisor do
  use Supervisor

  def start_link(id), do: Supervisor.start_link(__MODULE__, id, name: name(id))

  @impl true
  def init(id), do: Supervisor.init([{Radio.Link, id}], strategy: :one_for_all)

  def attach_driver(id, driver_spec) do
    {:ok, _} = Supervisor.start_child(name(id), Supervisor.child_spec(driver_spec, id: :driver))
    :ok
  end

  defp name(id), do: {:via, Registry, {Radio.Registry, id}}
end
`,
      },
    },
    {
      name: 'an empty supervisor given a child per item in a loop',
      files: { 'lib/shop/cart.ex': cart, 'lib/shop/sup.ex': bookSup('Enum.each(items, fn item -> Supervisor.start_child(sup, worker(Shop.Cart, [item], id: item)) end)') },
    },
    {
      name: 'an empty supervisor given a child spec built at run time',
      files: { 'lib/shop/cart.ex': cart, 'lib/shop/sup.ex': bookSup('Supervisor.start_child(sup, items)') },
    },
    {
      name: 'justified by a test that kills the child',
      files: { 'lib/shop/cart_supervisor.ex': cartSup, 'lib/shop/cart.ex': cart, 'test/shop/cart_test.exs': killsCart },
    },
    {
      name: 'justified by a test that stops the child and lists the children to see a new one',
      files: {
        'lib/shop/cart_supervisor.ex': cartSup,
        'lib/shop/cart.ex': cart,
        'test/shop/cart_supervisor_test.exs': `defmodule Shop.CartSupervisorTest do
  use ExUnit.Case
  test "a stopped cart comes back" do
    [{Shop.Cart, pid, :worker, _}] = Supervisor.which_children(Shop.CartSupervisor)
    GenServer.stop(pid, :boom)
    assert [{Shop.Cart, new_pid, :worker, _}] = Supervisor.which_children(Shop.CartSupervisor)
    assert new_pid != pid
  end
end
`,
      },
    },
    {
      name: 'justified by a test that kills the child through a helper of its own test module',
      files: {
        'lib/shop/cart_supervisor.ex': cartSup,
        'lib/shop/cart.ex': cart,
        'test/shop/cart_supervisor_test.exs': `defmodule Shop.CartSupervisorTest do
  use ExUnit.Case

  defp crash(name) do
    pid = Process.whereis(name)
    Process.exit(pid, :kill)
    pid
  end

  test "a crashed cart comes back" do
    old = crash(Shop.Cart)
    Process.sleep(10)
    assert [{Shop.Cart, new_pid, :worker, _}] = Supervisor.which_children(Shop.CartSupervisor)
    assert new_pid != old
  end
end
`,
      },
    },
  ],
  invalid: [
    {
      name: 'the root an Application starts, whose only child is a plain server: one level too many',
      files: { 'lib/chat/supervisor.ex': chatRoot('worker(Chat.Bot, [])'), 'lib/chat/bot.ex': bot, 'lib/chat.ex': chatApp },
      errors: [{ messageId: 'module', file: 'lib/chat/supervisor.ex', line: 2, message: 'Supervisor Chat.Supervisor supervises a single child, Chat.Bot.' }],
    },
    {
      name: 'a root over a dynamic supervisor that no Application starts: a level of its own',
      files: { 'lib/chat/supervisor.ex': chatRoot('supervisor(Chat.BotSupervisor, [])'), 'lib/chat/bot_supervisor.ex': botSup, 'lib/chat/bot.ex': bot },
      errors: [{ messageId: 'module', file: 'lib/chat/supervisor.ex', line: 2 }],
    },
    {
      name: 'a top supervisor over a supervisor whose defmodule has no name (read under its path\'s name, lib/postal/supervisor.ex)',
      files: {
        'lib/app/application.ex': `defmodule App.Application do
  use Application
  def start(_, _), do: Supervisor.start_link([App.Supervisor], strategy: :one_for_one)
end
`,
        'lib/supervisor_main.ex': `defmodule App.Supervisor do
  use Supervisor
  def start_link(_), do: Supervisor.start_link(__MODULE__, [])
  def init(_), do: Supervisor.init([App.Postal.Supervisor], strategy: :one_for_one)
end
`,
        'lib/postal/supervisor.ex': `defmodule    do
  use Supervisor
  def start_link(_), do: Supervisor.start_link(__MODULE__, [])
  def init(_), do: Supervisor.init([App.Postal.Store], strategy: :one_for_one)
end
`,
        'lib/postal/store.ex': `defmodule App.Postal.Store do
  use Agent
  def start_link(_), do: Agent.start_link(fn -> %{} end, name: __MODULE__)
  def get(k), do: Agent.get(__MODULE__, &Map.get(&1, k))
end
`,
      },
      errors: [
        { messageId: 'module', file: 'lib/postal/supervisor.ex', line: 2, message: 'Postal.Supervisor supervises a single child, App.Postal.Store' },
        { messageId: 'module', file: 'lib/supervisor_main.ex', line: 2, message: 'a single child, App.Postal.Supervisor' },
      ],
    },
    {
      name: 'a supervisor of one child that owns a port opened in the child\'s init: still one level too many with no restart test',
      files: { 'lib/scanner/supervisor.ex': `defmodule Scanner.Supervisor do
  use Supervisor
  def start_link(cmd), do: Supervisor.start_link(__MODULE__, cmd, name: __MODULE__)
  @impl true
  def init(cmd), do: Supervisor.init([CHILD], strategy: :one_for_one)
end
`.replace('CHILD', '{Scanner.Port, cmd}'), 'lib/scanner/port.ex': `defmodule Scanner.Port do
  use GenServer
  def start_link(cmd), do: GenServer.start_link(__MODULE__, cmd, name: __MODULE__)
  @impl true
  def init(cmd), do: {:ok, Port.open({:spawn, cmd}, [:binary])}
  @impl true
  def handle_info({_port, {:data, d}}, s) do
    IO.write(d)
    {:noreply, s}
  end
end
` },
      errors: [{ messageId: 'module', file: 'lib/scanner/supervisor.ex', line: 2 }],
    },
    {
      name: 'a supervisor of one child whose init only calls a project function that makes no table',
      files: {
        'lib/rates/supervisor.ex': ratesSup('Rates.Table.get(opts[:name], :x)', '[Rates.Reader]'),
        'lib/rates/table.ex': ratesTable,
        'lib/rates/reader.ex': ratesReader,
      },
      errors: [{ messageId: 'module', file: 'lib/rates/supervisor.ex', line: 2 }],
    },
    {
      name: 'an empty supervisor whose only child is added after it starts, through a helper given its pid',
      files: { 'lib/shop/cart.ex': cart, 'lib/shop/sup.ex': bookSup('Supervisor.start_child(sup, worker(Shop.Cart, [items]))') },
      errors: [{ messageId: 'module', line: 2, message: 'supervises a single child, Shop.Cart.' }],
    },
    {
      name: 'a restart budget alone (learners copy one into a one-child supervisor) still restarts that child',
      files: { 'lib/shop/cart.ex': cart, 'lib/shop/sup.ex': cartSupWith('strategy: :one_for_one, max_restarts: 1, max_seconds: 5, auto_shutdown: :never') },
      errors: [{ messageId: 'module', line: 2 }],
    },
    {
      name: 'a supervisor module with one child',
      files: { 'lib/shop/cart_supervisor.ex': cartSup, 'lib/shop/cart.ex': cart },
      errors: [{ messageId: 'module', line: 2, column: 3, severity: 'warning', message: 'supervises a single child, Shop.Cart.' }],
    },
    {
      name: 'information in REFACTOR',
      files: { 'lib/shop/cart_supervisor.ex': cartSup, 'lib/shop/cart.ex': cart },
      phase: 'refactor',
      errors: [{ messageId: 'module', severity: 'information' }],
    },
    {
      name: 'a nested Supervisor.start_link with one child',
      files: {
        'lib/shop/importer.ex': `defmodule Shop.Importer do
  def run(file) do
    Supervisor.start_link([{Shop.Parser, file}], strategy: :one_for_one)
  end
end
`,
        'lib/shop/parser.ex': 'defmodule Shop.Parser do\n  use Task\n  def start_link(file), do: Task.start_link(fn -> File.read!(file) end)\nend\n',
      },
      errors: [{ messageId: 'nested', line: 3, column: 5 }],
    },
    {
      name: 'a test that only counts the children does not justify it (nothing went down)',
      files: {
        'lib/shop/cart_supervisor.ex': cartSup,
        'lib/shop/cart.ex': cart,
        'test/shop/cart_supervisor_test.exs': `defmodule Shop.CartSupervisorTest do
  use ExUnit.Case
  test "runs one cart" do
    assert %{active: 1} = Supervisor.count_children(Shop.CartSupervisor)
  end
end
`,
      },
      errors: [{ messageId: 'module', line: 2 }],
    },
    {
      name: 'a test that only lists the children does not justify it',
      files: {
        'lib/shop/cart_supervisor.ex': cartSup,
        'lib/shop/cart.ex': cart,
        'test/shop/cart_supervisor_test.exs': `defmodule Shop.CartSupervisorTest do
  use ExUnit.Case
  test "supervisor has a worker child" do
    assert [{Shop.Cart, _, :worker, [Shop.Cart]}] = Supervisor.which_children(Shop.CartSupervisor)
  end
end
`,
      },
      errors: [{ messageId: 'module', line: 2 }],
    },
    {
      name: 'a test that only uses the child does not justify it',
      files: {
        'lib/shop/cart_supervisor.ex': cartSup,
        'lib/shop/cart.ex': cart,
        'test/shop/cart_test.exs': 'defmodule Shop.CartTest do\n  use ExUnit.Case\n  test "adds" do\n    assert Shop.Cart.add(:apple) == :ok\n  end\nend\n',
      },
      errors: [{ messageId: 'module', message: 'test/shop/cart_test.exs' }],
    },
  ],
});

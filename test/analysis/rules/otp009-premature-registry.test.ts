import rule from '../../../src/analysis/rules/otp009-premature-registry';
import { runRuleTests } from '../../helpers/rule-tester';

const cart = `defmodule Shop.Cart do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, [], name: {:via, Registry, {Shop.Registry, :cart}})
  def add(item), do: GenServer.cast({:via, Registry, {Shop.Registry, :cart}}, {:add, item})

  @impl true
  def init(items), do: {:ok, items}

  @impl true
  def handle_cast({:add, item}, items), do: {:noreply, [item | items]}
end
`;

const application = (keys: string) => `defmodule Shop.Application do
  use Application

  def start(_type, _args) do
    children = [{Registry, keys: :${keys}, name: Shop.Registry}, Shop.Clock]
    Supervisor.start_link(children, strategy: :one_for_one)
  end
end
`;

const clock = `defmodule Shop.Clock do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, nil)

  @impl true
  def init(nil) do
    {:ok, _} = Registry.register(Shop.Registry, :clock, nil)
    {:ok, 0}
  end
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'one process per cart id',
      code: `defmodule Shop.Cart do
  use GenServer
  def start_link(id), do: GenServer.start_link(__MODULE__, [], name: via(id))
  def add(id, item), do: GenServer.cast(via(id), {:add, item})
  defp via(id), do: {:via, Registry, {Shop.Registry, {:cart, id}}}
  def init(items), do: {:ok, items}
end
`,
    },
    {
      name: 'two literal keys in one registry',
      files: {
        'lib/shop/cart.ex': cart,
        'lib/shop/stock.ex': `defmodule Shop.Stock do
  use Agent
  def start_link(_), do: Agent.start_link(fn -> %{} end, name: {:via, Registry, {Shop.Registry, :stock}})
end
`,
      },
    },
    {
      name: 'a duplicate registry: many subscribers share one topic',
      files: {
        'lib/shop/application.ex': application('duplicate'),
        'lib/shop/clock.ex': clock,
      },
    },
    {
      name: 'Registry.register into a registry whose keys we do not know',
      code: `defmodule Shop.Listener do
  def subscribe, do: Registry.register(Shop.Events, "orders", [])
end
`,
    },
    {
      name: 'matching a via name is not registering one',
      code: `defmodule Shop.Names do
  def describe(name) do
    case name do
      {:via, Registry, {Shop.Registry, :cart}} -> "the cart"
      _ -> "something else"
    end
  end
end
`,
    },
    {
      name: 'another registration into a registry passed as an argument',
      files: {
        'lib/shop/cart.ex': cart,
        'lib/shop/join.ex': `defmodule Shop.Join do
  def join(registry, key), do: Registry.register(registry, key, nil)
end
`,
      },
    },
    {
      name: 'justified by a test that starts several carts side by side',
      files: {
        'lib/shop/cart.ex': cart,
        'test/shop/cart_test.exs': `defmodule Shop.CartTest do
  use ExUnit.Case

  test "carts run side by side" do
    pids = for _ <- 1..3, do: start_supervised!(Shop.Cart)
    assert length(pids) == 3
  end
end
`,
      },
    },
    {
      name: 'a via helper whose key comes from two child specs',
      files: {
        'lib/jobs/application.ex': `defmodule Jobs.Application do
  use Application
  def start(_type, _args) do
    children = [{Registry, name: Jobs.Registry, keys: :unique}, {Jobs.Queue, "mail"}, {Jobs.Queue, "sms"}]
    Supervisor.start_link(children, strategy: :one_for_one)
  end
end
`,
        'lib/jobs/queue.ex': `defmodule Jobs.Queue do
  use GenServer
  def start_link(key), do: GenServer.start_link(__MODULE__, [], name: via(key))
  def push(key, job), do: GenServer.cast(via(key), {:push, job})
  defp via(key), do: {:via, Registry, {Jobs.Registry, key}}
  def init(jobs), do: {:ok, jobs}
end
`,
      },
    },
    {
      name: 'a key from start_link with no child spec in sight',
      code: `defmodule Jobs.Queue do
  use GenServer
  def start_link(key), do: GenServer.start_link(__MODULE__, [], name: via(key))
  def push(job), do: GenServer.cast(via("mail"), {:push, job})
  defp via(key), do: {:via, Registry, {Jobs.Registry, key}}
  def init(jobs), do: {:ok, jobs}
end
`,
    },
    {
      name: 'lookups by computed keys show keys made elsewhere',
      files: {
        'lib/shop/cart.ex': cart,
        'lib/shop/carts.ex': `defmodule Shop.Carts do
  def find(id), do: Registry.lookup(Shop.Registry, {:cart, id})
end
`,
      },
    },
    {
      name: 'the registry also stores metadata',
      files: {
        'lib/shop/cart.ex': cart,
        'lib/shop/config.ex': `defmodule Shop.Config do
  def put(value), do: Registry.put_meta(Shop.Registry, :config, value)
end
`,
      },
    },
    {
      name: 'registrations in test files do not count',
      files: {
        'test/registry_test.exs': `defmodule RegistryTest do
  use ExUnit.Case
  defp register, do: Registry.register(Shop.Registry, :only, nil)
end
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a via name with one literal key',
      code: cart,
      errors: [{ messageId: 'single', line: 4, column: 69, severity: 'warning', message: 'Registry Shop.Registry only ever holds the key :cart' }],
    },
    { name: 'information in REFACTOR', code: cart, phase: 'refactor', errors: [{ messageId: 'single', severity: 'information' }] },
    { name: 'warning in RED', code: cart, phase: 'red', errors: [{ messageId: 'single', severity: 'warning' }] },
    {
      name: 'Registry.register into a unique registry started by the Application',
      files: { 'lib/shop/application.ex': application('unique'), 'lib/shop/clock.ex': clock },
      errors: [{ messageId: 'single', file: 'lib/shop/application.ex', line: 5, column: 17, message: 'the key :clock' }],
    },
    {
      name: 'a via helper and a registry named by an attribute',
      code: `defmodule Shop.Stock do
  use GenServer
  @registry Shop.Registry

  def start_link(_), do: GenServer.start_link(__MODULE__, %{}, name: via())
  def count(sku), do: GenServer.call(via(), {:count, sku})
  defp via, do: {:via, Registry, {@registry, "stock"}}

  def init(stock), do: {:ok, stock}
end
`,
      errors: [{ messageId: 'single', line: 5, column: 70, message: 'the key "stock"' }],
    },
    {
      name: 'a via name in a module attribute, anchored where the Registry is started',
      files: {
        'lib/chat/application.ex': `defmodule Chat.Application do
  use Application

  def start(_type, _args) do
    children = [
      {Registry, keys: :unique, name: Chat.Registry},
      Chat.Lobby
    ]

    Supervisor.start_link(children, strategy: :rest_for_one)
  end
end
`,
        'lib/chat/lobby.ex': `defmodule Chat.Lobby do
  use GenServer

  @name {:via, Registry, {Chat.Registry, :lobby}}

  def start_link(_), do: GenServer.start_link(__MODULE__, MapSet.new(), name: @name)
  def join(nick), do: GenServer.call(@name, {:join, nick})

  def init(members), do: {:ok, members}
end
`,
      },
      errors: [{ messageId: 'single', file: 'lib/chat/application.ex', line: 6, column: 7, message: ':lobby' }],
    },
    {
      name: 'a via helper given the key by the child spec and by its callers',
      files: {
        'lib/jobs/application.ex': `defmodule Jobs.Application do
  use Application
  def start(_type, _args) do
    children = [{Registry, name: Jobs.Registry, keys: :unique}, {Jobs.Scheduler, "scheduler"}]
    Supervisor.start_link(children, strategy: :one_for_one)
  end
end
`,
        'lib/jobs/scheduler.ex': `defmodule Jobs.Scheduler do
  use GenServer
  def start_link(key), do: GenServer.start_link(__MODULE__, [], name: via(key))
  def pending, do: GenServer.call(via("scheduler"), :pending)
  defp via(key), do: {:via, Registry, {Jobs.Registry, key}}
  def init(jobs), do: {:ok, jobs}
end
`,
      },
      errors: [{ messageId: 'single', file: 'lib/jobs/application.ex', line: 4, message: '"scheduler"' }],
    },
    {
      name: 'a test that only calls it does not justify it',
      files: {
        'lib/shop/cart.ex': cart,
        'test/shop/cart_test.exs': `defmodule Shop.CartTest do
  use ExUnit.Case
  test "adds" do
    start_supervised!(Shop.Cart)
    assert Shop.Cart.add(:apple) == :ok
  end
end
`,
      },
      errors: [{ messageId: 'single', file: 'lib/shop/cart.ex', message: 'test/shop/cart_test.exs' }],
    },
  ],
});

// A name registry written by hand as a GenServer behind the :via contract.
const handRegistry = (whereis: string) => `defmodule KV.Registry do
  use GenServer
  def start_link(_), do: GenServer.start_link(__MODULE__, :ok, name: :registry)
${whereis}
  def register_name(name, pid), do: GenServer.call(:registry, {:register_name, name, pid})
  def unregister_name(name), do: GenServer.cast(:registry, {:unregister_name, name})
  def send(name, msg), do: Kernel.send(whereis_name(name), msg)
  def init(:ok), do: {:ok, %{}}
  def handle_call({:whereis_name, name}, _from, names), do: {:reply, Map.get(names, name, :undefined), names}
  def handle_call({:register_name, name, pid}, _from, names), do: {:reply, :yes, Map.put(names, name, pid)}
  def handle_cast({:unregister_name, name}, names), do: {:noreply, Map.delete(names, name)}
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'a via module whose lookups read an ETS table, not the process',
      code: handRegistry('  def whereis_name(name), do: (case :ets.lookup(:names, name) do\n    [{_, pid}] -> pid\n    [] -> :undefined\n  end)'),
    },
  ],
  invalid: [
    {
      name: 'register_name and whereis_name both ask its own process',
      code: handRegistry('  def whereis_name(name), do: GenServer.call(:registry, {:whereis_name, name})'),
      errors: [{ messageId: 'handWritten', line: 2, message: 'KV.Registry' }],
    },
  ],
});

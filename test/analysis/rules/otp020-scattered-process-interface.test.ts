import rule from '../../../src/analysis/rules/otp020-scattered-process-interface';
import { runRuleTests } from '../../helpers/rule-tester';

const cart = `defmodule Shop.Cart do
  use GenServer
  def start_link(_), do: GenServer.start_link(__MODULE__, %{}, name: __MODULE__)
  def total(id), do: GenServer.call(__MODULE__, {:total, id})
  def init(s), do: {:ok, s}
  def handle_call({:total, id}, _from, s), do: {:reply, Map.get(s, id, 0), s}
end
`;

runRuleTests(rule, {
  valid: [
    { name: 'the module calls its own process', code: cart },
    {
      name: 'callers use the client function',
      files: { 'lib/cart.ex': cart, 'lib/checkout.ex': 'defmodule Shop.Checkout do\n  def total(id), do: Shop.Cart.total(id)\nend\n' },
    },
    {
      name: 'calls through a pid are not aimed at a named process',
      files: { 'lib/cart.ex': cart, 'lib/checkout.ex': 'defmodule Shop.Checkout do\n  def total(pid, id), do: GenServer.call(pid, {:total, id})\nend\n' },
    },
    {
      name: 'tests may poke the process',
      files: {
        'lib/cart.ex': cart,
        'test/cart_test.exs': 'defmodule Shop.CartTest do\n  use ExUnit.Case\n  test "t" do\n    GenServer.call(Shop.Cart, {:total, 1})\n  end\nend\n',
      },
    },
    {
      name: 'a module that is not in the project',
      code: 'defmodule Shop.Checkout do\n  def flush, do: GenServer.cast(Logger, :flush)\nend\n',
    },
  ],
  invalid: [
    {
      name: 'GenServer.call from another module',
      files: {
        'lib/cart.ex': cart,
        'lib/checkout.ex': 'defmodule Shop.Checkout do\n  alias Shop.Cart\n  def total(id), do: GenServer.call(Cart, {:total, id})\nend\n',
      },
      errors: [{ messageId: 'scattered', file: 'lib/checkout.ex', line: 3, column: 22, severity: 'warning', message: 'Shop.Cart' }],
    },
    {
      name: 'send to a named process, a warning in REFACTOR too',
      phase: 'refactor',
      files: { 'lib/cart.ex': cart, 'lib/checkout.ex': 'defmodule Shop.Checkout do\n  def ping, do: send(Shop.Cart, :ping)\nend\n' },
      errors: [{ messageId: 'send', line: 2, severity: 'warning' }],
    },
  ],
});

// The guide's example: an Agent pid passed to several modules, each with its own data shapes.
const bucket = `defmodule Bucket do
  use Agent
  def start_link(_), do: Agent.start_link(fn -> %{} end)
  def get(bucket, key), do: Agent.get(bucket, &Map.get(&1, key))
end
`;

runRuleTests(rule, {
  valid: [
    { name: 'one module owns the pid-based interface', code: bucket },
    {
      name: 'callers go through the owner',
      files: { 'lib/bucket.ex': bucket, 'lib/pricing.ex': 'defmodule Pricing do\n  def price(b, sku), do: Bucket.get(b, sku)\nend\n' },
    },
  ],
  invalid: [
    {
      name: 'two modules update and read the pid directly',
      files: {
        'lib/bucket.ex': bucket,
        'lib/inventory.ex': 'defmodule Inventory do\n  def add(bucket, item), do: Agent.update(bucket, &Map.put(&1, item.sku, item))\nend\n',
        'lib/pricing.ex': 'defmodule Pricing do\n  def price(bucket, sku), do: Agent.get(bucket, fn items -> items[sku][:price] end)\nend\n',
      },
      errors: [
        { messageId: 'sharedPid', file: 'lib/inventory.ex', line: 2, message: 'Pricing' },
        { messageId: 'sharedPid', file: 'lib/pricing.ex', line: 2, message: 'Inventory' },
      ],
    },
    {
      name: 'no module owns it: every call is reported',
      files: {
        'lib/a.ex': 'defmodule A do\n  def put(pid, k, v), do: Agent.update(pid, &Map.put(&1, k, v))\nend\n',
        'lib/b.ex': 'defmodule B do\n  def get(pid, k), do: Agent.get(pid, &Map.get(&1, k))\nend\n',
      },
      errors: [
        { messageId: 'sharedPid', file: 'lib/a.ex', line: 2 },
        { messageId: 'sharedPid', file: 'lib/b.ex', line: 2 },
      ],
    },
  ],
});

// The same shapes named by an atom, and a pid carried in a struct field.
const atomCart = 'defmodule Cart do\n  def start, do: Agent.start_link(fn -> %{} end, name: :cart)\n  def all, do: Agent.get(:cart, & &1)\nend\n';
const shop = 'defmodule Shop do\n  defstruct [:store]\n  def new do\n    {:ok, pid} = Agent.start_link(fn -> %{} end)\n    %Shop{store: pid}\n  end\nend\n';

runRuleTests(rule, {
  valid: [
    { name: 'an atom-named Agent called only by the module that starts it', code: atomCart },
    { name: 'an atom no module of the project registers (another application\'s process)', code: 'defmodule Audit do\n  def log(e), do: GenServer.cast(:audit_log, {:event, e})\nend\n' },
    {
      name: 'a pid in a struct field used by one other module only',
      files: { 'lib/shop.ex': shop, 'lib/inventory.ex': 'defmodule Inventory do\n  def add(shop, item), do: Agent.update(shop.store, &Map.put(&1, item.sku, item))\nend\n' },
    },
  ],
  invalid: [
    {
      name: 'other modules update and read an Agent by the atom its module registers',
      files: {
        'lib/cart.ex': atomCart,
        'lib/inventory.ex': 'defmodule Inventory do\n  def add(item), do: Agent.update(:cart, &Map.put(&1, item.sku, item))\nend\n',
        'lib/pricing.ex': 'defmodule Pricing do\n  @cart :cart\n  def price(sku), do: Agent.get(@cart, fn items -> items[sku][:price] end)\nend\n',
      },
      errors: [
        { messageId: 'scattered', file: 'lib/inventory.ex', line: 2, message: 'reaches into Cart\'s process from Inventory' },
        { messageId: 'scattered', file: 'lib/pricing.ex', line: 3, message: 'from Pricing' },
      ],
    },
    {
      name: 'two modules use the Agent pid carried in a struct field, each with its own shapes',
      files: {
        'lib/shop.ex': shop,
        'lib/inventory.ex': 'defmodule Inventory do\n  def add(shop, item), do: Agent.update(shop.store, &Map.put(&1, item.sku, item))\nend\n',
        'lib/pricing.ex': 'defmodule Pricing do\n  def price(%Shop{store: store}, sku), do: Agent.get(store, fn items -> items[sku][:price] end)\nend\n',
      },
      errors: [
        { messageId: 'sharedPid', file: 'lib/inventory.ex', line: 2, message: 'Pricing' },
        { messageId: 'sharedPid', file: 'lib/pricing.ex', line: 2, message: 'Inventory' },
      ],
    },
  ],
});

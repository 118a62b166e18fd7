import rule from '../../../src/analysis/rules/otp006-ets-in-tests';
import { runRuleTests } from '../../helpers/rule-tester';

const pricesTest = `defmodule Shop.PricesTest do
  use ExUnit.Case

  setup do
    table = :ets.new(:prices, [:set, :public])
    :ets.insert(table, [{"apple", 3}, {"pear", 4}])
    %{prices: table}
  end

  test "an apple costs 3", %{prices: prices} do
    assert [{"apple", 3}] = :ets.lookup(prices, "apple")
  end
end
`;

// Test support writing a registry file from a table, as the code under test reads it back; `write` is how.
const registryCase = (write: string) => `defmodule Pkg.Case do
  def write_registry(path, rows) do
    tid = :ets.new(:registry, [])
    :ets.insert(tid, rows ++ [{:version, 5}])
    ${write}
    :ets.delete(tid)
  end

  def version(path) do
    {:ok, t} = :ets.file2tab(String.to_charlist(path))
    :ets.lookup(t, :version)
  end
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'a test table written out with :ets.tab2file: the file format the code under test loads, not fixture storage',
      files: { 'test/support/case.ex': registryCase(':ok = :ets.tab2file(tid, String.to_charlist(path))') },
    },
    {
      name: 'a test helper a library ships in lib/ (lib/acme/test/): product code, its table shared by the tests of its users',
      files: {
        'lib/acme/test/routes.ex': `defmodule Acme.Test.Routes do
  use GenServer
  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)
  def owner(pid) do
    case :ets.lookup(:acme_test_routes, pid) do
      [{^pid, owner}] -> owner
      [] -> nil
    end
  end
  def claim(pid, owner), do: GenServer.call(__MODULE__, {:claim, pid, owner})
  def init(nil) do
    :ets.new(:acme_test_routes, [:named_table, :public, :set])
    {:ok, %{}}
  end
  def handle_call({:claim, pid, owner}, _from, s) do
    :ets.insert(:acme_test_routes, {pid, owner})
    {:reply, :ok, s}
  end
end
`,
      },
    },
    {
      name: 'tables a test never reads back: the page under test lists the node\'s tables itself',
      files: {
        'lib/dash/tables_page.ex': `defmodule Dash.TablesPage do
  def rows(filter) do
    for t <- :ets.all(), name = :ets.info(t, :name), String.contains?(inspect(name), filter), do: name
  end
end
`,
        'test/dash/tables_page_test.exs': `defmodule Dash.TablesPageTest do
  use ExUnit.Case

  test "search" do
    :ets.new(:foo_bar, [:set, :protected])
    big = :ets.new(:foo_big, [:set, :protected])
    for i <- 1..10, do: :ets.insert(big, {i})
    assert :foo_bar in Dash.TablesPage.rows("foo")
  end
end
`,
      },
    },
    {
      name: 'a table named after a value the code under test is given, which builds the same name',
      files: {
        'lib/relay/router.ex': `defmodule Relay.Router do
  def lookup(shard, key) do
    case :ets.lookup(routes(shard), key) do
      [{^key, node}] -> {:ok, node}
      [] -> :error
    end
  end

  defp routes(shard), do: :"#{shard}_routes"
end
`,
        'test/relay/router_test.exs': `defmodule Relay.RouterTest do
  use ExUnit.Case

  setup do
    shard = :"shard_#{System.unique_integer([:positive])}"
    :ets.new(:"#{shard}_routes", [:named_table, :public, :set])
    :ets.insert(:"#{shard}_routes", {"k1", :node_a})
    %{shard: shard}
  end

  test "routes a known key", %{shard: shard} do
    assert Relay.Router.lookup(shard, "k1") == {:ok, :node_a}
  end
end
`,
      },
    },
    {
      name: 'a named table the code under test reads, created by the test as its input',
      files: {
        'lib/shop/prices.ex': `defmodule Shop.Prices do
  @table :shop_prices
  def price(sku), do: :ets.lookup_element(@table, sku, 2)
end
`,
        'test/shop/prices_test.exs': `defmodule Shop.PricesTest do
  use ExUnit.Case

  setup do
    :ets.new(:shop_prices, [:named_table, :public])
    :ets.insert(:shop_prices, {"apple", 3})
    :ok
  end

  test "reads the price" do
    assert Shop.Prices.price("apple") == 3
  end
end
`,
      },
    },
    {
      name: 'the table is handed to the module under test',
      files: {
        'test/shop/cart_test.exs': `defmodule Shop.CartTest do
  use ExUnit.Case

  test "totals with prices from the table" do
    prices = :ets.new(:prices, [:set, :public])
    :ets.insert(prices, {"apple", 3})
    assert Shop.Cart.total(["apple"], prices) == 3
  end
end
`,
      },
    },
    {
      name: 'the setup context carries it to code under test',
      files: {
        'test/shop/cart_test.exs': `defmodule Shop.CartTest do
  use ExUnit.Case

  setup do
    table = :ets.new(:prices, [:set, :public])
    {:ok, prices: table}
  end

  test "totals", %{prices: prices} do
    :ets.insert(prices, {"apple", 3})
    assert Shop.Cart.total(["apple"], prices) == 3
  end
end
`,
      },
    },
    {
      name: 'the setup context read through a context field',
      files: {
        'test/shop/cart_test.exs': `defmodule Shop.CartTest do
  use ExUnit.Case

  setup do
    %{prices: :ets.new(:prices, [:public])}
  end

  test "totals", context do
    assert Shop.Cart.total(["apple"], context.prices) == 0
  end
end
`,
      },
    },
    {
      name: 'a telemetry handler records events from other processes',
      files: {
        'test/shop/events_test.exs': `defmodule Shop.EventsTest do
  use ExUnit.Case

  test "emits a checkout event" do
    events = :ets.new(:events, [:bag, :public])
    :telemetry.attach("t", [:shop, :checkout], fn _e, m, _md, _c -> :ets.insert(events, {:checkout, m}) end, nil)
    Shop.checkout()
    assert [{:checkout, _}] = :ets.lookup(events, :checkout)
  end
end
`,
      },
    },
    {
      name: 'tasks share the table',
      files: {
        'test/counter_test.exs': `defmodule CounterTest do
  use ExUnit.Case

  test "counts from many processes" do
    t = :ets.new(:c, [:public])
    :ets.insert(t, {:n, 0})
    1..10 |> Enum.map(fn _ -> Task.async(fn -> :ets.update_counter(t, :n, 1) end) end) |> Task.await_many()
    assert [{:n, 10}] = :ets.lookup(t, :n)
  end
end
`,
      },
    },
    {
      name: 'a named table that the library reads',
      files: {
        'lib/shop/prices.ex': `defmodule Shop.Prices do
  def price(item), do: :ets.lookup_element(:shop_prices, item, 2)
end
`,
        'test/shop/prices_test.exs': `defmodule Shop.PricesTest do
  use ExUnit.Case

  test "reads the price" do
    :ets.new(:shop_prices, [:named_table, :public])
    :ets.insert(:shop_prices, {"apple", 3})
    assert Shop.Prices.price("apple") == 3
  end
end
`,
      },
    },
    {
      name: 'a helper returns the table to code we do not follow',
      files: {
        'test/lookup_test.exs': `defmodule LookupTest do
  use ExUnit.Case

  defp new_table do
    t = :ets.new(:t, [])
    :ets.insert(t, {:a, 1})
    t
  end
end
`,
      },
    },
    {
      name: 'ETS itself is under test (a capture calls the table)',
      files: {
        'test/exception_test.exs': `defmodule ExceptionTest do
  use ExUnit.Case

  test "badarg on ets" do
    ets = :ets.new(:foo, [])
    :ets.delete(ets)
    assert message(:ets, & &1.insert(ets, 1)) =~ "does not refer to an existing ETS table"
  end
end
`,
      },
    },
    {
      name: 'a local helper hands the table to the code under test',
      files: {
        'test/permissions_test.exs': `defmodule PermissionsTest do
  use ExUnit.Case

  setup do
    users = :ets.new(:users, [:set, :public])
    %{users: users}
  end

  defp check(table, key), do: Permissions.can?(table, key)

  test "admins may delete", %{users: users} do
    assert check(users, :alice)
  end
end
`,
      },
    },
    {
      name: 'lib code is left to OTP005',
      code: `defmodule Units do
  def create do
    t = :ets.new(:units, [])
    :ets.insert(t, {:kg, 1000})
    :ets.lookup(t, :kg)
  end
end
`,
    },
  ],
  invalid: [
    {
      name: 'a test table only dumped back with :ets.tab2list: still fixture storage',
      files: { 'test/support/case.ex': registryCase('File.write!(path, :erlang.term_to_binary(:ets.tab2list(tid)))') },
      errors: [{ messageId: 'fixture', file: 'test/support/case.ex', line: 3, message: 'write_registry/2' }],
    },
    {
      name: 'a table only written in one test but read back in another test of the file',
      files: {
        'test/shop/stock_test.exs': `defmodule Shop.StockTest do
  use ExUnit.Case

  test "fills" do
    stock = :ets.new(:stock, [:set])
    :ets.insert(stock, {:apple, 3})
    assert Shop.Stock.ok?()
  end

  test "reads" do
    t = :ets.new(:other, [:set])
    :ets.insert(t, {:pear, 1})
    assert [{:pear, 1}] = :ets.lookup(t, :pear)
  end
end
`,
      },
      errors: [{ messageId: 'fixture', line: 5 }, { messageId: 'fixture', line: 11 }],
    },
    {
      name: 'fixture data in setup, read back through the context',
      files: { 'test/shop/prices_test.exs': pricesTest },
      errors: [{ messageId: 'fixture', line: 5, column: 13, severity: 'warning', file: 'test/shop/prices_test.exs', message: 'setup' }],
    },
    {
      name: 'information in REFACTOR',
      files: { 'test/shop/prices_test.exs': pricesTest },
      phase: 'refactor',
      errors: [{ messageId: 'fixture', severity: 'information' }],
    },
    { name: 'warning in RED', files: { 'test/shop/prices_test.exs': pricesTest }, phase: 'red', errors: [{ messageId: 'fixture', severity: 'warning' }] },
    {
      name: 'a table built and read inside one test',
      files: {
        'test/stack_test.exs': `defmodule StackTest do
  use ExUnit.Case

  test "keeps the last value" do
    table = :ets.new(:values, [:set])
    Enum.each([1, 2, 3], fn v -> :ets.insert(table, {:last, v}) end)
    assert :ets.lookup(table, :last) == [{:last, 3}]
    on_exit(fn -> :ets.delete(table) end)
  end
end
`,
      },
      errors: [{ messageId: 'fixture', line: 5, message: 'test "keeps the last value"' }],
    },
    {
      name: 'a named table in setup_all used by the tests',
      files: {
        'test/parser_test.exs': `defmodule ParserTest do
  use ExUnit.Case

  setup_all do
    :ets.new(:samples, [:named_table, :public])
    :ets.insert(:samples, {:ok, "1 + 2"})
    :ok
  end

  test "parses a sample" do
    [{:ok, source}] = :ets.lookup(:samples, :ok)
    assert is_binary(source)
  end
end
`,
      },
      errors: [{ messageId: 'fixture', line: 5, column: 5 }],
    },
    {
      name: 'a table created inside the setup context, read through a context field',
      files: {
        'test/cache_test.exs': `defmodule CacheTest do
  use ExUnit.Case

  setup do
    {:ok, store: :ets.new(:store, [:set, :public])}
  end

  test "stores a value", ctx do
    :ets.insert(ctx.store, {:k, 1})
    assert :ets.member(ctx.store, :k)
  end
end
`,
      },
      errors: [{ messageId: 'fixture', line: 5, column: 18 }],
    },
    {
      name: 'read back through a local helper that only calls :ets',
      files: {
        'test/accounts/permissions_test.exs': `defmodule Accounts.PermissionsTest do
  use ExUnit.Case, async: true

  setup do
    users = :ets.new(:users, [:set, :public])
    :ets.insert(users, {:alice, %{name: "Alice", role: :admin}})
    %{users: users}
  end

  defp user(table, key), do: :ets.lookup_element(table, key, 2)

  test "admins may delete", %{users: users} do
    assert Accounts.Permissions.can?(user(users, :alice), :delete)
  end
end
`,
      },
      errors: [{ messageId: 'fixture', file: 'test/accounts/permissions_test.exs', line: 5 }],
    },
    {
      name: 'fixture storage in test/support',
      files: {
        'test/support/fixtures.ex': `defmodule Ledger.Fixtures do
  def load! do
    if :ets.whereis(:ledger_fixtures) == :undefined do
      :ets.new(:ledger_fixtures, [:named_table, :public, :bag])
      :ets.insert(:ledger_fixtures, {:acme, %{type: :credit, amount: 500}})
    end

    :ok
  end

  def entries(account), do: for({_, e} <- :ets.lookup(:ledger_fixtures, account), do: e)
end
`,
      },
      errors: [{ messageId: 'fixture', file: 'test/support/fixtures.ex', line: 4, message: 'load!/0' }],
    },
    {
      name: 'a setup function named by setup',
      files: {
        'test/users_test.exs': `defmodule UsersTest do
  use ExUnit.Case

  setup :users

  defp users(_context) do
    users = :ets.new(:users, [])
    :ets.insert(users, {1, "ann"})
    [users: users]
  end

  test "finds ann", %{users: users} do
    assert :ets.lookup(users, 1) == [{1, "ann"}]
  end
end
`,
      },
      errors: [{ messageId: 'fixture', line: 7, message: 'users/1' }],
    },
  ],
});

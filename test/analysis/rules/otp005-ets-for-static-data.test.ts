import rule from '../../../src/analysis/rules/otp005-ets-for-static-data';
import { runRuleTests } from '../../helpers/rule-tester';

const countries = `defmodule Shop.Countries do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)
  def name(code), do: :ets.lookup_element(:countries, code, 2)

  @impl true
  def init(nil) do
    :ets.new(:countries, [:named_table, read_concurrency: true])
    :ets.insert(:countries, [{"NL", "Netherlands"}, {"BE", "Belgium"}])
    {:ok, nil}
  end
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'a cache written with run-time data',
      code: `defmodule Cache do
  use GenServer
  def init(_) do
    :ets.new(:cache, [:named_table, :public])
    :ets.insert(:cache, {:hits, 0})
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
      name: 'a counter updated after creation',
      code: `defmodule Hits do
  def setup do
    :ets.new(:hits, [:named_table, :public])
    :ets.insert(:hits, {:count, 0})
  end
  def hit, do: :ets.update_counter(:hits, :count, 1)
end
`,
    },
    {
      name: 'written by name from another module',
      files: {
        'lib/countries.ex': countries,
        'lib/admin.ex': `defmodule Shop.Admin do
  def add(code, name), do: :ets.insert(:countries, {code, name})
end
`,
      },
    },
    {
      name: 'filled from a file read at run time',
      code: `defmodule Rates do
  def load(path) do
    :ets.new(:rates, [:named_table])
    :ets.insert(:rates, path |> File.read!() |> :erlang.binary_to_term())
  end
end
`,
    },
    {
      name: 'filled in a loop over run-time rows',
      code: `defmodule Index do
  def build(rows) do
    table = :ets.new(:index, [])
    for {k, v} <- rows, do: :ets.insert(table, {k, v})
    table
  end
end
`,
    },
    {
      name: 'the table id escapes and the module writes to a table it cannot name',
      code: `defmodule Store do
  use GenServer
  def init(_) do
    table = :ets.new(:store, [:public])
    :ets.insert(table, {:version, 1})
    {:ok, %{table: table}}
  end
  def handle_cast({:put, k, v}, state) do
    :ets.insert(state.table, {k, v})
    {:noreply, state}
  end
end
`,
    },
    {
      name: 'a named table next to a write through a parameter',
      code: `defmodule Registry2 do
  def init_table do
    :ets.new(:entries, [:named_table, :public])
    :ets.insert(:entries, {:default, nil})
  end
  def put(table, k, v), do: :ets.insert(table, {k, v})
end
`,
    },
    {
      name: 'a public table next to a module that writes to tables it is given',
      files: {
        'lib/flags.ex': `defmodule Flags do
  def create do
    :ets.new(:flags, [:named_table, :public])
    :ets.insert(:flags, {:beta, false})
  end
end
`,
        'lib/table_util.ex': `defmodule TableUtil do
  def put(table, key, value), do: :ets.insert(table, {key, value})
end
`,
      },
    },
    {
      name: 'a table passed to a module that writes to tables it is given',
      files: {
        'lib/index.ex': `defmodule Index do
  def build do
    table = :ets.new(:index, [:set])
    :ets.insert(table, {:version, 1})
    Loader.fill(table)
    table
  end
end
`,
        'lib/loader.ex': `defmodule Loader do
  def fill(table), do: :ets.insert(table, {:loaded_at, System.system_time()})
end
`,
      },
    },
    {
      name: 'a table that is never filled',
      code: `defmodule Empty do
  def init_table, do: :ets.new(:empty, [:named_table, :public])
end
`,
    },
    {
      name: 'a table deleted elsewhere',
      code: `defmodule Temp do
  use GenServer
  def init(_) do
    :ets.new(:temp, [:named_table])
    :ets.insert(:temp, {:a, 1})
    {:ok, nil}
  end
  def terminate(_reason, _state), do: :ets.delete(:temp)
end
`,
    },
    {
      name: 'test support code is left to OTP006',
      files: {
        'test/support/fixtures.ex': `defmodule Fixtures do
  def load! do
    :ets.new(:fixtures, [:named_table, :public])
    :ets.insert(:fixtures, {:acme, 500})
  end
end
`,
      },
    },
    {
      name: 'tables in test files are left to OTP006',
      files: {
        'test/lookup_test.exs': `defmodule LookupTest do
  use ExUnit.Case
  defp table do
    t = :ets.new(:t, [])
    :ets.insert(t, {:a, 1})
    t
  end
end
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a named table filled with literals in init',
      code: countries,
      errors: [{ messageId: 'static', line: 9, column: 5, severity: 'warning', message: 'init/1' }],
    },
    { name: 'information in REFACTOR', code: countries, phase: 'refactor', errors: [{ messageId: 'static', severity: 'information' }] },
    { name: 'warning in RED', code: countries, phase: 'red', errors: [{ messageId: 'static', severity: 'warning' }] },
    {
      name: 'an unnamed table kept in the state and only read afterwards',
      code: `defmodule Units do
  use GenServer
  def init(_) do
    table = :ets.new(:units, [:set, :protected])
    :ets.insert(table, [{:kg, 1000}, {:g, 1}])
    {:ok, table}
  end
  def handle_call({:grams, unit}, _from, table) do
    [{^unit, g}] = :ets.lookup(table, unit)
    {:reply, g, table}
  end
end
`,
      errors: [{ messageId: 'static', line: 4, column: 13 }],
    },
    {
      name: 'filled from a module attribute, named by an attribute',
      code: `defmodule Vat do
  @table :vat_rates
  @rates [{"NL", 21}, {"DE", 19}]

  def start do
    :ets.new(@table, [:named_table, :public, read_concurrency: true])
    Enum.each(@rates, &:ets.insert(@table, &1))
  end

  def rate(country), do: :ets.lookup_element(@table, country, 2)
end
`,
      errors: [{ messageId: 'static', line: 6, column: 5, message: 'start/0' }],
    },
    {
      name: 'filled by a comprehension over a literal list',
      code: `defmodule Roles do
  def create do
    :ets.new(__MODULE__, [:named_table])
    for {role, level} <- [admin: 3, editor: 2, viewer: 1], do: :ets.insert(__MODULE__, {role, level})
  end
end
`,
      errors: [{ messageId: 'static', line: 3, column: 5 }],
    },
    {
      name: 'created in the Application callback',
      code: `defmodule Shop.Application do
  use Application
  def start(_type, _args) do
    :ets.new(:shop_config, [:named_table, :public])
    :ets.insert(:shop_config, {:currency, "EUR"})
    Supervisor.start_link([], strategy: :one_for_one)
  end
end
`,
      errors: [{ messageId: 'static', line: 4 }],
    },
  ],
});

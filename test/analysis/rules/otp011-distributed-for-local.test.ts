import rule from '../../../src/analysis/rules/otp011-distributed-for-local';
import { runRuleTests } from '../../helpers/rule-tester';

const stock = `defmodule Shop.Stock do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, %{}, name: {:global, __MODULE__})
  def reserve(sku), do: GenServer.call({:global, __MODULE__}, {:reserve, sku})

  @impl true
  def init(stock), do: {:ok, stock}

  @impl true
  def handle_call({:reserve, sku}, _from, stock), do: {:reply, :ok, Map.update(stock, sku, 1, &(&1 + 1))}
end
`;

const mix = (deps: string) => `defmodule Shop.MixProject do
  use Mix.Project

  def project, do: [app: :shop, version: "0.1.0", deps: deps()]

  defp deps, do: [${deps}]
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'process groups on one node: :pg as a local pub/sub registry, and an OTP version probe of :pg',
      code: `defmodule Shop.Workers do
  def join, do: :pg.join(:shop_workers, self())
  def broadcast(msg), do: for(pid <- :pg.get_members(:shop_workers), do: send(pid, msg))
  def pg_available?, do: function_exported?(:pg, :module_info, 0) and :pg.module_info() != []
end
`,
    },
    {
      name: 'forwarding a {:global, name} its caller chose',
      code: `defmodule Names do
  def whereis({:global, name}), do: :global.whereis_name(name)
  def whereis(name) when is_atom(name), do: Process.whereis(name)

  def send_to({:global, name}, msg), do: :global.send(name, msg)
end
`,
    },
    {
      name: 'rebuilding a {:global, name} received from the caller',
      code: `defmodule Names.Normalize do
  def normalize({:global, name}), do: {:global, name}
  def normalize(name) when is_atom(name), do: name
end
`,
    },
    {
      name: 'asking the node a pid lives on',
      code: `defmodule Inspect.Proc do
  def info(pid) when is_pid(pid), do: :erpc.call(node(pid), :erlang, :process_info, [pid, :memory])
end
`,
    },
    {
      name: 'a remote call to a node given by the caller',
      code: `defmodule Remote do
  def eval(node, expr) do
    target = String.to_atom(node)
    :erpc.call(target, Code, :eval_string, [expr])
  end
end
`,
    },
    {
      name: 'this node and whichever nodes are connected',
      code: `defmodule Shells do
  def all do
    for node <- [node() | Node.list()], pid = :erpc.call(node, Shells, :local, []), do: pid
  end
end
`,
    },
    {
      name: 'the local node name is not distribution',
      code: `defmodule Info do
  def describe do
    if Node.alive?(), do: "#{node()} (#{Node.self()})", else: "not distributed"
  end
end
`,
    },
    {
      name: 'matching a {:global, name} is not choosing one',
      code: `defmodule Label do
  def label(name) do
    case name do
      {:global, term} -> inspect(term)
      other -> inspect(other)
    end
  end
end
`,
    },
    {
      name: 'justified by a test that starts a peer node',
      files: {
        'lib/shop/stock.ex': stock,
        'test/shop/stock_test.exs': `defmodule Shop.StockTest do
  use ExUnit.Case

  test "reserves from another node" do
    {:ok, peer, node} = :peer.start(%{name: :other})
    assert :erpc.call(node, Shop.Stock, :reserve, ["sku"]) == :ok
    :peer.stop(peer)
  end
end
`,
      },
    },
    { name: 'a project that depends on libcluster', files: { 'mix.exs': mix('{:libcluster, "~> 3.3"}'), 'lib/shop/stock.ex': stock } },
    { name: 'a project that clusters through DNS', files: { 'mix.exs': mix('{:dns_cluster, "~> 0.1.1"}'), 'lib/shop/stock.ex': stock } },
    {
      name: 'a pluggable adapter beside a local one',
      files: {
        'lib/shop/notifier.ex': `defmodule Shop.Notifier do
  @callback notify(term()) :: :ok
end
`,
        'lib/shop/notifiers/pg.ex': `defmodule Shop.Notifiers.PG do
  @behaviour Shop.Notifier
  @impl true
  def notify(msg) do
    for pid <- :pg.get_members(__MODULE__, :shop), do: send(pid, msg)
    :ok
  end
end
`,
        'lib/shop/notifiers/local.ex': `defmodule Shop.Notifiers.Local do
  @behaviour Shop.Notifier
  @impl true
  def notify(msg), do: Phoenix.PubSub.broadcast(Shop.PubSub, "shop", msg)
end
`,
      },
    },
    {
      name: 'tests may use distribution freely',
      files: {
        'test/support_test.exs': `defmodule SupportTest do
  use ExUnit.Case
  defp remote(fun), do: :rpc.call(node(), :erlang, :apply, [fun, []])
end
`,
      },
    },
      {
      name: 'a strategy package of a clustering library (libcluster_postgres) makes a cluster project',
      files: { 'mix.exs': mix('{:libcluster_postgres, "~> 0.1"}'), 'lib/shop/stock.ex': stock },
    },
    {
      name: 'a project that starts Cluster.Supervisor',
      files: {
        'lib/shop/stock.ex': stock,
        'lib/shop/application.ex': `defmodule Shop.Application do
  use Application
  def start(_type, _args) do
    topologies = Application.get_env(:libcluster, :topologies, [])
    children = [{Cluster.Supervisor, [topologies, [name: Shop.ClusterSupervisor]]}, Shop.Stock]
    Supervisor.start_link(children, strategy: :one_for_one)
  end
end
`,
      },
    },
    {
      name: 'test support that starts peer nodes (justified by its multinode tests)',
      files: {
        'lib/shop/stock.ex': stock,
        'test/support/cluster.ex': `defmodule Shop.TestCluster do
  def spawn(nodes) do
    for node <- nodes do
      {:ok, _pid, name} = :peer.start(%{name: node})
      name
    end
  end
end
`,
      },
    },
    {
      name: 'test support that starts slave nodes in a helper of its own (older projects, before :peer)',
      files: {
        'lib/shop/stock.ex': stock,
        'test/support/cluster.ex': `defmodule Shop.TestCluster do
  def spawn_nodes(nodes), do: Enum.map(nodes, &spawn_node/1)

  def spawn_node(name) do
    {:ok, node} = :slave.start('127.0.0.1', String.to_atom(name), '-setcookie c')
    {:ok, node}
  end
end
`,
      },
    },
    {
      name: 'a {:global, key} tuple that names no process (a cache key)',
      code: `defmodule Shop.Caches do
  def put(org_id, key, value), do: Cachex.put(:shop_cache, {:global, key}, value)
  def get(key), do: Cachex.get(:shop_cache, {:global, key})
end
`,
    },
    {
      name: 'locks with :global.trans and set_lock work on one node too',
      code: `defmodule Shop.Tx do
  def transaction(keys, fun) do
    :global.trans({__MODULE__, keys}, fun)
  end

  def lock(id), do: :global.set_lock({id, self()}, [node()])
  def unlock(id), do: :global.del_lock({id, self()}, [node()])
end
`,
    },
    {
      name: 'registering under a non-atom term with :global',
      code: `defmodule Game do
  def register(id), do: :global.register_name({:game, id}, self())
end
`,
    },
    {
      name: 'a library clause resolving the GenServer.name() forms its caller passes',
      code: `defmodule ConCache.Owner do
  def cache({:global, name}), do: cache({:via, :global, name})
  def cache({:via, module, name}), do: module.whereis_name(name)
  def cache(name), do: name
end
`,
    },
  ],
  invalid: [
    {
      name: 'a {:global, name} for a single-node GenServer is one finding, at its first use',
      code: stock,
      errors: [{ messageId: 'distributed', line: 4, column: 70, severity: 'warning', message: '{:global, name} in start_link/1 uses distributed Erlang, but no test runs several nodes and no dependency forms a cluster. (1 more use of distribution in this module.) No test' }],
    },
    { name: 'information in REFACTOR', code: stock, phase: 'refactor', errors: [{ messageId: 'distributed', severity: 'information' }] },
    { name: 'warning in RED', code: stock, phase: 'red', errors: [{ messageId: 'distributed', severity: 'warning' }] },
    {
      name: 'test support that only names the local node starts no other',
      files: {
        'lib/shop/stock.ex': stock,
        'test/support/nodes.ex': `defmodule Shop.TestNodes do
  def here, do: Node.self()
end
`,
      },
      errors: [{ messageId: 'distributed', file: 'lib/shop/stock.ex', line: 4 }],
    },
    {
      name: 'an rpc to this very node',
      code: `defmodule Shop.Tax do
  def rate(country), do: :rpc.call(node(), Shop.Rates, :lookup, [country])
  def spawn_worker(fun), do: Node.spawn(Node.self(), fun)
end
`,
      errors: [{ messageId: 'local', line: 2, column: 26, message: ':rpc.call in rate/1 is aimed at this node' }],
    },
    {
      name: 'process groups beside a node connected by hand: the connect is the distribution, one finding',
      code: `defmodule Shop.Workers do
  def join, do: :pg.join(:shop_workers, self())
  def link_peer, do: Node.connect(:"shop@peer")
  def broadcast(msg), do: for(pid <- :pg.get_members(:shop_workers), do: send(pid, msg))
end
`,
      errors: [{ messageId: 'distributed', line: 3, message: 'Node.connect in link_peer/0' }],
    },
    {
      name: 'a node name written in the code',
      code: `defmodule Shop.Reports do
  def build(month), do: Node.spawn(:"reports@localhost", Shop.Reports, :run, [month])
end
`,
      errors: [{ messageId: 'distributed', line: 2, column: 25 }],
    },
    {
      name: 'broadcasting to the other nodes only',
      code: `defmodule Shop.Cache do
  def invalidate(key), do: :rpc.multicall(Node.list(), Shop.Cache, :drop, [key])
end
`,
      errors: [{ messageId: 'distributed', line: 2 }],
    },
    {
      name: 'a node taken from configuration',
      code: `defmodule Archive.API do
  @store_node Application.compile_env(:archive, :store_node, node())

  def document(id), do: :rpc.call(@store_node, Archive.Store, :fetch, [id])
end
`,
      errors: [{ messageId: 'distributed', line: 4, column: 25 }],
    },
    {
      name: 'a cluster-wide atom name registered with :global',
      code: `defmodule Leader do
  def elect, do: :global.register_name(:leader, self())
end
`,
      errors: [{ messageId: 'distributed', line: 2 }],
    },
    {
      name: 'a test that only calls it does not justify it',
      files: {
        'mix.exs': mix('{:jason, "~> 1.4"}'),
        'lib/shop/stock.ex': stock,
        'test/shop/stock_test.exs': `defmodule Shop.StockTest do
  use ExUnit.Case
  test "reserves" do
    start_supervised!(Shop.Stock)
    assert Shop.Stock.reserve("sku") == :ok
  end
end
`,
      },
      errors: [{ messageId: 'distributed', file: 'lib/shop/stock.ex', message: 'test/shop/stock_test.exs' }],
    },
  ],
});

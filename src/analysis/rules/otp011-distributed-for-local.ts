// OTP011: distributed Erlang (remote calls, cluster-wide names) in a project that runs one node.
import { isTestCode, type ModuleFacts } from '../facts/types';
import type { ProjectIndex } from '../project-index';
import { defineRule, PREMATURE } from './define';

/** The project behaviour a module implements (`@behaviour MyApp.Notifier`), when the project defines it. */
function projectBehaviour(mod: ModuleFacts, project: ProjectIndex): string | undefined {
  const b = mod.attributes.get('behaviour');
  return b?.t === 'alias' && project.module(b.name) ? b.name : undefined;
}

/**
 * One of several implementations of a project behaviour: a pluggable adapter (Oban's `Notifiers.PG` beside
 * `Notifiers.Postgres`). Its users pick the distributed one when they run a cluster; it is not this project's choice.
 */
function isAlternative(mod: ModuleFacts, project: ProjectIndex): boolean {
  const b = projectBehaviour(mod, project);
  return !!b && project.modules.some((m) => m !== mod && projectBehaviour(m, project) === b);
}

export default defineRule({
  id: 'OTP011',
  name: 'distributed-for-local',
  severity: PREMATURE,
  justifiedBy: ['multinode'],
  messages: {
    local: '{call} in {fn} is aimed at this node: the local equivalent (a direct call, `spawn`) does the same without distributed Erlang.{more}',
    distributed: '{call} in {fn} uses distributed Erlang, but no test runs several nodes and no dependency forms a cluster.{more}',
  },
  explanation: {
    what:
      'Distributed Erlang (`:rpc`, `:erpc`, `:global`, `Node.spawn/connect/monitor`, `{:global, name}` names) ' +
      'in a project with no multi-node test and no clustering dependency, or aimed at the local node.',
    why:
      'Cluster-wide names and remote calls bring cluster concerns (net splits, name conflicts, ' +
      'remote failures) that a single node never meets, and nothing here shows the code runs on several nodes. ' +
      'A local name (`name: __MODULE__`), a direct function call or a Registry does the same on one node. Add ' +
      'distribution with a test that starts peer nodes (`:peer`) or a clustering dependency. Code that only ' +
      'forwards a node or name its caller chooses (a pid\'s node, a `{:global, name}` argument) is left alone. ' +
      'Not flagged: a project that depends on a clustering library (`libcluster` and its strategies such as ' +
      '`libcluster_postgres`, `horde`, `dns_cluster`...) or starts `Cluster.Supervisor`; one whose test support ' +
      'starts peer nodes (`:peer`, `:slave`, LocalCluster); `{:global, key}` tuples that name no process (a cache ' +
      'key); `:global` locks (`:global.trans`, `set_lock`), which serialise callers on one node too, and ' +
      '`:global` names that are not atoms; `:pg` process groups, which on one node are a local pub/sub registry ' +
      '(they reach other nodes only once something else connects them); a library clause that accepts the `{:global, name}` forms of ' +
      '`GenServer.name()` its callers pass. One module choosing distribution is one finding, at its first use.',
    source: 'OTP Advisor: signs of premature OTP (distribution without a second node)',
    bad: `defmodule Shop.Stock do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, %{}, name: {:global, __MODULE__})
  def reserve(sku), do: GenServer.call({:global, __MODULE__}, {:reserve, sku})

  @impl true
  def init(stock), do: {:ok, stock}

  @impl true
  def handle_call({:reserve, sku}, _from, stock), do: {:reply, :ok, Map.update(stock, sku, 1, &(&1 + 1))}
end`,
    good: `defmodule Shop.Stock do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, %{}, name: __MODULE__)
  def reserve(sku), do: GenServer.call(__MODULE__, {:reserve, sku})

  @impl true
  def init(stock), do: {:ok, stock}

  @impl true
  def handle_call({:reserve, sku}, _from, stock), do: {:reply, :ok, Map.update(stock, sku, 1, &(&1 + 1))}
end`,
  },
  check(mod, ctx) {
    if (!mod.distribution.length || isTestCode(mod)) return;
    const { project } = ctx;
    if (project.hasMultinodeTests || project.hasClusterDeps || isAlternative(mod, project)) return;
    // One design decision, one finding: the module's first use, with how many more there are.
    const flagged = mod.distribution.filter((d) => d.aim === 'local' || d.aim === 'chosen');
    const [first] = flagged;
    if (!first) return;
    const others = flagged.length - 1;
    const more = others ? ` (${others} more use${others > 1 ? 's' : ''} of distribution in this module.)` : '';
    ctx.report({ messageId: first.aim === 'local' ? 'local' : 'distributed', at: first.span, data: { call: first.call, fn: first.inFunction, more } });
  },
});

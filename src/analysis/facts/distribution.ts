// Distributed Erlang in a module (OTP011): remote calls and cluster-wide names, and where each
// one is aimed. Whether the code picks the node itself or takes it from its caller is what separates
// "distribution as a design choice" from library code that merely works with whatever node it is given.
import type { Term, Tuple } from '../parse/term';
import { atomValue, modName, returnPoints, varsIn, visit } from '../parse/term-queries';
import { nameTuples, visitValues } from './paths';
import { fnLabel, type FunctionClause, type ModuleFacts } from './types';

type Aim = ModuleFacts['distribution'][number]['aim'];

const NODE_FNS = ['connect', 'spawn', 'spawn_link', 'spawn_monitor', 'monitor'];
/**
 * `:global` functions that work the same on one node: locks (`:global.trans`, `set_lock`) serialise callers of
 * this node too (Nebulex's transactions), and they are not a choice of cluster-wide process names.
 */
const GLOBAL_LOCKS = ['trans', 'set_lock', 'del_lock'];
/** `:global` name functions: a process name only when the name is an atom; `{__MODULE__, id}` keys a lock or a one-off. */
const GLOBAL_NAMES = ['register_name', 're_register_name', 'unregister_name', 'whereis_name', 'send'];
/** Process APIs whose first argument names the process. */
const PROCESS_APIS = new Set(['GenServer', 'Agent', 'GenStage', ':gen_server', ':gen_statem', 'GenStateMachine', 'Supervisor', 'DynamicSupervisor']);
/** Functions whose result is used as a process name (`def via(id), do: {:global, {__MODULE__, id}}`). */
const NAMING_FN = /(?:^|_)(?:name|via|server|process|pid|registered)(?:_|$)/;
/** `:rpc` functions without a node list run on every connected node: `:rpc.multicall(M, f, a)`. */
const RPC_ALL = ['multicall', 'eval_everywhere', 'abcast', 'sbcast', 'multi_server_call'];

export function collectDistribution(mod: ModuleFacts): ModuleFacts['distribution'] {
  const out: ModuleFacts['distribution'] = [];
  for (const f of mod.functions) {
    if (!f.body) continue;
    const { tuples, names } = nameTuples(f.body);
    if (!tuples.length) continue;
    const asName = namePositions(f, names);
    // `def cache({:global, name}), do: cache({:via, :global, name})`: a library accepting every GenServer.name()
    // form its caller may pass; the caller chose the name, and the library no distribution.
    const accepts = acceptsGlobalName(f);
    for (const t of tuples) {
      const [first, second] = t.items;
      if (first.t !== 'lit') continue;
      if (first.value === ':global' && t.items.length === 2) {
        // `Cachex.put(cache, {:global, key}, value)`: a tuple that names no process is data.
        if (!asName.has(t)) continue;
        out.push({ call: '{:global, name}', aim: accepts || rewraps(f, second) ? 'given' : 'chosen', inFunction: fnLabel(f), span: t.span });
      } else if (first.value === ':via' && second?.t === 'lit' && second.value === ':global') {
        out.push({ call: '{:via, :global, name}', aim: accepts ? 'given' : 'chosen', inFunction: fnLabel(f), span: t.span });
      }
    }
  }
  const flows = new Map<FunctionClause, Flow>();
  for (const { call: c, fn } of mod.calls) {
    const m = modName(c);
    // `:pg` is left out: a process group works as a local pub/sub registry on one node (issue 15) and spans nodes
    // only once something else (`Node.connect`, a clustering library) has joined them, which is flagged there.
    if (m !== 'Node' && m !== ':rpc' && m !== ':erpc' && m !== ':global') continue;
    // The data flow of the function is only needed when the node is a variable or a field.
    const flow = () => flows.get(fn) ?? flows.set(fn, dataFlow(fn)).get(fn)!;
    let a: Aim | undefined;
    if (m === 'Node') a = NODE_FNS.includes(c.name) ? aimOf(c.args[0], flow, false) : undefined;
    else if (m === ':rpc' || m === ':erpc') {
      const first = c.args[0];
      const moduleFirst = first?.t === 'alias' || (first?.t === 'lit' && c.args.length === 3);
      a = m === ':rpc' && RPC_ALL.includes(c.name) && (!first || moduleFirst) ? 'connected' : aimOf(first, flow, false);
    } else if (m === ':global' && GLOBAL_LOCKS.includes(c.name)) a = undefined;
    else if (m === ':global' && GLOBAL_NAMES.includes(c.name) && c.args[0] && !isAtomName(c.args[0], mod)) a = undefined;
    else a = aimOf(c.args[0], flow, true);
    if (a) out.push({ call: `${m}.${c.name}`, aim: a, inFunction: fnLabel(fn), span: c.span });
  }
  return out;
}

/** Tuples used as a process name: a `name:` option, the first argument of a process API, a naming function's result. */
function namePositions(f: FunctionClause, names: Set<Term>): Set<Tuple> {
  const out = new Set<Tuple>();
  const add = (t: Term | undefined) => {
    if (t?.t === 'tuple') out.add(t);
  };
  for (const n of names) add(n);
  visitValues(f.body ?? [], (t) => {
    if (t.t === 'call' && PROCESS_APIS.has(modName(t) ?? '')) add(t.args[0]);
    else if (t.t === 'call' && !t.mod && (t.name === 'send' || t.name === 'via_tuple')) add(t.args[0]);
  });
  if (NAMING_FN.test(f.name)) for (const r of returnPoints(f.body ?? [])) add(r);
  return out;
}

/** A head pattern `{:global, name}` or `{:via, :global, name}`: the function resolves a name its caller passes. */
function acceptsGlobalName(f: FunctionClause): boolean {
  let found = false;
  visit(f.params, (t) => {
    if (t.t !== 'tuple') return;
    const [a, b] = t.items;
    found ||= atomValue(a) === ':global' || (atomValue(a) === ':via' && atomValue(b) === ':global');
  });
  return found;
}

/** An atom name (`:my_server`, `__MODULE__`, an attribute holding one): a process name, unlike a tuple key. */
function isAtomName(t: Term, mod: ModuleFacts): boolean {
  if (t.t === 'attr' && !t.value) {
    const v = mod.attributes.get(t.name);
    return !!v && isAtomName(v, mod);
  }
  return t.t === 'alias' || (t.t === 'lit' && t.kind === 'atom') || (t.t === 'var' && t.name === '__MODULE__');
}

/** `def normalize({:global, name}), do: {:global, name}`: the name arrived as a `{:global, _}` the caller built. */
function rewraps(f: FunctionClause, name: Term): boolean {
  if (name.t !== 'var') return false;
  let found = false;
  visit(f.params, (t) => {
    if (t.t === 'tuple' && t.items.length === 2 && t.items[0].t === 'lit' && t.items[0].value === ':global') {
      found ||= t.items[1].t === 'var' && t.items[1].name === name.name;
    }
  });
  return found;
}

interface Flow {
  /** Variables bound by the function head. */
  params: Set<string>;
  /** Variables computed from the head's: `node = stream.node`. */
  given: Set<string>;
  /** Variables drawn from this node and the connected ones: `for node <- [node() | Node.list()]`. */
  connected: Set<string>;
  /** Variables drawn from the other nodes only: `for node <- Node.list()`. */
  remote: Set<string>;
}

function dataFlow(f: FunctionClause): Flow {
  const params = varsIn(f.params);
  const flow: Flow = { params, given: new Set(params), connected: new Set(), remote: new Set() };
  // A second pass settles chains of bindings the walk meets out of order (`for` filters, nested blocks).
  for (let pass = 0; pass < 2; pass++) {
    visit(f.body ?? [], (t) => {
      if (t.t !== 'op' || (t.op !== '=' && t.op !== '<-')) return;
      const from = varsIn([t.right]);
      const into = varsIn([t.left]);
      const nodes = nodesOf(t.right, flow);
      if (nodes) for (const v of into) flow[nodes].add(v);
      else if ([...from].some((v) => flow.given.has(v))) for (const v of into) flow.given.add(v);
    });
  }
  return flow;
}

/**
 * Nodes drawn from `Node.list()`: with this node too (`[node() | Node.list()]`) the code works the same on one
 * node (IEx's broker asks every connected node for shells); without it, it only ever reaches other nodes.
 */
function nodesOf(t: Term, flow: Flow): 'connected' | 'remote' | undefined {
  let list = false;
  let local = false;
  let from: 'connected' | 'remote' | undefined;
  visit([t], (x) => {
    if (x.t === 'call' && ((modName(x) === 'Node' && x.name === 'list') || (modName(x) === ':erlang' && x.name === 'nodes'))) list = true;
    else if (isLocalNode(x)) local = true;
    else if (x.t === 'var' && (flow.connected.has(x.name) || flow.remote.has(x.name))) from = flow.connected.has(x.name) ? 'connected' : 'remote';
  });
  return list ? (local ? 'connected' : 'remote') : from;
}

function isLocalNode(t: Term): boolean {
  if (t.t === 'call') return (!t.mod && t.name === 'node' && t.args.length === 0) || (modName(t) === 'Node' && t.name === 'self');
  return t.t === 'list' && t.items.length > 0 && t.items.every(isLocalNode);
}

/**
 * `nameOnly`: for `:global`, only a name the caller passes unchanged is theirs (`def cast({:global, name}, msg)`
 * forwards it); a name built from an argument (`{__MODULE__, id}`) is still this code's choice of a cluster-wide name.
 */
function aimOf(t: Term | undefined, flowOf: () => Flow, nameOnly: boolean): Aim {
  if (!t) return 'chosen';
  if (nameOnly) return t.t === 'var' && flowOf().params.has(t.name) ? 'given' : 'chosen';
  if (isLocalNode(t)) return 'local';
  // The node a pid, port or reference lives on: the code follows its data.
  if (t.t === 'call' && !t.mod && t.name === 'node' && t.args.length === 1) return isSelf(t.args[0]) ? 'local' : 'given';
  if (t.t !== 'var' && t.t !== 'field' && t.t !== 'access' && t.t !== 'list' && t.t !== 'op' && t.t !== 'call') return 'chosen';
  const flow = flowOf();
  const nodes = nodesOf(t, flow);
  if (nodes) return nodes === 'connected' ? 'connected' : 'chosen';
  if (t.t === 'var') return flow.given.has(t.name) ? 'given' : 'chosen';
  if (t.t === 'field' || t.t === 'access') return [...varsIn([t])].some((v) => flow.given.has(v)) ? 'given' : 'chosen';
  return 'chosen';
}

function isSelf(t: Term): boolean {
  return t.t === 'call' && !t.mod && t.name === 'self' && t.args.length === 0;
}

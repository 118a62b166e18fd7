// Child lists given to Supervisor.init/2 and Supervisor.start_link/2, with their strategy.
import type { Call, Term } from '../parse/term';
import { atomValue, keyword, modName, visit } from '../parse/term-queries';
import { originsOf } from './flow';
import { fnLabel, type ChildList, type FunctionClause, type ModuleFacts } from './types';

export function collectChildLists(mod: ModuleFacts): ChildList[] {
  const out: ChildList[] = [];
  const added = addedChildren(mod);
  for (const { call, fn } of mod.calls) {
    // `supervise(children, opts)`: the deprecated Supervisor.Spec form of `Supervisor.init/2`, still in books.
    const spec = !call.mod && call.name === 'supervise' && call.args.length === 2;
    if (!spec && (modName(call) !== 'Supervisor' || (call.name !== 'init' && call.name !== 'start_link'))) continue;
    const [first, opts] = call.args;
    // Supervisor.start_link(__MODULE__, arg, opts) starts a module-based supervisor: not a child list.
    if (!first || first.t === 'alias') continue;
    const strategy = atomValue(keyword(opts, 'strategy'))?.slice(1);
    out.push({
      via: spec ? 'init' : (call.name as ChildList['via']),
      children: childrenOf(first, fn),
      strategy,
      // Under the legacy `:simple_one_for_one` the one entry is a template for children added at run time with
      // `Supervisor.start_child`: a dynamic supervisor, like a DynamicSupervisor.
      dynamic: strategy === 'simple_one_for_one',
      maxRestarts: literalText(keyword(opts, 'max_restarts')),
      autoShutdown: atomValue(keyword(opts, 'auto_shutdown'))?.slice(1),
      // A module-based supervisor's own list is joined by what the module adds to itself after it starts; a
      // list given to start_link/2 has no module to read that from, so any start_child leaves it open.
      added: spec || call.name === 'init' ? added : added?.length ? undefined : added,
      inFunction: fnLabel(fn),
      span: call.span,
    });
  }
  return out;
}

/**
 * The child specs a module gives with `Supervisor.start_child` to its own supervisor after it starts (the book
 * pattern: `{:ok, sup} = Supervisor.start_link(__MODULE__, arg)`, then `start_children(sup)` adds each child).
 * The target is the own supervisor when it is `__MODULE__`, the module's name, or a pid that comes from its own
 * `Supervisor.start_link(__MODULE__, …)`, in the same clause or through a parameter of a local function.
 * Undefined when some start_child cannot be attributed: another target, a spec naming no module, a call in a
 * closure or comprehension (it may add any number of children).
 */
function addedChildren(mod: ModuleFacts): Term[] | undefined {
  const out: Term[] = [];
  for (const { call, fn } of mod.calls) {
    if (modName(call) !== 'Supervisor' || call.name !== 'start_child') continue;
    const [target, spec] = call.args;
    if (!target || !spec || !childModule(spec) || !isOwnSupervisor(target, fn, mod, 2) || isRepeated(call, fn)) return undefined;
    out.push(spec);
  }
  return out;
}

function isOwnStart(t: Term, mod: ModuleFacts): boolean {
  const first = t.t === 'call' && modName(t) === 'Supervisor' && t.name === 'start_link' ? t.args[0] : undefined;
  return first?.t === 'alias' && (!!first.current || first.name === mod.name);
}

function isOwnSupervisor(t: Term, fn: FunctionClause, mod: ModuleFacts, depth: number): boolean {
  if (t.t === 'alias') return !!t.current || t.name === mod.name;
  const origins = originsOf(t, fn);
  return (
    origins.length > 0 &&
    origins.every((o) => {
      if ('term' in o) return isOwnStart(o.term, mod);
      // A parameter: every local call of this function passes the own supervisor there.
      const callers = depth > 0 ? mod.calls.filter(({ call }) => !call.mod && call.name === fn.name && call.args.length === fn.arity) : [];
      return o.path.length === 0 && callers.length > 0 && callers.every(({ call, fn: caller }) => !!call.args[o.param] && isOwnSupervisor(call.args[o.param], caller, mod, depth - 1));
    })
  );
}

/** Inside a closure or a `for` comprehension of the clause: run any number of times. */
function isRepeated(call: Call, fn: FunctionClause): boolean {
  let repeated = false;
  const walk = (roots: Term[], inLoop: boolean): void =>
    visit(roots, (t) => {
      if (t === call) {
        repeated ||= inLoop;
        return false;
      }
      if (!inLoop && (t.t === 'fn' || (t.t === 'call' && !t.mod && t.name === 'for'))) {
        walk([t], true);
        return false;
      }
      return undefined;
    });
  walk(fn.body ?? [], false);
  return repeated;
}

function literalText(t: Term | undefined): string | undefined {
  return t?.t === 'lit' ? t.value : undefined;
}

/** A literal list, or a variable bound to one in the same function (`children = [...]`). */
function childrenOf(t: Term, fn: FunctionClause): Term[] | undefined {
  if (t.t === 'list') return t.items;
  if (t.t !== 'var' || !fn.body) return undefined;
  let found: Term[] | undefined;
  let bindings = 0;
  visit(fn.body, (x) => {
    if (x.t === 'op' && x.op === '=' && x.left.t === 'var' && x.left.name === t.name) {
      bindings++;
      found = x.right.t === 'list' ? x.right.items : undefined;
    }
  });
  // Bound more than once (e.g. in branches): we cannot tell which list reaches the call.
  return bindings === 1 ? found : undefined;
}

/** The module a child spec starts: `Mod`, `{Mod, arg}`, `Mod.child_spec(..)`, `%{start: {Mod, ...}}`. */
export function childModule(t: Term): string | undefined {
  if (t.t === 'alias') return t.name;
  if (t.t === 'tuple' && t.items[0]?.t === 'alias') return t.items[0].name;
  // `worker(Mod, args)` / `supervisor(Mod, args)`: the deprecated Supervisor.Spec helpers, still in books.
  if (t.t === 'call' && !t.mod && (t.name === 'worker' || t.name === 'supervisor') && t.args[0]?.t === 'alias') return t.args[0].name;
  if (t.t === 'call' && t.mod?.t === 'alias') {
    if (t.mod.name === 'Supervisor' && t.name === 'child_spec' && t.args[0]) return childModule(t.args[0]);
    if (t.name === 'child_spec') return t.mod.name;
  }
  if (t.t === 'map') {
    const start = t.items.find((i) => i.t === 'pair' && atomValue(i.key) === ':start');
    if (start?.t === 'pair' && start.value.t === 'tuple' && start.value.items[0]?.t === 'alias') return start.value.items[0].name;
  }
  return undefined;
}

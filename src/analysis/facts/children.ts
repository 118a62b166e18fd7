// Child lists given to Supervisor.init/2 and Supervisor.start_link/2, with their strategy.
import type { Term } from '../parse/term';
import { atomValue, keyword, modName, visit } from '../parse/term-queries';
import { fnLabel, type ChildList, type FunctionClause, type ModuleFacts } from './types';

export function collectChildLists(mod: ModuleFacts): ChildList[] {
  const out: ChildList[] = [];
  for (const { call, fn } of mod.calls) {
    // `supervise(children, opts)`: the deprecated Supervisor.Spec form of `Supervisor.init/2`, still in books.
    const spec = !call.mod && call.name === 'supervise' && call.args.length === 2;
    if (!spec && (modName(call) !== 'Supervisor' || (call.name !== 'init' && call.name !== 'start_link'))) continue;
    const [first, opts] = call.args;
    // Supervisor.start_link(__MODULE__, arg, opts) starts a module-based supervisor: not a child list.
    if (!first || first.t === 'alias') continue;
    out.push({
      via: spec ? 'init' : (call.name as ChildList['via']),
      children: childrenOf(first, fn),
      strategy: atomValue(keyword(opts, 'strategy'))?.slice(1),
      maxRestarts: literalText(keyword(opts, 'max_restarts')),
      inFunction: fnLabel(fn),
      span: call.span,
    });
  }
  return out;
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

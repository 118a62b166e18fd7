// Modules held in a GenServer's state: a handler chosen in init (`handler = Keyword.get(opts, :handler, Impl)`,
// then `{:ok, {handler, handler.new()}}`) and called from the callbacks (`handler.move(robot)`). A call on a
// variable read from that slot of the state is a call of the modules it can hold, so a summary can look into
// them instead of giving up on an unknown call.
import type { Term, Var } from '../parse/term';
import { atomValue, modName, returnPoints } from '../parse/term-queries';
import { originsOf } from './flow';
import { isTestCode, type Callback, type FunctionClause, type ModuleFacts } from './types';

/** The modules a variable of a clause can hold, when known. */
export type HeldModules = (v: Var) => string[] | undefined;

interface Project {
  modules: readonly ModuleFacts[];
}

/** The modules a value can be: an alias, or the default of `Keyword.get(opts, key, Mod)` / `Map.get(…, Mod)`. */
function modulesOf(t: Term, fn: FunctionClause): string[] | undefined {
  const out: string[] = [];
  for (const o of originsOf(t, fn)) {
    if (!('term' in o) || o.path.length) return undefined;
    const v = o.term;
    const fallback = v.t === 'call' && (modName(v) === 'Keyword' || modName(v) === 'Map') && v.name === 'get' && v.args.length === 3 ? v.args[2] : v;
    if (fallback.t !== 'alias' || fallback.current) return undefined;
    out.push(fallback.name);
  }
  return out.length ? out : undefined;
}

/**
 * Product code starts the module with options (`Mod.start_link(handler: Other)`, `{Mod, opts}` in a child list):
 * the handler may be another module than init's default. Tests swapping in a double do not count.
 */
function startedWithOptions(mod: ModuleFacts, project: Project): boolean {
  return project.modules.some(
    (m) =>
      !isTestCode(m) &&
      (m.calls.some(({ call }) => call.mod?.t === 'alias' && call.mod.name === mod.name && call.name.startsWith('start') && call.args.length > 0) ||
        m.childLists.some((l) => (l.children ?? []).some((c) => c.t === 'tuple' && c.items[0]?.t === 'alias' && c.items[0].name === mod.name))),
  );
}

/** The modules each slot of a tuple state holds from init on, when init fills the slot with a module. */
function heldSlots(mod: ModuleFacts, project: Project): Map<number, string[]> {
  const slots = new Map<number, string[]>();
  const inits = mod.functions.filter((f) => f.name === 'init' && f.arity === 1 && f.body);
  if (!inits.length || startedWithOptions(mod, project)) return slots;
  const found: Map<number, string[]>[] = [];
  for (const init of inits) {
    for (const r of returnPoints(init.body!)) {
      const state = r.t === 'tuple' && atomValue(r.items[0]) === ':ok' ? r.items[1] : undefined;
      const origins = state ? originsOf(state, init) : [];
      const tuple = origins.length === 1 && 'term' in origins[0] && !origins[0].path.length ? origins[0].term : undefined;
      const here = new Map<number, string[]>();
      if (tuple?.t === 'tuple') tuple.items.forEach((item, i) => {
        const mods = modulesOf(item, init);
        if (mods) here.set(i, mods);
      });
      found.push(here);
    }
  }
  // A slot counts when every return of init fills it with a module.
  for (const i of found[0]?.keys() ?? []) if (found.every((f) => f.has(i))) slots.set(i, [...new Set(found.flatMap((f) => f.get(i)!))]);
  return slots;
}

/**
 * For a callback clause: the modules a variable can hold when it is read from a module slot of the incoming state
 * (`def handle_call(:move, _, {handler, robot})`), or undefined.
 */
export function heldModuleResolver(cb: Callback, mod: ModuleFacts, project: Project): HeldModules {
  // Read on the first call on a variable: most callbacks make none.
  let slots: Map<number, string[]> | undefined;
  const stateIndex = cb.clause.params.length - 1;
  return (v) => {
    slots ??= heldSlots(mod, project);
    if (!slots.size) return undefined;
    const origins = originsOf(v, cb.clause);
    const mods = origins.map((o) => ('param' in o && o.param === stateIndex && o.path.length === 1 ? slots!.get(o.path[0]) : undefined));
    return mods.length && mods.every((m) => !!m) ? [...new Set(mods.flat() as string[])] : undefined;
  };
}

// Calls that talk to a process (GenServer.call/cast, Agent.*, send) and where each one is aimed.
import type { Term } from '../parse/term';
import { atomValue, modName, visit } from '../parse/term-queries';
import { originsOf, paramOf } from './flow';
import { fnLabel, type FunctionClause, type ModuleFacts, type ProcessCall, type Target } from './types';

const APIS: Record<string, readonly string[]> = {
  GenServer: ['call', 'cast', 'stop'],
  Agent: ['get', 'update', 'get_and_update', 'cast', 'stop'],
  Process: ['send'],
  Kernel: ['send'],
};

/** Calls that find a process at run time: the pid they give is whichever process is there then. */
const LOOKUPS: Record<string, readonly string[]> = {
  Supervisor: ['which_children'],
  DynamicSupervisor: ['which_children'],
  Registry: ['lookup', 'select', 'match'],
  Process: ['whereis'],
  GenServer: ['whereis'],
  ':global': ['whereis_name'],
  ':pg': ['get_members', 'get_local_members'],
};

function hasLookup(terms: Term[]): boolean {
  let found = false;
  visit(terms, (x) => {
    if (found) return false;
    if (x.t === 'call' && LOOKUPS[modName(x) ?? '']?.includes(x.name)) found = true;
    return !found;
  });
  return found;
}

/** A lookup, or a call of a local function whose body looks processes up (`defp pid(sup)`, one step: a summary). */
function looksUp(t: Term, mod: ModuleFacts): boolean {
  if (hasLookup([t])) return true;
  if (t.t !== 'call' || t.mod) return false;
  return mod.functions.some((f) => f.name === t.name && f.arity === t.args.length && hasLookup(f.body ?? []));
}

/**
 * The handle is a pid the clause looks up at run time (`{_, pid, _, _}` from `Supervisor.which_children`,
 * `[{pid, _}] = Registry.lookup(...)`, `Agent.get(pid(sup), ...)` through a local helper doing that), or a
 * variable a closure or comprehension binds in a clause that looks processes up
 * (`Enum.each(Supervisor.which_children(sup), fn {_, pid, _, _} -> ... end)`).
 */
function isLookedUp(t: Term | undefined, fn: FunctionClause, mod: ModuleFacts): boolean {
  if (!t) return false;
  if (t.t === 'call') return looksUp(t, mod);
  if (t.t !== 'var') return false;
  const origins = originsOf(t, fn);
  if (!origins.length) return hasLookup(fn.body ?? []);
  return origins.some((o) => 'term' in o && looksUp(o.term, mod));
}

export function targetOf(t: Term | undefined): Target {
  if (!t) return { kind: 'unknown' };
  switch (t.t) {
    case 'alias':
      return { kind: 'module', name: t.name, current: !!t.current };
    case 'var':
      return { kind: 'var', name: t.name };
    case 'call':
      return !t.mod && t.name === 'self' && t.args.length === 0 ? { kind: 'self' } : { kind: 'unknown' };
    case 'tuple': {
      const tag = atomValue(t.items[0]);
      if (tag === ':via' && t.items[1]?.t === 'alias' && t.items[1].name === 'Registry' && t.items[2]?.t === 'tuple') {
        const [reg, key] = t.items[2].items;
        if (reg?.t === 'alias' && key) return { kind: 'via', registry: reg.name, key };
      }
      if (tag === ':global' && t.items[1]) return { kind: 'global', name: t.items[1] };
      return { kind: 'unknown' };
    }
    default:
      return { kind: 'unknown' };
  }
}

/** `shop.store` (or `state.shop.store`): a field read off a value is a part of that value. */
function fieldBase(t: Term): Term {
  return t.t === 'field' ? fieldBase(t.of) : t;
}

export function collectProcessCalls(mod: ModuleFacts): ProcessCall[] {
  const out: ProcessCall[] = [];
  for (const { call, fn } of mod.calls) {
    const m = modName(call);
    const api = m ?? (call.name === 'send' ? 'Kernel' : undefined);
    if (!api || !APIS[api]?.includes(call.name)) continue;
    // `@name __MODULE__` then `Agent.get(@name, ...)`: the attribute's value names the process.
    const first = call.args[0]?.t === 'attr' && !call.args[0].value ? mod.attributes.get(call.args[0].name) : call.args[0];
    out.push({
      api: api === 'Process' || api === 'Kernel' ? 'send' : api,
      fn: call.name,
      target: targetOf(first),
      call,
      inFunction: fnLabel(fn),
      fromParam: call.args[0] ? paramOf(fieldBase(call.args[0]), fn) : undefined,
      ...(isLookedUp(first, fn, mod) && { lookedUp: true }),
      span: call.span,
    });
  }
  return out;
}

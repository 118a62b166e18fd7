// What code reaches through the project's own functions: the calls a callback makes itself and those made by the
// helpers it calls, in its module or in another module of the project (a GenServer that hands every request to a
// "service" module). A rule asks "does this process create a table, or read and write the application
// environment?" of the reached calls, so the answer does not depend on how the code is split into modules.
import type { Call, Term } from '../parse/term';
import { callsIn, modName } from '../parse/term-queries';
import { clausesAt } from './statements';
import type { ModuleFacts, ModuleLookup } from './types';

/** A call, with the module it names once module attributes are read (`@backend.create(e)` names the attribute's module). */
export interface Reached {
  call: Call;
  module?: string;
}

/** The module a remote call names: an alias or atom as written, or the alias a module attribute holds (`@backend StoreService`). */
export function calledModule(c: Call, mod: ModuleFacts): string | undefined {
  if (c.mod?.t === 'attr' && !c.mod.value) {
    const held = mod.attributes.get(c.mod.name);
    return held?.t === 'alias' ? held.name : undefined;
  }
  return modName(c);
}

/** Helper hops followed from the code itself; deeper calls are not looked at. */
const MAX_HOPS = 4;

/** Every call the code makes, itself or through the project's functions it calls (each function read once). */
export function reachedCalls(roots: Term[], mod: ModuleFacts, project?: ModuleLookup): Reached[] {
  const out: Reached[] = [];
  const seen = new Set<string>();
  let todo: { roots: Term[]; mod: ModuleFacts }[] = [{ roots, mod }];
  for (let hop = 0; hop <= MAX_HOPS && todo.length; hop++) {
    const next: typeof todo = [];
    for (const at of todo) {
      for (const call of callsIn(at.roots)) {
        const module = calledModule(call, at.mod);
        out.push({ call, module });
        // A local call, or a remote one to a module of the project (test code aside): read that function next.
        const target = !call.mod ? at.mod : module === at.mod.name ? at.mod : module ? project?.module(module) : undefined;
        if (!target || target.isTestFile || call.name === '.') continue;
        const key = `${target.name}.${call.name}/${call.args.length}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const clauses = clausesAt(target, call.name, call.args.length);
        if (clauses.length) next.push({ roots: clauses.flatMap((f) => [...(f.body ?? []), ...(f.guard ? [f.guard] : [])]), mod: target });
      }
    }
    todo = next;
  }
  return out;
}

// Messages nothing in the project sends: a `handle_info(:hello, state)` head whose atom no other code names (no
// `send`, `Process.send_after`, `:timer.send_interval`, module attribute or test mentions it) can only be reached by
// someone typing `send(pid, :hello)` in iex. Such a clause gives the process no job of its own.
import { atomValue, visit } from '../parse/term-queries';
import type { Term } from '../parse/term';
import type { Callback, ModuleFacts } from './types';

interface Project {
  readonly modules: readonly ModuleFacts[];
  testAtoms(name: string): Set<string>;
}

// `:timeout` comes from the runtime when a callback returned a timeout, which no code sends by name.
const RUNTIME_SENT = new Set([':timeout']);

const NAMED = new WeakMap<object, Set<string>>();

/** Every atom the project's modules write, except in the message heads of `handle_info` clauses. */
function namedAtoms(project: Project): Set<string> {
  let atoms = NAMED.get(project);
  if (atoms) return atoms;
  const found = new Set<string>();
  const add = (roots: Term[]) =>
    visit(roots, (t) => {
      const atom = atomValue(t);
      if (atom) found.add(atom);
    });
  for (const m of project.modules) {
    add([...m.attributes.values()]);
    for (const u of m.uses) if (u.opts) add([u.opts]);
    for (const f of m.functions) {
      add(f.name === 'handle_info' ? f.params.slice(1) : f.params);
      if (f.guard) add([f.guard]);
      add(f.body ?? []);
    }
  }
  atoms = found;
  NAMED.set(project, atoms);
  return atoms;
}

/** A `handle_info` clause for a bare atom message that no code of the project, tests included, names. */
export function handlesUnsentMessage(c: Callback, mod: ModuleFacts, project: Project): boolean {
  const message = atomValue(c.clause.params[0]);
  if (c.name !== 'handle_info' || !message || RUNTIME_SENT.has(message)) return false;
  return !namedAtoms(project).has(message) && !project.testAtoms(mod.name).has(message);
}

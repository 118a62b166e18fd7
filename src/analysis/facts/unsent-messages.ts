// Messages nothing in the project sends: a `handle_info(:hello, state)` head whose atom no other code writes (no
// `send`, `Process.send_after`, `:timer.send_interval`, module attribute or test mentions it) can only be reached by
// someone typing `send(pid, :hello)` in iex. Such a clause gives the process no job of its own.
import { atomValue, visit } from '../parse/term-queries';
import type { Term } from '../parse/term';
import type { Callback, FunctionClause, ModuleFacts } from './types';

interface Project {
  readonly modules: readonly ModuleFacts[];
  testAtoms(name: string): Set<string>;
}

// `:timeout` comes from the runtime when a callback returned a timeout, which no code sends by name.
const RUNTIME_SENT = new Set([':timeout']);

/** Atom → the clauses whose bodies write it (`undefined` for a module attribute or a `use` option). */
type Writers = Map<string, (FunctionClause | undefined)[]>;
const WRITERS = new WeakMap<object, Writers>();
/**
 * The atoms each clause writes. A clause is immutable and kept across keystrokes for the definitions an edit does not
 * touch (splice.ts), while the project index, and so `WRITERS`, is new after every edit: its terms are walked once.
 */
const CLAUSE_ATOMS = new WeakMap<FunctionClause, Set<string>>();

function atomsIn(roots: Term[]): Set<string> {
  const atoms = new Set<string>();
  visit(roots, (t) => {
    const atom = atomValue(t);
    if (atom) atoms.add(atom);
  });
  return atoms;
}

/** Function heads only match (`def log(:hello, n)`), so they count for their default arguments alone. */
function clauseAtoms(f: FunctionClause): Set<string> {
  let atoms = CLAUSE_ATOMS.get(f);
  if (!atoms) CLAUSE_ATOMS.set(f, (atoms = atomsIn([...f.params.flatMap((p) => (p.t === 'op' && p.op === '\\\\' ? [p.right] : [])), ...(f.body ?? [])])));
  return atoms;
}

/** Where the project's modules write each atom as a value. */
function atomWriters(project: Project): Writers {
  let writers = WRITERS.get(project);
  if (writers) return writers;
  const found: Writers = new Map();
  const add = (atoms: Set<string>, fn?: FunctionClause) => {
    for (const atom of atoms) {
      const list = found.get(atom);
      if (list) list.push(fn);
      else found.set(atom, [fn]);
    }
  };
  for (const m of project.modules) {
    add(atomsIn([...m.attributes.values(), ...m.uses.flatMap((u) => (u.opts ? [u.opts] : []))]));
    for (const f of m.functions) add(clauseAtoms(f), f);
  }
  writers = found;
  WRITERS.set(project, writers);
  return writers;
}

/**
 * A `handle_info` clause for a bare atom that no code of the project, tests included, writes, except the bodies of
 * the clauses handling it (a handler re-arming its own timer sends nothing until something sends the first one).
 */
export function handlesUnsentMessage(c: Callback, mod: ModuleFacts, project: Project): boolean {
  const message = atomValue(c.clause.params[0]);
  if (c.name !== 'handle_info' || !message || RUNTIME_SENT.has(message) || project.testAtoms(mod.name).has(message)) return false;
  const handles = (f: FunctionClause | undefined) => f?.name === 'handle_info' && atomValue(f.params[0]) === message;
  return (atomWriters(project).get(message) ?? []).every(handles);
}

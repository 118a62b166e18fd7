// Term queries that need ancestors: the path down to each matching term, and which sub-terms are patterns.
import type { Call, Term, Tuple } from '../parse/term';
import { childrenOf, modName } from '../parse/term-queries';

/** Paths (root first, match last) to every term under the roots that matches. */
export function pathsTo(roots: Term[], match: (t: Term, parent: Term | undefined) => boolean): Term[][] {
  const out: Term[][] = [];
  const path: Term[] = [];
  const stack = roots.map((t) => ({ t, depth: 0 })).reverse();
  while (stack.length) {
    const { t, depth } = stack.pop()!;
    path.length = depth;
    if (match(t, path[depth - 1])) out.push([...path, t]);
    path.push(t);
    const kids = childrenOf(t);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ t: kids[i], depth: depth + 1 });
  }
  return out;
}

/**
 * Visits the terms that are evaluated, skipping patterns: left of `=` and `<-`, heads of `case`/`receive`/`fn`
 * clauses. A `{:via, Registry, ...}` in `case name do {:via, ...} -> ... end` matches a name, it does not make one.
 */
export function visitValues(roots: Term[], fn: (t: Term) => void): void {
  const stack = [...roots].reverse();
  while (stack.length) {
    const t = stack.pop()!;
    fn(t);
    const kids = valueChildren(t);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
}

function valueChildren(t: Term): Term[] {
  if (t.t === 'op' && (t.op === '=' || t.op === '<-')) return [t.right];
  if (t.t === 'fn') return t.clauses.flatMap((c) => (c.guard ? [c.guard, ...c.body] : c.body));
  // `cond` clause heads are conditions, evaluated like any expression.
  if (t.t !== 'call' || !t.block || (t.name === 'cond' && !t.mod)) return childrenOf(t);
  const out: Term[] = t.mod ? [t.mod, ...t.args] : [...t.args];
  for (const s of Object.values(t.block)) {
    if (!s) continue;
    out.push(...s.body);
    for (const c of s.clauses) out.push(...(c.guard ? [c.guard, ...c.body] : c.body));
  }
  return out;
}

export interface NameTuples {
  /** `{:via, ...}`, `{:global, ...}` and `{Registry, ...}` tuples outside patterns. */
  tuples: Tuple[];
  /** Values given as a `name:` option (`name: {:via, ...}`, `name: via(id)`, `name: @name`). */
  names: Set<Term>;
}

const nameTuplesCache = new WeakMap<Term[], NameTuples>();

/**
 * The tuples of a function body that name a process or start a Registry, found in one walk shared by the
 * registration and distribution collectors (a walk over every converted body is the costly part).
 */
export function nameTuples(body: Term[]): NameTuples {
  let found = nameTuplesCache.get(body);
  if (found) return found;
  const out: NameTuples = { tuples: [], names: new Set() };
  visitValues(body, (t) => {
    if (t.t === 'pair' && t.key.t === 'lit' && t.key.value === ':name') out.names.add(t.value);
    else if (t.t === 'tuple') {
      const first = t.items[0];
      if ((first?.t === 'lit' && (first.value === ':via' || first.value === ':global')) || (first?.t === 'alias' && first.name === 'Registry')) out.tuples.push(t);
    }
  });
  nameTuplesCache.set(body, (found = out));
  return found;
}

/** `Mod.fun/arity`, `fun/arity`, or `.fun/arity` for a call on a value. */
export function callLabel(c: Call): string {
  const m = modName(c);
  return `${m ? `${m}.` : c.mod ? '.' : ''}${c.name}/${c.args.length}`;
}

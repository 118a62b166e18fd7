// Small queries over converted terms shared by the fact collectors.
import type { Call, Clause, Section, Term } from './term';

/** Direct sub-terms, including every section and clause of a do-block and of `fn`. */
export function childrenOf(t: Term): Term[] {
  switch (t.t) {
    case 'list':
    case 'tuple':
      return t.items;
    case 'map':
      return t.update ? [t.update, ...t.items] : t.items;
    case 'pair':
      return [t.key, t.value];
    case 'op':
      return [t.left, t.right];
    case 'unary':
      return [t.arg];
    case 'attr':
      return t.value ? [t.value] : [];
    case 'lit':
      return t.parts ?? [];
    case 'field':
      return [t.of];
    case 'access':
      return [t.of, t.key];
    case 'block':
      return t.body;
    case 'fn':
      return t.clauses.flatMap(clauseTerms);
    case 'call': {
      const out: Term[] = t.mod ? [t.mod, ...t.args] : [...t.args];
      if (t.block) for (const s of Object.values(t.block)) if (s) out.push(...sectionTerms(s));
      return out;
    }
    default:
      return [];
  }
}

function clauseTerms(c: Clause): Term[] {
  return c.guard ? [...c.args, c.guard, ...c.body] : [...c.args, ...c.body];
}

function sectionTerms(s: Section): Term[] {
  return [...s.body, ...s.clauses.flatMap(clauseTerms)];
}

/** Visits every term under the roots, depth-first, without recursion. Return false to skip a subtree. */
export function visit(roots: Term[], fn: (t: Term) => boolean | void): void {
  const stack = [...roots].reverse();
  while (stack.length) {
    const t = stack.pop()!;
    if (fn(t) === false) continue;
    const kids = childrenOf(t);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
}

function findAll<T extends Term>(roots: Term[], pred: (t: Term) => t is T): T[] {
  const out: T[] = [];
  visit(roots, (t) => {
    if (pred(t)) out.push(t);
  });
  return out;
}

export function callsIn(roots: Term[]): Call[] {
  return findAll(roots, (t): t is Call => t.t === 'call');
}

/** Names of the variables read or bound anywhere under the roots (`_`-prefixed names excluded). */
export function varsIn(roots: Term[]): Set<string> {
  const out = new Set<string>();
  visit(roots, (t) => {
    if (t.t === 'var' && !t.name.startsWith('_')) out.add(t.name);
  });
  return out;
}

export function isRemote(t: Term, mod: string, names?: readonly string[]): t is Call {
  return t.t === 'call' && t.mod?.t === 'alias' && t.mod.name === mod && (!names || names.includes(t.name));
}

/** `IO.puts`, `IO.inspect`, `Logger.info`...: output, not work or state. */
export function isOutput(t: Term): boolean {
  return t.t === 'call' && (isRemote(t, 'IO', ['puts', 'inspect', 'write', 'warn']) || isRemote(t, 'Logger'));
}

export function isLocal(t: Term, names: readonly string[]): t is Call {
  return t.t === 'call' && !t.mod && names.includes(t.name);
}

export function modName(c: Call): string | undefined {
  return c.mod?.t === 'alias' ? c.mod.name : undefined;
}

/** Constant data: literals and collections of literals, with no variable, call or interpolation. */
export function isConstant(t: Term): boolean {
  let constant = true;
  visit([t], (x) => {
    if (!constant) return false;
    switch (x.t) {
      case 'lit':
        if (x.dynamic) constant = false;
        return;
      case 'alias':
      case 'list':
      case 'tuple':
      case 'pair':
        return;
      case 'map':
        if (x.update) constant = false;
        return;
      case 'attr':
        return false;
      default:
        constant = false;
    }
    return undefined;
  });
  return constant;
}

const BRANCHING = ['case', 'if', 'unless', 'cond', 'with', 'receive', 'try'];

/**
 * The expressions a body can evaluate to: its last statement, looking through `case`, `if`, `cond`,
 * `with`, `receive` and `try` branches.
 */
export function returnPoints(body: Term[]): Term[] {
  const out: Term[] = [];
  const todo: Term[] = body.length ? [body[body.length - 1]] : [];
  while (todo.length) {
    const t = todo.pop()!;
    if (t.t === 'block' && t.body.length) {
      todo.push(t.body[t.body.length - 1]);
    } else if (t.t === 'call' && !t.mod && BRANCHING.includes(t.name) && t.block) {
      for (const [name, s] of Object.entries(t.block)) {
        if (!s || (name === 'after' && t.name === 'try')) continue;
        if (s.body.length) todo.push(s.body[s.body.length - 1]);
        for (const c of s.clauses) if (c.body.length) todo.push(c.body[c.body.length - 1]);
      }
      // `with` passes a non-matching value through unchanged; `if` without else returns nil.
    } else out.push(t);
  }
  return out;
}

export function atomValue(t: Term | undefined): string | undefined {
  return t && t.t === 'lit' && t.kind === 'atom' ? t.value : undefined;
}

/** The value of a keyword option (`name: X`) in a keyword list term. */
export function keyword(t: Term | undefined, key: string): Term | undefined {
  if (!t || t.t !== 'list') return undefined;
  for (const item of t.items) if (item.t === 'pair' && atomValue(item.key) === `:${key}`) return item.value;
  return undefined;
}

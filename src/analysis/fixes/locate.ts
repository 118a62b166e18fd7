// Finds, in a module's converted clauses, the terms a finding points at and the statement that holds them.
import { statementLists } from '../facts/statements';
import type { FunctionClause, ModuleFacts } from '../facts/types';
import type { Span, Term } from '../parse/term';
import { visit } from '../parse/term-queries';

const within = (outer: Span, inner: Span) => outer.start <= inner.start && inner.end <= outer.end;

/** The converted function clause around a range. */
export function clauseAt(mod: ModuleFacts, r: Span): FunctionClause | undefined {
  return mod.functions.find((f) => f.body && within(f.span, r));
}

/** The innermost statement list with a statement around `r`, and that statement's index. */
export function statementAt(fn: FunctionClause, r: Span): { list: Term[]; index: number } | undefined {
  let found: { list: Term[]; index: number } | undefined;
  for (const { body } of statementLists(fn.body ?? [])) {
    const index = body.findIndex((s) => within(s.span, r));
    if (index !== -1 && (!found || within(found.list[found.index].span, body[index].span))) found = { list: body, index };
  }
  return found;
}

/** The first term under the roots that satisfies `pred`. */
export function findTerm<T extends Term>(roots: Term[], pred: (t: Term) => t is T): T | undefined {
  let out: T | undefined;
  visit(roots, (t) => {
    if (out) return false;
    if (pred(t)) out = t;
    return !out;
  });
  return out;
}

/** Variables a piece of code binds (`x = ...`, `{:ok, y} <- ...`), not looking into closures it holds. */
export function boundIn(roots: Term[]): Set<string> {
  const out = new Set<string>();
  const names = (p: Term) => visit([p], (x) => void (x.t === 'var' && !x.name.startsWith('_') && out.add(x.name)));
  visit(roots, (t) => {
    if (t.t === 'fn') return false;
    if (t.t === 'op' && (t.op === '=' || t.op === '<-')) names(t.left);
    return undefined;
  });
  return out;
}

/** Uses of a variable in a clause outside the range `except`. */
export function usesOutside(fn: FunctionClause, name: string, except: Span): number {
  let n = 0;
  visit([...fn.params, ...(fn.body ?? [])], (t) => {
    if (within(except, t.span)) return false;
    if (t.t === 'var' && t.name === name) n++;
    return undefined;
  });
  return n;
}

/**
 * A term standing in for `at`: as it is when `at` is a whole statement or the right side of a statement's
 * `=`, otherwise in parentheses unless it is a value that binds tighter than any operator around it.
 */
export function needsParens(value: Term, statementLevel: boolean, text: string): boolean {
  if (statementLevel) return false;
  switch (value.t) {
    case 'var':
    case 'lit':
    case 'alias':
    case 'list':
    case 'tuple':
    case 'map':
    case 'attr':
    case 'field':
    case 'access':
      return false;
    case 'call':
      // `IO.puts "x"` (no parentheses) would take the operator after it as part of its argument.
      return !!value.piped || !/(?:[)\]}]|\bend)$/.test(text.slice(value.span.start, value.span.end));
    default:
      return true;
  }
}

/** `at` is the statement itself or the right side of its `=`: its value can stand without parentheses. */
export function isStatementLevel(statement: Term, at: Term): boolean {
  return statement === at || (statement.t === 'op' && statement.op === '=' && statement.right === at);
}

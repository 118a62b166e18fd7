// OTP007's rewrite: a task awaited at once becomes the work itself. `Task.async(fn -> e end) |> Task.await()`
// (or `Task.await(Task.async(...))`) → `e`; `t = Task.async(fn -> e end)` followed by a statement awaiting `t`
// → that statement with `e` in place of the await; `Task.async(Mod, :fun, [a])` → `Mod.fun(a)`. Only for a
// closure of no arguments, awaited without a deadline, whose own bindings cannot clash with the function's.
import { isRemote } from '../parse/term-queries';
import type { Call, Span, Term } from '../parse/term';
import type { FunctionClause } from '../facts/types';
import { boundIn, clauseAt, findTerm, isStatementLevel, needsParens, statementAt, usesOutside } from './locate';
import { deleteStatement, lineIndent, moved } from './text';
import type { Rewrite, TextEdit } from './types';

/** `Task.await(t)`, or with the default 5 s / `:infinity` (no deadline the caller relies on). */
function plainAwait(c: Term): c is Call {
  if (!isRemote(c, 'Task', ['await'])) return false;
  const timeout = c.args[1];
  return c.args.length === 1 || (timeout?.t === 'lit' && ['5000', '5_000', ':infinity'].includes(timeout.value));
}

/** The work a task runs, as statements to run before and a value to put where the await was. */
interface Work {
  leading: Term[];
  value: (text: string, indent: string) => string;
  /** Parenthesised where an operator around it would bind tighter. */
  parens: (statementLevel: boolean, text: string) => boolean;
  /** Where its own bindings live (the closure): names bound there must not be used elsewhere in the function. */
  scope: Span;
}

/** `Task.async(fn -> ... end)` (one clause, no parameters) or `Task.async(Mod, :fun, [args])`. */
function workOf(start: Call, text: string): Work | undefined {
  const [f, fun, list] = start.args;
  if (start.args.length === 1 && f.t === 'fn' && f.clauses.length === 1 && f.clauses[0].args.length === 0 && f.clauses[0].body.length) {
    const body = f.clauses[0].body;
    const last = body[body.length - 1];
    return { leading: body.slice(0, -1), value: (t, indent) => moved(t, last.span, indent), parens: (level, t) => needsParens(last, level, t), scope: f.span };
  }
  // `Task.async(Mod, :fun, [a, b])` → `Mod.fun(a, b)`, for a plain atom naming the function.
  if (start.args.length === 3 && f.t === 'alias' && fun.t === 'lit' && fun.kind === 'atom' && /^:[a-z_][a-zA-Z0-9_]*[?!]?$/.test(fun.value) && list.t === 'list') {
    const call = `${text.slice(f.span.start, f.span.end)}.${fun.value.slice(1)}(${list.items.map((a) => text.slice(a.span.start, a.span.end)).join(', ')})`;
    return { leading: [], value: () => call, parens: () => false, scope: start.span };
  }
  return undefined;
}

/**
 * The work's value in place of `at` (inside `statement`), and its leading statements as lines to put before,
 * indented like `statement`. Undefined when the closure's bindings would leak into the function (a name it
 * binds is used elsewhere in the clause).
 */
function inline(file: string, text: string, fn: FunctionClause, work: Work, at: Term, statement: Term): { value: TextEdit; leading?: string } | undefined {
  const { leading } = work;
  if (leading.length && [...boundIn(leading)].some((name) => usesOutside(fn, name, work.scope) > 0)) return undefined;
  const value = work.value(text, lineIndent(text, at.span.start));
  const indent = lineIndent(text, statement.span.start);
  return {
    value: { file, start: at.span.start, end: at.span.end, newText: work.parens(isStatementLevel(statement, at), text) ? `(${value})` : value },
    leading: leading.length ? leading.map((s) => moved(text, s.span, indent)).join(`\n${indent}`) : undefined,
  };
}

export const inlineAwaitedTask: Rewrite = {
  rule: 'OTP007',
  fix(finding, { mod, text: textOf }) {
    const text = textOf(finding.file);
    const wait = mod.sequentialWaits.find((w) => w.span.start === finding.range.start);
    const fn = clauseAt(mod, finding.range);
    if (!text || !wait || !fn) return { skip: 'the flagged code was not found' };
    if (wait.how !== 'task-pipe' && wait.how !== 'task-next') return { skip: 'only a Task.async awaited at once is rewritten' };
    const start = findTerm(fn.body!, (t): t is Call => isRemote(t, 'Task', ['async']) && t.span.start === finding.range.start);
    const work = start && workOf(start, text);
    if (!start || !work) return { skip: 'the task runs something other than a closure of no arguments or Mod.fun with a list of arguments' };
    const title = 'Call the work directly instead of awaiting a task';
    if (wait.how === 'task-pipe') {
      const awaited = findTerm(fn.body!, (t): t is Call => plainAwait(t) && t.args[0] === start);
      const at = awaited && statementAt(fn, awaited.span);
      if (!awaited || !at) return { skip: 'the await has a deadline' };
      const statement = at.list[at.index];
      const placed = inline(finding.file, text, fn, work, awaited, statement);
      if (!placed) return { skip: 'the closure binds names the function also uses' };
      const edits = [placed.value];
      if (placed.leading) edits.push({ file: finding.file, start: statement.span.start, end: statement.span.start, newText: `${placed.leading}\n${lineIndent(text, statement.span.start)}` });
      return { rule: 'OTP007', title, edits };
    }
    // `t = Task.async(...)` then the next statement awaits `t`, and `t` is used nowhere else.
    const at = statementAt(fn, start.span);
    const bound = at?.list[at.index];
    if (!at || !bound || bound.t !== 'op' || bound.op !== '=' || bound.right !== start || bound.left.t !== 'var') return { skip: 'the task is not bound to a variable' };
    const name = bound.left.name;
    const next = at.list[at.index + 1];
    const awaited = next && findTerm([next], (t): t is Call => plainAwait(t) && t.args[0]?.t === 'var' && t.args[0].name === name);
    if (!awaited) return { skip: 'other statements run between the start of the task and its await' };
    if (usesOutside(fn, name, bound.left.span) !== 1) return { skip: `\`${name}\` is used by more than the await right after it` };
    const placed = inline(finding.file, text, fn, work, awaited, next);
    if (!placed) return { skip: 'the closure binds names the function also uses' };
    // The closure's leading statements take the task's place; with none, its line goes.
    const task = placed.leading ? { file: finding.file, start: bound.span.start, end: bound.span.end, newText: placed.leading } : deleteStatement(finding.file, text, bound.span);
    return { rule: 'OTP007', title, edits: [placed.value, task] };
  },
};

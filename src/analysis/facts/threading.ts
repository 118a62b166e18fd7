// Public functions that take a state value first and return it updated (OTP101): state threaded by hand
// through a module's API, the shape a process would hold instead.
import type { Call, Term } from '../parse/term';
import { atomValue, modName, returnPoints, visit } from '../parse/term-queries';
import { stateVarOf } from './callbacks';
import { originsOf } from './flow';
import { fnLabel, type FunctionClause, type ModuleFacts } from './types';

export const MIN_THREADING_FUNCTIONS = 4;

const MAP_UPDATERS = ['put', 'put_new', 'put_new_lazy', 'update', 'update!', 'merge', 'delete', 'drop', 'replace', 'replace!', 'replace_lazy'];
const KERNEL_UPDATERS = ['put_in', 'update_in', 'struct', 'struct!'];

/**
 * Tokens that frameworks pass down a pipeline, one per request or form: Plug's `conn`, Phoenix's `socket`,
 * Ecto's `changeset`, `query` and `multi`. Each caller builds its own; nobody shares them through a process.
 */
const PIPELINE_TOKENS = new Set(['conn', 'socket', 'changeset', 'query', 'multi']);

/** Public clauses whose first parameter names a variable: the functions that can thread a state. */
function candidates(functions: FunctionClause[]): FunctionClause[] {
  return functions.filter((f) => {
    const state = f.isPrivate ? undefined : stateVarOf(f.params[0]);
    return state !== undefined && !PIPELINE_TOKENS.has(state);
  });
}

/**
 * The clauses that need their last statement converted, with their state variable: extract.ts converts bodies
 * only for "hot" clauses, and what a cold public function returns matters only when enough could thread a state.
 */
export function clausesNeedingLast(mod: ModuleFacts): Map<FunctionClause, string> {
  const out = new Map<FunctionClause, string>();
  if (mod.isTestFile || mod.behaviour) return out;
  const found = candidates(mod.functions);
  if (new Set(found.map(fnLabel)).size < MIN_THREADING_FUNCTIONS) return out;
  for (const f of found) if (!f.body) out.set(f, stateVarOf(f.params[0])!);
  return out;
}

/**
 * A text test run before converting a last statement (converting a large `case` costs far more): some
 * occurrence of the state variable is followed by `|` (`%{s | ...}`, or `s |> ...` into `Map.*`) or is the first
 * argument of `Map.put`, `put_in` or `struct`. A scan with indexOf; a regex per clause cost more.
 */
export function mayReturnUpdated(text: string, state: string): boolean {
  for (let at = text.indexOf(state); at !== -1; at = text.indexOf(state, at + 1)) {
    const end = at + state.length;
    if (isWordChar(text.charCodeAt(at - 1)) || isWordChar(text.charCodeAt(end))) continue;
    const n = skipSpace(text, end, 1);
    const p = skipSpace(text, at - 1, -1);
    const update = text[n] === '|' && (text[n + 1] !== '>' || PIPED_UPDATER.test(text));
    if (update || (text[p] === '(' && UPDATER_CALL.test(wordBefore(text, p)))) return true;
  }
  return false;
}

const UPDATER_CALL = /^(?:Map\.\w+!?|put_in|update_in|struct!?)$/;
const PIPED_UPDATER = /\bMap\.\w|\b(?:put_in|update_in|struct!?)\(/;

/** The name just before position `i` (`Map.put` before its `(`). */
function wordBefore(text: string, i: number): string {
  let j = i;
  while (j > 0 && (isWordChar(text.charCodeAt(j - 1)) || text[j - 1] === '.' || text[j - 1] === '!')) j--;
  return text.slice(j, i);
}

function skipSpace(text: string, i: number, step: 1 | -1): number {
  while (i >= 0 && i < text.length && /\s/.test(text[i])) i += step;
  return i;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

export function collectThreadingFunctions(mod: ModuleFacts): string[] {
  if (mod.isTestFile || mod.behaviour) return [];
  const out = new Set<string>();
  for (const f of candidates(mod.functions)) {
    const label = fnLabel(f);
    if (out.has(label)) continue;
    const last = f.body ? f.body[f.body.length - 1] : f.last;
    const state = stateVarOf(f.params[0])!;
    if (last && returnPoints([last]).some((t) => returnsUpdated(t, state))) out.add(label);
  }
  return out.size >= MIN_THREADING_FUNCTIONS ? [...out] : [];
}

/**
 * `%{s | ...}`, `Map.put(s, ...)`, `put_in(s.k, v)`, `struct(s, ...)`, or `{value, s2}` with one of those. A tuple
 * with the state unchanged is not an update: `{:insert, text}` builds a value, `{:ok, s}` hands it back.
 */
function returnsUpdated(t: Term, state: string): boolean {
  if (t.t === 'tuple' && t.items.length >= 2 && t.items.length <= 3 && atomValue(t.items[0]) !== ':error') {
    return isUpdateOf(t.items[t.items.length - 1], state);
  }
  return isUpdateOf(t, state);
}

/**
 * An explicit update of the state. A pipe counts when it ends in one (`s |> validate() |> Map.put(:k, v)`);
 * a pipe through any function does not: `string |> strip() |> decode()` in Elixir's Base transforms data.
 */
function isUpdateOf(t: Term, state: string): boolean {
  if (t.t === 'map') return t.update?.t === 'var' && t.update.name === state;
  if (t.t !== 'call' || (t.mod && t.mod.t !== 'alias') || !t.args[0]) return false;
  const m = modName(t);
  const updater = m === 'Map' ? MAP_UPDATERS.includes(t.name) : (!m || m === 'Kernel') && KERNEL_UPDATERS.includes(t.name);
  return updater && rootedAt(t.args[0], state);
}

/** `s`, `s.field`, `s[:k]`, an update of `s`, or a pipe stage fed from one of those. */
function rootedAt(t: Term, state: string): boolean {
  if (t.t === 'var') return t.name === state;
  if (t.t === 'field' || t.t === 'access') return rootedAt(t.of, state);
  if (t.t === 'call' && t.piped && t.args[0] && !isUpdateOf(t, state)) return rootedAt(t.args[0], state);
  return isUpdateOf(t, state);
}

/** Reducers whose function takes the accumulator as its second argument. */
const REDUCERS: Record<string, readonly string[]> = {
  Enum: ['reduce', 'reduce_while', 'map_reduce', 'flat_map_reduce', 'scan'],
  List: ['foldl', 'foldr'],
  Stream: ['scan', 'transform'],
};

/**
 * Evidence that `caller` threads a state through `target`'s functions `fns` (names): a call whose first argument
 * is a variable bound from another call of one of them (`game = Game.move(game, m)`, then `Game.score(game, 3)`),
 * or the accumulator of a reduce (`Enum.reduce(moves, game, &Game.move(&2, &1))`). One pipeline expression is not
 * counted: it builds a value once (combinators over a stream description, options being normalised), where a
 * state is a value carried from one step of the caller's work to the next.
 */
export function threadsThrough(caller: ModuleFacts, target: string, fns: Set<string>): boolean {
  const isStep = (t: Term): t is Call => t.t === 'call' && modName(t) === target && fns.has(t.name) && !!t.args[0];
  return caller.calls.some(({ call, fn }) => {
    const first = call.args[0];
    if (isStep(call) && first.t === 'var' && originsOf(first, fn).some((o) => 'term' in o && o.term !== call && isStep(o.term))) return true;
    const reducer = REDUCERS[modName(call) ?? '']?.includes(call.name) ? call.args[call.args.length - 1] : undefined;
    return !!reducer && reducesWith(reducer, isStep);
  });
}

/** The reducer's body calls a step on its accumulator: `fn x, acc -> M.f(acc, x) end` or `&M.f(&2, &1)`. */
function reducesWith(reducer: Term, isStep: (t: Term) => t is Call): boolean {
  if (reducer.t === 'unary' && reducer.op === '&' && isStep(reducer.arg)) {
    const a = reducer.arg.args[0];
    return a.t === 'unary' && a.op === '&' && a.arg.t === 'lit' && a.arg.value === '2';
  }
  if (reducer.t !== 'fn') return false;
  return reducer.clauses.some((c) => {
    const acc = c.args[1];
    let found = false;
    if (acc?.t === 'var') visit(c.body, (t) => void (found ||= isStep(t) && t.args[0].t === 'var' && t.args[0].name === acc.name));
    return found;
  });
}

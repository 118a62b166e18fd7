// Public functions that take a state value first and return it updated (OTP101): state threaded by hand
// through a module's API, the shape a process would hold instead.
import type { Term } from '../parse/term';
import { atomValue, modName, returnPoints } from '../parse/term-queries';
import { stateVarOf } from './callbacks';
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

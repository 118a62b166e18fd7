// Whether a script's top-level statement holds a watched name (script-module.ts reads the script's code only then),
// kept per statement across edits. A 4 000-line script that is one data literal (a test's recorded events) was
// scanned whole on every keystroke, more than half of its cost. A statement the edit did not touch keeps its answers;
// one that had no match of a pattern before is searched for one only in a window around the edit, which holds every
// match the edit can have made (see editWindow). Answers that were yes are found again by scanning the statement.
import { LOOPS, SLOW_IO, TEST_WATCHED, WATCHED } from './registry';
import { commonEndsOf, type EditedRange } from './splice';

/** Whether the statement's text matches: the watched names, slow IO, loops (loops count only beside slow IO). */
interface Answers {
  watched: boolean;
  slowIo?: boolean;
  loops?: boolean;
}

/** The answers for the statements of one version of a file, by where they start (and end). */
export interface ScriptScan {
  statements: Map<number, Answers & { end: number }>;
}

/** The last version's scan and how the new text differs from that version (common prefix and suffix lengths). */
export interface ScriptMemo {
  previous?: ScriptScan;
  edit?: { prefix: number; suffix: number; delta: number };
  /** Filled by the read: the scan of this version. */
  next?: ScriptScan;
}

/** The memo for reading `text`, an edit of `oldText` whose scan was `previous` (`range`: where an editor changed it). */
export function scriptMemo(previous: ScriptScan | undefined, oldText: string | undefined, text: string, range?: EditedRange): ScriptMemo {
  if (!previous || oldText === undefined) return {};
  return { previous, edit: { ...commonEndsOf(oldText, text, range), delta: text.length - oldText.length } };
}

// Without the `g` flag: `test` then keeps no state between calls.
const ONCE = { watched: new RegExp(WATCHED.source), test: new RegExp(TEST_WATCHED.source), slowIo: SLOW_IO, loops: new RegExp(LOOPS.source) };

/**
 * Whether the statement [start, end) of `text` holds a watched name: a match of the watched names (those read in
 * tests, in a test file), or, outside tests, of a loop when the statement does slow IO. The same answer as scanning
 * the statement's text alone with hitOffsets.
 */
export function statementHit(text: string, start: number, end: number, isTest: boolean, memo?: ScriptMemo): boolean {
  const old = memo && reusable(memo, text, start, end);
  const window = old?.window;
  const ask = (re: RegExp, before: boolean | undefined): boolean => {
    if (old?.kept && before !== undefined) return before;
    // No match before the edit: one now lies in the window around it.
    if (before === false && window) return re.test(text.slice(window[0], window[1]));
    return re.test(text.slice(start, end));
  };
  const a = old?.answers;
  const now: Answers = { watched: ask(isTest ? ONCE.test : ONCE.watched, a?.watched) };
  if (!now.watched && !isTest) {
    now.slowIo = ask(ONCE.slowIo, a?.slowIo);
    if (now.slowIo) now.loops = ask(ONCE.loops, a?.loops);
  }
  if (memo) (memo.next ??= { statements: new Map() }).statements.set(start, { ...now, end });
  return now.watched || (!!now.slowIo && !!now.loops);
}

/**
 * The last version's answers for the statement [start, end) of a text `length` long: `kept` when the edit left the
 * statement's text as it was, else with the window to search when the edit lies inside it.
 */
function reusable(memo: ScriptMemo, text: string, start: number, end: number): { answers: Answers; kept: boolean; window?: [number, number] } | undefined {
  const { previous, edit } = memo;
  if (!previous || !edit) return undefined;
  const { prefix, suffix, delta } = edit;
  const newEnd = text.length - suffix;
  if (end <= prefix) return same(previous.statements.get(start), end);
  if (start >= newEnd) return same(previous.statements.get(start - delta), end - delta);
  const answers = previous.statements.get(start);
  if (!answers || answers.end !== end - delta || start > prefix || end < newEnd) return undefined;
  return { answers, kept: false, window: editWindow(text, start, end, prefix, newEnd) };
}

/**
 * Where in the statement [start, end) every match that reads a character of the edit [prefix, newEnd) lies, with
 * the character before it: a match can hold at most one `,` and one `>` (only the pattern of an accumulator closure,
 * `fn x, acc -> Game.move(acc, x)`, matches either), so it starts after the third of them before the edit and ends
 * before the third after it. Those characters start no match, so the window's first one reads as the text does.
 * Past the statement's ends, the statement is its own text (hitOffsets scans it alone).
 */
function editWindow(text: string, start: number, end: number, prefix: number, newEnd: number): [number, number] {
  let from = prefix;
  for (let n = 0; n < 3 && from > start; ) if (isBound(text.charCodeAt(--from))) n++;
  let to = newEnd;
  for (let n = 0; n < 3 && to < end; ) if (isBound(text.charCodeAt(to++))) n++;
  return [from, to];
}

const isBound = (code: number): boolean => code === 44 || code === 62; // `,` and `>`

function same(answers: (Answers & { end: number }) | undefined, end: number) {
  return answers && answers.end === end ? { answers, kept: true } : undefined;
}

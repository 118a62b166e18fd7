// Function-level re-reading for test files: a keystroke inside one `test`/`setup` block re-reads that block alone
// (parsed at its place, as splice.ts does for definitions) and moves the positions of the facts below it. Test
// modules hold many long blocks, so reading the whole module again (every block's text scanned for what it
// verifies and mentions) cost several times the edit itself. Anything an edit could change beyond the block (the
// module's flags, a block turning into something else, the ETS tables tests create) is left to the whole read.
// Blank lines and spaces typed between two statements (tests, `describe`s, helpers) change no fact at all: only
// positions move.
import type { Language, Node } from '../parse/parser';
import { calleeAt, type Child } from '../parse/cursor';
import { Converter } from '../parse/convert';
import type { Source } from '../parse/source';
import type { Span } from '../parse/term';
import { ALIAS_SCOPE, resolverOf } from './module-scope';
import { observesOverTime } from './module-syntax';
import { collectSpans, factSignature, type CachedPart, type FileEdit } from './reuse';
import { collectTestBlock, helpersKept } from './tests';
import { touchesFlags } from './text-flags';
import type { TestBlock } from './types';

interface TestReading {
  path: string;
  source: Source;
  language: Language;
  /** The statements of the new text between two offsets, parsed alone at their place (extract-edited.ts). */
  statementsIn: (from: number, to: number) => Node[] | undefined;
}

const SCOPES: Record<string, TestBlock['kind'] | undefined> = { test: 'test', setup: 'setup', setup_all: 'setup' };

/**
 * The cache entry of a test file's top-level module after an edit strictly inside one of its test blocks, and
 * whether the block's facts changed; undefined when the edit is not of that kind. Nothing of the old entry is
 * changed before every check has passed.
 */
export function spliceTestBlock(entry: CachedPart, edit: FileEdit, reading: TestReading): { entry: CachedPart; changed: boolean } | undefined {
  const { oldText, oldModule, text, prefix, oldEnd, delta } = edit;
  if (!entry.clean) return undefined;
  const old = entry.part.tests.find((t) => t.span.start < prefix && oldEnd < t.span.end);
  if (!old) return undefined;
  // Blocks using ETS are converted and feed the module's tables (extract.ts): read whole.
  if (oldModule.includes(':ets.')) return undefined;
  if (touchesFlags(oldText, text, prefix, oldEnd, oldEnd + delta)) return undefined;
  // The innermost module holding the block is the one it was read in.
  const mod = entry.part.modules.filter((m) => m.name === old.module && m.span.start < old.span.start && old.span.end <= m.span.end).pop();
  const scope = mod && ALIAS_SCOPE.get(mod);
  if (!mod || !scope) return undefined;

  const { source, language } = reading;
  const start = old.span.start;
  const end = old.span.end + delta;
  // A helper defined or changed by the edit changes what the blocks calling it verify: read whole.
  if (!helpersKept(oldText, text, prefix, oldEnd, oldEnd + delta, start)) return undefined;
  const nodes = reading.statementsIn(start, end);
  if (nodes?.length !== 1 || nodes[0].type !== 'call' || nodes[0].startIndex !== start || nodes[0].endIndex !== end) return undefined;
  const node = nodes[0];
  if (source.text.slice(start, end).includes(':ets.')) return undefined;
  const cursor = node.walk();
  let block: TestBlock;
  try {
    const kind = SCOPES[calleeAt(cursor, language, source.text) ?? ''];
    if (kind !== old.kind) return undefined;
    const conv = new Converter({ module: mod.name, resolve: resolverOf(scope.lookup), source });
    const at: Child = { type: 'call', field: null, named: true, start, end };
    block = collectTestBlock(cursor, at, kind, conv, source, mod.name, reading.path, language);
    if (observesOverTime(source.text.slice(start, end))) block.observesOverTime = true;
  } finally {
    cursor.delete();
  }

  // Every check passed: the spans of the part move, the block's own (which holds the edit) included.
  const move = movesAround(entry, source, edit);
  if (!move) return undefined;
  move();
  const changed = factSignature(old) !== factSignature(block);
  if (!changed) return { entry, changed };
  block.span = old.span; // moved above; findings that name the block keep pointing at it
  const tests = entry.part.tests.map((t) => (t === old ? block : t));
  return { entry: { ...entry, part: { ...entry.part, tests }, sig: undefined }, changed };
}

/**
 * The cache entry of a test file's top-level module after an edit of blanks between two of its statements
 * (undefined when the edit is not of that kind): the facts stay, their positions move.
 */
export function spliceTestGap(entry: CachedPart, edit: FileEdit, source: Source): { entry: CachedPart; changed: false } | undefined {
  const { oldText, text, prefix, oldEnd, delta } = edit;
  if (!entry.clean || !entry.statements || !BLANK.test(oldText.slice(prefix, oldEnd)) || !BLANK.test(text.slice(prefix, oldEnd + delta))) return undefined;
  // The gap: from the end of the last statement before the edit to the start of the first after it (offsets in the module).
  const from = prefix - entry.start;
  const to = oldEnd - entry.start;
  let gapStart = -1;
  let gapEnd = Infinity;
  for (const s of entry.statements) {
    if (s.end <= from) gapStart = Math.max(gapStart, s.end);
    else if (s.start >= to) gapEnd = Math.min(gapEnd, s.start);
    // Only a `describe` (a statement holding others) may hold the edit: anything else may hold a string.
    else if (!(s.start < from && to < s.end && entry.statements.some((t) => t !== s && s.start <= t.start && t.end <= s.end))) return undefined;
  }
  if (gapStart < 0 || gapEnd === Infinity) return undefined;
  const base = entry.start;
  const before = oldText.slice(base + gapStart, base + gapEnd);
  const after = text.slice(base + gapStart, base + gapEnd + delta);
  // Comments may stand in the gap, unchanged; the gap found may also span a `describe ... do` line (then not all
  // comments): not this kind of edit. After the last comment a newline must still keep the next statement out of it.
  const lines = (gap: string) => gap.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const kept = lines(before);
  if (kept.some((l) => !l.startsWith('#')) || kept.join('\n') !== lines(after).join('\n')) return undefined;
  if (after.lastIndexOf('\n') < after.lastIndexOf('#') || !after.includes('\n')) return undefined;
  const move = movesAround(entry, source, edit);
  if (!move) return undefined;
  move();
  return { entry, changed: false };
}

const BLANK = /^\s*$/;

/**
 * Moving a part's positions around an edit that replaced [prefix, oldEnd) (spans, clauses and statements after it
 * move by the edit, those holding it grow), to run once every check has passed; undefined when a span or a statement
 * starts or ends inside the edit.
 */
function movesAround(entry: CachedPart, source: Source, { prefix, oldEnd, delta }: FileEdit): (() => void) | undefined {
  const spans = (entry.spans ??= collectSpans(entry.part));
  const moved = new Map<Span, Span>();
  for (const s of spans) {
    if (s.end <= prefix) continue;
    if (s.start >= oldEnd) moved.set(s, source.span(s.start + delta, s.end + delta));
    else if (s.start < prefix && oldEnd < s.end) moved.set(s, source.span(s.start, s.end + delta));
    else return undefined;
  }
  const from = prefix - entry.start;
  const to = oldEnd - entry.start;
  const statements = entry.statements ?? [];
  if (statements.some((s) => s.end > from && s.start < to && !(s.start < from && to < s.end))) return undefined;
  return () => {
    for (const [s, now] of moved) Object.assign(s, now);
    for (const c of entry.clauses.values()) {
      if (c.start < oldEnd) continue;
      const at = source.span(c.start + delta, c.start + delta);
      c.line = at.line;
      c.col = at.col;
      c.start += delta;
      c.end += delta;
    }
    for (const s of statements) {
      if (s.start >= to) s.start += delta;
      if (s.end > from) s.end += delta;
    }
  };
}

// Function-level re-reading: after an edit inside a top-level module, only the definitions on the lines the edit
// touched are read again from the new tree; statements without facts (`@doc`, `@spec`, `import`...) and blank lines are not
// read at all. When the definitions read again say what the old ones said (an edit of whitespace, a comment, a
// doc), the module keeps its facts: their positions are taken over from the new reading and those below the edit
// move, so the engine keeps its findings too. Otherwise the module's facts are collected again from its clauses
// (cheap next to reading a 5 000-line module's statements through the tree). A `use` on the edited lines is read
// again too and must say what it said. Anything an edit could change beyond the definitions (a `use` that says
// something else, an alias, the module being a process, a syntax error) is left to the whole read.
import type { Language, Node } from '../parse/parser';
import { calleeAt, type Child } from '../parse/cursor';
import { Converter } from '../parse/convert';
import type { Source } from '../parse/source';
import type { Span } from '../parse/term';
import { callsIn } from '../parse/term-queries';
import { stateVarOf } from './callbacks';
import { commentsIn, erlangAliases, hitOffsets } from './module-syntax';
import { ALIAS_SCOPE, clauseKey, LAST_READ, resolverOf } from './module-scope';
import { lineBounds, statementKind, type Statement } from './module-statements';
import { moveBelow, ownSpansMove, pairSpans, pairUses } from './moves';
import { readColdClause, readHotClause, lastStatement } from './read-clause';
import { collectModuleFacts } from './registry';
import { flagsAfterEdit, handsOff, textFlags } from './text-flags';
import { clauseSignature, freshClauseSignature, type CachedPart } from './reuse';
import { clausesNeedingLast, mayReturnUpdated } from './threading';
import type { FunctionClause, ModuleFacts } from './types';

export interface Spliced {
  /** The cache entry for the module's new text (the old entry's objects, moved). */
  entry: CachedPart;
  /** The module's facts differ from the old ones, positions aside. */
  changed: boolean;
  /** Spans replaced while no fact changed: a kept finding pointing at one must be checked again. */
  stale: Span[];
  /** For a nested module (`entry` is then the old one): the module's facts after the edit, and its statements. */
  nested?: { next: ModuleFacts; statements: Statement[] };
}

interface Reading {
  source: Source;
  language: Language;
  isTest: boolean;
  convertAll?: boolean;
  /**
   * The statements of the new text between two offsets, from a new tree of the whole file or from parsing that
   * range alone; undefined when they reach outside it or do not parse.
   */
  statementsIn: (from: number, to: number) => Node[] | undefined;
  /** commonEnds of the module's old and new text, when the caller knows them already. */
  ends?: { prefix: number; suffix: number };
  /**
   * A module nested in the part, where the edit lies (splice-nested.ts): its statements, and what its text says,
   * which the caller has checked the edit leaves as it was.
   */
  nested?: Nested;
}

export interface Nested {
  mod: ModuleFacts;
  statements: Statement[];
  otp: boolean;
  handOff: boolean;
  slowIo: boolean;
}

/** A definition read again: its clause, whether it was converted, and its node in the new tree. */
interface Read {
  clause: FunctionClause;
  hot: boolean;
  node: Node;
  text: string;
}

/** The length of the common prefix and suffix of two texts (the suffix not overlapping the prefix). */
export function commonEnds(a: string, b: string): { prefix: number; suffix: number } {
  const max = Math.min(a.length, b.length);
  const prefix = equalRun(max, (at, n) => a.slice(at, at + n) === b.slice(at, at + n));
  const suffix = equalRun(max - prefix, (at, n) => a.slice(a.length - at - n, a.length - at) === b.slice(b.length - at - n, b.length - at));
  return { prefix, suffix };
}

/**
 * Where an editor says it changed a text: `before` is the text it edited, which agrees with the new one on its
 * first `prefix` and last `suffix` characters (the edit may have retyped some of them).
 */
export interface EditedRange {
  before: string;
  prefix: number;
  suffix: number;
}

/**
 * commonEnds(a, b) when `range` tells where `b` is an edit of `a`: the ends it gives are grown over the characters
 * the edit retyped, so the cost follows the edit instead of the file (comparing the whole of a 450 kB file took
 * several milliseconds a keystroke). Without a range, or one about another text, the texts are compared whole.
 */
export function commonEndsOf(a: string, b: string, range?: EditedRange): { prefix: number; suffix: number } {
  if (!range || range.before !== a) return commonEnds(a, b);
  const max = Math.min(a.length, b.length);
  let prefix = Math.min(range.prefix, max);
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  // The texts agree on their last `range.suffix` characters, so on any fewer: capped as commonEnds caps them.
  let suffix = Math.min(range.suffix, max - prefix);
  while (suffix < max - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return { prefix, suffix };
}

/**
 * The length of an equal run, up to `max`, where `same(at, n)` compares n characters at `at` of the run. Blocks
 * that double while equal, then halve: a few dozen slice compares (each a memory compare, not a loop in
 * JavaScript) instead of one per 256 characters of a 250 kB file.
 */
function equalRun(max: number, same: (at: number, n: number) => boolean): number {
  let at = 0;
  let n = 256;
  while (at + n <= max && same(at, n)) {
    at += n;
    n *= 2;
  }
  // The first difference (or `max`) lies in [at, at + n).
  while (n > 1) {
    n >>= 1;
    if (at + n <= max && same(at, n)) at += n;
  }
  return at;
}

/** How many line ends `text` has from `from` up to `to`. */
export const newlines = (text: string, from: number, to: number): number => {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
};

/**
 * Re-reads the definitions of `old` (the top-level module's cache entry for `oldText`, at the same place) on the
 * lines where `oldText` and `text` differ; undefined when the edit is not of that kind. Nothing of the old entry
 * is changed before every check has passed.
 */
export function spliceDefinitions(old: CachedPart, oldText: string, text: string, reading: Reading): Spliced | undefined {
  const { nested } = reading;
  if (!old.clean || !old.statements || reading.isTest || (!nested && old.part.modules.length !== 1) || old.part.tests.length) return undefined;
  const mod = nested?.mod ?? old.part.modules[0];
  const oldStatements = nested?.statements ?? old.statements;
  const scope = ALIAS_SCOPE.get(mod);
  if (!scope) return undefined;
  const { prefix, suffix } = reading.ends ?? commonEnds(oldText, text);
  const { source, language } = reading;
  const base = nested ? mod.span.start : old.start;
  const delta = text.length - oldText.length;
  const lines = newlines(text, prefix, text.length - suffix) - newlines(oldText, prefix, oldText.length - suffix);
  // The window: the edit's whole lines and the statements on them (offsets relative to the module, old text).
  let { from, to } = lineBounds(oldText, prefix, oldText.length - suffix);
  const lastLine = source.span(base + to + delta, base + to + delta).line - lines;
  const on = oldStatements.filter((s) => s.start <= to && s.end >= from);
  if (on.some((s) => s.kind === 'other')) return undefined;
  if (on.length) {
    from = Math.min(from, on[0].start);
    to = Math.max(to, on[on.length - 1].end);
  }
  const before = nested ? undefined : (old.flags ??= textFlags(oldText));
  // What the text can change beyond a definition: the module turning into a process, slow IO making loops hot.
  const flags = before && flagsAfterEdit(before, oldText, text, prefix, oldText.length - suffix, text.length - suffix);
  const { otp, slowIo } = nested ?? flags!;
  if (mod.behaviour && !otp) return undefined;
  if (before && (otp !== before.otp || slowIo !== before.slowIo)) return undefined;
  // A module whose spawned functions may hand off to a receive loop converts every clause (module-scope.ts): an edit
  // that changes that goes the whole way.
  const handOff = nested ? nested.handOff : handsOff(flags!);
  if (before && handOff !== handsOff(before)) return undefined;
  const nodes = reading.statementsIn(base + from, base + to + delta);
  if (!nodes) return undefined;

  const fresh: Statement[] = [];
  const read: Read[] = [];
  const usesRead: ModuleFacts['uses'] = [];
  const conv = new Converter({ module: mod.name, resolve: resolverOf(scope.lookup), source });
  for (const node of nodes) {
    const cursor = node.walk();
    try {
      const callee = node.type === 'call' ? calleeAt(cursor, language, source.text) : undefined;
      const kind = statementKind(node.type, callee, source.text, node.startIndex);
      if (kind === 'other') return undefined;
      fresh.push({ start: node.startIndex - base, end: node.endIndex - base, kind });
      if (kind === 'inert') continue;
      const st: Child = { type: 'call', field: null, named: true, start: node.startIndex, end: node.endIndex };
      if (kind === 'use') {
        // As extract.ts reads it; one it would not record goes the whole way.
        const u = conv.termAt(cursor, st, language);
        if (u.t !== 'call' || u.args[0]?.t !== 'alias') return undefined;
        usesRead.push({ name: u.args[0].name, opts: u.args[1], span: u.span });
        continue;
      }
      const defText = source.text.slice(st.start, st.end);
      const hot = !!reading.convertAll || otp || handOff || hitOffsets(defText, st.start, false, slowIo).length > 0 || !!erlangAliases(mod.aliases)?.test(defText);
      const isPrivate = callee!.endsWith('p');
      const clause = hot ? readHotClause(conv.termAt(cursor, st, language), isPrivate) : readColdClause(cursor, st, isPrivate, conv, language, source);
      if (!clause) continue;
      if (clause.body && clause.comments === undefined) clause.comments = commentsIn(defText);
      // `@spec` lines are not read here: a clause read again keeps what its function's spec said (extract.ts).
      if (mod.functions.some((f) => f.returnsStart && f.name === clause.name && f.arity === clause.arity)) clause.returnsStart = true;
      read.push({ clause, hot, node, text: defText });
    } finally {
      cursor.delete();
    }
  }

  // The old clauses in the window, a run of the module's functions (they are in the order of the text).
  let i0 = 0;
  while (i0 < mod.functions.length && mod.functions[i0].span.start < base + from) i0++;
  let i1 = i0;
  while (i1 < mod.functions.length && mod.functions[i1].span.start <= base + to) i1++;
  const gone = mod.functions.slice(i0, i1);
  const lastOf = (r: Read, state: string): void => {
    const last = lastStatement(r.node);
    if (last && mayReturnUpdated(last.text, state)) r.clause.last = conv.term(last);
  };
  // The same facts? An old clause whose last statement was read gets the new one's read too, to compare.
  let same = gone.length === read.length;
  const tentative: FunctionClause[] = [];
  for (let k = 0; same && k < read.length; k++) {
    const state = stateVarOf(read[k].clause.params[0]);
    if (LAST_READ.has(gone[k]) && !read[k].clause.body && state !== undefined) {
      tentative.push(read[k].clause);
      lastOf(read[k], state);
    }
    same = clauseSignature(gone[k]) === freshClauseSignature(read[k].clause);
  }
  const uses = pairUses(mod, base + from, base + to, usesRead);
  if (!uses) return undefined;
  const moved = ownSpansMove(mod, base + from, base + to, lastLine, uses.spans);
  if (!moved) return undefined;

  let next = mod;
  const pairs = same ? pairSpans(read.map((r, k) => [r.clause, gone[k]])) : undefined;
  if (!pairs) {
    same = false;
    for (const c of tentative) delete c.last;
    next = { ...mod, functions: [...mod.functions.slice(0, i0), ...read.map((r) => r.clause), ...mod.functions.slice(i1)], calls: [] };
    // OTP101's last statements: the new clauses' are read here; an old clause needing one it was never read for goes the whole way.
    for (const [c, state] of clausesNeedingLast(next)) {
      if (LAST_READ.has(c)) continue;
      const r = read.find((x) => x.clause === c);
      if (!r) return undefined;
      LAST_READ.add(c);
      lastOf(r, state);
    }
  }

  // Every check passed: move what is below the window, then (when facts changed) collect the module's facts again.
  pairs?.copy();
  uses.copy();
  moveBelow(mod.functions.slice(i1), moved, lines, delta);
  // forEach, not for-of: iterating a Map's entries allocates a pair per entry, a thousand per keystroke here.
  old.clauses.forEach((c, key) => {
    if (c.start > base + to) {
      c.line += lines;
      c.start += delta;
      c.end += delta;
    } else if (c.start >= base + from) old.clauses.delete(key);
  });
  read.forEach((r, k) => {
    const where = source.span(r.node.startIndex, r.node.startIndex);
    const clause = same ? gone[k] : r.clause;
    old.clauses.set(clauseKey(mod.name, scope.key(), r.hot, r.text), { clause, hot: r.hot, line: where.line, col: where.col, start: r.node.startIndex, end: r.node.endIndex });
  });
  const statements: Statement[] = [];
  for (const s of oldStatements) {
    if (s.end < from) statements.push(s);
    else if (s.start > to) {
      if (fresh.length) statements.push(...fresh.splice(0));
      s.start += delta;
      s.end += delta;
      statements.push(s);
    }
  }
  statements.push(...fresh);
  if (!same) {
    for (const f of next.functions) if (f.body) for (const call of callsIn(f.body)) next.calls.push({ call, fn: f });
    collectModuleFacts(next);
    ALIAS_SCOPE.set(next, scope);
  }
  if (nested) return { entry: old, changed: !same, stale: [], nested: { next, statements } };
  if (same) return { entry: { ...old, statements, flags }, changed: false, stale: [] };
  return {
    entry: { part: { ...old.part, modules: [next] }, line: old.line, col: old.col, start: old.start, clauses: old.clauses, clean: true, statements, flags },
    changed: true,
    stale: [],
  };
}

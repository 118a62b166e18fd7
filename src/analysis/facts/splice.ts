// Function-level re-reading: after an edit inside one function clause of a module, only that clause is read
// again from the new tree. The module keeps its other clauses (those below the edit are moved), and its
// module-level facts are collected again from the clauses (cheap next to reading a 5 000-line module's
// statements through the tree). Anything the clause's text could change beyond itself (a `use`, the module
// being a process, a syntax error) is left to the whole read in extract.ts.
import type { Language, Node } from '../parse/parser';
import { calleeAt, type Child } from '../parse/cursor';
import { Converter } from '../parse/convert';
import type { Source } from '../parse/source';
import type { Span } from '../parse/term';
import { callsIn } from '../parse/term-queries';
import { commentsIn, hitOffsets, OTP_USE } from './module-syntax';
import { ALIAS_SCOPE, clauseKey, LAST_READ, mayHandOff, resolverOf, usesOtp } from './module-scope';
import { readColdClause, readHotClause, lastStatement } from './read-clause';
import { collectModuleFacts, SLOW_IO } from './registry';
import { clauseSignature, collectSpans, shiftClause, type CachedClause, type CachedPart } from './reuse';
import { clausesNeedingLast, mayReturnUpdated } from './threading';
import type { FunctionClause, ModuleFacts } from './types';

const DEFS = new Set(['def', 'defp', 'defmacro', 'defmacrop']);

export interface Spliced {
  /** The cache entry for the module's new text (the old entry's objects, moved). */
  entry: CachedPart;
  /** The clause's facts differ from the old clause's, positions aside. */
  changed: boolean;
  /** Spans of the replaced clause: a kept finding pointing at one must be checked again. */
  stale: Span[];
}

/** The length of the common prefix and suffix of two texts (the suffix not overlapping the prefix). */
function commonEnds(a: string, b: string): { prefix: number; suffix: number } {
  const max = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return { prefix, suffix };
}

/**
 * Re-reads the one clause of `old` (the top-level module's cache entry for `oldText`, at the same place) that the
 * difference between `oldText` and `text` falls strictly inside; undefined when the edit is not of that kind.
 * Nothing is changed before every check has passed.
 */
export function spliceClause(
  old: CachedPart,
  oldText: string,
  text: string,
  root: Node,
  reading: { source: Source; language: Language; isTest: boolean; convertAll?: boolean; spawnsOutside?: boolean },
): Spliced | undefined {
  if (!old.clean || reading.isTest || old.part.modules.length !== 1 || old.part.tests.length) return undefined;
  const mod = old.part.modules[0];
  const scope = ALIAS_SCOPE.get(mod);
  if (!scope || (mod.behaviour && !usesOtp(oldText, 0, oldText.length))) return undefined;
  const { source, language } = reading;
  const base = old.start;
  const { prefix, suffix } = commonEnds(oldText, text);
  const delta = text.length - oldText.length;
  const editStart = base + prefix;
  const editEnd = base + oldText.length - suffix;
  let entry: [string, CachedClause] | undefined;
  for (const e of old.clauses) if (e[1].start < editStart && editEnd < e[1].end) entry = e;
  if (!entry) return undefined;
  const [oldKey, was] = entry;
  const oldClauseText = oldText.slice(was.start - base, was.end - base);
  const newText = text.slice(was.start - base, was.end + delta - base);
  // What a clause's text can change beyond the clause: the module turning into a process, slow IO making loops hot.
  if (OTP_USE.test(oldClauseText) || OTP_USE.test(newText) || SLOW_IO.test(oldClauseText) || SLOW_IO.test(newText)) return undefined;
  // A module whose spawned functions may hand off to a receive loop converts every clause (module-scope.ts): an edit that changes that goes the whole way.
  const handsOff = mayHandOff(text, 0, text.length, !!reading.spawnsOutside);
  if (handsOff !== mayHandOff(oldText, 0, oldText.length, !!reading.spawnsOutside)) return undefined;

  // The same statement in the new tree: a definition directly in the module's body, with the same extent.
  const def = root.descendantForIndex(was.start, was.start);
  let node: Node | null = def;
  while (node && !(node.startIndex === was.start && node.parent?.type === 'do_block' && node.parent.parent?.startIndex === base)) node = node.parent;
  if (!node || node.type !== 'call' || node.endIndex !== was.end + delta || node.hasError || node.parent!.parent!.hasError) return undefined;
  const top = node.parent!.parent!;
  if (top.endIndex !== base + text.length) return undefined;
  const st: Child = { type: 'call', field: null, named: true, start: node.startIndex, end: node.endIndex };
  const cursor = node.walk();
  let clause: FunctionClause | undefined;
  let hot = false;
  const conv = new Converter({ module: mod.name, resolve: resolverOf(scope.lookup), source });
  try {
    const callee = calleeAt(cursor, language, source.text);
    if (!callee || !DEFS.has(callee)) return undefined;
    const otp = usesOtp(source.text, base, base + text.length);
    const slowIo = SLOW_IO.test(text);
    hot = !!reading.convertAll || otp || handsOff || hitOffsets(newText, st.start, false, slowIo).length > 0;
    const isPrivate = callee.endsWith('p');
    clause = hot ? readHotClause(conv.termAt(cursor, st, language), isPrivate) : readColdClause(cursor, st, isPrivate, conv, language, source);
  } finally {
    cursor.delete();
  }
  if (!clause) return undefined;
  if (clause.body && clause.comments === undefined) clause.comments = commentsIn(newText);
  const at = mod.functions.indexOf(was.clause);
  if (at < 0) return undefined;
  const functions = [...mod.functions];
  functions[at] = clause;
  const next: ModuleFacts = { ...mod, functions, calls: [] };
  // OTP101's last statements: the new clause's is read here; an old clause needing one it was never read for goes the whole way.
  for (const [c, state] of clausesNeedingLast(next)) {
    if (LAST_READ.has(c)) continue;
    if (c !== clause) return undefined;
    LAST_READ.add(c);
    const last = lastStatement(node);
    if (last && mayReturnUpdated(last.text, state)) c.last = conv.term(last);
  }

  // Positions below the edit move by whole lines only if nothing after the clause shares its last line.
  const oldLines = oldClauseText.match(/\n/g)?.length ?? 0;
  const endLine = was.line + oldLines;
  const lines = (newText.match(/\n/g)?.length ?? 0) - oldLines;
  const after = [...old.clauses.values()].filter((c) => c !== was && c.start >= was.end);
  const own = collectSpans({ span: mod.span, nameSpan: mod.nameSpan, behaviourSpan: mod.behaviourSpan, uses: mod.uses, attributes: mod.attributes });
  if (after.some((c) => c.line <= endLine)) return undefined;
  for (const x of own) {
    if (x.end <= was.start) continue;
    const encloses = x.start <= was.start && x.end >= was.end;
    if (encloses ? x.endLine <= endLine : x.start < was.end || x.line <= endLine) return undefined;
  }

  // Every check passed: move what is below, then collect the module's facts from its clauses.
  for (const c of after) shiftClause(c, lines, delta);
  for (const x of own) {
    if (x.end <= was.start) continue;
    if (x.start >= was.end) {
      x.line += lines;
      x.start += delta;
    }
    x.endLine += lines;
    x.end += delta;
  }
  for (const f of functions) if (f.body) for (const call of callsIn(f.body)) next.calls.push({ call, fn: f });
  collectModuleFacts(next);
  ALIAS_SCOPE.set(next, scope);
  old.clauses.delete(oldKey);
  const where = source.span(st.start, st.start);
  old.clauses.set(clauseKey(mod.name, scope.key(), hot, newText), { clause, hot, line: where.line, col: where.col, start: st.start, end: st.end });
  return {
    entry: { part: { ...old.part, modules: [next] }, line: old.line, col: old.col, start: old.start, clauses: old.clauses, clean: true, spawnsOutside: reading.spawnsOutside },
    changed: clauseSignature(was.clause) !== clauseSignature(clause),
    stale: was.spans ?? collectSpans(was.clause),
  };
}

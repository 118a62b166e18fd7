// The language server's path for a keystroke inside one top-level module that touches only its definitions
// (splice.ts): the file is not parsed again. Only the edited lines are parsed, alone but at their place in the
// text (tree-sitter's included ranges keep offsets and positions), and the other modules' facts are taken over,
// moved when they stand below the edit. Costs follow the edit, not the file (a 7 000-line file full of
// heredocs costs tree-sitter tens of milliseconds to re-parse incrementally).
import type { Node, Parser, Tree } from '../parse/parser';
import { Source } from '../parse/source';
import type { Span } from '../parse/term';
import type { FileInput } from './extract';
import type { ScriptScan } from './script-scan';
import { commonEndsOf, newlines, spliceDefinitions, type EditedRange } from './splice';
import { spliceTestBlock, spliceTestGap } from './splice-tests';
import { spliceNested } from './splice-nested';
import { shiftPart, type CachedPart, type FactsCache } from './reuse';
import type { FileFacts } from './types';

export interface EditedFacts {
  facts: FileFacts;
  /** The text's lines, for the next edit to start from (left out when none follows). */
  source?: Source;
  cache: FactsCache;
  factsChanged: boolean;
  stale: Set<Span>;
  script?: ScriptScan; // a script's answers (script-scan.ts), from a whole read
}

/**
 * The facts of `input` from those of the file's previous version (`oldText`, read into `previous` and `old`);
 * undefined when the edit is not of the kind that allows it (then the caller parses the file and reads it).
 * `previous` is left as it was in that case; otherwise its entries move into the returned cache. `oldSource`, the
 * old text's lines if kept, spares finding every line of the new text again.
 */
export function extractEdited(input: FileInput, oldText: string, old: FileFacts, previous: FactsCache, parser: Parser, oldSource?: Source, range?: EditedRange): EditedFacts | undefined {
  const { text } = input;
  if (input.convertAll || old.parseError || !parser.language) return undefined;
  // Code outside modules (a script) is read whole; so is a file where two modules have the same text.
  if ([...previous.values()].reduce((n, c) => n + c.part.modules.length, 0) !== old.modules.length) return undefined;
  const { prefix, suffix } = commonEndsOf(oldText, text, range);
  const oldEnd = oldText.length - suffix;
  let edited: [string, CachedPart] | undefined;
  for (const [t, c] of previous) if (c.start < prefix && oldEnd < c.start + t.length) edited = [t, c];
  if (!edited) return undefined;
  const [oldModule, entry] = edited;
  const delta = text.length - oldText.length;
  const moduleText = text.slice(entry.start, entry.start + oldModule.length + delta);
  const source = oldSource?.text === oldText ? oldSource.edited(text, prefix, oldEnd, text.length - suffix) : new Source(text);
  const language = parser.language;
  const point = (at: number) => {
    const { line, col } = source.span(at, at);
    return { row: line, column: col };
  };
  let alone: Tree | null = null;
  const statementsIn = (from: number, to: number): Node[] | undefined => {
    alone = parser.parse(text, null, { includedRanges: [{ startIndex: from, endIndex: to, startPosition: point(from), endPosition: point(to) }] });
    if (!alone || alone.rootNode.hasError) return undefined;
    return alone.rootNode.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');
  };
  let spliced: { entry: CachedPart; changed: boolean; stale?: Span[] } | undefined;
  try {
    const edit = { oldText, oldModule, text, prefix, oldEnd, delta };
    spliced = input.isTest
      ? (spliceTestGap(entry, edit, source) ?? spliceTestBlock(entry, edit, { path: input.path, source, language, statementsIn }))
      : entry.part.modules.length > 1
        ? spliceNested(entry, { ...edit, oldModule }, { source, language, isTest: false, statementsIn })
        : spliceDefinitions(entry, oldModule, moduleText, { source, language, isTest: false, statementsIn, ends: moduleEnds(oldText, entry.start, oldModule.length, prefix, suffix) });
  } catch {
    return undefined; // the whole read reports what fails; the splice changes nothing before its checks pass
  } finally {
    (alone as Tree | null)?.delete();
  }
  if (!spliced) return undefined;

  const lines = newlines(text, prefix, text.length - suffix) - newlines(oldText, prefix, oldEnd);
  const facts: FileFacts = { ...old, modules: [], tests: [], asyncModules: new Set(), lines: source.lineCount, bytes: text.length };
  const cache: FactsCache = new Map();
  for (const [t, c] of previous) {
    const now = c === entry ? spliced.entry : c;
    if (c !== entry && c.start > entry.start) {
      shiftPart(c, lines, delta);
      c.line += lines;
      c.start += delta;
    }
    cache.set(c === entry ? moduleText : t, now);
    facts.modules.push(...now.part.modules);
    facts.tests.push(...now.part.tests);
    for (const m of now.part.asyncModules) facts.asyncModules.add(m);
  }
  previous.clear();
  return { facts, source, cache, factsChanged: spliced.changed, stale: new Set(spliced.stale ?? []) };
}

/**
 * The common ends of a module's old and new text from those of the file (the edit lies inside the module, which
 * starts at `start` and was `length` long): the same as comparing the module's texts again.
 */
function moduleEnds(oldText: string, start: number, length: number, prefix: number, suffix: number): { prefix: number; suffix: number } {
  return { prefix: prefix - start, suffix: suffix - (oldText.length - start - length) };
}

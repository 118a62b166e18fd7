// Applies LSP content changes to a text and to its syntax tree, so the next parse is incremental.
import { Edit, type Tree } from '../analysis/parse/parser';
import type { EditedRange } from '../analysis/facts/splice';

export interface ContentChange {
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

/**
 * The offset of a position and of its line's start, or undefined when it is not in the text: a negative or
 * fractional line or character, or a line past the last (the line just after it, at character 0, is the end).
 * A character past the end of its line means the end of the line, as the protocol says.
 */
function offsetAt(text: string, line: number, character: number, from = { line: 0, lineStart: 0 }): { offset: number; lineStart: number } | undefined {
  if (!Number.isInteger(line) || !Number.isInteger(character) || line < 0 || character < 0) return undefined;
  // `from`: a line known to start there, at or before `line` (a range's end is looked for from its start's line).
  let lineStart = from.line <= line ? from.lineStart : 0;
  for (let l = from.line <= line ? from.line : 0; l < line; l++) {
    const nl = text.indexOf('\n', lineStart);
    if (nl === -1) return l === line - 1 && character === 0 ? { offset: text.length, lineStart: text.length } : undefined;
    lineStart = nl + 1;
  }
  const end = text.indexOf('\n', lineStart);
  return { offset: Math.min(lineStart + character, end === -1 ? text.length : end), lineStart };
}

/** Where the end of `inserted` lands when it is written at (row, column). */
function endOf(row: number, column: number, inserted: string): { row: number; column: number } {
  const lines = inserted.split('\n');
  return lines.length === 1 ? { row, column: column + inserted.length } : { row: row + lines.length - 1, column: lines[lines.length - 1].length };
}

/** `range`: where the changes fell, when every one had a range (the engine then compares only there). */
export type Applied = { text: string; treeValid: boolean; range?: EditedRange } | { rejected: string };

/**
 * Returns the new text; edits the tree in place (tree-sitter then reuses what did not change).
 * A change without a range replaces everything, and the tree is no longer useful: the caller gets `false`.
 * A range outside the text or reversed rejects the whole notification (the text stays as it was; the tree may
 * already carry the changes before it, so the caller drops it).
 */
export function applyChanges(text: string, changes: readonly ContentChange[], tree: Tree | undefined): Applied {
  let treeValid = tree !== undefined;
  const before = text;
  // The characters no change touched at either end: each change keeps those before its start and after its end.
  let prefix = text.length;
  let suffix = text.length;
  let ranged = true;
  for (const c of changes) {
    if (!c.range) {
      text = c.text;
      treeValid = false;
      ranged = false;
      continue;
    }
    const { start: from, end: to } = c.range;
    const at = offsetAt(text, from.line, from.character);
    // The end from the start's line, when that line starts inside the text (one after the last is looked for from the top).
    const until = at && offsetAt(text, to.line, to.character, at.lineStart < text.length ? { line: from.line, lineStart: at.lineStart } : undefined);
    if (at === undefined || until === undefined) return { rejected: `range ${show(c.range)} is outside the document (${lineCount(text)} lines)` };
    const start = at.offset;
    const oldEnd = until.offset;
    if (oldEnd < start) return { rejected: `range ${show(c.range)} ends before it starts` };
    if (treeValid && tree) {
      const startPosition = { row: from.line, column: start - at.lineStart };
      const oldEndPosition = { row: to.line, column: oldEnd - until.lineStart };
      tree.edit(
        new Edit({
        startIndex: start,
        oldEndIndex: oldEnd,
        newEndIndex: start + c.text.length,
        startPosition,
        oldEndPosition,
        newEndPosition: endOf(startPosition.row, startPosition.column, c.text),
        }),
      );
    }
    prefix = Math.min(prefix, start);
    suffix = Math.min(suffix, text.length - oldEnd);
    text = text.slice(0, start) + c.text + text.slice(oldEnd);
  }
  return ranged ? { text, treeValid, range: { before, prefix, suffix } } : { text, treeValid };
}

const show = (r: NonNullable<ContentChange['range']>) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const lineCount = (text: string) => text.split('\n').length;

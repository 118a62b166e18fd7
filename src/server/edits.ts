// Applies LSP content changes to a text and to its syntax tree, so the next parse is incremental.
import { Edit, type Tree } from '../analysis/parse/parser';

export interface ContentChange {
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

function offsetAt(text: string, line: number, character: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl === -1) return text.length;
    offset = nl + 1;
  }
  const end = text.indexOf('\n', offset);
  return Math.min(offset + character, end === -1 ? text.length : end);
}

/** Where the end of `inserted` lands when it is written at (row, column). */
function endOf(row: number, column: number, inserted: string): { row: number; column: number } {
  const lines = inserted.split('\n');
  return lines.length === 1 ? { row, column: column + inserted.length } : { row: row + lines.length - 1, column: lines[lines.length - 1].length };
}

/**
 * Returns the new text; edits the tree in place (tree-sitter then reuses what did not change).
 * A change without a range replaces everything, and the tree is no longer useful: the caller gets `false`.
 */
export function applyChanges(text: string, changes: readonly ContentChange[], tree: Tree | undefined): { text: string; treeValid: boolean } {
  let treeValid = tree !== undefined;
  for (const c of changes) {
    if (!c.range) {
      text = c.text;
      treeValid = false;
      continue;
    }
    const start = offsetAt(text, c.range.start.line, c.range.start.character);
    const oldEnd = offsetAt(text, c.range.end.line, c.range.end.character);
    if (treeValid && tree) {
      const startPosition = { row: c.range.start.line, column: start - offsetAt(text, c.range.start.line, 0) };
      const oldEndPosition = { row: c.range.end.line, column: oldEnd - offsetAt(text, c.range.end.line, 0) };
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
    text = text.slice(0, start) + c.text + text.slice(oldEnd);
  }
  return { text, treeValid };
}

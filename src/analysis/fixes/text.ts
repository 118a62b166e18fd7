// Text helpers shared by the rewrites: indentation, moving code between indentation levels, whole-line deletes.
import type { Span } from '../parse/term';
import type { TextEdit } from './types';

/** The leading whitespace of the line holding `offset`. */
export function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

/** Nothing but whitespace before `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*$/.test(text.slice(start, offset));
}

/**
 * The text of `r`, its second and later lines moved from the indentation its first line had to `to`, so a
 * block taken out of a deeper closure keeps its shape where it lands.
 */
export function moved(text: string, r: Span, to: string): string {
  const from = startsLine(text, r.start) ? r.col : lineIndent(text, r.start).length;
  const lines = text.slice(r.start, r.end).split('\n');
  return lines
    .map((line, i) => {
      if (i === 0 || !line.trim()) return i === 0 ? line : '';
      const indent = /^[ \t]*/.exec(line)![0].length;
      return to + line.slice(Math.min(indent, from));
    })
    .join('\n');
}

/**
 * Removes the statement at `r`: with its whole line (and line break) when it stands alone on its lines,
 * else the statement and the separator after it.
 */
export function deleteStatement(file: string, text: string, r: Span): TextEdit {
  const lineStart = text.lastIndexOf('\n', r.start - 1) + 1;
  const after = /^[ \t]*(?:#[^\n]*)?/.exec(text.slice(r.end))![0];
  const endOfLine = r.end + after.length;
  if (startsLine(text, r.start) && !/#/.test(after) && (text[endOfLine] === '\n' || endOfLine === text.length)) {
    // A blank line after it goes too when the line before is blank or opens a block: no double or leading gap.
    const previous = text.slice(text.lastIndexOf('\n', lineStart - 2) + 1, Math.max(lineStart - 1, 0));
    const blankAfter = /^[ \t]*\n/.exec(text.slice(endOfLine + 1));
    const end = endOfLine + 1 + (blankAfter && (!previous.trim() || /\bdo$/.test(previous.trimEnd())) ? blankAfter[0].length : 0);
    return { file, start: lineStart, end: Math.min(end, text.length), newText: '' };
  }
  const sep = /^[ \t]*;?[ \t]*/.exec(text.slice(r.end))![0];
  return { file, start: r.start, end: r.end + sep.length, newText: '' };
}

/** Applies non-overlapping edits to one text. */
export function applyEdits(text: string, edits: readonly Pick<TextEdit, 'start' | 'end' | 'newText'>[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  for (let i = 1; i < sorted.length; i++) if (sorted[i].end > sorted[i - 1].start) throw new Error('overlapping edits');
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

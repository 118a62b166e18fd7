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
  return reindented(text.slice(r.start, r.end), startsLine(text, r.start) ? r.col : lineIndent(text, r.start).length, to);
}

/** `code`'s second and later lines moved from indentation `from` (a column) to `to`; blank lines left empty. */
export function reindented(code: string, from: number, to: string): string {
  return code
    .split('\n')
    .map((line, i) => {
      if (i === 0 || !line.trim()) return i === 0 ? line : '';
      const indent = /^[ \t]*/.exec(line)![0].length;
      return to + line.slice(Math.min(indent, from));
    })
    .join('\n');
}

/** The text of `r` with the replacements inside it made (each the text of a span, or text built from it). */
export function rewritten(text: string, r: Pick<Span, 'start' | 'end'>, replacements: readonly { span: Span; by: string }[]): string {
  let out = '';
  let at = r.start;
  for (const rep of [...replacements].filter((x) => r.start <= x.span.start && x.span.end <= r.end).sort((a, b) => a.span.start - b.span.start)) {
    if (rep.span.start < at) continue;
    out += text.slice(at, rep.span.start) + rep.by;
    at = rep.span.end;
  }
  return out + text.slice(at, r.end);
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

const blank = (line: string) => !line.trim();

/**
 * Removes whole lines: each range's lines, merged with its neighbours when only blank lines separate them, so
 * that no blank line is left right after a `do`, right before an `end`, or doubled.
 */
export function deleteLines(file: string, text: string, ranges: readonly Pick<Span, 'start' | 'end'>[]): TextEdit[] {
  const lines = text.split('\n');
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length - 1;
  const gone = new Set<number>();
  for (const r of ranges) for (let l = lineOf(r.start); l <= lineOf(Math.max(r.start, r.end - 1)); l++) gone.add(l);
  // Blank lines between removed lines go with them.
  for (let l = 0; l < lines.length; l++) {
    if (!blank(lines[l]) || gone.has(l)) continue;
    let a = l;
    while (a > 0 && blank(lines[a - 1]) && !gone.has(a - 1)) a--;
    let b = l;
    while (b < lines.length - 1 && blank(lines[b + 1]) && !gone.has(b + 1)) b++;
    if (a > 0 && gone.has(a - 1) && b < lines.length - 1 && gone.has(b + 1)) for (let x = a; x <= b; x++) gone.add(x);
    l = b;
  }
  const edits: TextEdit[] = [];
  const offsets: number[] = [];
  for (let i = 0, at = 0; i < lines.length; at += lines[i].length + 1, i++) offsets.push(at);
  for (let l = 0; l < lines.length; l++) {
    if (!gone.has(l)) continue;
    let end = l;
    while (gone.has(end + 1)) end++;
    let from = l;
    let to = end;
    const before = lines[from - 1];
    const after = lines[to + 1];
    if (after !== undefined && blank(after) && (before === undefined || blank(before) || /\bdo$/.test(before.trimEnd()))) to++;
    else if (before !== undefined && blank(before) && (after === undefined || /^[ \t]*end\b/.test(after))) from--;
    edits.push({ file, start: offsets[from], end: to + 1 < lines.length ? offsets[to + 1] : text.length, newText: '' });
    l = end;
  }
  return edits;
}

// The text of one file and the offsets where its lines start, to turn offsets into positions.
import type { Span } from './term';

/** Where each line of `text` starts: 0, then one past every `\n`. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The source of one file, with the offsets where its lines start (positions come from offsets). */
export class Source {
  private readonly lineStarts: number[];

  constructor(
    readonly text: string,
    lineStarts?: number[],
  ) {
    this.lineStarts = lineStarts ?? lineStartsOf(text);
  }

  /**
   * The source of `text`, an edit of this one's text: equal up to `prefix`, and from `oldEnd` here and `newEnd`
   * there to the end. Only the edited lines are looked for; the line starts after them are this one's, moved (a
   * keystroke in a 7 000-line file no longer scans the whole text and grows an array line by line).
   */
  edited(text: string, prefix: number, oldEnd: number, newEnd: number): Source {
    const fresh: number[] = [];
    for (let i = text.indexOf('\n', prefix); i !== -1 && i < newEnd; i = text.indexOf('\n', i + 1)) fresh.push(i + 1);
    // A paste of many lines: scanning the text again is as cheap (and `splice` takes its items as arguments).
    if (fresh.length > 1000) return new Source(text);
    // Starts up to `prefix` stay (a start is one past a newline, and the texts agree before `prefix`); those past
    // `oldEnd` move; those between are the edit's, found again in the new text.
    const starts = this.lineStarts.slice();
    const keep = this.firstAfter(prefix);
    starts.splice(keep, this.firstAfter(oldEnd) - keep, ...fresh);
    const delta = newEnd - oldEnd;
    for (let k = keep + fresh.length; k < starts.length; k++) starts[k] += delta;
    return new Source(text, starts);
  }

  /** The index of the first line start past `offset` (the line count when there is none). */
  private firstAfter(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Lines of text, the last one counted only when it holds something. */
  get lineCount(): number {
    return this.lineStarts.length - (this.lineStarts[this.lineStarts.length - 1] === this.text.length ? 1 : 0);
  }

  /** The line of the last span's start: the tree is read in order, so the next offset is mostly on it or the next line. */
  private last = 0;

  /** The line of `offset`, tried first on line `near` and the one after it. */
  private lineOf(offset: number, near: number): number {
    const starts = this.lineStarts;
    if (starts[near] <= offset) {
      if (near + 1 === starts.length || offset < starts[near + 1]) return near;
      if (near + 2 === starts.length || offset < starts[near + 2]) return near + 1;
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  span(start: number, end: number): Span {
    const line = (this.last = this.lineOf(start, this.last));
    const endLine = end === start ? line : this.lineOf(end, line);
    return { line, col: start - this.lineStarts[line], endLine, endCol: end - this.lineStarts[endLine], start, end };
  }
}

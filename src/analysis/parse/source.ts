// The text of one file and the offsets where its lines start, to turn offsets into positions.
import type { Span } from './term';

/** The source of one file, with the offsets where its lines start (positions come from offsets). */
export class Source {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
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

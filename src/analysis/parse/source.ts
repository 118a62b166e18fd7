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

  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  span(start: number, end: number): Span {
    const line = this.lineOf(start);
    const endLine = end === start ? line : this.lineOf(end);
    return { line, col: start - this.lineStarts[line], endLine, endCol: end - this.lineStarts[endLine], start, end };
  }
}

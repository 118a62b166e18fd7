// Source.span: positions of offsets asked in any order (it starts its search at the line of the previous span).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Source } from '../../../src/analysis/parse/source';

/** Line and column of `offset` counted the slow way, from the text itself. */
function position(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, col: offset - (before.lastIndexOf('\n') + 1) };
}

const text = readFileSync(join(__dirname, '../../../examples/shop/lib/shop/cart.ex'), 'utf8');

/** A seeded shuffle, so a failure can be replayed. */
function shuffled(xs: number[], seed: number): number[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('Source.span', () => {
  const offsets = Array.from({ length: text.length + 1 }, (_, i) => i);

  it.each([
    ['in order', offsets],
    ['backwards', [...offsets].reverse()],
    ['shuffled', shuffled(offsets, 7)],
  ])('gives every offset of a real file its line and column, asked %s', (_, order) => {
    const source = new Source(text);
    for (const start of order) {
      const end = Math.min(text.length, start + (start % 97));
      const span = source.span(start, end);
      const a = position(text, start);
      const b = position(text, end);
      expect([span.line, span.col, span.endLine, span.endCol]).toEqual([a.line, a.col, b.line, b.col]);
    }
  });

  it('counts the lines of a file ending with and without a newline', () => {
    expect(new Source('a\nb\n').lineCount).toBe(2);
    expect(new Source('a\nb').lineCount).toBe(2);
  });
});

// Source.span: positions of offsets asked in any order (it starts its search at the line of the previous span);
// Source.edited: the lines of an edited text found from the old text's, as a fresh read finds them.
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

describe('Source.edited', () => {
  // Inserts, deletes and replacements with and without newlines, at a file's start, middle and end.
  const edits: [at: number, removed: number, inserted: string][] = [
    [0, 0, ' '],
    [0, 1, ''],
    [0, 0, '\n\n'],
    [text.indexOf('\n') + 1, 0, 'x'],
    [text.indexOf('\n'), 1, ''],
    [text.length >> 1, 0, '\n'],
    [text.length >> 1, 40, 'a\nb\nc'],
    [text.length >> 1, 200, ''],
    [text.length - 1, 1, ''],
    [text.length, 0, '\nend\n'],
    [0, text.length, 'all\nnew'],
  ];

  it.each(edits)('finds the lines of a real file edited at %i (%i removed, %j typed) as reading it anew does', (at, removed, inserted) => {
    const old = new Source(text);
    const next = text.slice(0, at) + inserted + text.slice(at + removed);
    // The edit as commonEnds sees it: the texts agree before `prefix` and after `oldEnd` / `newEnd`.
    let prefix = 0;
    while (prefix < Math.min(text.length, next.length) && text[prefix] === next[prefix]) prefix++;
    let suffix = 0;
    while (suffix < Math.min(text.length, next.length) - prefix && text[text.length - 1 - suffix] === next[next.length - 1 - suffix]) suffix++;
    const edited = old.edited(next, prefix, text.length - suffix, next.length - suffix);
    const fresh = new Source(next);
    expect(edited.lineCount).toBe(fresh.lineCount);
    for (let offset = 0; offset <= next.length; offset += 7) expect(edited.span(offset, Math.min(next.length, offset + 50))).toEqual(fresh.span(offset, Math.min(next.length, offset + 50)));
  });
});

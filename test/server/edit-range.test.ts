// Where applyChanges says the changes fell lets the engine skip comparing two versions of a file whole: the common
// ends it then finds must be those of the whole comparison, for any changes (several per notification, retyping the
// same characters, joining lines), and a range about another text must not be used.
import { describe, expect, it } from 'vitest';
import { commonEnds, commonEndsOf } from '../../src/analysis/facts/splice';
import { applyChanges, type ContentChange } from '../../src/server/edits';
import { random } from '../helpers/seeded-edits';

const TEXT = Array.from({ length: 60 }, (_, i) => `  def f${i}(x), do: x + ${i}\n    \n`).join('');

function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** A random change of `text` (typing, deleting, or retyping what is there), and the text it makes. */
function change(text: string, next: () => number): { change: ContentChange; after: string } {
  const at = Math.floor(next() * text.length);
  const end = Math.min(text.length, at + Math.floor(next() * 12));
  const kind = next();
  const typed = kind < 0.3 ? text.slice(at, end) : kind < 0.6 ? '' : [' ', '\n', 'x', ' x\n  '][Math.floor(next() * 4)];
  return { change: { range: { start: position(text, at), end: position(text, end) }, text: typed }, after: text.slice(0, at) + typed + text.slice(end) };
}

describe('the range applyChanges gives', () => {
  it.each([1, 2, 3, 4])('gives the common ends of comparing the texts whole (seed %i)', (seed) => {
    const next = random(seed);
    let text = TEXT;
    for (let i = 0; i < 200; i++) {
      // Several changes in one notification, each on the text the previous ones left.
      const changes: ContentChange[] = [];
      let scratch = text;
      for (let k = 1 + Math.floor(next() * 3); k > 0; k--) {
        const c = change(scratch, next);
        changes.push(c.change);
        scratch = c.after;
      }
      const applied = applyChanges(text, changes, undefined);
      if ('rejected' in applied) throw new Error(applied.rejected);
      expect(applied.text).toBe(scratch);
      expect(applied.range?.before).toBe(text);
      expect(commonEndsOf(text, applied.text, applied.range)).toEqual(commonEnds(text, applied.text));
      text = applied.text;
    }
  });

  it('is left out when a change replaces the whole text, and not used for another text', () => {
    const whole = applyChanges(TEXT, [{ text: 'defmodule A do\nend\n' }], undefined);
    expect('range' in whole && whole.range).toBeFalsy();
    const other = TEXT.replace('f3(', 'g3(');
    const text = `${TEXT} `;
    // A range claiming nothing changed but the end, about a text that is not the one compared.
    expect(commonEndsOf(other, text, { before: TEXT, prefix: TEXT.length, suffix: 0 })).toEqual(commonEnds(other, text));
  });
});

// A script's statements are asked whether they hold a watched name once per version; across edits the answers of
// untouched statements are kept and a "no" is checked again only around the edit (script-scan.ts). After any edit
// the answers must be those of scanning each statement whole (hitOffsets).
import { describe, expect, it } from 'vitest';
import { hasHit, hitOffsets } from '../../src/analysis/facts/module-syntax';
import { LOOPS, SLOW_IO, TEST_WATCHED, WATCHED } from '../../src/analysis/facts/registry';
import { scriptMemo, statementHit, type ScriptMemo } from '../../src/analysis/facts/script-scan';
import { random } from '../helpers/seeded-edits';

/** The top-level alternatives of a regex's source. */
function alternatives(source: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let at = 0;
  for (let i = 0; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === '(') depth++;
    else if (source[i] === ')') depth--;
    else if (source[i] === '|' && depth === 0) {
      out.push(source.slice(at, i));
      at = i + 1;
    }
  }
  return [...out, source.slice(at)];
}

it('relies on one pattern alone matching a `,` or a `>`, once each (the window around an edit counts on it)', () => {
  // Escapes, character classes and group names aside, what is left of each pattern must hold no `,`, `>`, negated class or `.`.
  const loose = [WATCHED, TEST_WATCHED, SLOW_IO, LOOPS]
    .flatMap((re) => alternatives(re.source))
    .filter((a) => /[,>]|\[\^|(?<!\\)\.(?![^[]*\])/.test(a.replace(/\\k<\w+>/g, '').replace(/\\./g, '').replace(/\(\?<\w+>/g, '(').replace(/\(\?<?[=!]/g, '(').replace(/\[[^\]]*\]/g, (c) => (c.startsWith('[^') ? '[^' : 'c'))));
  expect(new Set(loose)).toEqual(new Set([String.raw`\bfn\s+[^,>]*,\s*(?<acc>[a-z_]\w*)\s*->\s*[A-Z][\w.]*\.[a-z_]\w*[!?]?\(\s*\k<acc>\b`]));
});

/** The answer of scanning the statement whole, as readScript did. */
const whole = (text: string, start: number, end: number, isTest: boolean): boolean => hasHit(hitOffsets(text.slice(start, end), start, isTest), start, end);

// Code typed into a data literal: watched names, the pieces of an accumulator closure, slow IO and loops, bounds.
const TYPED = [' ', ',', '>', '-', 'x', '\n', 'fn ', 'fn x, acc -> ', 'Game.move(acc', ', acc', 'GenServer.', 'send', 'Repo.', 'for ', 'Enum.map', 'game = Game.move(game', '('];

describe('the answers kept across edits of a script', () => {
  const rows = Array.from({ length: 60 }, (_, i) => `  %{event: [:phoenix, :stop], id: ${i}, headers: %{"accept" => "text/html", "host" => "x${i}"}, fun: :ok},\n`).join('');
  const start = `[\n${rows}]\n\nIO.puts("loaded")\n`;

  it.each([1, 2, 3, 4])('are those of scanning each statement whole (seed %i)', (seed) => {
    const next = random(seed);
    let text = start;
    let memo: ScriptMemo = {};
    const statements = (t: string): [number, number][] => {
      const end = t.indexOf('\n]\n') + 2;
      return [[0, end], [end + 2, t.length - 1]];
    };
    for (let i = 0; i < 400; i++) {
      const isTest = i % 7 === 0;
      for (const [from, to] of statements(text)) expect(statementHit(text, from, to, isTest, memo), `edit ${i}`).toBe(whole(text, from, to, isTest));
      const previous = memo.next;
      // An edit inside the literal: typed, or a few characters deleted.
      const at = 2 + Math.floor(next() * (text.indexOf('\n]\n') - 4));
      const typed = next() < 0.6 ? TYPED[Math.floor(next() * TYPED.length)] : '';
      const end = typed ? at : Math.min(at + 1 + Math.floor(next() * 6), text.indexOf('\n]\n'));
      const old = text;
      text = text.slice(0, at) + typed + text.slice(end);
      memo = scriptMemo(isTest ? undefined : previous, old, text, { before: old, prefix: at, suffix: old.length - end });
    }
  });
});

it('finds a match the edit made in the window around it, and none beyond the statement', () => {
  const before = '[%{a: 1, b: 2, c: 3, d: 4},\n %{e: 5, f: 6, g: 7}]';
  const memo: ScriptMemo = {};
  expect(statementHit(before, 0, before.length, false, memo)).toBe(false);
  // `fn x, acc -> Game.move(acc` typed across a comma that was there: the match reaches back over it.
  const at = before.indexOf('b: 2');
  const text = `${before.slice(0, at)}fn x, acc -> Game.move(acc, x)${before.slice(at)}`;
  const next = scriptMemo(memo.next, before, text, { before, prefix: at, suffix: before.length - at });
  expect(statementHit(text, 0, text.length, false, next)).toBe(true);
});

it('finds a match that reaches back over a `,` and a `>` before the edit', () => {
  const before = '[%{a: 1, b: fn x, acc -> Game.move(ac), c: 3}, %{d: 4}]';
  const memo: ScriptMemo = {};
  expect(statementHit(before, 0, before.length, false, memo)).toBe(false);
  const at = before.indexOf('(ac)') + 3;
  const text = `${before.slice(0, at)}c${before.slice(at)}`;
  const next = scriptMemo(memo.next, before, text, { before, prefix: at, suffix: before.length - at });
  expect(statementHit(text, 0, text.length, false, next)).toBe(true);
});

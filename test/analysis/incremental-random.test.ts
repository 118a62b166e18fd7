// The language server's path on real-shaped files: one-character edits at random places, each applied to the text and
// to the syntax tree (incremental re-parse), then re-read reusing the unchanged modules and clauses. After every edit
// the facts and findings must be those of reading the new text from scratch.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/analysis/engine';
import { loadParser, type Parser, type Tree } from '../../src/analysis/parse/parser';
import { applyChanges } from '../../src/server/edits';
import { random, render } from '../helpers/seeded-edits';

const LABELED = join(__dirname, '../fixtures/labeled');
const EDITS_PER_FILE = 40;

let parser: Parser;
beforeAll(async () => {
  parser = await loadParser();
});

function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The largest product files of the labeled fixtures (each a small real-shaped project). */
function largestFiles(n: number): string[] {
  const all: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ex')) all.push(p);
    }
  };
  walk(LABELED);
  return all.sort((a, b) => statSync(b).size - statSync(a).size || (a < b ? -1 : 1)).slice(0, n);
}

// Typing and deleting code-shaped characters: inside names, around blocks, new lines.
const TYPED = [' ', 'x', '\n', '(', ')', 'do', 'end', ',', ':', 'GenServer.', '_'];

describe('incremental re-reading after random edits', () => {
  // Every module of the largest fixtures in one file, so edits land around as well as inside modules.
  const files = largestFiles(12);
  const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');

  it.each([1, 2, 3])('gives the facts and findings of a fresh read (seed %i)', (seed) => {
    const next = random(seed);
    const live = new Project(parser);
    let current = text;
    let tree: Tree | undefined = live.setFile('lib/big.ex', current);
    // Real facts to keep right: many modules, processes among them, findings to move.
    expect(live.facts('lib/big.ex')!.modules.length).toBeGreaterThanOrEqual(12);
    expect(live.analyze('green').findings.length).toBeGreaterThan(5);
    for (let i = 0; i < EDITS_PER_FILE; i++) {
      const at = Math.floor(next() * current.length);
      const insert = next() < 0.6;
      const typed = TYPED[Math.floor(next() * TYPED.length)];
      const end = insert ? at : Math.min(current.length, at + 1 + Math.floor(next() * 3));
      const change = { range: { start: position(current, at), end: position(current, end) }, text: insert ? typed : '' };
      const edited = applyChanges(current, [change], tree);
      if ('rejected' in edited) throw new Error(edited.rejected);
      current = edited.text;
      const newTree = live.setFile('lib/big.ex', current, edited.treeValid ? tree : undefined);
      tree?.delete();
      tree = newTree;
      const fresh = new Project(parser);
      fresh.addFile('lib/big.ex', current);
      const what = `edit ${i} (${insert ? `typed ${JSON.stringify(typed)}` : `deleted ${end - at}`} at ${at})`;
      expect(render(live.facts('lib/big.ex')), what).toBe(render(fresh.facts('lib/big.ex')));
      expect(render(live.analyze('green').findings), what).toBe(render(fresh.analyze('green').findings));
    }
    tree?.delete();
  }, 120_000);
});

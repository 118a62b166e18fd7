// The language server's path on real-shaped files: one-character edits at random places, each applied to the text and
// to the syntax tree (incremental re-parse), then re-read reusing the unchanged modules and clauses. After every edit
// the facts and findings must be those of reading the new text from scratch.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/analysis/engine';
import { loadParser, type Parser, type Tree } from '../../src/analysis/parse/parser';
import type { FileFacts } from '../../src/analysis/facts/types';
import type { Span } from '../../src/analysis/parse/term';
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

/** The largest product files (or test files) of the labeled fixtures (each a small real-shaped project). */
function largestFiles(n: number, ending = '.ex'): string[] {
  const all: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith(ending)) all.push(p);
    }
  };
  walk(LABELED);
  return all.sort((a, b) => statSync(b).size - statSync(a).size || (a < b ? -1 : 1)).slice(0, n);
}

// Typing and deleting code-shaped characters: inside names, around blocks, new lines.
const TYPED = [' ', 'x', '\n', '(', ')', 'do', 'end', ',', ':', 'GenServer.', '_'];

/** Where edits land (at line starts inside these spans of the live facts, when any) and what they type. */
interface Where {
  spans: (facts: FileFacts) => Span[];
  typed: string[];
}

/**
 * Applies random one-character edits to `path` in a live project (beside the files of `others`), comparing its facts
 * and findings with a fresh read after each; `first` looks at the live project before the edits.
 */
function editAtRandom(seed: number, path: string, text: string, others: Record<string, string>, first: (live: Project) => void, where?: Where): void {
  const next = random(seed);
  const live = new Project(parser);
  for (const [p, t] of Object.entries(others)) live.addFile(p, t);
  let current = text;
  let tree: Tree | undefined = live.setFile(path, current);
  first(live);
  for (let i = 0; i < EDITS_PER_FILE; i++) {
    const inside = where?.spans(live.facts(path)!);
    const span = inside?.length ? inside[Math.floor(next() * inside.length)] : undefined;
    // Inside a span, edits go at the start of one of its lines but the first (where statements start, mostly).
    let at = span ? span.start + 1 + Math.floor(next() * (span.end - span.start - 2)) : Math.floor(next() * current.length);
    if (span) at = Math.min(current.indexOf('\n', at) + 1 || at, span.end - 4);
    const insert = next() < 0.6;
    const typing = where?.typed ?? TYPED;
    const typed = typing[Math.floor(next() * typing.length)];
    const end = insert ? at : Math.min(current.length, at + 1 + Math.floor(next() * 3));
    const change = { range: { start: position(current, at), end: position(current, end) }, text: insert ? typed : '' };
    const edited = applyChanges(current, [change], tree);
    if ('rejected' in edited) throw new Error(edited.rejected);
    current = edited.text;
    // Every other edit says where it fell, as the language server does: both ways must read the same.
    const newTree = live.setFile(path, current, edited.treeValid ? tree : undefined, true, i % 2 ? edited.range : undefined);
    tree?.delete();
    tree = newTree;
    const fresh = new Project(parser);
    for (const [p, t] of Object.entries(others)) fresh.addFile(p, t);
    fresh.addFile(path, current);
    const what = `edit ${i} (${insert ? `typed ${JSON.stringify(typed)}` : `deleted ${end - at}`} at ${at})`;
    expect(render(live.facts(path)), what).toBe(render(fresh.facts(path)));
    expect(render(live.analyze('green').findings), what).toBe(render(fresh.analyze('green').findings));
  }
  tree?.delete();
}

describe('incremental re-reading after random edits', () => {
  // Every module of the largest fixtures in one file, so edits land around as well as inside modules.
  const files = largestFiles(12);
  const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');

  it.each([1, 2, 3])('gives the facts and findings of a fresh read (seed %i)', (seed) => {
    editAtRandom(seed, 'lib/big.ex', text, {}, (live) => {
      // Real facts to keep right: many modules, processes among them, findings to move.
      expect(live.facts('lib/big.ex')!.modules.length).toBeGreaterThanOrEqual(12);
      expect(live.analyze('green').findings.length).toBeGreaterThan(5);
    });
  }, 120_000);
});

describe('incremental re-reading of a module whose attribute its clauses read', () => {
  // Edits at line starts inside the module move the clauses below them in place; the attribute's span is the module's
  // and may be a clause's too, and must move once.
  const clauses = Array.from({ length: 20 }, (_, i) => `  def cap${i}(n), do: min(n + ${i}, @limit)\n`).join('');
  const limits = `defmodule Shop.Limits do\n  @limit 10\n\n${clauses}end\n`;
  const inModule: Where = { spans: (f) => f.modules.map((m) => m.span), typed: [' ', '\n', '# a note\n', 'x'] };
  it.each([1, 2])('gives the facts and findings of a fresh read (seed %i)', (seed) => {
    editAtRandom(seed, 'lib/limits.ex', limits, {}, () => undefined, inModule);
  }, 120_000);
});

describe('incremental re-reading of a test file after random edits', () => {
  // The labeled projects' test files in one, with a product module under test beside it (findings to justify).
  const tests = largestFiles(12, '_test.exs').map((f) => readFileSync(f, 'utf8')).join('\n');
  const product = largestFiles(3).map((f) => readFileSync(f, 'utf8')).join('\n');

  it.each([1, 2, 3, 4, 5, 6])('gives the facts and findings of a fresh read (seed %i)', (seed) => {
    editAtRandom(seed, 'test/big_test.exs', tests, { 'lib/big.ex': product }, (live) => {
      expect(live.facts('test/big_test.exs')!.tests.length).toBeGreaterThanOrEqual(10);
    });
  }, 120_000);

  // Inside test blocks, typing what a test says (what it verifies, mentions, waits for, a helper it calls, a helper
  // defined there): the block is read again alone, and the file's helpers only when the edit may change one.
  const inBlocks: Where = { spans: (f) => f.tests.map((t) => t.span), typed: [' ', '\n', '# ', 'x = :tick\n', 'Shop.Cart.total([])\n', 'Process.sleep(5)\n', 'Process.exit(pid, :kill)\n', 'halt(pid)\n', 'defp halt(pid), do: Process.exit(pid, :kill)\n'] };
  it.each([1, 2, 3])('gives the facts and findings of a fresh read, edits inside test blocks (seed %i)', (seed) => {
    editAtRandom(seed, 'test/big_test.exs', tests, { 'lib/big.ex': product }, () => undefined, inBlocks);
  }, 120_000);

  // Between test blocks, typing blanks and comments: only positions move (or, for what changes more, the module is read again).
  const betweenBlocks: Where = {
    spans: (f) => {
      const blocks = f.tests.map((t) => t.span).sort((a, b) => a.start - b.start);
      return blocks.slice(1).map((b, i) => ({ ...b, start: blocks[i].end - 1, end: b.start + 5 }));
    },
    typed: [' ', '\n', '  ', '# a note\n', '\n\n'],
  };
  it.each([1, 2, 3])('gives the facts and findings of a fresh read, edits between test blocks (seed %i)', (seed) => {
    editAtRandom(seed, 'test/big_test.exs', tests, { 'lib/big.ex': product }, () => undefined, betweenBlocks);
  }, 120_000);
});

describe('incremental re-reading of nested modules after random edits', () => {
  // The largest fixtures' modules nested in one module (as a client library nests its models), one level deeper for
  // some, with the outer module's own definitions around them: an edit inside a nested module's definitions re-reads
  // them alone and moves the other modules (splice-nested.ts).
  const indent = (t: string) => t.replace(/^(?=.)/gm, '  ');
  const files = largestFiles(12).map((f) => readFileSync(f, 'utf8'));
  const deeper = `  defmodule Deeper do\n    def outer_helper(x), do: x + 1\n\n${indent(indent(files.slice(8).join('\n')))}\n    def tail(pid), do: send(pid, :done)\n  end\n`;
  const text = `defmodule Outer do\n  @moduledoc false\n  def version, do: 1\n\n${indent(files.slice(0, 8).join('\n'))}\n${deeper}\n  def last(x), do: x\nend\n`;
  const nested: Where = { spans: (f) => f.modules.slice(1).map((m) => m.span), typed: [' ', '\n', 'x', '# a note\n', 'GenServer.', 'send(self(), :tick)\n'] };

  it.each([1, 2, 3])('gives the facts and findings of a fresh read (seed %i)', (seed) => {
    editAtRandom(seed, 'lib/big.ex', text, {}, (live) => {
      expect(live.facts('lib/big.ex')!.modules.length).toBeGreaterThanOrEqual(12);
    });
  }, 120_000);

  it.each([1, 2, 3, 4, 5, 6])('gives the facts and findings of a fresh read, edits inside nested modules (seed %i)', (seed) => {
    editAtRandom(seed, 'lib/big.ex', text, {}, () => undefined, nested);
  }, 120_000);
});

describe('incremental re-reading of a script after random edits', () => {
  // A script of recorded events (one large data literal) and code that runs when it is loaded: each statement's
  // answers are kept across edits, a "no" checked again around the edit only (script-scan.ts).
  const rows = Array.from({ length: 80 }, (_, i) => `  %{event: [:phoenix, :stop], id: ${i}, meta: %{"accept" => "text/html", "n" => ${i}}},\n`).join('');
  const text = `events = [\n${rows}]\n\nfor e <- events, do: IO.inspect(e)\nspawn(fn -> Enum.each(events, &IO.inspect/1) end)\n`;
  const literal: Where = { spans: () => [{ line: 0, col: 0, endLine: 80, endCol: 0, start: 0, end: text.indexOf('\n]\n') }], typed: [' ', ',', 'x', 'send', 'GenServer.', 'Repo.', 'fn x, acc -> Game.move(acc, x) end', '\n'] };

  it.each([1, 2, 3])('gives the facts and findings of a fresh read (seed %i)', (seed) => {
    editAtRandom(seed, 'lib/events.exs', text, {}, () => undefined, literal);
  }, 120_000);
});

// Keystrokes that keep a file valid (indentation, blank lines, comments, letters inside names) are read without
// parsing the file again: only the definitions on the edited lines (extract-edited.ts, splice.ts). After every
// edit the facts and findings must be those of reading the new text from scratch, and the edits that change no
// fact must keep the module's facts (the engine then keeps its findings).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/analysis/engine';
import { loadParser, type Parser, type Tree } from '../../src/analysis/parse/parser';
import { applyChanges } from '../../src/server/edits';
import { random, render } from '../helpers/seeded-edits';

const LABELED = join(__dirname, '../fixtures/labeled');
const EDITS = 60;

let parser: Parser;
beforeAll(async () => {
  parser = await loadParser();
});

/** The largest fixture files holding a single module (the fast path reads modules without nested ones). */
function singleModuleFiles(n: number): string[] {
  const all: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ex') && readFileSync(p, 'utf8').match(/\bdefmodule\b/g)?.length === 1) all.push(p);
    }
  };
  walk(LABELED);
  return all.sort((a, b) => statSync(b).size - statSync(a).size || (a < b ? -1 : 1)).slice(0, n);
}

type Change = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string };

/** A keystroke that usually keeps the file valid, at a random line. */
function keystroke(text: string, next: () => number): Change {
  const lines = text.split('\n');
  const line = 1 + Math.floor(next() * (lines.length - 2));
  const at = (character: number, insert: string, remove = 0): Change => ({ range: { start: { line, character }, end: { line, character: character + remove } }, text: insert });
  const body = lines[line];
  const kind = Math.floor(next() * 5);
  if (kind === 0) return at(0, ' ');
  if (kind === 1 && body.startsWith(' ')) return at(0, '', 1);
  if (kind === 2) return at(body.length, '\n');
  if (kind === 3) return at(body.length, ' # note');
  // A letter inside a name: after a lower-case letter that follows another.
  const names = [...body.matchAll(/[a-z]([a-z])/g)];
  if (!names.length) return at(0, ' ');
  const m = names[Math.floor(next() * names.length)];
  return at(m.index + 1, 'q');
}

type Typing = { live: Project; text: string; tree?: Tree };

/** Applies one edit to the live project's file; its facts and findings must be those of a fresh read. */
function typeAndCompare(state: Typing, change: Change, what: string): void {
  const edited = applyChanges(state.text, [change], state.tree);
  if ('rejected' in edited) throw new Error(edited.rejected);
  state.text = edited.text;
  const newTree = state.live.setFile('lib/a.ex', state.text, state.tree);
  state.tree?.delete();
  state.tree = newTree;
  const fresh = new Project(parser);
  fresh.addFile('lib/a.ex', state.text);
  expect(render(state.live.facts('lib/a.ex')), what).toBe(render(fresh.facts('lib/a.ex')));
  expect(render(state.live.analyze('green').findings), what).toBe(render(fresh.analyze('green').findings));
}

function startTyping(text: string): Typing {
  const live = new Project(parser);
  const state: Typing = { live, text, tree: live.setFile('lib/a.ex', text) };
  live.analyze('green');
  return state;
}

/** Random keystrokes into a single-module file. */
function typeRandomly(text: string, seed: number): void {
  const next = random(seed);
  const state = startTyping(text);
  let kept = 0;
  for (let i = 0; i < EDITS; i++) {
    const before = state.live.facts('lib/a.ex')!.modules[0];
    const change = keystroke(state.text, next);
    typeAndCompare(state, change, `edit ${i}: ${JSON.stringify(change)}`);
    if (state.live.facts('lib/a.ex')!.modules[0] === before) kept++;
  }
  state.tree?.delete();
  // Many of these edits change no fact: the module's facts were kept, moved.
  expect(kept).toBeGreaterThan(EDITS / 10);
}

describe('keystrokes read without parsing the file again', () => {
  it.each(singleModuleFiles(4).map((f) => [f.slice(LABELED.length + 1)]))('give the facts and findings of a fresh read (%s)', (file) => {
    typeRandomly(readFileSync(join(LABELED, file), 'utf8'), 7);
  }, 120_000);
});

describe('keystrokes on a `use` line', () => {
  const SHOP = join(__dirname, '../../examples/shop/lib/shop');
  // Three process modules in one file: the edited one has modules above and below it.
  const FILE = ['price_calculator.ex', 'inventory.ex', 'settings.ex'].map((f) => readFileSync(join(SHOP, f), 'utf8')).join('\n');
  const useLine = (text: string) => text.split('\n').findIndex((l, i) => i > 10 && /^\s*use GenServer/.test(l));
  const at = (line: number, character: number, insert: string, remove = 0) => ({ range: { start: { line, character }, end: { line, character: character + remove } }, text: insert });
  // [the edit, whether it changes a fact]
  const edits: [(text: string) => ReturnType<typeof at>, boolean][] = [
    [(t) => at(useLine(t), 0, ' '), false],
    [(t) => at(useLine(t), 0, '', 1), false],
    [(t) => at(useLine(t), t.split('\n')[useLine(t)].length, ' # a note'), false],
    [(t) => at(useLine(t), t.split('\n')[useLine(t)].indexOf(' # a note'), ', restart: :temporary'), true],
    [(t) => at(useLine(t), t.split('\n')[useLine(t)].indexOf(':temporary') + 1, 'transient', 'temporary'.length), true],
    [(t) => at(useLine(t), t.split('\n')[useLine(t)].indexOf('GenServer'), '  '), false],
  ];

  it('keep the module when the `use` says the same, and always give the facts and findings of a fresh read', () => {
    const state = startTyping(FILE);
    for (const [i, [edit, changes]] of edits.entries()) {
      const before = state.live.facts('lib/a.ex')!.modules[1];
      const change = edit(state.text);
      typeAndCompare(state, change, `edit ${i}: ${JSON.stringify(change)}`);
      expect(state.live.facts('lib/a.ex')!.modules[1] === before, `edit ${i}`).toBe(!changes);
    }
    expect(state.text.split('\n').find((l) => l.includes(' # a note'))).toBe('  use   GenServer, restart: :transient # a note');
    state.tree?.delete();
  });
});

describe('keystrokes in statements that hold no fact', () => {
  // Calls extract.ts reads nothing from (outside test files): `import`, `require`, a macro block, a conditional
  // holding a definition; they sit between definitions, some of them process code.
  const MODULE = `defmodule Shop.Accounts do
  import Ecto.Query
  require Logger

  plug :authenticate when action in [:edit]

  schema "users" do
    field :name, :string
    field :email, :string
  end

  if Code.ensure_loaded?(Jason) do
    def encode(user), do: Jason.encode!(user)
  end

  def start(users) do
    pid = spawn(fn -> Enum.each(users, &send(self(), &1)) end)
    Process.monitor(pid)
  end

  def list(query), do: from(u in query, select: u.name)

  test "not a test outside a test file" do
    assert list(User)
  end
end
`;

  it('give the facts and findings of a fresh read', () => {
    typeRandomly(MODULE, 11);
  });
});

describe('keystrokes in a function whose @spec says it returns a start result', () => {
  // `into_courier/1` hands its caller the started process (OTP021 leaves it); a clause read again by the splice
  // path must keep that, though the `@spec` line above it is not read again.
  const MODULE = `defmodule Route do
  @spec into_courier(map()) :: GenServer.on_start()
  def into_courier(route) do
    Courier.start_link(route)
  end

  def other(x), do: x
end

defmodule Courier do
  use GenServer
  def start_link(r), do: GenServer.start_link(__MODULE__, r)
  def init(r), do: {:ok, r}
end
`;
  const at = (line: number, character: number, insert: string) => ({ range: { start: { line, character }, end: { line, character } }, text: insert });

  it('give the facts and findings of a fresh read', () => {
    const state = startTyping(MODULE);
    for (const [i, change] of [at(3, 0, ' '), at(3, 30, ' # note'), at(3, 4, 'x = '), at(6, 0, ' ')].entries()) {
      typeAndCompare(state, change, `edit ${i}: ${JSON.stringify(change)}`);
    }
    expect(state.live.facts('lib/a.ex')!.modules[0].functions[0].returnsStart).toBe(true);
    state.tree?.delete();
  });
});

// Re-reading an edited file reuses unchanged modules and clauses: the facts and findings must be exactly
// those of reading the new text from scratch, positions included.
import { beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/analysis/engine';
import { loadParser, type Parser, type Tree } from '../../src/analysis/parse/parser';

let parser: Parser;
beforeAll(async () => {
  parser = await loadParser();
});

/** A deterministic rendering of facts (Maps and Sets as sorted entries). */
function render(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (v instanceof Map ? [...v].sort() : v instanceof Set ? [...v].sort() : v));
}

const clauses = Array.from({ length: 30 }, (_, i) => `  def step${i}(state, n), do: %{state | count: state.count + n + ${i}}\n`).join('');

const FILE = `defmodule Shop.Stats do
  alias Shop.Visits

${clauses}
  def ping(pid), do: send(pid, :ping)
  def total, do: Visits.count()
  def notify(x), do: GenServer.cast(Visits, {:seen, x, __MODULE__})
end

defmodule Shop.Calc do
  use GenServer
  def init(s), do: {:ok, s}
  def handle_call({:add, a, b}, _from, s), do: {:reply, a + b, s}
end
`;

/** Each edit takes the current text and returns the next one. */
const EDITS: [string, (t: string) => string][] = [
  ['a line inserted above everything', (t) => `# header\n${t}`],
  ['characters typed inside one clause', (t) => t.replace('state.count + n + 7', 'state.count + n * 2 + 7')],
  ['a clause removed', (t) => t.replace(/  def step3\(.*\n/, '')],
  ['a process call added to a cold clause', (t) => t.replace('def step5(state, n), do: %{state', 'def step5(state, n), do: send(self(), %{state')],
  ['an alias changed (same clause texts, other modules)', (t) => t.replace('alias Shop.Visits', 'alias Other.Visits')],
  ['the module renamed', (t) => t.replace('defmodule Shop.Stats do', 'defmodule Shop.Numbers do')],
  ['lines removed above the second module', (t) => t.replace('# header\n', '')],
  ['the GenServer edited to read its state', (t) => t.replace('{:reply, a + b, s}', '{:reply, a + b + s, s}')],
];

/** A module whose spawned function hands off to a receive loop through clauses naming nothing watched, in a script. */
const LOOP_FILE = `defmodule Tally do
  def go, do: setup(0)
  defp setup(n), do: loop(n)

  defp loop(n) do
    receive do
      {:get, from} ->
        send(from, n)
        loop(n)
    end
  end
end

IO.puts("ready")
`;

const LOOP_EDITS: [string, (t: string) => string][] = [
  ['the script spawns the module\'s function', (t) => t.replace('IO.puts("ready")', 'pid = spawn(&Tally.go/0)')],
  ['a hand-off edited', (t) => t.replace('setup(0)', 'setup(1)')],
  ['the receive block removed', (t) => t.replace('receive do', 'case :get do')],
  ['the receive block back', (t) => t.replace('case :get do', 'receive do')],
  ['the script no longer spawns', (t) => t.replace('pid = spawn(&Tally.go/0)', 'IO.puts("done")')],
];

describe('incremental re-reading', () => {
  it.each([
    ['a module and a GenServer', 'lib/stats.ex', FILE, EDITS],
    ['a receive loop reached through hand-offs from a script', 'demo/tally.ex', LOOP_FILE, LOOP_EDITS],
  ] as const)('gives the facts and findings of a fresh read after every edit: %s', (_name, path, start, edits) => {
    const live = new Project(parser);
    let text: string = start;
    let tree: Tree | undefined = live.setFile(path, text);
    live.analyze('refactor');
    for (const [what, edit] of edits) {
      text = edit(text);
      const next = live.setFile(path, text);
      tree?.delete();
      tree = next;
      const fresh = new Project(parser);
      fresh.addFile(path, text);
      expect(render(live.facts(path)), what).toBe(render(fresh.facts(path)));
      expect(render(live.analyze('refactor').findings), what).toBe(render(fresh.analyze('refactor').findings));
    }
    tree?.delete();
  });
});

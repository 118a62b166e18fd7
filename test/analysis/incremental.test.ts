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

describe('incremental re-reading', () => {
  it('gives the facts and findings of a fresh read after every edit', () => {
    const live = new Project(parser);
    let text = FILE;
    let tree: Tree | undefined = live.setFile('lib/stats.ex', text);
    live.analyze('refactor');
    for (const [what, edit] of EDITS) {
      text = edit(text);
      const next = live.setFile('lib/stats.ex', text);
      tree?.delete();
      tree = next;
      const fresh = new Project(parser);
      fresh.addFile('lib/stats.ex', text);
      expect(render(live.facts('lib/stats.ex')), what).toBe(render(fresh.facts('lib/stats.ex')));
      expect(render(live.analyze('refactor').findings), what).toBe(render(fresh.analyze('refactor').findings));
    }
    tree?.delete();
  });
});

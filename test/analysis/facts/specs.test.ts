// Which clauses a `@spec` marks as returning a start result. Specs that name neither `on_start` nor `pid` are not
// converted (specs.ts: mayReturnStart); they must still undo what an earlier spec of another function said.
import { beforeAll, describe, expect, it } from 'vitest';
import { extractFacts } from '../../../src/analysis/facts/extract';
import { loadParser, type Parser } from '../../../src/analysis/parse/parser';

let parser: Parser;
beforeAll(async () => {
  parser = await loadParser();
});

function returnsStart(text: string): Record<string, boolean> {
  const tree = parser.parse(text)!;
  try {
    const [mod] = extractFacts({ path: 'lib/a.ex', text, isTest: false }, tree, undefined, false).facts.modules;
    return Object.fromEntries(mod.functions.map((f) => [`${f.name}/${f.arity}`, !!f.returnsStart]));
  } finally {
    tree.delete();
  }
}

describe('@spec start results', () => {
  it('marks the functions whose spec returns on_start or {:ok, pid()}, and no other', () => {
    const text = `defmodule Specs do
  @spec a(map()) :: GenServer.on_start()
  def a(x), do: Worker.start_link(x)

  @spec b() :: {:ok, pid()} | {:error, term()}
  def b, do: Worker.start_link([])

  @spec c(term()) :: :ok
  def c(_), do: :ok

  @spec d(keyword()) :: Supervisor.on_start() when opts: keyword()
  def d(opts), do: Supervisor.start_link([], opts)

  @spec e(pid()) :: :ok
  def e(_pid), do: :ok
end
`;
    expect(returnsStart(text)).toEqual({ 'a/1': true, 'b/0': true, 'c/1': false, 'd/1': true, 'e/1': false });
  });

  it('a spec that cannot return a start ends the reach of the one before it', () => {
    const text = `defmodule Specs do
  @spec go(map()) :: GenServer.on_start()
  @spec go(map()) :: :ok
  def go(x), do: Worker.start_link(x)
end
`;
    expect(returnsStart(text)).toEqual({ 'go/1': false });
  });
});

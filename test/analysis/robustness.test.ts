// The engine on hostile input: files that do not parse, very deep code, empty projects, non-ASCII text,
// and a rule that throws. It must never crash, and must keep analysing the other files.
import { beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/analysis/engine';
import { loadParser, type Parser } from '../../src/analysis/parse/parser';
import { RULES } from '../../src/analysis/rules';
import { defineRule } from '../../src/analysis/rules/define';

let parser: Parser;
beforeAll(async () => {
  parser = await loadParser();
});

function projectOf(files: Record<string, string>): Project {
  const p = new Project(parser);
  for (const [path, text] of Object.entries(files)) p.addFile(path, text);
  return p;
}

const stateless = `defmodule Calc do
  use GenServer
  def init(s), do: {:ok, s}
  def handle_call({:add, a, b}, _from, s), do: {:reply, a + b, s}
end
`;

describe('files that do not parse', () => {
  const broken: Record<string, string> = {
    'lib/unclosed_do.ex': 'defmodule Broken do\n  use GenServer\n  def handle_call(:x, _from, s) do\n    {:reply, :ok, s}\n',
    'lib/unclosed_paren.ex': 'defmodule Paren do\n  def f(x do\n    [1, 2\n  end\nend\n',
    'lib/string.ex': 'defmodule Str do\n  def f, do: "never closed\nend\n',
    'lib/heredoc.ex': 'defmodule Doc do\n  @moduledoc """\n  never closed\nend\n',
    'lib/template.ex': 'defmodule <%= @module %> do\n  use GenServer\n  <%= for f <- @fields do %>def <%= f %>, do: 1<% end %>\nend\n',
    'lib/binary.ex': '\u0000\u0001\u0002\uFFFD\uFFFD defmodule \u0000 do GenServer.call(',
    'lib/only_operators.ex': '|> |> -> <- :: ... do end do end fn fn',
  };

  it('reports each as a parse error with its path and a position, and never throws', () => {
    const p = projectOf(broken);
    for (const path of Object.keys(broken)) {
      const facts = p.facts(path)!;
      expect(facts, path).toBeDefined();
      expect(facts.parseError, path).toEqual({ line: expect.any(Number), col: expect.any(Number) });
    }
    const analysis = p.analyze('green');
    expect(analysis.ruleFailures).toEqual([]);
  });

  it('reads a stray `end` as tree-sitter-elixir does: as a name, not an error', () => {
    const p = projectOf({ 'lib/stray_end.ex': 'defmodule Stray do\n  def f, do: 1\nend\nend\n' });
    expect(p.facts('lib/stray_end.ex')!.modules.map((m) => m.name)).toEqual(['Stray']);
    expect(p.analyze('green').ruleFailures).toEqual([]);
  });

  it('still analyses the other files of the project', () => {
    const p = projectOf({ ...broken, 'lib/calc.ex': stateless });
    expect(p.facts('lib/calc.ex')!.parseError).toBeUndefined();
    expect(p.analyze('green').findings.filter((f) => f.file === 'lib/calc.ex').map((f) => f.rule)).toEqual(['OTP001']);
  });

  it('keeps what it can read of a file with one error', () => {
    const partly = stateless.replace('def init(s), do: {:ok, s}', 'def init(s), do: {:ok, s}\n  def oops(, do: 1');
    const p = projectOf({ 'lib/calc.ex': partly });
    expect(p.facts('lib/calc.ex')!.parseError?.line).toBe(3);
    expect(p.facts('lib/calc.ex')!.modules.map((m) => m.name)).toEqual(['Calc']);
  });
});

describe('very deep code', () => {
  const N = 10_000;
  // Inside a GenServer callback, so the clause is converted into terms, not only parsed.
  const inCallback = (expr: string) => `defmodule Deep do
  use GenServer
  def init(s), do: {:ok, s}
  def handle_call(:deep, _from, state) do
    x = ${expr}
    {:reply, x, state}
  end
end
`;
  const cases: Record<string, string> = {
    'nested lists': '['.repeat(N) + '1' + ']'.repeat(N),
    'nested tuples': '{'.repeat(N) + ':a' + '}'.repeat(N),
    'nested maps': '%{a: '.repeat(N) + '1' + '}'.repeat(N),
    'a pipe chain': 'state' + ' |> f()'.repeat(N),
    'a chain of +': Array.from({ length: N }, (_, i) => i).join(' + '),
    'nested calls': 'f('.repeat(N) + '1' + ')'.repeat(N),
    'nested anonymous functions': 'fn -> '.repeat(N) + '1' + ' end'.repeat(N),
    'nested ifs': 'if a do\n'.repeat(N) + '1\n' + 'end\n'.repeat(N),
    'nested GenServer calls': 'GenServer.call(__MODULE__, '.repeat(N) + ':x' + ')'.repeat(N),
  };

  for (const [name, expr] of Object.entries(cases)) {
    it(`analyses ${name} ${N} deep without overflowing the stack`, () => {
      const p = projectOf({ 'lib/deep.ex': inCallback(expr) });
      const facts = p.facts('lib/deep.ex')!;
      expect(facts.modules.map((m) => m.name)).toEqual(['Deep']);
      expect(facts.modules[0].functions.find((f) => f.name === 'handle_call')?.body).toBeDefined();
      const analysis = p.analyze('green');
      expect(analysis.ruleFailures).toEqual([]);
    });
  }

  it('analyses 10 000 nested modules', () => {
    const text = Array.from({ length: N }, (_, i) => `defmodule M${i} do\n`).join('') + 'end\n'.repeat(N);
    const p = projectOf({ 'lib/modules.ex': text });
    expect(p.facts('lib/modules.ex')!.modules).toHaveLength(N);
    expect(p.analyze('green').ruleFailures).toEqual([]);
  });
});

describe('empty input', () => {
  it('analyses a project without files', () => {
    expect(new Project(parser).analyze('green')).toEqual({ findings: [], justified: 0, justifiedFindings: [], ruleFailures: [] });
  });

  it('analyses empty, blank and comment-only files', () => {
    const p = projectOf({ 'lib/empty.ex': '', 'lib/blank.ex': '\n\n   \n', 'lib/comments.ex': '# nothing here\n# otp-advisor:disable-file\n', 'test/empty_test.exs': '' });
    expect(p.allFacts().map((f) => [f.path, f.modules.length, f.parseError])).toEqual([
      ['lib/empty.ex', 0, undefined],
      ['lib/blank.ex', 0, undefined],
      ['lib/comments.ex', 0, undefined],
      ['test/empty_test.exs', 0, undefined],
    ]);
    expect(p.analyze('green')).toEqual({ findings: [], justified: 0, justifiedFindings: [], ruleFailures: [] });
  });
});

describe('non-ASCII text', () => {
  // Columns count UTF-16 code units, as LSP and VS Code do: é, ö and ß are one unit, 😀 is two.
  it('gives columns in UTF-16 code units after accented letters and emoji on the same line', () => {
    const prefix = '  @moduledoc "Größe, café, 😀 日本語"; ';
    const text = stateless.replace('  use GenServer', `${prefix}use GenServer`);
    const [f] = projectOf({ 'lib/calc.ex': text }).analyze('green').findings;
    expect(f.rule).toBe('OTP001');
    expect(f.range).toMatchObject({ line: 1, col: prefix.length, endLine: 1, endCol: prefix.length + 'use GenServer'.length });
    // Neither bytes nor code points.
    expect(prefix.length).not.toBe(Buffer.byteLength(prefix));
    expect(prefix.length).not.toBe([...prefix].length);
    expect(text.slice(f.range.start, f.range.end)).toBe('use GenServer');
  });

  it('does so for call-level findings too, after non-ASCII lines', () => {
    const prefix = '    label = "Ünïcødé 🎉🎉"; ';
    const text = `defmodule Cart do
  @moduledoc "Panier — 🛒"
  use GenServer
  def total, do: GenServer.call(__MODULE__, :total)
  def init(items), do: {:ok, items}
  def handle_call(:total, _from, items), do: {:reply, 0, items}
  def handle_call(:checkout, _from, items) do
${prefix}{:reply, {label, total()}, items}
  end
end
`;
    const f = projectOf({ 'lib/cart.ex': text })
      .analyze('green')
      .findings.find((x) => x.rule === 'OTP023')!;
    const line = text.split('\n')[7];
    expect(f.range).toMatchObject({ line: 7, col: line.indexOf('total()'), endCol: line.indexOf('total()') + 'total()'.length });
  });
});

describe('a rule that throws', () => {
  const throwing = defineRule({
    id: 'OTP999',
    name: 'always-throws',
    severity: { red: 'warning', green: 'warning', refactor: 'warning' },
    justifiedBy: [],
    messages: { never: 'never' },
    explanation: { what: '', why: '', bad: '', good: '' },
    check(mod) {
      throw new Error(`cannot read ${mod.name}`);
    },
  });

  it('is recorded per module while the other rules run', () => {
    const analysis = projectOf({ 'lib/calc.ex': stateless }).analyze('green', [throwing, ...RULES]);
    expect(analysis.ruleFailures).toEqual([{ rule: 'OTP999', module: 'Calc', error: expect.stringContaining('cannot read Calc') }]);
    expect(analysis.findings.map((f) => f.rule)).toEqual(['OTP001']);
  });
});

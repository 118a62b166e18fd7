// The message sent with a question, built from real parses: sections, line numbers, tests, inventory, budget, redaction.
import { beforeAll, describe, expect, it } from 'vitest';
import { bareContext, buildContext, type ContextInput } from '../../src/advisor/context';
import { estimateTokens } from '../../src/advisor/tokens';
import { Project } from '../../src/analysis/engine';
import { loadParser, type Parser } from '../../src/analysis/parse/parser';

let parser: Parser;
beforeAll(async () => {
  parser = await loadParser();
});

const VISITS = `defmodule Shop.Visits do
  use GenServer

  @api_key "sk-ant-api03-PlantedSecret0123456789"

  def start_link(_), do: GenServer.start_link(__MODULE__, 0, name: __MODULE__)
  def count, do: GenServer.call(__MODULE__, :count)
  def record, do: GenServer.cast(__MODULE__, :record)

  @impl true
  def init(n), do: {:ok, n}

  @impl true
  def handle_call(:count, _from, n), do: {:reply, n, n}

  @impl true
  def handle_cast(:record, n), do: {:noreply, n + 1}
end
`;

const FILES: Record<string, string> = {
  'mix.exs': 'defmodule Shop.MixProject do\n  use Mix.Project\nend\n',
  'lib/shop/application.ex': `defmodule Shop.Application do
  use Application

  def start(_type, _args) do
    children = [Shop.Settings, Shop.Visits, {Task.Supervisor, name: Shop.Tasks}]
    Supervisor.start_link(children, strategy: :one_for_one)
  end
end
`,
  'lib/shop/visits.ex': VISITS,
  'lib/shop/settings.ex': `defmodule Shop.Settings do
  use Agent
  def start_link(_), do: Agent.start_link(fn -> %{vat: 21} end, name: __MODULE__)
  def vat, do: Agent.get(__MODULE__, & &1.vat)
end
`,
  'lib/shop/math.ex': 'defmodule Shop.Math do\n  def add(a, b), do: a + b\nend\n',
  'test/shop/visits_test.exs': `defmodule Shop.VisitsTest do
  use ExUnit.Case

  test "records visits" do
    before = Shop.Visits.count()
    Shop.Visits.record()
    assert Shop.Visits.count() == before + 1
  end
end
`,
  'test/shop/math_test.exs': `defmodule Shop.MathTest do
  use ExUnit.Case

  test "adds numbers" do
    assert Shop.Math.add(1, 2) == 3
  end
end
`,
};

function projectOf(files: Record<string, string>): Project {
  const project = new Project(parser);
  for (const [path, text] of Object.entries(files)) project.addFile(path, text);
  return project;
}

async function ask(files: Record<string, string>, rule: string, extra: Partial<ContextInput> = {}) {
  const project = projectOf(files);
  const finding = project.analyze('green').findings.find((f) => f.rule === rule);
  if (!finding) throw new Error(`no ${rule} finding`);
  const preview = await buildContext({
    project,
    phase: 'green',
    phaseSource: { kind: 'test-run', summary: 'mix test: 1 failure, lib files edited since' },
    findings: [finding],
    question: 'Do I really need a GenServer here?',
    readText: (f) => files[f],
    ...extra,
  });
  return { finding, preview };
}

describe('buildContext', async () => {
  it('sends the phase, the finding, the numbered module, its tests, the inventory and the question', async () => {
    const { finding, preview } = await ask(FILES, 'OTP002');
    const m = preview.message;
    expect(m).toContain('GREEN');
    expect(m).toContain('detected from the last test run (mix test: 1 failure, lib files edited since)');
    expect(m).toContain(`OTP002 ${finding.name} at lib/shop/visits.ex:2`);
    expect(m).toContain(finding.message);
    expect(m).toContain('   1 | defmodule Shop.Visits do');
    expect(m).toContain('  14 |   def handle_call(:count, _from, n), do: {:reply, n, n}');
    expect(m).toContain('  18 | end');
    expect(m).not.toContain('Shop.Application do');
    expect(m).toContain('test/shop/visits_test.exs:4 — records visits');
    expect(m).toContain('   7 |     assert Shop.Visits.count() == before + 1');
    expect(m).not.toContain('adds numbers');
    expect(m).toContain('Application Shop.Application starts 3 children: Shop.Settings, Shop.Visits, {Task.Supervisor, name: Shop.Tasks}');
    expect(m).toMatch(/1 GenServer \(Shop\.Visits\); 1 Agent \(Shop\.Settings\)/);
    expect(m).toContain('none verifies restarts, concurrency or timers');
    expect(m.endsWith('## Question\n\nDo I really need a GenServer here?')).toBe(true);
    expect(m).not.toContain('PlantedSecret');
    expect(m).toContain('@api_key "«redacted»"');
    expect(preview.redactions).toBe(1);
  });

  it('names the quoted code lines and test blocks, for the chat\'s chips', async () => {
    const { preview } = await ask(FILES, 'OTP002');
    expect(preview.sources).toEqual({
      code: [{ file: 'lib/shop/visits.ex', from: 1, to: 18 }],
      tests: [{ file: 'test/shop/visits_test.exs', line: 4, name: 'records visits' }],
    });
  });

  it('a general question about a place quotes its module and the tests that exercise it', async () => {
    const project = projectOf(FILES);
    const preview = await buildContext({
      project,
      phase: 'red',
      phaseSource: { kind: 'manual' },
      findings: [],
      focus: { file: 'lib/shop/math.ex', line: 1 },
      question: 'Is this fine?',
      readText: (f) => FILES[f],
    });
    expect(preview.sections.map((s) => s.title)).toEqual(['TDD phase', 'Code: lib/shop/math.ex (Shop.Math)', 'Tests that exercise it', 'OTP inventory of the project', 'Question']);
    expect(preview.message).toContain('   2 |   def add(a, b), do: a + b');
    expect(preview.message).toContain('test/shop/math_test.exs:4 — adds numbers');
    expect(preview.message).not.toContain('records visits');
    expect(preview.sources.code).toEqual([{ file: 'lib/shop/math.ex', from: 1, to: 3 }]);
  });

  it('with no code to quote, sends the phase and the question only', async () => {
    const preview = await bareContext('refactor', { kind: 'manual' }, '  When is a Registry worth it?  ');
    expect(preview.message).toBe('## TDD phase\n\nREFACTOR: tests pass, improving the design — set by the user.\n\n## Question\n\nWhen is a Registry worth it?');
    expect(preview.sources).toEqual({ code: [], tests: [] });
  });

  it('previews exactly what is sent, section by section', async () => {
    const { preview } = await ask(FILES, 'OTP002', { phaseSource: { kind: 'manual' } });
    expect(preview.sections.map((s) => s.title)).toEqual([
      'TDD phase',
      'Finding',
      'Code: lib/shop/visits.ex (Shop.Visits)',
      'Tests that exercise it',
      'OTP inventory of the project',
      'Question',
    ]);
    expect(preview.sections[0].text).toBe('GREEN: making the tests pass — set by the user.');
    expect(preview.message).toBe(preview.sections.map((s) => `## ${s.title}\n\n${s.text}`).join('\n\n'));
    expect(preview.tokens).toBe(estimateTokens(preview.message));
    for (const s of preview.sections) expect(s.tokens).toBeGreaterThan(0);
  });

  it('groups several findings: one code section per module', async () => {
    const project = projectOf(FILES);
    const findings = project.analyze('green').findings.filter((f) => f.rule === 'OTP002' || f.rule === 'OTP003');
    expect(findings.map((f) => f.module).sort()).toEqual(['Shop.Settings', 'Shop.Visits']);
    const preview = await buildContext({ project, phase: 'refactor', phaseSource: { kind: 'manual' }, findings, question: 'Which one first?', readText: (f) => FILES[f] });
    expect(preview.sections.map((s) => s.title)).toEqual([
      'TDD phase',
      'Findings',
      ...findings.map((f) => `Code: ${f.file} (${f.module})`),
      'Tests that exercise it',
      'OTP inventory of the project',
      'Question',
    ]);
    expect(preview.message).toContain('REFACTOR');
    expect(preview.message).toContain('   4 |   def vat, do: Agent.get(__MODULE__, & &1.vat)');
  });

  it('says so when no test exercises the module', async () => {
    const files = { ...FILES };
    delete files['test/shop/visits_test.exs'];
    const { preview } = await ask(files, 'OTP002');
    expect(preview.sections.find((s) => s.title === 'Tests that exercise it')?.text).toBe('No test exercises Shop.Visits.');
    expect(preview.message).toContain('1 test; none verifies');
  });

  it('trims a huge module to the budget and keeps the flagged line, its function and the module head', async () => {
    const filler = Array.from({ length: 400 }, (_, i) => `  def helper_${i}(x), do: x * ${i} + String.length("padding text ${i}")`).join('\n');
    const cart = `defmodule Shop.Cart do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, [], name: __MODULE__)
  def total, do: GenServer.call(__MODULE__, :total)

${filler}

  @impl true
  def init(items), do: {:ok, items}

  @impl true
  def handle_call(:total, _from, items) do
    {:reply, Enum.sum(items), items}
  end

  def handle_call(:checkout, _from, items) do
    receipt = %{items: Enum.reverse(items), total: total()}
    {:reply, receipt, []}
  end
end
`;
    const files = { 'lib/shop/cart.ex': cart };
    const { finding, preview } = await ask(files, 'OTP023', { budget: { code: 200 } });
    const code = preview.sections.find((s) => s.title.startsWith('Code:'))!;
    const lines = cart.split('\n');
    const flagged = finding.range.line;
    expect(lines[flagged]).toContain('total()');
    expect(code.text).toContain(`${String(flagged + 1).padStart(4)} | ${lines[flagged]}`);
    expect(code.text).toContain('   1 | defmodule Shop.Cart do');
    expect(code.text).toContain('   2 |   use GenServer');
    expect(code.text).toContain(`${String(flagged).padStart(4)} |   def handle_call(:checkout, _from, items) do`);
    // The related location (total/0, the call into its own process) is kept too.
    expect(code.text).toContain('   5 |   def total, do: GenServer.call(__MODULE__, :total)');
    expect(code.text).toMatch(/\n {5}… \(\d{3} lines not shown: \d+–\d+\)\n/);
    expect(code.tokens).toBeLessThanOrEqual(200 + 40);
    // The whole function (both handle_call/3 clauses) comes before any filler around it.
    expect(code.text).toContain(`${String(flagged - 4).padStart(4)} |   def handle_call(:total, _from, items) do`);
    expect(code.text).not.toContain('helper_10(');
    expect(estimateTokens(cart)).toBeGreaterThan(10 * code.tokens);
  });
});

describe('estimateTokens', () => {
  it('costs prose near chars / 4 and code higher', () => {
    const prose = 'Do I really need a process here, or would a plain module with pure functions be enough for now?';
    expect(Math.abs(estimateTokens(prose) - prose.length / 4)).toBeLessThan(prose.length / 16);
    const code = '  def handle_call(:count, _from, n), do: {:reply, n, n}\n';
    expect(estimateTokens(code)).toBeGreaterThan(code.length / 4);
    expect(estimateTokens('')).toBe(0);
  });
});

// Offline explanations: the rule's text framed for the phase, the real finding's details, before/after code.
import { describe, expect, it } from 'vitest';
import { adviceFor } from '../../../../src/analysis/rules/explanation/advice';
import type { Finding } from '../../../../src/analysis/engine';
import { PHASES } from '../../../../src/analysis/phases';
import { RULES, ruleById } from '../../../../src/analysis/rules';
import { analyzeFiles } from '../../../helpers/rule-tester';

const stateless = ruleById('OTP001')!;
const calculator = stateless.explanation.bad;
const calculatorTest = `defmodule CalculatorTest do
  use ExUnit.Case

  test "adds" do
    {:ok, _} = Calculator.start_link([])
    assert Calculator.add(1, 2) == 3
  end
end
`;

async function calculatorFinding(): Promise<Finding> {
  const { findings } = await analyzeFiles({ 'lib/calculator.ex': calculator, 'test/calculator_test.exs': calculatorTest }, 'green', [stateless]);
  expect(findings).toHaveLength(1);
  return findings[0];
}

function elixirBlocks(md: string): string[] {
  return [...md.matchAll(/```elixir\n([\s\S]*?)\n```/g)].map((m) => m[1]);
}

describe('explain', () => {
  it('frames the same rule differently in each phase', () => {
    const texts = PHASES.map((p) => adviceFor(stateless, undefined, p));
    expect(new Set(texts).size).toBe(3);
    expect(texts[0]).toContain('**RED: focus on what the failing test expects.**');
    expect(texts[1]).toContain('**GREEN: make the test pass with plain functions first.**');
    expect(texts[2]).toContain('**REFACTOR: now weigh whether the process earns its keep.**');
  });

  it('shows the rule, its reasons, what would justify it and the before/after code', () => {
    const md = adviceFor(stateless, undefined, 'green');
    expect(md.startsWith('### OTP001 stateless-genserver\n')).toBe(true);
    expect(md).toContain(stateless.explanation.what);
    expect(md).toContain(stateless.explanation.why);
    expect(md).toContain('A test that verifies that it is restarted after a crash, or that several processes use it at the same time justifies the process: the finding then goes away.');
    expect(elixirBlocks(md)).toEqual([stateless.explanation.bad, stateless.explanation.good]);
    expect(md.indexOf('**Before**')).toBeLessThan(md.indexOf('**After**'));
  });

  it('includes a real finding: where, its message (with the test that would justify it) and the tests exercising it', async () => {
    const finding = await calculatorFinding();
    const md = adviceFor(stateless, finding, 'green');
    expect(md).toContain(`**Here** (\`lib/calculator.ex:${finding.range.line + 1}\`): ${finding.message}`);
    expect(finding.message).toMatch(/Its tests \(test\/calculator_test\.exs\) do not verify/);
    expect(md).toContain('Tests that exercise `Calculator`:');
    expect(md).toMatch(/- `test\/calculator_test\.exs:4` .*adds/);
    // The message already names the justifying test; the generic sentence is not repeated.
    expect(md).not.toContain('the finding then goes away');
    expect(elixirBlocks(md)).toHaveLength(2);
  });

  it('says when no test exercises the flagged module', async () => {
    const { findings } = await analyzeFiles({ 'lib/calculator.ex': calculator }, 'refactor', [stateless]);
    const md = adviceFor(stateless, findings[0], 'refactor');
    expect(md).toContain('No test exercises `Calculator`.');
    expect(md).toContain('**REFACTOR: now weigh whether the process earns its keep.**');
  });

  it('frames anti-patterns and refactor triggers for what they are', () => {
    const antiPattern = ruleById('OTP021')!;
    expect(adviceFor(antiPattern, undefined, 'green')).toContain('it is a mistake in any phase');
    expect(adviceFor(antiPattern, undefined, 'green')).toContain('No test silences this rule.');
    const trigger = ruleById('OTP101')!;
    expect(adviceFor(trigger, undefined, 'green')).toContain('refactoring hint');
    expect(adviceFor(trigger, undefined, 'refactor')).toContain('**REFACTOR: now weigh whether a process would earn its keep.**');
  });

  it('works offline for every rule in every phase, with two elixir blocks', () => {
    for (const rule of RULES) for (const phase of PHASES) expect(elixirBlocks(adviceFor(rule, undefined, phase))).toHaveLength(2);
  });
});

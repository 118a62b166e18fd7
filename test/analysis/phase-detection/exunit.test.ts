import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExUnit, type ExUnitResult } from '../../../src/analysis/phase-detection/exunit';

const dir = join(__dirname, '../../fixtures/exunit');
const fixture = (name: string) => readFileSync(join(dir, `${name}.txt`), 'utf8');

const ran = (tests: number, failures: number, extra: Partial<ExUnitResult> = {}): ExUnitResult => ({
  tests,
  failures,
  compileError: false,
  noTests: false,
  ...extra,
});
const noTests: ExUnitResult = { tests: 0, failures: 0, compileError: false, noTests: true };
const compileError: ExUnitResult = { tests: 0, failures: 0, compileError: true, noTests: false };

const cases: [string, ExUnitResult | undefined][] = [
  ['passing', ran(2, 0)],
  ['single', ran(1, 0)],
  ['failing', ran(4, 2)],
  ['failing-color', ran(4, 2)],
  ['failing-tty', ran(4, 2)],
  ['max-failures', ran(3, 1)],
  ['failed-rerun', ran(2, 2)],
  ['failed-fixed', ran(2, 0)],
  ['failed-nothing-left', noTests],
  ['no-tests', noTests],
  ['empty-test-module', noTests],
  ['stale-none', noTests],
  ['all-excluded', { ...noTests, tests: 2, excluded: 2 }],
  ['trace', ran(2, 0)],
  ['slowest', ran(2, 0)],
  ['tags', ran(7, 1, { excluded: 1, invalid: 2, skipped: 1 })],
  ['tags-color', ran(7, 1, { excluded: 1, invalid: 2, skipped: 1 })],
  ['properties', ran(3, 1)],
  ['properties-default-plural', ran(3, 1)],
  ['warnings-as-errors', ran(1, 0)],
  ['compile-error-lib', compileError],
  ['syntax-error-lib', compileError],
  ['compile-error-test', compileError],
  ['dep-compile-error', compileError],
  ['dep-compiled', ran(2, 0)],
  ['umbrella', ran(5, 1)],
  ['umbrella-color', ran(5, 1)],
  ['umbrella-failed', ran(1, 1)],
  ['umbrella-compile-error-test', { ...ran(3, 1), compileError: true }],
  ['umbrella-compile-error-lib', compileError],
  ['test-helper-crash', undefined],
  // No test ran for want of the machine's tools: src/extension/mix-test-problem.ts says why.
  ['needs-hex', undefined],
  ['needs-deps', undefined],
  ['mix-not-found-sh', undefined],
  ['no-mix-project', undefined],
  ['path-not-found', undefined],
  ['interrupted-sigterm', undefined],
  ['interrupted-ctrl-c-tty', undefined],
];

describe('parseExUnit on captured `mix test` output', () => {
  it.each(cases)('%s', (name, expected) => {
    expect(parseExUnit(fixture(name))).toEqual(expected);
  });

  it('has a case for every fixture', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.txt'));
    expect(cases.map(([name]) => `${name}.txt`).sort()).toEqual(files.sort());
  });

  it('reads terminal bytes: the tty fixture still has its \\r\\n and colours', () => {
    const text = fixture('failing-tty');
    expect(text).toContain('\r\n');
    expect(text).toContain('\x1b[31m1 doctest, 3 tests, 2 failures\x1b[0m');
  });
});

describe('parseExUnit on terminal reads', () => {
  it('skips VS Code shell integration sequences around the output', () => {
    const wrapped = `\x1b]633;C\x07${fixture('failing-tty')}\x1b]633;D;2\x07\x1b]633;A\x07$ `;
    expect(parseExUnit(wrapped)).toEqual(ran(4, 2));
  });

  it('reads output cut in the middle of a line, before the first app header', () => {
    const text = fixture('umbrella');
    const cut = text.slice(text.indexOf('Billing.hello() == :charged') + 5);
    expect(parseExUnit(cut)).toEqual(ran(5, 1));
  });

  it('loses the failures of an app whose summary was cut off', () => {
    const text = fixture('umbrella');
    expect(parseExUnit(text.slice(text.lastIndexOf('==> accounts')))).toEqual(ran(2, 0));
  });

  it('takes the last summary of each app when a buffer holds two runs', () => {
    expect(parseExUnit(fixture('failing') + fixture('failed-fixed'))).toEqual(ran(2, 0));
    expect(parseExUnit(fixture('umbrella') + fixture('umbrella-failed'))).toEqual(ran(1, 1));
  });

  it('has no verdict while the summary has not arrived', () => {
    const text = fixture('failing');
    expect(parseExUnit(text.slice(0, text.indexOf('Finished in')))).toBeUndefined();
    const stopped = fixture('umbrella').replace(/==> accounts\n\.\.\nFinished[^]*$/, '==> accounts\n..');
    expect(parseExUnit(stopped)).toBeUndefined();
  });

  it('reads the `Finished in` line of ExUnit before 1.11 (hand-written, no such Elixir here)', () => {
    const old = 'Finished in 0.08 seconds (0.05s on load, 0.03s on tests)\n12 tests, 0 failures\n';
    expect(parseExUnit(old)).toEqual(ran(12, 0));
  });

  it('returns undefined for text without ExUnit', () => {
    expect(parseExUnit('')).toBeUndefined();
    expect(parseExUnit('$ ls\nmix.exs lib test\n')).toBeUndefined();
  });
});

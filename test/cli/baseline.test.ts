// The baseline for legacy code, through the CLI as a process: write it, then only new findings count;
// code that moves stays accepted, a second identical finding does not, stale entries are pruned.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, statelessGenServer, tempProject } from '../helpers/cli';

const report = `defmodule Demo.Report do
  def a(x), do: Task.await(Task.async(fn -> x * 2 end))
end
`;

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function legacy(): string {
  const p = tempProject({ 'lib/calc.ex': statelessGenServer(), 'lib/report.ex': report });
  cleanup = p.cleanup;
  return p.dir;
}

const BASELINE = '.otp-advisor-baseline.json';
const json = (dir: string, args: string[] = []) => {
  const run = runCli(['check', '.', '--format', 'json', '--baseline', BASELINE, ...args], dir);
  return { ...run, rules: run.stdout ? JSON.parse(run.stdout).findings.map((f: { rule: string; file: string; range: { start: { line: number } } }) => `${f.rule} ${f.file}:${f.range.start.line}`) : [] };
};
const entries = (dir: string) => JSON.parse(readFileSync(join(dir, BASELINE), 'utf8')).findings as { rule: string; file: string; module?: string; fingerprint: string }[];
const prepend = (dir: string, file: string, text: string) => writeFileSync(join(dir, file), text + readFileSync(join(dir, file), 'utf8'));

// Each case runs the CLI several times; a busy machine needs more than the default 30 s.
describe('baseline', { timeout: 90_000 }, () => {
  it('is written by `otp-advisor baseline FILE`, after which check reports nothing and exits 0', () => {
    const dir = legacy();
    expect(runCli(['check', '.'], dir).code).toBe(1);
    const write = runCli(['baseline', BASELINE], dir);
    expect(write).toMatchObject({ code: 0, stderr: '' });
    expect(write.stdout).toBe(`wrote ${BASELINE}: 2 entries, 2 new, 0 pruned.\n`);
    expect(entries(dir).map((e) => [e.rule, e.module, e.file])).toEqual([
      ['OTP001', 'Demo.Calculator', 'lib/calc.ex'],
      ['OTP007', 'Demo.Report', 'lib/report.ex'],
    ]);
    const text = runCli(['check', '.', '--baseline', BASELINE], dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^No findings in 3 files, \d+ ms\. 2 baselined findings not shown\.\n$/);
    expect(json(dir).rules).toEqual([]);
    // Rewriting an unchanged baseline gives the same bytes.
    const bytes = readFileSync(join(dir, BASELINE), 'utf8');
    runCli(['check', '.', '--update-baseline', BASELINE], dir);
    expect(readFileSync(join(dir, BASELINE), 'utf8')).toBe(bytes);
  });

  it('reports a new finding elsewhere, and a second identical finding in a baselined module', () => {
    const dir = legacy();
    runCli(['baseline', BASELINE], dir);
    writeFileSync(join(dir, 'lib/other.ex'), statelessGenServer('Other'));
    writeFileSync(join(dir, 'lib/report.ex'), report.replace('end\n', '  def b(x), do: Task.await(Task.async(fn -> x * 2 end))\nend\n'));
    const run = json(dir);
    expect(run.code).toBe(1);
    expect(run.rules).toEqual(['OTP001 lib/other.ex:2', 'OTP007 lib/report.ex:3']);
  });

  it('keeps old findings accepted when lines are added above them and when their module moves to another file', () => {
    const dir = legacy();
    runCli(['baseline', BASELINE], dir);
    prepend(dir, 'lib/report.ex', '# Reports.\n\n# More reports.\n');
    renameSync(join(dir, 'lib/calc.ex'), join(dir, 'lib/calculator.ex'));
    prepend(dir, 'lib/calculator.ex', 'defmodule Demo.Helper do\n  def twice(x), do: 2 * x\nend\n\n');
    expect(runCli(['check', '.', '--format', 'json'], dir).stdout).toContain('"file": "lib/calculator.ex"');
    const run = json(dir);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.rules).toEqual([]);
  });

  it('lists stale entries on check and prunes them on update, leaving entries of files the run did not look at', () => {
    const dir = legacy();
    runCli(['baseline', BASELINE], dir);
    // Fix the GenServer: its entry is stale.
    writeFileSync(join(dir, 'lib/calc.ex'), 'defmodule Demo.Calculator do\n  def add(a, b), do: a + b\nend\n');
    const check = json(dir);
    expect(check.code).toBe(0);
    expect(check.stderr).toContain(`1 entry of ${BASELINE} match no finding any more`);
    expect(check.stderr).toMatch(/lib\/calc\.ex OTP001 Demo\.Calculator/);

    // A run on lib/report.ex alone cannot judge lib/calc.ex's entry: nothing is pruned.
    expect(runCli(['baseline', BASELINE, 'lib/report.ex'], dir).stdout).toContain('2 entries, 0 new, 0 pruned.');
    expect(entries(dir).map((e) => e.rule)).toEqual(['OTP001', 'OTP007']);
    // Nor can a run of other rules.
    runCli(['baseline', BASELINE, '--only', 'OTP007'], dir);
    expect(entries(dir).map((e) => e.rule)).toEqual(['OTP001', 'OTP007']);

    const update = runCli(['baseline', BASELINE], dir);
    expect(update.stdout).toContain('1 entry, 0 new, 1 pruned.');
    expect(update.stdout).toMatch(/Pruned \(no such finding any more\):\n {2}lib\/calc\.ex OTP001 Demo\.Calculator/);
    expect(entries(dir).map((e) => e.rule)).toEqual(['OTP007']);
    expect(json(dir).stderr).toBe('');
  });

  it('prunes the entries of a deleted file', () => {
    const dir = legacy();
    runCli(['baseline', BASELINE], dir);
    rmSync(join(dir, 'lib/calc.ex'));
    expect(runCli(['baseline', BASELINE, 'lib'], dir).stdout).toContain('1 pruned');
    expect(entries(dir).map((e) => e.file)).toEqual(['lib/report.ex']);
  });

  it('is a usage error (exit 2) when missing or broken, and writes nothing then', () => {
    const dir = legacy();
    const missing = runCli(['check', '.', '--baseline', 'nope.json'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('otp-advisor: cannot read baseline nope.json: no such file (`otp-advisor baseline nope.json` writes it)\n');
    writeFileSync(join(dir, 'broken.json'), '{"version": 1, "findings": [{"rule": "OTP001"}]}');
    const broken = runCli(['check', '.', '--baseline', 'broken.json'], dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('baseline broken.json "findings[0]" needs string fingerprint, rule and file');
    expect(runCli(['baseline'], dir).code).toBe(2);
    expect(existsSync(join(dir, BASELINE))).toBe(false);
  });
});

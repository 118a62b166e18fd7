// `otp-advisor explain`, `--version` and `--help` run as a process.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/analysis/rules';
import pkg from '../../package.json';
import { CLI, runCli } from '../helpers/cli';

describe('explain', () => {
  it('prints a rule with why, its severities and both examples', () => {
    const { code, stdout, stderr } = runCli(['explain', 'OTP001']);
    expect([code, stderr]).toEqual([0, '']);
    const rule = RULES.find((r) => r.id === 'OTP001')!;
    expect(stdout.startsWith('OTP001 stateless-genserver\n\nA GenServer whose callbacks neither read nor change the state they receive.\n')).toBe(true);
    expect(stdout).toContain(rule.explanation.why);
    expect(stdout).toContain('Severity: RED: warning, GREEN: warning, REFACTOR: information.');
    const indented = (code: string) => code.split('\n').map((l) => `    ${l}`).join('\n');
    expect(stdout).toContain(`Flagged:\n${indented(rule.explanation.bad)}\n`);
    expect(stdout).toContain(`Preferred:\n${indented(rule.explanation.good)}\n`);
    expect(stdout).toContain('    def handle_call({:add, a, b}, _from, state), do: {:reply, a + b, state}');
    expect(stdout.trimEnd().endsWith('# otp-advisor:disable-next-line OTP001')).toBe(true);
  });

  it('finds a rule by lower-case id or by name', () => {
    const byId = runCli(['explain', 'OTP023']).stdout;
    expect(byId).toMatch(/^OTP023 genserver-self-call\n/);
    expect(runCli(['explain', 'otp023']).stdout).toBe(byId);
    expect(runCli(['explain', 'genserver-self-call']).stdout).toBe(byId);
    expect(runCli(['explain', 'OTP004']).stdout).toMatch(/^OTP004 premature-supervisor\n/);
  });

  it('lists every rule in catalog order without an argument', () => {
    const { code, stdout } = runCli(['explain']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(RULES.map((r) => `${r.id} ${r.name}`));
  });

  it('gives the phase-aware explanation with --phase', () => {
    const green = runCli(['explain', 'OTP001', '--phase', 'green']);
    const refactor = runCli(['explain', 'OTP001', '--phase=refactor']);
    expect([green.code, refactor.code]).toEqual([0, 0]);
    expect(green.stdout).toContain('GREEN');
    expect(refactor.stdout).toContain('REFACTOR');
    expect(green.stdout).toContain('```elixir');
    expect(green.stdout).not.toBe(refactor.stdout);
    expect(runCli(['explain', 'OTP001', '--phase', 'blue']).code).toBe(2);
  });

  it('exits 2 on an unknown rule', () => {
    const { code, stdout, stderr } = runCli(['explain', 'OTP999']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toBe('otp-advisor: unknown rule "OTP999"; `otp-advisor explain` lists them');
  });

  it('exits quietly when the reader closes the pipe early', async () => {
    const child = spawn(process.execPath, [CLI, 'explain'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed before the process writes a byte, so its first write meets a closed pipe (EPIPE).
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((done) => child.on('close', done));
    expect([code, stderr]).toEqual([0, '']);
  });
});

describe('version and help', () => {
  it('prints the package version', () => {
    const { code, stdout } = runCli(['--version']);
    expect(code).toBe(0);
    expect(stdout).toBe(`${pkg.version}\n`);
  });

  it('prints the usage with the exit codes', () => {
    const { code, stdout } = runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('otp-advisor check [paths...]');
    expect(stdout).toContain('Exit codes: 0 no finding at or above --fail-on (default warning), 1 some, 2 usage error, unreadable path or baseline.');
  });
});

// What a Credo user reaches for, run as a process: `--only` / `--ignore` and `explain FILE:LINE`.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../helpers/cli';

const premature = join(FIXTURES, 'premature');
const rulesOf = (args: string[]) => {
  const run = runCli(['check', premature, '--format', 'json', ...args]);
  return { code: run.code, stderr: run.stderr, rules: JSON.parse(run.stdout || '{"findings":[]}').findings.map((f: { rule: string }) => f.rule) };
};

// Several CLI runs per case; a busy machine needs more than the default 30 s.
describe('--only and --ignore', { timeout: 90_000 }, () => {
  it('run only the listed rules, by id (any case) or name, and drop the ignored ones', () => {
    expect(rulesOf([]).rules).toEqual(['OTP001', 'OTP023', 'OTP004']);
    expect(rulesOf(['--only', 'OTP001,otp004'])).toEqual({ code: 1, stderr: '', rules: ['OTP001', 'OTP004'] });
    expect(rulesOf(['--only=genserver-self-call']).rules).toEqual(['OTP023']);
    expect(rulesOf(['--ignore', 'OTP001', '--ignore', 'premature-supervisor']).rules).toEqual(['OTP023']);
    expect(rulesOf(['--only', 'OTP001,OTP023', '--ignore', 'OTP023']).rules).toEqual(['OTP001']);
  });

  it('set the exit code from what is left', () => {
    expect(rulesOf(['--only', 'OTP010'])).toEqual({ code: 0, stderr: '', rules: [] });
    expect(rulesOf(['--ignore', 'OTP001,OTP004', '--fail-on', 'error']).code).toBe(1);
  });

  it('reject an unknown rule with exit 2', () => {
    const run = runCli(['check', premature, '--only', 'OTP001,OTP999']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^otp-advisor: --only: unknown rule "OTP999"/);
    expect(runCli(['check', premature, '--ignore', '']).code).toBe(2);
  });
});

describe('explain FILE:LINE', { timeout: 90_000 }, () => {
  it('explains the finding at that line, with its message and the rule text', () => {
    const run = runCli(['explain', 'lib/shop/cart.ex:19'], premature);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(/^lib\/shop\/cart\.ex:19:38 error OTP023 .+\n\nOTP023 genserver-self-call\n\n/);
    expect(run.stdout).toContain('# otp-advisor:disable-next-line OTP023');
    expect(run.stdout).not.toContain('OTP001');
  });

  it('narrows by column, and says where the file\'s findings are when there is none at the place', () => {
    expect(runCli(['explain', 'lib/shop/cart.ex:19:40'], premature).stdout).toContain('OTP023 genserver-self-call');
    expect(runCli(['explain', 'lib/shop/cart.ex:19:10'], premature).stdout).toBe('No finding at lib/shop/cart.ex:19:10 (phase green). Findings in this file are on line 19.\n');
    expect(runCli(['explain', join(premature, 'lib/shop/calculator.ex:5')]).stdout).toMatch(/^No finding at .+calculator\.ex:5 \(phase green\)\. Findings in this file are on line 2\.\n$/);
  });

  it('follows --phase, and rejects a file that does not exist', () => {
    expect(runCli(['explain', 'lib/shop/calculator.ex:2', '--phase', 'refactor'], premature).stdout).toMatch(/^lib\/shop\/calculator\.ex:2:3 information OTP001 /);
    const missing = runCli(['explain', 'lib/nope.ex:3'], premature);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^otp-advisor: cannot read lib\/nope\.ex: no such file/);
  });
});

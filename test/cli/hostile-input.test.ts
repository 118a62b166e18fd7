// The CLI on input a careless or hostile checkout holds: paths it may not read (run as an unprivileged user, since
// root reads anything), files far too large to analyse, and a folder where the config file should be.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, runCli, statelessGenServer, tempProject } from '../helpers/cli';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function project(files: Record<string, string>): string {
  const p = tempProject(files);
  chmodSync(p.dir, 0o755);
  cleanups.push(p.cleanup);
  return p.dir;
}

/** `nobody` exists on Debian; setpriv drops to it only when this process may (root, as in CI containers). */
const asNobody = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']).status === 0;

function runAsNobody(args: string[], cwd: string) {
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli: paths it may not read', () => {
  it.skipIf(!asNobody)('an unreadable file or folder named on the command line: exit 2 and one line, as an unprivileged user', () => {
    const dir = project({ 'lib/calc.ex': statelessGenServer(), 'lib/secret/keys.ex': statelessGenServer('Keys') });
    chmodSync(join(dir, 'lib/calc.ex'), 0o000);
    chmodSync(join(dir, 'lib/secret'), 0o000);
    // Before: exit 0 and "No findings in 0 files".
    expect(runAsNobody(['check', 'lib/calc.ex'], dir)).toEqual({ code: 2, stdout: '', stderr: 'otp-advisor: cannot read lib/calc.ex: permission denied\n' });
    expect(runAsNobody(['check', 'lib/secret'], dir)).toEqual({ code: 2, stdout: '', stderr: 'otp-advisor: cannot read lib/secret: permission denied\n' });
    // Root, for contrast, reads both: the test above is about permissions, not about the files.
    if (process.getuid?.() === 0) expect(runCli(['check', 'lib/calc.ex', '--fail-on', 'never'], dir).code).toBe(0);
  });
});

describe('cli: files over the size limit', () => {
  it('skips a file over --max-file-size with a warning line and analyses the rest', () => {
    const big = `${statelessGenServer('Big')}\n${'# padding line for size\n'.repeat(200)}`;
    const dir = project({ 'lib/calc.ex': statelessGenServer(), 'lib/big.ex': big });
    const { code, stdout, stderr } = runCli(['check', '.', '--format', 'json', '--max-file-size', '0.002', '--fail-on', 'never'], dir);
    expect(code).toBe(0);
    expect(stderr).toBe('otp-advisor: skipped lib/big.ex: 6 KB, over the 3 KB limit (--max-file-size)\n');
    const files = (JSON.parse(stdout) as { findings: { file: string }[] }).findings.map((f) => f.file);
    expect(files).toContain('lib/calc.ex');
    expect(files).not.toContain('lib/big.ex');
  });

  it('has a default of 2 MB: a 3 MB generated module is skipped, not parsed for minutes', () => {
    const dir = project({ 'lib/calc.ex': statelessGenServer() });
    writeFileSync(join(dir, 'lib/generated.ex'), `defmodule Generated do\n${'  def f, do: :ok\n'.repeat(190_000)}end\n`);
    const { stderr } = runCli(['check', '.', '--fail-on', 'never'], dir);
    expect(stderr).toBe('otp-advisor: skipped lib/generated.ex: 3.1 MB, over the 2 MB limit (--max-file-size)\n');
  });

  it('refuses a size that is not a positive number', () => {
    const { code, stderr } = runCli(['check', '.', '--max-file-size', 'lots'], project({ 'lib/calc.ex': statelessGenServer() }));
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe('otp-advisor: --max-file-size takes megabytes, a number above 0 (got "lots")');
  });
});

describe('cli: the config file', () => {
  it('a folder named .otp-advisor.json is reported clearly and the defaults apply', () => {
    const dir = project({ 'lib/calc.ex': statelessGenServer() });
    mkdirSync(join(dir, '.otp-advisor.json'));
    const { code, stderr } = runCli(['check', '.'], dir);
    expect(code).toBe(1);
    expect(stderr).toBe('otp-advisor: cannot read .otp-advisor.json: it is a folder, not a file; the defaults apply\n');
  });
});

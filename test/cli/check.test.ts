// `otp-advisor check` run as a process on small projects: report formats, exit codes, phases, paths.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, FIXTURES, runCli, statelessGenServer, tempProject } from '../helpers/cli';

const premature = join(FIXTURES, 'premature');
const FINDING_LINE = /^(\S+):(\d+):(\d+) (error|warning|information|hint) (OTP\d{3}) (.+)$/;

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));
function project(files: Record<string, string | null>): string {
  const p = tempProject(files);
  cleanups.push(p.cleanup);
  return p.dir;
}

describe('text format', () => {
  it('prints file:line:col severity RULE message, then a summary', () => {
    const { code, stdout, stderr } = runCli(['check', premature]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.slice(0, 3).map((l) => l.match(FINDING_LINE)?.slice(1, 6))).toEqual([
      ['lib/shop/calculator.ex', '2', '3', 'warning', 'OTP001'],
      ['lib/shop/cart.ex', '19', '38', 'error', 'OTP023'],
      ['lib/shop/cart_supervisor.ex', '2', '3', 'warning', 'OTP004'],
    ]);
    expect(lines[0]).toContain('GenServer Shop.Calculator never reads or changes its state');
    expect(lines[3]).toMatch(/^3 findings \(1 error, 2 warnings\) in 5 files, \d+ ms\.$/);
  });

  it('has no ANSI colours when stdout is not a terminal', () => {
    const { stdout } = runCli(['check', premature]);
    expect(stdout).not.toContain('\x1b[');
  });

  it.skipIf(!existsSync('/usr/bin/script'))('colours severities on a terminal, unless NO_COLOR is set', () => {
    const onTty = (env: Record<string, string>) =>
      spawnSync('script', ['-qec', `"${process.execPath}" "${CLI}" check "${premature}"`, '/dev/null'], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '', ...env },
      }).stdout;
    expect(onTty({})).toContain('\x1b[31merror\x1b[0m');
    expect(onTty({ NO_COLOR: '1' })).not.toContain('\x1b[');
  });

  it('says so when there is nothing to report', () => {
    const { code, stdout } = runCli(['check', join(FIXTURES, 'justified-otp')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^No findings in 4 files, \d+ ms\.\n$/);
  });
});

describe('json format', () => {
  it('follows the documented shape, with 1-based positions and project-relative paths', () => {
    const { code, stdout } = runCli(['check', premature, '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(['version', 'phase', 'findings', 'stats']);
    expect(report.version).toBe(1);
    expect(report.phase).toBe('green');
    expect(report.findings).toHaveLength(3);
    for (const f of report.findings) {
      expect(Object.keys(f)).toEqual(['rule', 'name', 'severity', 'file', 'range', 'message', 'module', 'related']);
      expect(Object.keys(f.range)).toEqual(['start', 'end']);
      expect(Object.keys(f.range.start)).toEqual(['line', 'column']);
      expect(Object.keys(f.range.end)).toEqual(['line', 'column']);
    }
    expect(report.findings[0]).toEqual({
      rule: 'OTP001',
      name: 'stateless-genserver',
      severity: 'warning',
      file: 'lib/shop/calculator.ex',
      // `use GenServer` on line 2, columns 3 to 16.
      range: { start: { line: 2, column: 3 }, end: { line: 2, column: 16 } },
      message: expect.stringContaining('GenServer Shop.Calculator never reads or changes its state'),
      module: 'Shop.Calculator',
      related: [],
    });
    expect(report.findings.map((f: { rule: string; file: string; module: string }) => [f.rule, f.file, f.module])).toEqual([
      ['OTP001', 'lib/shop/calculator.ex', 'Shop.Calculator'],
      ['OTP023', 'lib/shop/cart.ex', 'Shop.Cart'],
      ['OTP004', 'lib/shop/cart_supervisor.ex', 'Shop.CartSupervisor'],
    ]);
    // `total()` inside handle_call(:checkout, ...): line 19, columns 38 to 45.
    expect(report.findings[1].range).toEqual({ start: { line: 19, column: 38 }, end: { line: 19, column: 45 } });
    expect(report.findings[1].related).toEqual([{ file: 'lib/shop/cart.ex', line: expect.any(Number), column: expect.any(Number), message: expect.stringContaining('calls the process here') }]);
    expect(report.stats).toMatchObject({ files: 5, parseErrors: 0, ms: expect.any(Number) });
  });

  it('uses / in paths and keeps them relative to the project root whatever the working directory', () => {
    const dir = project({ 'lib/deep/er/calc.ex': statelessGenServer() });
    const fromRoot = JSON.parse(runCli(['check', '.', '--format', 'json'], dir).stdout);
    const fromLib = JSON.parse(runCli(['check', '../../..', '--format', 'json'], join(dir, 'lib/deep/er')).stdout);
    const absolute = JSON.parse(runCli(['check', dir, '--format', 'json']).stdout);
    for (const r of [fromRoot, fromLib, absolute]) expect(r.findings.map((f: { file: string }) => f.file)).toEqual(['lib/deep/er/calc.ex']);
  });

  it('counts columns in UTF-16 code units, as LSP does', () => {
    const prefix = '  @moduledoc "Größe 😀 日本"; ';
    const dir = project({ 'lib/calc.ex': statelessGenServer().replace('  use GenServer', `${prefix}use GenServer`) });
    const [f] = JSON.parse(runCli(['check', dir, '--format', 'json']).stdout).findings;
    expect(f.range).toEqual({ start: { line: 2, column: prefix.length + 1 }, end: { line: 2, column: prefix.length + 1 + 'use GenServer'.length } });
    expect(runCli(['check', dir]).stdout).toContain(`lib/calc.ex:2:${prefix.length + 1} warning OTP001`);
  });

  it('reports the phase set in .otp-advisor.json when --phase is not given', () => {
    const dir = project({ '.otp-advisor.json': '{"phase": "refactor"}', 'lib/calc.ex': statelessGenServer() });
    const report = JSON.parse(runCli(['check', dir, '--format', 'json']).stdout);
    expect(report.phase).toBe('refactor');
    expect(report.findings.map((f: { severity: string }) => f.severity)).toEqual(['information']);
    expect(JSON.parse(runCli(['check', dir, '--format', 'json', '--phase', 'red']).stdout).phase).toBe('red');
  });

  it('writes the report to --output and nothing to stdout', () => {
    const dir = project({ 'lib/calc.ex': statelessGenServer() });
    const out = join(dir, 'report.json');
    const { code, stdout } = runCli(['check', dir, '--format=json', '--output', out]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).findings).toHaveLength(1);
  });
});

describe('phases', () => {
  const severities = (phase: string) =>
    JSON.parse(runCli(['check', premature, '--format', 'json', '--phase', phase]).stdout).findings.map((f: { rule: string; severity: string }) => `${f.rule} ${f.severity}`);

  it('reports premature OTP as warnings in red and green, as information in refactor', () => {
    expect(severities('red')).toEqual(['OTP001 warning', 'OTP023 error', 'OTP004 warning']);
    expect(severities('green')).toEqual(['OTP001 warning', 'OTP023 error', 'OTP004 warning']);
    expect(severities('refactor')).toEqual(['OTP001 information', 'OTP023 error', 'OTP004 information']);
  });

  it('lets the exit code follow the phase', () => {
    const dir = project({ 'lib/calc.ex': statelessGenServer() });
    expect(runCli(['check', dir, '--phase', 'green']).code).toBe(1);
    const refactor = runCli(['check', dir, '--phase', 'refactor']);
    expect(refactor.code).toBe(0);
    expect(refactor.stdout).toMatch(/ information OTP001 /);
    expect(refactor.stdout).toMatch(/^1 finding \(1 information\) in 2 files/m);
  });
});

describe('exit codes', () => {
  it('is 0 with nothing at or above --fail-on, 1 otherwise', () => {
    const warnings = project({ 'lib/calc.ex': statelessGenServer() });
    expect(runCli(['check', warnings]).code).toBe(1);
    expect(runCli(['check', warnings, '--fail-on', 'warning']).code).toBe(1);
    expect(runCli(['check', warnings, '--fail-on', 'error']).code).toBe(0);
    expect(runCli(['check', warnings, '--fail-on', 'never']).code).toBe(0);
    expect(runCli(['check', warnings, '--phase', 'refactor', '--fail-on', 'information']).code).toBe(1);
    expect(runCli(['check', warnings, '--phase', 'refactor', '--fail-on', 'hint']).code).toBe(1);
    expect(runCli(['check', premature, '--fail-on', 'error']).code).toBe(1);
    expect(runCli(['check', join(FIXTURES, 'justified-otp'), '--fail-on', 'hint']).code).toBe(0);
    // Eight CLI processes one after another: on a loaded 2-core machine each can take several seconds to start.
  }, 120_000);

  it.each([
    [['check', '.', '--frobnicate'], 'unknown option --frobnicate'],
    [['check', '.', '--format', 'xml'], '--format must be text, json or sarif (got "xml")'],
    [['check', '.', '--phase', 'blue'], '--phase must be one of red, green, refactor (got "blue")'],
    [['check', '.', '--fail-on', 'sometimes'], '--fail-on must be error, warning, information, hint or never (got "sometimes")'],
    [['check', '.', '--fail-on'], '--fail-on needs a value'],
    [['lint'], 'unknown command "lint"'],
    [[], 'missing command'],
  ])('is 2 on a usage error: %j', (args, message) => {
    const { code, stdout, stderr } = runCli(args, premature);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toBe(`otp-advisor: ${message}`);
    expect(stderr).toContain('Usage:');
  });

  it('is 2 with one line, no usage text, for a path that does not exist', () => {
    const { code, stdout, stderr } = runCli(['check', 'does/not/exist'], premature);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: 'otp-advisor: cannot read does/not/exist: no such file or directory\n' });
  });

  it('is 2 when a path given is not a file or folder it can read', () => {
    const dir = project({ 'lib/calc.ex': statelessGenServer() });
    const fifo = join(dir, 'lib/pipe.ex');
    spawnSync('mkfifo', [fifo]);
    const { code, stderr } = runCli(['check', fifo]);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe(`otp-advisor: cannot read ${fifo}: not a regular file or directory`);
  });

  it('is 2 when --output cannot be written', () => {
    const { code, stderr } = runCli(['check', premature, '--output', join(premature, 'no/such/dir/report.txt')]);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toMatch(/^otp-advisor: cannot write .*report\.txt: ENOENT/);
  });
});

describe('paths', () => {
  it('checks only the files asked for, with the whole project linked', () => {
    const { code, stdout } = runCli(['check', 'lib/shop/cart_supervisor.ex'], premature);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    // The test in test/shop/ is found although only the supervisor was given.
    expect(lines[0]).toMatch(/^lib\/shop\/cart_supervisor\.ex:2:3 warning OTP004 .*Its tests \(test\/shop\/cart_test\.exs\)/);
    expect(lines[1]).toMatch(/^1 finding \(1 warning\) in 1 file, \d+ ms\.$/);
  });

  it('checks several paths at once', () => {
    const { stdout } = runCli(['check', 'lib/shop/calculator.ex', 'lib/shop/cart.ex', '--format', 'json'], premature);
    expect(JSON.parse(stdout).findings.map((f: { rule: string }) => f.rule)).toEqual(['OTP001', 'OTP023']);
  });

  it('gives paths from the outer project root when a project nests another', () => {
    const dir = project({
      'lib/calc.ex': statelessGenServer(),
      'services/inner/mix.exs': 'defmodule Inner.MixProject do\n  use Mix.Project\nend\n',
      'services/inner/lib/calc.ex': statelessGenServer(),
    });
    const { stdout } = runCli(['check', dir, '--format', 'json']);
    expect(JSON.parse(stdout).findings.map((f: { file: string }) => f.file)).toEqual(['lib/calc.ex', 'services/inner/lib/calc.ex']);
  });

  it('treats a folder of projects as several projects', () => {
    const { stdout } = runCli(['check', 'premature', 'justified-otp', 'umbrella', '--format', 'json'], FIXTURES);
    const report = JSON.parse(stdout);
    // Several roots: paths are relative to the working directory.
    expect(report.findings.map((f: { rule: string; file: string }) => `${f.rule} ${f.file}`)).toEqual([
      'OTP001 premature/lib/shop/calculator.ex',
      'OTP023 premature/lib/shop/cart.ex',
      'OTP004 premature/lib/shop/cart_supervisor.ex',
      'OTP001 umbrella/apps/a/lib/a/taxes.ex',
    ]);
  });
});

describe('umbrella projects', () => {
  const umbrella = join(FIXTURES, 'umbrella');

  it('links the apps: a test in apps/b/test justifies a module of apps/a/lib', () => {
    const report = JSON.parse(runCli(['check', umbrella, '--format', 'json']).stdout);
    expect(report.findings.map((f: { rule: string; file: string; module: string }) => [f.rule, f.file, f.module])).toEqual([
      ['OTP001', 'apps/a/lib/a/taxes.ex', 'A.Taxes'],
    ]);
    expect(report.findings[0].message).toContain('Its tests (apps/a/test/a_test.exs) do not verify crash or restart behaviour');
    expect(report.stats).toMatchObject({ files: 8, justified: 1 });
  });

  it('loads the whole umbrella when one app is checked, with paths from the umbrella root', () => {
    for (const cwd of [umbrella, join(umbrella, 'apps/a')]) {
      const target = cwd === umbrella ? 'apps/a' : '.';
      const report = JSON.parse(runCli(['check', target, '--format', 'json'], cwd).stdout);
      expect(report.findings.map((f: { file: string }) => f.file)).toEqual(['apps/a/lib/a/taxes.ex']);
      expect(report.stats.files).toBe(4);
    }
  });
});

describe('configuration', () => {
  it('names the file and field of each problem on stderr and goes on with the rest of the config', () => {
    const { code, stdout, stderr } = runCli(['check', join(FIXTURES, 'bad-config')]);
    expect(stderr.trimEnd().split('\n')).toEqual([
      'otp-advisor: .otp-advisor.json: "colour" is not a known setting (phase, rules, exclude, baseline); using defaults for it.',
      'otp-advisor: .otp-advisor.json: "rules.OTP999" is not a known rule id (see `otp-advisor explain`); using defaults for it.',
      'otp-advisor: .otp-advisor.json: "rules.OTP001" must be error, warning, information, hint or off, or an object with red/green/refactor keys; using defaults for it.',
    ]);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    // OTP023 (an error by default) is lowered to a warning by the valid part of the file; OTP001 keeps its default.
    expect(lines.map((l) => l.match(FINDING_LINE)?.slice(4, 6).join(' '))).toEqual(['warning OTP001', 'warning OTP023', undefined]);
  });

  it('reports a file that is not JSON and analyses with the defaults', () => {
    const dir = project({ '.otp-advisor.json': '{"rules": {"OTP001": "off"', 'lib/calc.ex': statelessGenServer() });
    const { code, stdout, stderr } = runCli(['check', dir]);
    expect(stderr).toMatch(/^otp-advisor: \.otp-advisor\.json: "\(file\)" is not valid JSON: .*; using defaults for it\.\n$/);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^lib\/calc\.ex:2:3 warning OTP001 /);
  });
});

describe('files that cannot be analysed', () => {
  it('reports a file that does not parse, and still analyses the others', () => {
    const { code, stdout, stderr } = runCli(['check', join(FIXTURES, 'malformed')]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^lib\/calculator\.ex:2:3 warning OTP001 /);
    expect(lines[1]).toMatch(/^1 finding \(1 warning\) in 3 files/);
    expect(lines[2]).toMatch(/^lib\/broken\.ex:\d+:\d+ does not parse; findings in it may be incomplete\.$/);
    const report = JSON.parse(runCli(['check', join(FIXTURES, 'malformed'), '--format', 'json']).stdout);
    expect(report.stats).toMatchObject({ files: 3, parseErrors: 1 });
    expect(report.findings).toHaveLength(1);
  });

  it('reports entries it cannot read (dangling link, FIFO, link to a folder) and goes on', () => {
    const dir = project({ 'lib/calc.ex': statelessGenServer(), 'lib/folder.ex/inner.ex': statelessGenServer('Inner') });
    spawnSync('ln', ['-s', join(dir, 'nowhere.ex'), join(dir, 'lib/dangling.ex')]);
    spawnSync('mkfifo', [join(dir, 'lib/pipe.ex')]);
    spawnSync('ln', ['-s', join(dir, 'lib/folder.ex'), join(dir, 'lib/link.ex')]);
    const { code, stdout, stderr } = runCli(['check', dir]);
    expect(stderr.trimEnd().split('\n').sort()).toEqual([
      expect.stringMatching(/^otp-advisor: cannot read lib\/dangling\.ex: ENOENT: no such file or directory/),
      'otp-advisor: cannot read lib/link.ex: not a regular file',
      'otp-advisor: cannot read lib/pipe.ex: not a regular file',
    ]);
    expect(code).toBe(1);
    // A folder named like a source file is a folder: what it holds is analysed.
    expect(stdout.split('\n').filter((l) => FINDING_LINE.test(l)).map((l) => l.split(' ')[0])).toEqual(['lib/calc.ex:2:3', 'lib/folder.ex/inner.ex:2:3']);
  });

  it('accepts an empty folder and a project with no source', () => {
    const empty = project({ 'mix.exs': null });
    const r = runCli(['check', empty]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^No findings in 0 files, \d+ ms\.\n$/);
    const report = JSON.parse(runCli(['check', empty, '--format', 'json']).stdout);
    expect(report).toMatchObject({ findings: [], stats: { files: 0, parseErrors: 0 } });
    const onlyMix = runCli(['check', join(FIXTURES, 'empty')]);
    expect(onlyMix.code).toBe(0);
    expect(onlyMix.stdout).toMatch(/^No findings in 1 file, \d+ ms\.\n$/);
  });
});

// action.yml, read as YAML: a composite action whose inputs map onto real CLI flags, whose steps set
// up Node, upload with upload-sarif and fail by fail-on; its Check step's script run for real with bash
// (the built CLI standing in for the npm install) on a project in a subfolder of a repository.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI, REPO, runCli } from '../helpers/cli';
import { sarifErrors } from '../helpers/sarif';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  if?: string;
  run?: string;
  shell?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
const action = parse(readFileSync(join(REPO, 'action.yml'), 'utf8')) as {
  name: string;
  description: string;
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
};
const { steps } = action.runs;
const help = runCli(['--help']).stdout;
const check = steps.find((s) => s.id === 'check')!;

/** The inputs that are CLI options of `check`, by the same name. */
const FLAG_INPUTS = ['phase', 'fail-on', 'baseline', 'only', 'ignore'];

describe('action.yml', () => {
  it('is a composite action: set up Node, install, check, upload the SARIF, fail by fail-on', () => {
    expect(action.runs.using).toBe('composite');
    expect(steps.map((s) => s.uses?.replace(/@.*/, '') ?? s.id ?? s.name)).toEqual([
      'actions/setup-node',
      'Install otp-advisor',
      'check',
      'github/codeql-action/upload-sarif',
      'Fail on findings',
    ]);
    expect(steps[0].with?.['node-version']).toBe('${{ inputs.node-version }}');
    expect(steps[3].with?.sarif_file).toBe('${{ inputs.sarif-file }}');
    expect(steps[3].if).toBe("inputs.upload == 'true'");
    expect(steps[4].if).toBe("steps.check.outputs.exit-code == '1'");
    for (const s of steps.filter((x) => x.run)) expect(s.shell).toBe('bash');
  });

  it('passes every option input to the CLI flag of the same name, which the CLI documents', () => {
    for (const input of FLAG_INPUTS) {
      expect(action.inputs[input], input).toBeDefined();
      expect(help, `--${input} in otp-advisor --help`).toContain(`--${input}`);
      expect(Object.values(check.env ?? {})).toContain(`\${{ inputs.${input} }}`);
      expect(check.run).toContain(`--${input} "$`);
    }
    // And only flags the CLI has: a renamed flag would break the action silently.
    const used = new Set(check.run!.match(/--[a-z][a-z-]+/g));
    for (const flag of used) expect(help, flag).toContain(flag);
    expect([...used].sort()).toEqual(['--baseline', '--fail-on', '--format', '--ignore', '--only', '--output', '--phase']);
    // Inputs reach the script through env only: `${{ }}` inside a script would be injected as code.
    for (const s of steps) expect(s.run ?? '').not.toContain('${{');
  });

  describe('its Check step, run with bash', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'otp-advisor-action-'));
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));
    const repo = join(tmp, 'repo');
    cpSync(join(REPO, 'examples/shop'), join(repo, 'apps/shop#1'), { recursive: true });
    // The built CLI stands in for `npm install --global otp-advisor`.
    const bin = join(tmp, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'otp-advisor'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(join(bin, 'otp-advisor'), 0o755);

    function runCheckStep(inputs: Record<string, string>) {
      const defaults = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? '']));
      const values: Record<string, string> = { ...defaults, ...inputs };
      const env = Object.fromEntries(Object.entries(check.env!).map(([k, v]) => [k, v.replace(/^\$\{\{ inputs\.([a-z-]+) \}\}$/, (_, name: string) => values[name])]));
      const output = join(tmp, `output-${Math.random().toString(36).slice(2)}`);
      writeFileSync(output, '');
      const r = spawnSync('bash', ['-e', '-c', check.run!], {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, ...env, NO_COLOR: '1', PATH: `${bin}:${process.env.PATH}`, GITHUB_OUTPUT: output, GITHUB_ACTION_PATH: REPO, GITHUB_WORKSPACE: repo },
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs: readFileSync(output, 'utf8') };
    }

    it('prints the findings, records exit code 1 and writes SARIF with repository-relative URIs', () => {
      const r = runCheckStep({ path: 'apps/shop#1' });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.outputs).toBe('exit-code=1\n');
      expect(r.stdout).toMatch(/^lib\/shop\/cart\.ex:23:52 error OTP023 /m);
      const sarif = JSON.parse(readFileSync(join(repo, 'otp-advisor.sarif'), 'utf8'));
      expect(sarifErrors(sarif)).toEqual([]);
      const uris = sarif.runs[0].results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0].physicalLocation.artifactLocation.uri);
      expect(uris).toHaveLength(8);
      for (const uri of uris) expect(uri).toMatch(/^apps\/shop%231\/lib\/shop\/[a-z_]+\.ex$/);
      expect(sarif.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${repo}/`);
    });

    it('passes phase, only, ignore and fail-on through', () => {
      const r = runCheckStep({ path: 'apps/shop#1', phase: 'refactor', only: 'OTP001, OTP023', ignore: 'OTP023', 'fail-on': 'error', 'sarif-file': 'narrow.sarif' });
      expect(r.code).toBe(0);
      expect(r.outputs).toBe('exit-code=0\n');
      expect(r.stdout).toMatch(/^lib\/shop\/price_calculator\.ex:3:3 information OTP001 /);
      const sarif = JSON.parse(readFileSync(join(repo, 'narrow.sarif'), 'utf8'));
      expect(sarif.runs[0].automationDetails.id).toBe('otp-advisor/refactor/');
      expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual(['OTP001']);
    });

    it('fails at once on a usage error, writing no SARIF', () => {
      const r = runCheckStep({ path: 'apps/none', 'sarif-file': 'none.sarif' });
      expect(r.code).not.toBe(0);
      expect(r.outputs).toBe('exit-code=2\n');
      expect(r.stderr).toContain('cannot read apps/none');
      expect(() => readFileSync(join(repo, 'none.sarif'))).toThrow();
    });
  });
});

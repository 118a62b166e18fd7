// Each fixture project under test/fixtures/fixes (named <rule>-<variant>) is copied to a temp folder, passes
// `mix test`, is left unchanged by `fix --dry-run`, is fixed by the built CLI, loses its findings of that rule,
// and passes `mix test` again. Mix runs offline with an empty HOME: the fixtures use no Hex package.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli';

const FIXES = join(REPO, 'test/fixtures/fixes');
const scratch = mkdtempSync(join(tmpdir(), 'otp-advisor-fixes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function mixTest(dir: string): { code: number | null; output: string } {
  const home = join(scratch, 'home');
  const r = spawnSync('mix', ['test'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 170_000,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, MIX_HOME: join(home, 'mix'), HEX_HOME: join(home, 'hex'), HEX_OFFLINE: '1', MIX_ENV: 'test', LANG: 'C.UTF-8' },
  });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

function findings(dir: string, rule: string): { file: string; line: number }[] {
  const { stdout } = runCli(['check', dir, '--format', 'json', '--fail-on', 'never']);
  return (JSON.parse(stdout).findings as { rule: string; file: string; range: { line: number } }[])
    .filter((f) => f.rule === rule)
    .map((f) => ({ file: f.file, line: f.range.line }));
}

/** The project's sources (lib/ and test/), path → text. */
function sources(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const sub of ['lib', 'test']) {
    for (const f of readdirSync(join(dir, sub), { recursive: true, encoding: 'utf8' })) {
      if (/\.exs?$/.test(f)) out[`${sub}/${f}`] = readFileSync(join(dir, sub, f), 'utf8');
    }
  }
  return out;
}

describe.each(readdirSync(FIXES).sort())('%s', (name) => {
  const rule = name.split('-')[0].toUpperCase();

  it('passes mix test before and after otp-advisor fix, which removes its findings', () => {
    const dir = join(scratch, name);
    cpSync(join(FIXES, name), dir, { recursive: true });
    const before = mixTest(dir);
    expect(before.output).toMatch(/\d+ tests?, 0 failures/);
    expect(before.code).toBe(0);
    expect(findings(dir, rule).length).toBeGreaterThan(0);

    // --dry-run prints the patch and writes nothing.
    const original = sources(dir);
    const dry = runCli(['fix', dir, '--rule', rule, '--dry-run']);
    expect(dry.stdout).toMatch(/^--- a\//);
    expect(sources(dir)).toEqual(original);

    const fixed = runCli(['fix', dir, '--rule', rule]);
    expect(fixed.stderr).toBe('');
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toMatch(new RegExp(`${rule} fixed`));
    expect(fixed.stdout).not.toContain('left for a person:');
    expect(findings(dir, rule)).toEqual([]);

    const after = mixTest(dir);
    expect(after.output).toMatch(/\d+ tests?, 0 failures/);
    expect(after.code).toBe(0);

    // Idempotent: a second run finds nothing more to rewrite and writes nothing.
    const fixedSources = sources(dir);
    const again = runCli(['fix', dir, '--rule', rule]);
    expect(again.stdout).not.toMatch(/ fixed:/);
    expect(sources(dir)).toEqual(fixedSources);
  });
});

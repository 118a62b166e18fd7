import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outermostDirs, projectRootFor, runMixTest } from '../../src/extension/mix-test';
import { verdictOf } from '../../src/extension/test-runs';

describe('projectRootFor', () => {
  const has = (...dirs: string[]) => (dir: string) => dirs.includes(dir);

  it('finds the project of a file', () => {
    expect(projectRootFor('/w/shop/lib/shop/cart.ex', '/w', has('/w/shop'))).toBe('/w/shop');
    expect(projectRootFor('/w/lib/cart.ex', '/w', has('/w'))).toBe('/w');
  });

  it('runs an umbrella app from the umbrella root', () => {
    expect(projectRootFor('/w/apps/shop/test/cart_test.exs', '/w', has('/w', '/w/apps/shop'))).toBe('/w');
  });

  it('stays inside the workspace folder', () => {
    expect(projectRootFor('/w/shop/lib/cart.ex', '/w/shop', has('/w', '/w/shop'))).toBe('/w/shop');
    expect(projectRootFor('/elsewhere/lib/a.ex', '/w', has('/elsewhere'))).toBeUndefined();
    expect(projectRootFor('/w2/lib/a.ex', '/w', has('/w2'))).toBeUndefined();
  });

  it('is undefined without a mix.exs', () => {
    expect(projectRootFor('/w/scripts/a.exs', '/w', has())).toBeUndefined();
  });
});

describe('outermostDirs', () => {
  it('keeps each project once, an umbrella as a whole', () => {
    expect(outermostDirs(['/w/b', '/w/a/apps/x', '/w/a', '/w/ab', '/w/a/apps/y', '/w/b'])).toEqual(['/w/a', '/w/ab', '/w/b']);
  });
});

// A stand-in `mix` on the PATH: prints canned ExUnit output, or waits to be cancelled.
describe.skipIf(process.platform === 'win32')('runMixTest', () => {
  const bin = mkdtempSync(join(tmpdir(), 'otp-advisor-mix-'));
  const project = join(bin, 'project');
  mkdirSync(project);
  writeFileSync(
    join(bin, 'mix'),
    [
      '#!/bin/sh',
      'echo "args: $*" >&2',
      'pwd',
      'case "$MIX_FAKE" in',
      '  pass) printf "..\\nFinished in 0.01 seconds (0.00s async, 0.01s sync)\\n2 tests, 0 failures\\n"; exit 0;;',
      '  fail) printf ".F\\nFinished in 0.01 seconds (0.00s async, 0.01s sync)\\n\\033[31m2 tests, 1 failure\\033[0m\\n"; exit 2;;',
      '  hang) echo started; sleep 30;;',
      'esac',
    ].join('\n'),
  );
  chmodSync(join(bin, 'mix'), 0o755);
  afterAll(() => rmSync(bin, { recursive: true, force: true }));
  const env = (mode: string) => ({ ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}`, MIX_FAKE: mode });

  it('runs `mix test` in the project and streams its output', async () => {
    const chunks: string[] = [];
    const run = await runMixTest({ cwd: project, args: ['--failed'], env: env('pass'), onOutput: (t) => chunks.push(t) });
    expect(run).toMatchObject({ status: 'done', exitCode: 0 });
    const output = chunks.join('');
    expect(output).toContain('args: test --failed');
    expect(output).toContain(project);
    expect(run.status === 'done' && verdictOf(run.output, run.exitCode)).toMatchObject({ countsKnown: true, result: { tests: 2, failures: 0 } });
  });

  it('reports failures with the exit code', async () => {
    const run = await runMixTest({ cwd: project, env: env('fail') });
    expect(run).toMatchObject({ status: 'done', exitCode: 2 });
    expect(run.status === 'done' && verdictOf(run.output, run.exitCode)?.result).toMatchObject({ tests: 2, failures: 1 });
  });

  it('stops the run when cancelled', async () => {
    const abort = new AbortController();
    const started = Date.now();
    const run = runMixTest({ cwd: project, env: env('hang'), signal: abort.signal, onOutput: (t) => t.includes('started') && abort.abort() });
    expect(await run).toEqual({ status: 'cancelled' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('does not start when already cancelled', async () => {
    const abort = new AbortController();
    abort.abort();
    expect(await runMixTest({ cwd: project, env: env('pass'), signal: abort.signal })).toEqual({ status: 'cancelled' });
  });

  it('says when mix is not installed', async () => {
    const run = await runMixTest({ cwd: project, env: { PATH: join(bin, 'nowhere') } });
    expect(run).toMatchObject({ status: 'not-started', message: expect.stringContaining('`mix` was not found') });
  });
});

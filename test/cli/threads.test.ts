// Parsing and extracting on worker threads must give exactly what one thread gives: the bundled pool (dist/, built by
// the global setup) against the same files read on this thread, and the CLI run with one thread and with two.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, MIX_EXS, REPO } from '../helpers/cli';

const LABELED = join(REPO, 'test/fixtures/labeled');

type Bundle = typeof import('../../src/analysis/index');
const bundle = createRequire(import.meta.url)(join(REPO, 'dist/analysis.js')) as Bundle;

function elixirFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) return elixirFiles(p);
    return /\.exs?$/.test(e) ? [p] : [];
  });
}

/** Facts as text, Maps and Sets as entries in order (worker results are structured clones). */
const render = (x: unknown): string => JSON.stringify(x, (_k, v) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v));

describe('parse and extract on worker threads', () => {
  it('gives every file the facts one thread gives, in the same order', async () => {
    const files = elixirFiles(LABELED).map((p) => ({ path: p.slice(LABELED.length + 1), text: readFileSync(p, 'utf8') }));
    const parser = await bundle.loadParser();
    const one = await bundle.extractAll(parser, files, { threads: 1 });
    const two = await bundle.extractAll(parser, files, { threads: 2, minParallelBytes: 0 });
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    expect(two.extracted.length).toBe(files.length);
    expect(two.extracted.filter((x) => x && 'facts' in x && x.facts.modules.length).length).toBeGreaterThan(100);
    two.extracted.forEach((x, i) => expect(render(x), files[i].path).toBe(render(one.extracted[i])));
  });

  describe('the CLI', () => {
    let dir: string;
    beforeAll(() => {
      // Enough text (over 2 MB) for the CLI to start a worker: the labeled fixtures, twenty-four times over.
      dir = mkdtempSync(join(tmpdir(), 'otp-advisor-threads-'));
      writeFileSync(join(dir, 'mix.exs'), MIX_EXS);
      for (let i = 0; i < 24; i++) {
        mkdirSync(join(dir, `lib/copy${i}`), { recursive: true });
        cpSync(LABELED, join(dir, `lib/copy${i}`), { recursive: true, filter: (src) => statSync(src).isDirectory() || /\.exs?$/.test(src) });
      }
    });
    // Removing 2.5 MB of copies took over the default 30 s on a loaded machine.
    afterAll(() => rmSync(dir, { recursive: true, force: true }), 120_000);

    it('reports the same findings with one thread and with two', () => {
      const run = (jobs: string) => {
        const out = join(dir, `report-${jobs}.json`);
        // Not runCli: 2.5 MB take longer than its minute on a loaded machine.
        const r = spawnSync(process.execPath, [CLI, 'check', dir, '--format', 'json', '--fail-on', 'never', '--output', out], {
          encoding: 'utf8',
          timeout: 280_000,
          env: { ...process.env, OTP_ADVISOR_JOBS: jobs },
        });
        expect(r.status, r.stderr).toBe(0);
        const report = JSON.parse(readFileSync(out, 'utf8'));
        delete report.stats.ms;
        return report;
      };
      const one = run('1');
      expect(one.findings.length).toBeGreaterThan(100);
      expect(run('2')).toEqual(one);
    }, 600_000);

  });
});

// `otp-advisor fix` on the learner projects (npm run fix:learner -- /work/corpora): each project is copied to a
// temp folder, its findings counted, `fix --dry-run` must change nothing, `fix` is applied and run again (a
// second run must change nothing), and every mix project holding a rewritten file is compiled and tested with
// Debian's mix before and after (MIX_ENV=test, offline: a project with Hex deps is "not runnable"). Prints a
// Markdown table per project (the figures of docs/eval/fix-learner.md).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(REPO, 'dist/cli.js');
const corpora = process.argv[2] ?? '/work/corpora';
const learner = join(corpora, 'learner');
const scratch = mkdtempSync(join(tmpdir(), 'fix-learner-'));
const home = join(scratch, 'home');

function run(cmd, args, cwd, env = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20, env: { ...process.env, ...env } });
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

const mixEnv = { HOME: home, MIX_HOME: join(home, 'mix'), HEX_HOME: join(home, 'hex'), HEX_OFFLINE: '1', MIX_ENV: 'test', LANG: 'C.UTF-8' };

/** Elixir sources under a folder (no deps/_build), path → text. */
function sources(dir) {
  const out = new Map();
  const walk = (d) => {
    for (const e of readdirSync(d)) {
      if (['deps', '_build', '.git', 'node_modules'].includes(e)) continue;
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.exs?$/.test(e)) out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

function findings(dir) {
  const r = run('node', [CLI, 'check', dir, '--format', 'json', '--fail-on', 'never'], dir);
  return JSON.parse(r.out.slice(r.out.indexOf('{'))).findings;
}

/** The mix project folder holding a file: the nearest folder above it with a mix.exs. */
function mixRoot(dir, file) {
  for (let d = dirname(join(dir, file)); d.startsWith(dir); d = dirname(d)) if (existsSync(join(d, 'mix.exs'))) return d;
  return undefined;
}

/** `mix compile` and `mix test`: passed, failed, or not runnable (Hex deps, which cannot be fetched offline). */
function mixCheck(root) {
  const mixExs = readFileSync(join(root, 'mix.exs'), 'utf8');
  const deps = /\{:\w+,\s*(?:"|git:|github:|path:)/.test(mixExs);
  if (deps && !/path:/.test(mixExs)) return { compile: 'not runnable (Hex deps)', test: 'not runnable (Hex deps)' };
  const compile = run('mix', ['compile'], root, mixEnv);
  if (compile.code !== 0) return { compile: 'fails', test: 'not run' };
  if (!existsSync(join(root, 'test'))) return { compile: 'passes', test: 'no tests' };
  const test = run('mix', ['test'], root, mixEnv);
  const summary = /(\d+) tests?, (\d+) failures?/.exec(test.out);
  return { compile: 'passes', test: test.code === 0 ? `passes (${summary?.[0] ?? 'no summary'})` : `fails (${summary?.[0] ?? `exit ${test.code}`})` };
}

const rows = [];
for (const name of readdirSync(learner).sort()) {
  const original = join(learner, name);
  if (!statSync(original).isDirectory()) continue;
  const dir = join(scratch, name);
  cpSync(original, dir, { recursive: true, filter: (src) => !/\/(?:_build|deps|\.git)$/.test(src) });
  const before = sources(dir);
  const found = findings(dir);
  const dry = run('node', [CLI, 'fix', dir, '--dry-run'], dir);
  const dryChanged = [...sources(dir)].some(([f, t]) => before.get(f) !== t);
  const offered = [...dry.out.matchAll(/: (OTP\d+) would be fixed/g)].map((m) => m[1]);
  // Findings of rules with no rewrite at all are not listed: only why a rewrite that exists was not offered.
  const leftFor = [...dry.out.matchAll(/^(.*?):\d+: (OTP\d+) left for a person: ([^\n]*)/gm)].filter((m) => m[3] !== 'no automatic rewrite for this rule').map((m) => `${m[2]} (${m[1]}): ${m[3]}`);
  const row = { name, findings: found.length, byRule: {}, offered, left: leftFor, dryChanged, mix: [] };
  for (const f of found) row.byRule[f.rule] = (row.byRule[f.rule] ?? 0) + 1;
  if (offered.length) {
    // The rewritten findings' files (paths from the copy's folder, where the CLI runs); a rewrite stays in one mix project.
    const fixedFiles = [...dry.out.matchAll(/^(.*?):\d+: OTP\d+ would be fixed/gm)].map((m) => m[1]);
    const roots = [...new Set(fixedFiles.map((f) => mixRoot(dir, f)))];
    const beforeMix = new Map(roots.map((r) => [r, r ? mixCheck(r) : undefined]));
    const applied = run('node', [CLI, 'fix', dir], dir);
    row.applied = [...applied.out.matchAll(/: (OTP\d+) fixed/g)].map((m) => m[1]);
    row.rulesBefore = found.filter((f) => row.applied.includes(f.rule)).length;
    row.rulesAfter = findings(dir).filter((f) => row.applied.includes(f.rule)).length;
    const fixedSources = sources(dir);
    const again = run('node', [CLI, 'fix', dir], dir);
    row.idempotent = !/ fixed:/.test(again.out) && [...sources(dir)].every(([f, t]) => fixedSources.get(f) === t);
    for (const r of roots) {
      // Build artefacts of the run before would hide a compile error of the rewritten code.
      rmSync(join(r ?? dir, '_build'), { recursive: true, force: true });
      row.mix.push({ root: r ? relative(dir, r) || '.' : '(no mix project)', before: beforeMix.get(r), after: r ? mixCheck(r) : undefined });
    }
  }
  rows.push(row);
  process.stderr.write(`${name}: ${found.length} findings, ${offered.length} rewrites offered\n`);
}
rmSync(scratch, { recursive: true, force: true });

const out = [];
for (const r of rows) {
  out.push(`### ${r.name}`, '');
  out.push('| | |', '|---|---|');
  out.push(`| findings | ${r.findings} (${Object.entries(r.byRule).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}) |`);
  out.push(`| rewrites offered (--dry-run) | ${r.offered.length ? r.offered.join(', ') : 'none'} |`);
  out.push(`| --dry-run changed files | ${r.dryChanged ? 'YES' : 'no'} |`);
  if (r.left.length) out.push(`| not offered (rules that have a rewrite) | ${r.left.map((l) => l.replace(/\|/g, '\\|')).join('<br>')} |`);
  if (r.offered.length) {
    out.push(`| applied by fix | ${r.applied.join(', ')} (findings of ${[...new Set(r.applied)].join(', ')}: ${r.rulesBefore} → ${r.rulesAfter}); second run changes nothing: ${r.idempotent ? 'yes' : 'NO'} |`);
    for (const m of r.mix) {
      out.push(`| ${m.root}: mix compile before → after | ${m.before?.compile ?? '-'} → ${m.after?.compile ?? '-'} |`);
      out.push(`| ${m.root}: mix test before → after | ${m.before?.test ?? '-'} → ${m.after?.test ?? '-'} |`);
    }
  }
  out.push('');
}
process.stdout.write(out.join('\n'));

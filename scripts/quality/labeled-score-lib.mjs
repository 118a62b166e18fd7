// Shared by scripts/quality/score-labeled.mjs and test/labeled.test.ts: runs the built CLI over the blind
// labeled set (test/fixtures/labeled/<case>/, each a mix project with a label.json) and scores it.
// Matching is by rule + case-relative file + line (no tolerance).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file sits in scripts/), so the scorer works from any cwd. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const LABELED_DIR = join(REPO_ROOT, 'test/fixtures/labeled');
export const CLI = join(REPO_ROOT, 'dist/cli.js');
/** Premature-OTP rules: the ones a test can justify, and the ones the justified-flagged rate counts. */
export const PREMATURE_RULES = Array.from({ length: 16 }, (_, i) => `OTP${String(i + 1).padStart(3, '0')}`);
export const KINDS = ['premature', 'justified', 'clean'];

/** Reads every case folder that holds a label.json. */
export function loadCases(dir = LABELED_DIR) {
  const root = resolve(dir);
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(root, e.name, 'label.json')))
    .map((e) => {
      const label = JSON.parse(readFileSync(join(root, e.name, 'label.json'), 'utf8'));
      if (!KINDS.includes(label.kind)) throw new Error(`${e.name}/label.json: unknown kind ${label.kind}`);
      if (!Array.isArray(label.expect)) throw new Error(`${e.name}/label.json: expect must be an array`);
      return { name: e.name, kind: label.kind, expect: label.expect, note: label.note ?? '' };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

function runCli(cli, args, cwd) {
  const run = spawnSync(process.execPath, [cli, 'check', ...args, '--format', 'json', '--phase', 'green', '--fail-on', 'never'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (run.status !== 0) throw new Error(`otp-advisor exited ${run.status}\n${run.stderr}`);
  return { report: JSON.parse(run.stdout), stderr: run.stderr };
}

/**
 * Runs the CLI and returns findings grouped by case, with case-relative files.
 * One run over the whole folder (paths then are relative to it: `<case>/lib/x.ex`);
 * with `only` (a list of case names) one run per case (paths relative to the case root).
 */
export function collectFindings(cases, { dir = LABELED_DIR, cli = CLI, only } = {}) {
  const root = resolve(dir);
  const cliPath = resolve(cli);
  if (!existsSync(cliPath)) throw new Error(`${cli} not found: run npm run build first`);
  const byCase = new Map(cases.map((c) => [c.name, []]));
  const stderr = [];
  let parseErrorFiles = [];
  const add = (name, f, file) => byCase.get(name)?.push({ rule: f.rule, file, line: f.range.start.line, severity: f.severity, message: f.message });
  if (only) {
    for (const name of only) {
      const { report, stderr: err } = runCli(cliPath, ['.'], join(root, name));
      if (err.trim()) stderr.push(`${name}: ${err.trim()}`);
      parseErrorFiles.push(...(report.stats.parseErrorFiles ?? []).map((p) => `${name}/${p.file ?? p}`));
      for (const f of report.findings) add(name, f, f.file);
    }
  } else {
    const { report, stderr: err } = runCli(cliPath, ['.'], root);
    if (err.trim()) stderr.push(err.trim());
    parseErrorFiles = (report.stats.parseErrorFiles ?? []).map((p) => p.file ?? p);
    for (const f of report.findings) {
      const slash = f.file.indexOf('/');
      const name = f.file.slice(0, slash);
      if (!byCase.has(name)) {
        stderr.push(`finding outside any labeled case: ${f.file}:${f.range.start.line} ${f.rule}`);
        continue;
      }
      add(name, f, f.file.slice(slash + 1));
    }
  }
  return { byCase, stderr, parseErrorFiles };
}

const key = (x) => `${x.rule} ${x.file}:${x.line}`;

/** Scores findings against the labels. Pure: no I/O. */
export function score(cases, byCase) {
  const perRule = {};
  const missed = [];
  const matched = [];
  const unexpected = [];
  let expectedTotal = 0;
  let justifiedFlagged = [];
  const cleanFindings = [];
  const bump = (rule, field) => {
    perRule[rule] ??= { expected: 0, found: 0 };
    perRule[rule][field]++;
  };

  for (const c of cases) {
    const findings = byCase.get(c.name) ?? [];
    const wanted = new Set(c.expect.map(key));
    for (const e of c.expect) {
      expectedTotal++;
      bump(e.rule, 'expected');
      const hit = findings.find((f) => key(f) === key(e));
      if (hit) {
        bump(e.rule, 'found');
        matched.push({ case: c.name, ...e });
      } else {
        // The same rule reported elsewhere in the case: usually a location convention to settle, not a miss.
        const near = findings.filter((f) => f.rule === e.rule).map((f) => (f.file === e.file ? `line ${f.line}` : `${f.file}:${f.line}`));
        missed.push({ case: c.name, kind: c.kind, ...e, near });
      }
    }
    for (const f of findings) {
      if (wanted.has(key(f))) continue;
      unexpected.push({ case: c.name, kind: c.kind, ...f });
    }
    if (c.kind === 'justified' && findings.some((f) => PREMATURE_RULES.includes(f.rule))) justifiedFlagged.push(c.name);
    if (c.kind === 'clean') cleanFindings.push(...findings.map((f) => ({ case: c.name, ...f })));
  }

  const justifiedCount = cases.filter((c) => c.kind === 'justified').length;
  return {
    cases: cases.length,
    counts: Object.fromEntries(KINDS.map((k) => [k, cases.filter((c) => c.kind === k).length])),
    expected: expectedTotal,
    found: matched.length,
    recall: expectedTotal ? matched.length / expectedTotal : 1,
    perRule: Object.fromEntries(
      Object.entries(perRule)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([r, v]) => [r, { ...v, recall: v.expected ? v.found / v.expected : 1 }]),
    ),
    justifiedFlagged,
    justifiedFlaggedRate: justifiedCount ? justifiedFlagged.length / justifiedCount : 0,
    cleanFindings,
    missed,
    unexpected,
  };
}

/** Human-readable report. */
export function formatReport(result, { stderr = [], parseErrorFiles = [] } = {}) {
  const pct = (x) => `${(x * 100).toFixed(1)} %`;
  const out = [];
  out.push(`Labeled set: ${result.cases} cases (${KINDS.map((k) => `${result.counts[k]} ${k}`).join(', ')})`);
  out.push('');
  out.push(`Recall: ${result.found}/${result.expected} = ${pct(result.recall)}   (target >= 95 %)`);
  out.push('Per rule:');
  for (const [rule, v] of Object.entries(result.perRule)) {
    out.push(`  ${rule}  ${String(v.found).padStart(2)}/${String(v.expected).padEnd(2)}  ${pct(v.recall)}`);
  }
  out.push('');
  out.push(
    `Justified flagged rate: ${result.justifiedFlagged.length}/${result.counts.justified} = ${pct(result.justifiedFlaggedRate)}   (target <= 2 %)` +
      (result.justifiedFlagged.length ? `\n  ${result.justifiedFlagged.join(', ')}` : ''),
  );
  out.push(`Findings on clean cases: ${result.cleanFindings.length}`);
  out.push('');
  if (result.missed.length) {
    out.push(`Missed (${result.missed.length}):`);
    for (const m of result.missed) {
      out.push(`  ${m.case}: ${m.rule} ${m.file}:${m.line}${m.near.length ? `   (same rule reported at ${m.near.join(', ')})` : ''}`);
    }
    out.push('');
  }
  const groups = [
    ['False positives on justified cases', (u) => u.kind === 'justified'],
    ['False positives on clean cases', (u) => u.kind === 'clean'],
    ['Extra findings on premature cases (not counted against recall; judge each)', (u) => u.kind === 'premature'],
  ];
  for (const [title, pred] of groups) {
    const list = result.unexpected.filter(pred);
    if (!list.length) continue;
    out.push(`${title} (${list.length}):`);
    for (const u of list) out.push(`  ${u.case}: ${u.rule} ${u.file}:${u.line} [${u.severity}] ${u.message}`);
    out.push('');
  }
  if (parseErrorFiles.length) out.push(`Parse errors: ${parseErrorFiles.join(', ')}`, '');
  if (stderr.length) out.push('CLI stderr:', ...stderr.map((s) => `  ${s}`), '');
  return out.join('\n');
}

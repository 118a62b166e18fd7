// Precision on expert code, judged finding by finding. Runs the built CLI (green, then refactor) on every
// project of docs/eval/expert-corpora.json, joins each finding with its label in docs/precision-review.json
// (key `<name>:<file>:<line>:<rule>`), prints per half and rule TP / FP / debatable and TP÷(TP+FP), the
// REFACTOR triggers' useful share, warnings per 1 000 lines and the unlabelled findings, and writes
// docs/precision.md with every warning and its review note.
// Usage: npm run precision -- <corpora-dir> [--cli <built cli.js>]   (or OTP_ADVISOR_CORPORA=<dir>); each project is
// <dir>/<name>. `--cli` measures another build (say, main's, for a before/after table) and leaves docs/precision.md alone.
// A project's `set` (the fresh projects added after the first halves had been read) makes a half of its own, so a
// test half that has been seen and one that has not are reported apart.
// Fails (exit 1) when a labelled finding's file or line no longer exists in the checkout: a label must never
// silently stop counting. The corpora are snapshots fetched for this report and never committed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const TARGET_PER_KLOC = 0.3;
const REFACTOR_RULES = new Set(['OTP101', 'OTP102', 'OTP103']);
const CORPORA_FILE = 'docs/eval/expert-corpora.json';
const REVIEW_FILE = 'docs/precision-review.json';

const args = process.argv.slice(2);
const cliAt = args.indexOf('--cli');
const otherCli = cliAt >= 0 ? resolve(args.splice(cliAt, 2)[1]) : undefined;
const dirArg = args[0] ?? process.env.OTP_ADVISOR_CORPORA;
if (!dirArg) {
  console.error(
    'precision: no corpora directory. Give it as `npm run precision -- <dir>` or set OTP_ADVISOR_CORPORA.\n' +
      `Each project of ${CORPORA_FILE} must be checked out at <dir>/<name> (at the commit listed there).`,
  );
  process.exit(2);
}
const corpora = resolve(dirArg);
if (!existsSync(corpora)) {
  console.error(`precision: corpora directory ${corpora} does not exist.`);
  process.exit(2);
}

if (!otherCli) {
  const build = spawnSync(process.execPath, ['scripts/build/build.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const cli = otherCli ?? resolve('dist/cli.js');
const projects = JSON.parse(readFileSync(CORPORA_FILE, 'utf8'));
const reviews = existsSync(REVIEW_FILE) ? JSON.parse(readFileSync(REVIEW_FILE, 'utf8')) : {};

function run(dir, phase) {
  const r = spawnSync(process.execPath, [cli, 'check', '.', '--phase', phase, '--format', 'json', '--fail-on', 'never'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${dir} (${phase}): exit ${r.status}\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

const rows = [];
const findings = [];
const missing = [];
for (const p of projects) {
  const dir = join(corpora, p.name, p.root ?? '');
  const half = p.set ? `${p.split} (${p.set})` : p.split;
  if (!existsSync(dir)) {
    console.error(`precision: ${p.name} is not checked out at ${dir}`);
    missing.push(p.name);
    continue;
  }
  const green = run(dir, 'green');
  const refactor = run(dir, 'refactor');
  const warnings = green.findings.filter((f) => f.severity === 'warning' || f.severity === 'error');
  const triggers = refactor.findings.filter((f) => REFACTOR_RULES.has(f.rule));
  rows.push({ ...p, half, files: green.stats.files, lines: green.stats.lines, warnings: warnings.length, triggers: triggers.length });
  for (const [phase, list] of [['green', warnings], ['refactor', triggers]]) {
    for (const f of list) {
      const line = f.range.start.line;
      const key = `${p.name}:${f.file}:${line}:${f.rule}`;
      const text = readFileSync(join(dir, f.file), 'utf8').split('\n')[line - 1]?.trim() ?? '';
      findings.push({ key, project: p.name, split: half, phase, rule: f.rule, file: f.file, line, message: f.message, source: text, review: reviews[key] });
    }
  }
}
if (missing.length === projects.length) {
  console.error(`precision: none of the projects is checked out under ${corpora}.`);
  process.exit(2);
}

// A label whose place is gone: the checkout moved, or the finding's key was mistyped.
const stale = [];
for (const [key, r] of Object.entries(reviews)) {
  const [name, file, line] = key.split(':');
  const p = projects.find((x) => x.name === name);
  if (!p || missing.includes(name)) continue;
  const path = join(corpora, name, p.root ?? '', file);
  if (!existsSync(path)) stale.push(`${key}: ${file} does not exist`);
  else if (readFileSync(path, 'utf8').split('\n').length < Number(line)) stale.push(`${key}: ${file} has no line ${line}`);
  else if (r.source !== undefined && readFileSync(path, 'utf8').split('\n')[Number(line) - 1]?.trim() !== r.source) stale.push(`${key}: line ${line} changed`);
}

const ratio = (tp, fp) => (tp + fp ? (tp / (tp + fp)).toFixed(2) : '-');
function tally(list) {
  const t = { TP: 0, FP: 0, debatable: 0, useful: 0, 'not-useful': 0, unlabelled: 0 };
  for (const f of list) {
    const v = f.review?.verdict;
    if (v && v in t) t[v]++;
    else t.unlabelled++;
  }
  return t;
}
const halves = [...new Set(rows.map((r) => r.half))].sort();
const out = [];
const say = (s = '') => {
  out.push(s);
  console.log(s);
};

say('## Green-phase warnings per rule\n');
say('| half | rule | warnings | TP | FP | debatable | unlabelled | TP÷(TP+FP) |');
say('|---|---|---:|---:|---:|---:|---:|---:|');
for (const h of halves) {
  const green = findings.filter((f) => f.split === h && f.phase === 'green');
  for (const rule of [...new Set(green.map((f) => f.rule))].sort()) {
    const list = green.filter((f) => f.rule === rule);
    const t = tally(list);
    say(`| ${h} | ${rule} | ${list.length} | ${t.TP} | ${t.FP} | ${t.debatable} | ${t.unlabelled} | ${ratio(t.TP, t.FP)} |`);
  }
  const t = tally(green);
  say(`| **${h}** | all | ${green.length} | ${t.TP} | ${t.FP} | ${t.debatable} | ${t.unlabelled} | ${ratio(t.TP, t.FP)} |`);
}

say('\n## Refactor-phase OTP101-OTP103 per rule\n');
say('| half | rule | findings | useful | not useful | unlabelled | useful share |');
say('|---|---|---:|---:|---:|---:|---:|');
for (const h of halves) {
  const refactor = findings.filter((f) => f.split === h && f.phase === 'refactor');
  for (const rule of [...new Set(refactor.map((f) => f.rule))].sort()) {
    const list = refactor.filter((f) => f.rule === rule);
    const t = tally(list);
    say(`| ${h} | ${rule} | ${list.length} | ${t.useful} | ${t['not-useful']} | ${t.unlabelled} | ${ratio(t.useful, t['not-useful'])} |`);
  }
  const t = tally(refactor);
  say(`| **${h}** | all | ${refactor.length} | ${t.useful} | ${t['not-useful']} | ${t.unlabelled} | ${ratio(t.useful, t['not-useful'])} |`);
}

say('\n## Projects\n');
say('| name | repo | split | files | lines | warnings | per 1 000 lines | refactor OTP101-103 |');
say('|---|---|---|---:|---:|---:|---:|---:|');
for (const r of rows) say(`| ${r.name} | ${r.repo} | ${r.half} | ${r.files} | ${r.lines} | ${r.warnings} | ${((r.warnings * 1000) / r.lines).toFixed(3)} | ${r.triggers} |`);
for (const h of halves) {
  const rs = rows.filter((r) => r.half === h);
  const lines = rs.reduce((a, r) => a + r.lines, 0);
  const w = rs.reduce((a, r) => a + r.warnings, 0);
  say(`| **${h} total** | | | ${rs.reduce((a, r) => a + r.files, 0)} | ${lines} | ${w} | ${lines ? ((w * 1000) / lines).toFixed(3) : '-'} | ${rs.reduce((a, r) => a + r.triggers, 0)} |`);
}

const sections = rows.map((r) => {
  const mine = findings.filter((f) => f.project === r.name);
  const lines = [`### ${r.name} (${r.repo}, ${r.half})`, ''];
  if (!mine.length) lines.push('No warnings and no refactor triggers.');
  for (const f of mine) {
    const src = f.source.length > 110 ? f.source.slice(0, 107) + '...' : f.source;
    lines.push(
      `- **${f.rule}** (${f.phase}) \`${f.file}:${f.line}\` — \`${src}\``,
      `  - finding: ${f.message}`,
      `  - review: ${f.review ? `**${f.review.verdict}** — ${f.review.why}` : '_not labelled yet_'}`,
    );
  }
  return lines.join('\n');
});

if (!otherCli) writeFileSync(
  'docs/precision.md',
  `# Precision on expert code

Generated by \`npm run precision\` (scripts/quality/precision.mjs) from the projects of \`${CORPORA_FILE}\`, each checked
at its root with \`otp-advisor check . --phase green\` (warnings and errors) and \`--phase refactor\` (OTP101-OTP103).
Labels are in \`${REVIEW_FILE}\`, written by a person who read the code around each finding: TP / FP / debatable
for warnings, useful / not-useful for refactor triggers. The \`dev\` half was used to tune the rules; the \`test\`
half only to report. Projects marked \`(fresh)\` were added after the first halves had been read (issue 15): their
test half was run once, after tuning on their dev half, and is reported apart from the first test half, whose
findings had already been seen. Projects marked \`(fresh2)\` are a test half added later still: checked once after
the fixes for the earlier halves were committed, then labelled; the figure before any fix learned from them is kept
in their review notes (label \`fresh2\`). Projects marked \`(fresh3)\` are a dev and a test half added last: their process
code was read and an expert's expectations written down before the tool ran (\`docs/eval/fresh3-reading.md\`), every
finding was labelled before any fix (label \`fresh3-before\`, its message kept), fixes were made from the dev half, and
the test half is reported as it then stood. Projects marked \`(fresh5)\` follow the same protocol (\`docs/eval/fresh5-reading.md\`,
labels \`fresh5-before\` written by a labeller who changed no rule, the before table kept there; later labels \`fresh5-after\` only for findings that appeared after rules changed). Projects marked \`(fresh6)\` are a later dev and test pair chosen and split before any code was read (\`docs/eval/fresh6-reading.md\`, labels \`fresh6-before\`). Projects marked \`(fresh7)\` follow fresh6's protocol with an expert's expectations written before the run (\`docs/eval/fresh7-reading.md\`, labels \`fresh7-before\`). Projects marked \`(fresh8)\` are a later batch done the same way (\`docs/eval/fresh8-reading.md\`, labels \`fresh8-before\`). Projects marked \`(fresh9)\` are the next batch done the same way (\`docs/eval/fresh9-reading.md\`, labels \`fresh9-before\`). Targets on the test half: TP÷(TP+FP) ≥ 0.8 overall and per rule with 3 or more findings,
debatable ≤ 1/3 of warnings, ≤ ${TARGET_PER_KLOC} warnings per 1 000 lines, and at least half of the refactor
triggers useful.

${out.join('\n')}

## Every finding, with its review

${sections.join('\n\n')}
`,
);

const unlabelled = findings.filter((f) => !f.review);
if (unlabelled.length) console.log(`\n${unlabelled.length} finding(s) without a label:\n${unlabelled.map((f) => `${f.key}  ${f.message}`).join('\n')}`);
if (stale.length) {
  console.error(`\n${stale.length} labelled finding(s) whose place no longer exists in the checkout:\n${stale.join('\n')}`);
  process.exit(1);
}

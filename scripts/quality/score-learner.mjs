// Recall on real learner projects, labelled by people who read the code before running the tool
// (docs/eval/learner/*.json). Runs the built CLI (GREEN phase) on each project's snapshot and reports, for the
// dev half (tuned on) and the test half (reported only) separately: recall per shape and per rule, the
// findings at places labelled justified, and every labelled item the tool misses. A label matches a finding of
// its shape's rules within NEAR lines of the finding's primary location or of one of its related places.
// Usage: npm run score:learner -- <corpora-dir> [--cli dist/cli.js] [--json] [--show-test | --dev-only]
//   --dev-only skips the test half entirely (not even run): use it while tuning.
//   (`npm run score` runs it after the synthetic labelled set when OTP_ADVISOR_CORPORA is set)
//   The test half's items are listed only with --show-test: tune on the dev half, look at the test half to report.
//   (or OTP_ADVISOR_CORPORA=<dir>). Each project is a checkout at <corpora-dir>/learner/<repo name>.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/**
 * Which findings count as catching a labelled shape. The first rule is the shape's own. A process holding data
 * that a value passed to functions could hold is caught in whichever form it is written: a GenServer (OTP002), an
 * Agent (OTP013), or a hand-written receive loop (OTP015, whose advice is that same value).
 */
export const SHAPE_RULES = {
  'stateless-process': ['OTP001', 'OTP016'],
  'global-variable-process': ['OTP002', 'OTP013', 'OTP016', 'OTP003', 'OTP015'],
  'accumulator-process': ['OTP013', 'OTP002', 'OTP015'],
  'memo-cache-agent': ['OTP014'],
  'hand-rolled-server': ['OTP015'],
  'unused-process': ['OTP016', 'OTP003', 'OTP001'],
  'read-modify-write': ['OTP024'],
  'task-then-await': ['OTP007'],
  'self-send': ['OTP008'],
  'premature-supervisor': ['OTP004', 'OTP012'],
  'premature-registry': ['OTP009'],
  'premature-ets': ['OTP005'],
  'scattered-interface': ['OTP020'],
  'unsupervised-process': ['OTP021', 'OTP015'],
  'sending-unnecessary-data': ['OTP022'],
  'other-premature': null,
};
const NEAR = 2;

const args = process.argv.slice(2);
const json = args.includes('--json');
const cliAt = args.indexOf('--cli');
const cli = resolve(cliAt >= 0 ? args[cliAt + 1] : 'dist/cli.js');
const corpora = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--cli') ?? process.env.OTP_ADVISOR_CORPORA;
if (!corpora && args.includes('--if-available')) {
  console.log('\nLearner corpora: not scored (give a folder: npm run score:learner -- <corpora-dir>, or set OTP_ADVISOR_CORPORA).');
  process.exit(0);
}
if (!corpora) {
  console.error('usage: node scripts/quality/score-learner.mjs <corpora-dir>   (or set OTP_ADVISOR_CORPORA); projects are checked out at <dir>/learner/<repo name>');
  process.exit(2);
}
if (!existsSync(cli)) {
  console.error(`${cli} not found: run npm run build first`);
  process.exit(2);
}

const labelDir = 'docs/eval/learner';
const devOnly = args.includes('--dev-only');
const projects = readdirSync(labelDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(labelDir, f), 'utf8')))
  .filter((p) => !devOnly || p.split === 'dev');

const close = (atFile, atLine, file, line) => atFile === file && line >= atLine - NEAR && line <= atLine + NEAR;
const near = (f, file, line) => close(f.file, f.range.start.line, file, line);
// A finding names one thing at its primary location and, for some rules, at related places too: OTP015 reports a
// hand-written server at the spawn that starts it, with the loop it runs as a related place (and a print-only loop
// at the loop, with its spawns). Labellers put such an item at the spawn or at the loop, so an item is caught by a
// finding of the shape's own rules whose primary location or a related place is near the label. A place labelled
// justified is compared with primary locations only: related places of other rules point at other things (OTP020's
// at the process's module), and a justified label names no rule to restrict them to.
const nearOrRelated = (f, file, line) => near(f, file, line) || (f.related ?? []).some((r) => close(r.file, r.line, file, line));
// Each half is also reported per batch: batch 1 was seen while the rules were built, batch 2 was labelled later.
const halves = devOnly ? { dev: newTally() } : { dev: newTally(), test: newTally() };
const batchOf = (p) => `${p.split}, batch ${p.batch ?? '1'}`;
for (const p of projects) halves[batchOf(p)] ??= newTally();
const missing = [];

for (const p of projects) {
  const dir = join(resolve(corpora), 'learner', basename(p.repo), p.root ?? '');
  if (!existsSync(dir)) {
    missing.push(`${p.name}: ${dir}`);
    continue;
  }
  for (const it of [...p.items, ...p.justified]) {
    if (!existsSync(join(dir, it.file))) throw new Error(`${p.name}: labelled file ${it.file} does not exist in ${dir}`);
  }
  const run = spawnSync(process.execPath, [cli, 'check', '.', '--phase', 'green', '--format', 'json', '--fail-on', 'never'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`${p.name}: exit ${run.status}\n${run.stderr}`);
  const findings = JSON.parse(run.stdout).findings.filter((f) => f.severity === 'warning' || f.severity === 'error');
  for (const t of [halves[p.split], halves[batchOf(p)]]) tally(t, p, findings, JSON.parse(run.stdout).stats.lines);
}

function tally(t, p, findings, lines) {
  t.projects.push(p.name);
  t.lines += lines;
  t.findings += findings.length;
  const matchedFindings = new Set();
  for (const it of p.items) {
    const rules = SHAPE_RULES[it.shape];
    if (rules === undefined) throw new Error(`${p.name}: unknown shape ${it.shape}`);
    const hit = findings.find((f) => (rules ? rules.includes(f.rule) && nearOrRelated(f, it.file, it.line) : near(f, it.file, it.line)));
    const key = rules?.[0] ?? 'any';
    count(t.byShape, it.shape, !!hit);
    count(t.byRule, key, !!hit);
    if (hit) matchedFindings.add(hit);
    else t.missed.push(`${p.name} ${it.file}:${it.line} ${it.shape} — ${it.why}`);
  }
  for (const j of p.justified) {
    const hit = findings.find((f) => near(f, j.file, j.line) && !matchedFindings.has(f));
    if (hit) t.onJustified.push(`${p.name} ${j.file}:${j.line} ${hit.rule} on ${j.what} (${j.why})`);
  }
  for (const f of findings) if (!matchedFindings.has(f)) t.unlabelled.push(`${p.name} ${f.file}:${f.range.start.line} ${f.rule} ${f.message.split('. ')[0]}`);
}

function newTally() {
  return { projects: [], lines: 0, findings: 0, byShape: {}, byRule: {}, missed: [], onJustified: [], unlabelled: [] };
}
function count(map, key, hit) {
  map[key] ??= { found: 0, total: 0 };
  map[key].total++;
  if (hit) map[key].found++;
}
function recall(map) {
  const v = Object.values(map);
  const found = v.reduce((a, x) => a + x.found, 0);
  const total = v.reduce((a, x) => a + x.total, 0);
  return { found, total, recall: total ? found / total : 1 };
}

if (json) {
  console.log(JSON.stringify({ halves: Object.fromEntries(Object.entries(halves).map(([k, t]) => [k, { ...t, overall: recall(t.byShape) }])), missing }, null, 2));
} else {
  for (const [half, t] of Object.entries(halves)) {
    const o = recall(t.byShape);
    console.log(`\n## ${half} half: ${t.projects.length} projects, ${t.lines} lines, ${t.findings} warnings — recall ${o.found}/${o.total} = ${o.recall.toFixed(2)}`);
    console.log('\n| shape | found / labelled |\n|---|---|');
    for (const [k, v] of Object.entries(t.byShape).sort()) console.log(`| ${k} | ${v.found} / ${v.total} |`);
    console.log('\n| rule | found / labelled |\n|---|---|');
    for (const [k, v] of Object.entries(t.byRule).sort()) console.log(`| ${k} | ${v.found} / ${v.total} |`);
    // Batch halves repeat items of their whole half: their details are listed there.
    if (half.includes('batch') || (half === 'test' && !args.includes('--show-test'))) continue;
    if (t.missed.length) console.log(`\nMissed:\n${t.missed.map((m) => `- ${m}`).join('\n')}`);
    if (t.onJustified.length) console.log(`\nFindings at places labelled justified:\n${t.onJustified.map((m) => `- ${m}`).join('\n')}`);
    if (t.unlabelled.length) console.log(`\nFindings matching no label:\n${t.unlabelled.map((m) => `- ${m}`).join('\n')}`);
  }
  if (missing.length) console.log(`\nNot checked out:\n${missing.join('\n')}`);
}

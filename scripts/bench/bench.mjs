// Analysis cost next to a bare tree-sitter parse of the same files (issue target: a whole `check` process costs at
// most a whole single-threaded bare-parse process).
// Usage: npm run build && npm run bench -- [dir...] [--runs N]
//   With no dir: <corpora>/elixir/lib and <corpora> itself (every corpus together), where <corpora> is
//   $OTP_CORPORA or /work/corpora.
// For each folder, files are found as `otp-advisor check <dir>` finds them.
// 1. In process, texts read into memory first (no disk IO in either timing): "parse" parses every file and deletes
//    each tree; "analysis" is what the CLI does with the texts (parse, extract, link, every rule) on this thread;
//    "analysis, N threads" the same with parse and extract shared by N threads (the CLI's default).
// 2. Whole processes, as a user runs them: a bare-parse process (start, grammar, reads, parses; one thread) against
//    `otp-advisor check --format json` with OTP_ADVISOR_JOBS=1 and with every core; each with its CPU time (all
//    threads) and peak resident set size.
// One warm-up, then the median of the runs, interleaved so a slow stretch of the machine weighs on all. Wall-clock
// and CPU time are both shown: on a busy machine CPU time is the steadier, but only wall time shows the threads' gain.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const { loadParser, loadProjects, Project, RULES, extractAll, defaultThreads } = require('../../dist/analysis.js');

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 3;
const corpora = process.env.OTP_CORPORA ?? '/work/corpora';
const dirs = args.length ? args : [join(corpora, 'elixir/lib'), corpora];
for (const dir of dirs) {
  if (!existsSync(dir)) {
    console.error(`bench: ${dir} does not exist. Give folders of Elixir projects (npm run bench -- <dir>...) or set OTP_CORPORA to the folder of corpora.`);
    process.exit(2);
  }
}
if (!Number.isInteger(runs) || runs < 1) {
  console.error('usage: npm run bench -- [dir...] [--runs N]   (run `npm run build` first)');
  process.exit(2);
}

const threads = defaultThreads();
const parser = await loadParser();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(0)} ms`;
const load = () => `load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`;

async function time(fn) {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
}

/** A whole process: wall time here, CPU time and peak RSS reported by the process itself (bench-usage.cjs). */
function processRun(argv, env = {}) {
  const usageFile = join(tmpdir(), `otp-bench-usage-${process.pid}.json`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', resolve('scripts/bench/bench-usage.cjs'), ...argv], {
    env: { ...process.env, ...env, BENCH_USAGE_FILE: usageFile },
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited with ${r.status}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8'));
  return { wall, cpu: usage.cpuMs, rss: usage.maxRssKb / 1024 };
}

function row(label, xs) {
  const wall = median(xs.map((x) => x.wall));
  const cpu = median(xs.map((x) => x.cpu));
  const rss = xs[0].rss === undefined ? '' : `${median(xs.map((x) => x.rss)).toFixed(0).padStart(6)} MB peak RSS`;
  console.log(`  ${label.padEnd(30)}${fmt(wall).padStart(9)} wall ${fmt(cpu).padStart(9)} cpu ${rss}   (wall: ${xs.map((x) => fmt(x.wall)).join(', ')})`);
  return { wall, cpu };
}

const ratio = (label, a, b) => console.log(`  ${label.padEnd(52)}${(a.wall / b.wall).toFixed(2)} wall, ${(a.cpu / b.cpu).toFixed(2)} cpu`);

async function benchDir(dir) {
  const discovered = await loadProjects([resolve(dir)], parser);
  const projects = discovered.map(({ root, project }) => ({
    root,
    files: project.allFacts().map((f) => ({ path: f.path, abs: join(root, f.path), text: readFileSync(join(root, f.path), 'utf8') })),
  }));
  const all = projects.flatMap((p) => p.files);
  const bytes = all.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  const lines = all.reduce((n, f) => n + f.text.split('\n').length - (f.text.endsWith('\n') ? 1 : 0), 0);
  console.log(`\n${resolve(dir)}: ${projects.length} project(s), ${all.length} files, ${bytes} bytes, ${lines} lines; ${threads} threads; ${load()}`);

  const bareParse = () => {
    for (const f of all) parser.parse(f.text)?.delete();
  };
  let findings = 0;
  const analysis = async (n) => {
    findings = 0;
    for (const p of projects) {
      const project = new Project(parser);
      if (n === 1) for (const f of p.files) project.addFile(f.path, f.text);
      else {
        const { extracted } = await extractAll(parser, p.files, { threads: n });
        p.files.forEach((f, i) => project.addExtracted(f.path, f.text, extracted[i]));
      }
      findings += project.analyze('green', RULES).findings.length;
    }
  };
  const list = join(mkdtempSync(join(tmpdir(), 'otp-bench-')), 'files.txt');
  writeFileSync(list, all.map((f) => f.abs).join('\n'));
  const parseProcess = () => processRun([resolve('scripts/bench/bench-parse.mjs'), list]);
  const checkProcess = (jobs) => processRun([resolve('dist/cli.js'), 'check', resolve(dir), '--format', 'json', '--fail-on', 'never'], { OTP_ADVISOR_JOBS: String(jobs) });

  const m = { parse: [], analysis: [], analysisN: [], parseP: [], check1: [], checkN: [] };
  bareParse();
  await analysis(1);
  for (let i = 0; i < runs; i++) {
    m.parse.push(await time(bareParse));
    m.analysis.push(await time(() => analysis(1)));
    m.analysisN.push(await time(() => analysis(threads)));
    m.parseP.push(parseProcess());
    m.check1.push(checkProcess(1));
    m.checkN.push(checkProcess(threads));
  }
  console.log(' in process (texts in memory):');
  const parse = row('parse', m.parse);
  const a1 = row('analysis, 1 thread', m.analysis);
  // process.cpuUsage counts every thread of the process, the workers' included.
  const aN = row(`analysis, ${threads} threads`, m.analysisN);
  console.log(' whole processes:');
  const parseP = row('bare parse, 1 thread', m.parseP);
  const c1 = row('check, 1 thread', m.check1);
  const cN = row(`check, ${threads} threads`, m.checkN);
  console.log(` ratios (${RULES.length} rules, ${findings} findings in green; target <= 1.0 for whole processes):`);
  ratio('in process: analysis / parse, 1 thread', a1, parse);
  ratio(`in process: analysis / parse, ${threads} threads`, aN, parse);
  ratio('whole process: check / bare parse, 1 thread', c1, parseP);
  ratio(`whole process: check / bare parse, ${threads} threads`, cN, parseP);
}

for (const dir of dirs) await benchDir(dir);
console.log(`\nafter: ${load()}`);

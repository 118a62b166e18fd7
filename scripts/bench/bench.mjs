// Compares analysis time with a bare tree-sitter parse of the same files (budget: ratio <= 1.3).
// Usage: npm run build && npm run bench -- <dir> [--runs N]
// Files are found as `otp-advisor check <dir>` finds them and read into memory first, so neither
// timing includes disk IO. "parse" parses every file with the same parser and deletes each tree;
// "analysis" is what the CLI does with the texts: parse, extract facts and free the tree (Project.addFile),
// then link and run every rule (Project.analyze). One warm-up, then the median of the runs.
// Both wall-clock and CPU time (user + system of this process) are shown: on a busy machine the
// CPU time is the steadier of the two.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { loadParser, loadProjects, Project, RULES } = require('../../dist/analysis.js');

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 3;
const dir = args[0];
if (!dir || !existsSync(dir) || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: npm run bench -- <dir> [--runs N]   (run `npm run build` first)');
  process.exit(2);
}

const parser = await loadParser();
const discovered = await loadProjects([resolve(dir)], parser);
const projects = discovered.map(({ root, project }) => ({
  root,
  files: project.allFacts().map((f) => ({ path: f.path, text: readFileSync(join(root, f.path), 'utf8') })),
}));
const all = projects.flatMap((p) => p.files);
const bytes = all.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
const lines = all.reduce((n, f) => n + f.text.split('\n').length - (f.text.endsWith('\n') ? 1 : 0), 0);

function bareParse() {
  for (const f of all) parser.parse(f.text)?.delete();
}

let findings = 0;
function analysis() {
  findings = 0;
  for (const p of projects) {
    const project = new Project(parser);
    for (const f of p.files) project.addFile(f.path, f.text);
    findings += project.analyze('green', RULES).findings.length;
  }
}

function time(fn) {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  fn();
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

bareParse();
analysis();
const parseMs = [];
const analysisMs = [];
// Interleaved, so a slow stretch of the machine weighs on both.
for (let i = 0; i < runs; i++) {
  parseMs.push(time(bareParse));
  analysisMs.push(time(analysis));
}
const fmt = (ms) => `${ms.toFixed(0)} ms`;
const row = (label, xs) => {
  const wall = median(xs.map((x) => x.wall));
  const cpu = median(xs.map((x) => x.cpu));
  console.log(`${label.padEnd(12)}${fmt(wall).padStart(8)} wall ${fmt(cpu).padStart(8)} cpu   (runs, wall: ${xs.map((x) => fmt(x.wall)).join(', ')})`);
  return { wall, cpu };
};
console.log(`directory   ${resolve(dir)} (${projects.length} project${projects.length === 1 ? '' : 's'})`);
console.log(`files       ${all.length}`);
console.log(`bytes       ${bytes}`);
console.log(`lines       ${lines}`);
const p = row('parse', parseMs);
const a = row('analysis', analysisMs);
console.log(`rules       ${RULES.length} (${findings} finding${findings === 1 ? '' : 's'} in green)`);
console.log(`ratio       ${(a.wall / p.wall).toFixed(2)} wall, ${(a.cpu / p.cpu).toFixed(2)} cpu   (target <= 1.3)`);

// The floors under the issue's targets: what tree-sitter alone costs, so the rest can be judged against it.
//   npm run bench:floor -- [corpora-dir] [--workspace dir]
// 1. Keystroke: for each shape of bench:lsp (same edits, same line), the incremental re-parse alone
//    (`tree.edit` + `parser.parse(text, oldTree)`), a full parse of the same text for comparison, and the
//    language server's path cut into stages: applying the change to text and tree, Project.setFile (parse +
//    extract), Project.analyze (every rule). The target is 5 ms p95 in process for the whole path.
// 2. Throughput: a bare parse of every Elixir file of the workspace (default: the corpora folder), texts in
//    memory, on this thread alone and shared with worker threads (one grammar each), against the 15 s target.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Project } from '../../src/analysis/engine';
import { loadParser, type Tree } from '../../src/analysis/parse/parser';
import { applyChanges } from '../../src/server/edits';
import { benchShapes, elixirFiles, keystroke, percentiles, type Shape } from './shapes';

const root = join(__dirname, '..');
const KEYSTROKES = Number(process.env.KEYSTROKES ?? 100);
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const ms = (x: number) => x.toFixed(1).padStart(6);
const pp = (xs: number[]) => {
  const { p50, p95 } = percentiles(xs);
  return `${ms(p50)} /${ms(p95)}`;
};

async function keystrokeFloor(shape: Shape): Promise<string> {
  const parser = await loadParser();
  // The parse alone.
  let text = shape.text;
  let tree: Tree = parser.parse(text)!;
  const incremental: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    const next = applyChanges(text, [keystroke(i, shape.line)], tree);
    if ('rejected' in next) throw new Error(next.rejected);
    text = next.text;
    const t0 = performance.now();
    const newTree = parser.parse(text, tree)!;
    incremental.push(performance.now() - t0);
    tree.delete();
    tree = newTree;
    if (i < 10) {
      const t1 = performance.now();
      parser.parse(text)!.delete();
      full.push(performance.now() - t1);
    }
  }
  tree.delete();
  // The server's path, stage by stage.
  const project = new Project(parser);
  project.addFile('mix.exs', readFileSync(join(root, 'examples/shop/mix.exs'), 'utf8'));
  text = shape.text;
  let live = project.setFile(shape.path, text);
  project.analyze('green');
  const edit: number[] = [];
  const set: number[] = [];
  const analyze: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    const t0 = performance.now();
    const next = applyChanges(text, [keystroke(i, shape.line)], live);
    if ('rejected' in next) throw new Error(next.rejected);
    text = next.text;
    const t1 = performance.now();
    const newTree = project.setFile(shape.path, text, next.treeValid ? live : undefined, true, next.range);
    const t2 = performance.now();
    project.analyze('green');
    const t3 = performance.now();
    live?.delete();
    live = newTree;
    edit.push(t1 - t0);
    set.push(t2 - t1);
    analyze.push(t3 - t2);
    total.push(t3 - t0);
  }
  live?.delete();
  return `${pp(incremental)}  ${pp(full)}   ${pp(edit)}  ${pp(set)}  ${pp(analyze)}  ${pp(total)}`;
}

/** Parses the texts on `threads` threads (this one and workers), files dealt out largest first to the least loaded. */
async function parseAll(texts: string[], threads: number): Promise<{ wall: number; ready: number }> {
  const parser = await loadParser();
  const shares: string[][] = Array.from({ length: threads }, () => []);
  const loads = new Array(threads).fill(0);
  for (const t of [...texts].sort((a, b) => b.length - a.length)) {
    const i = loads.indexOf(Math.min(...loads));
    shares[i].push(t);
    loads[i] += t.length;
  }
  const library = join(__dirname, 'analysis.js');
  const code = `const { parentPort } = require('node:worker_threads');
const { loadParser } = require(${JSON.stringify(library)});
loadParser().then((p) => {
  parentPort.postMessage('ready');
  parentPort.once('message', (texts) => {
    const t0 = performance.now();
    for (const t of texts) p.parse(t).delete();
    parentPort.postMessage(performance.now() - t0);
  });
});`;
  // Workers load their grammar first (not counted): the floor is the parse itself.
  const t0 = performance.now();
  const workers = await Promise.all(
    shares.slice(1).map(
      (share) =>
        new Promise<Worker>((resolve) => {
          const w = new Worker(code, { eval: true, workerData: null });
          w.once('message', () => resolve(w));
          void share;
        }),
    ),
  );
  const ready = performance.now() - t0;
  const start = performance.now();
  const done = workers.map((w, i) => new Promise<number>((resolve) => (w.once('message', resolve), w.postMessage(shares[i + 1]))));
  for (const t of shares[0]) parser.parse(t)!.delete();
  await Promise.all(done);
  const wall = performance.now() - start;
  await Promise.all(workers.map((w) => w.terminate()));
  return { wall, ready };
}

(async () => {
  const args = process.argv.slice(2);
  const at = args.indexOf('--workspace');
  const workspace = at >= 0 ? args.splice(at, 2)[1] : undefined;
  const corpora = args[0] ?? process.env.OTP_CORPORA ?? '/work/corpora';
  console.log(`Keystroke floors: ${KEYSTROKES} one-character edits per shape (as bench:lsp); p50 / p95 in ms; load ${load()}`);
  console.log(`${'shape'.padEnd(56)} ${'lines'.padStart(6)}  incr. parse     full parse      | apply edit      setFile         analyze         whole keystroke`);
  for (const shape of benchShapes(root, corpora)) {
    console.log(`${shape.label.slice(-56).padEnd(56)} ${String(shape.text.split('\n').length).padStart(6)}  ${await keystrokeFloor(shape)}`);
  }
  const dir = workspace ?? corpora;
  const files = elixirFiles(dir);
  const texts = files.map((f) => readFileSync(f.path, 'utf8'));
  const lines = texts.reduce((n, t) => n + t.split('\n').length, 0);
  const mb = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;
  console.log(`\nBare parse of ${dir}: ${files.length} files, ${lines} lines, ${mb.toFixed(1)} MB (texts in memory; load ${load()})`);
  for (const threads of [1, 2]) {
    const { wall, ready } = await parseAll(texts, threads);
    console.log(`  ${threads} thread${threads > 1 ? 's' : ' '}: ${(wall / 1000).toFixed(2)} s (${(mb / (wall / 1000)).toFixed(1)} MB/s${threads > 1 ? `; workers' grammar load ${ready.toFixed(0)} ms, not counted` : ''})`);
  }
  console.log(`load after: ${load()}`);
})();

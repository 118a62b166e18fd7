// Language-server benchmarks (issue targets: in-process keystroke p95 <= 5 ms, over stdio p95 <= 15 ms, on every shape).
//   npm run bench:lsp -- [corpora-dir] [--index large-project-dir] [--file a-real-file.ex] [--only label-part]
// --only keeps the shapes whose label contains the text (e.g. with --file, that file alone); STDIO=0 skips the
// stdio half (to profile the in-process half with node --cpu-prof dist/bench-lsp.js).
// Shapes: a generated file of 210 small GenServers, a generated 5 000-line module of 1 000 small functions each
// with a closure, and the ten largest real files of the corpora (found under corpora-dir, else $OTP_CORPORA, else
// /work/corpora; skipped with a message when there is none). For each shape, one-character edits in the middle:
// 1. In process: each edit applied to the text and the tree, re-parsed incrementally, re-extracted and re-analysed
//    with every rule.
// 2. Over stdio: `otp-advisor lsp --stdio` as a separate process, debounce 0, the file alone in a project; the time
//    from sending didChange to the answer of a hover sent right after it. The server handles messages in order and
//    analyses within the didChange (debounce 0), so the answer comes once the edit is analysed, whether or not the
//    diagnostics changed (a file without findings publishes nothing).
// Each keystroke's CPU time is printed beside its wall time (in process: per keystroke; over stdio: the server's
// mean, from /proc): on a shared, loaded machine wall time mostly measures the wait for a core.
// 3. Indexing (--index dir [--open file]): the server's initial indexing of a large folder, next to the CLI on it;
//    with --open, a file opened at once (in a project read late in order, to show open documents go first).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
} from 'vscode-languageserver-protocol/node';
import { Project } from '../../src/analysis/engine';
import { loadParser } from '../../src/analysis/parse/parser';
import { applyChanges } from '../../src/server/edits';
import { benchShapes, keystroke, percentiles, type Shape } from './shapes';

const root = join(__dirname, '..');
const KEYSTROKES = Number(process.env.KEYSTROKES ?? 100);

/** Wall and CPU milliseconds per keystroke. On a loaded machine wall time mostly measures waiting for a core. */
interface Samples {
  wall: number[];
  cpu: number[];
}

async function inProcess(shape: Shape): Promise<Samples> {
  const parser = await loadParser();
  const project = new Project(parser);
  project.addFile('mix.exs', readFileSync(join(root, 'examples/shop/mix.exs'), 'utf8'));
  let text = shape.text;
  let tree = project.setFile(shape.path, text);
  project.analyze('green');
  const samples: Samples = { wall: [], cpu: [] };
  for (let i = 0; i < KEYSTROKES; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const next = applyChanges(text, [keystroke(i, shape.line)], tree);
    if ('rejected' in next) throw new Error(next.rejected);
    text = next.text;
    const newTree = project.setFile(shape.path, text, next.treeValid ? tree : undefined, true, next.range);
    tree?.delete();
    tree = newTree;
    project.analyze('green');
    const c = process.cpuUsage(c0);
    samples.wall.push(performance.now() - t0);
    samples.cpu.push((c.user + c.system) / 1000);
  }
  tree?.delete();
  return samples;
}

function startServer(settings: Record<string, unknown>) {
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server; Node refuses those in NODE_OPTIONS.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const proc = spawn(process.execPath, [...nodeArgs, join(root, 'dist/cli.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  connection.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => settings));
  connection.onRequest(RegistrationRequest.type, () => undefined);
  connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  connection.listen();
  return { proc, connection };
}

async function initialize(connection: ReturnType<typeof startServer>['connection'], folder: string) {
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(folder).href,
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'bench' }],
    capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
  });
}

/** Wall milliseconds per keystroke, and the server's CPU milliseconds per keystroke on average (/proc counts 10 ms ticks). */
async function overStdio(shape: Shape): Promise<{ wall: number[]; cpu: number | undefined }> {
  const folder = mkdtempSync(join(tmpdir(), 'otp-bench-'));
  mkdirSync(join(folder, shape.path, '..'), { recursive: true });
  writeFileSync(join(folder, 'mix.exs'), readFileSync(join(root, 'examples/shop/mix.exs'), 'utf8'));
  writeFileSync(join(folder, shape.path), shape.text);
  const { proc, connection } = startServer({ phase: 'green', debounceMs: 0 });
  const uri = pathToFileURL(join(folder, shape.path)).href;
  let indexed: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (indexed = resolve));
  connection.onNotification('$/progress', (p: { value: { kind: string } }) => {
    if (p.value.kind === 'end') indexed();
  });
  await initialize(connection, folder);
  await connection.sendNotification('initialized', {});
  await ready;
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'elixir', version: 1, text: shape.text } });
  const settled = () => connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
  await settled();
  const samples: number[] = [];
  const c0 = cpuMs(proc.pid!);
  for (let i = 0; i < KEYSTROKES; i++) {
    const t0 = performance.now();
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: i + 2 }, contentChanges: [keystroke(i, shape.line)] });
    await settled();
    samples.push(performance.now() - t0);
  }
  const c1 = cpuMs(proc.pid!);
  connection.dispose();
  proc.kill();
  return { wall: samples, cpu: c0 === undefined || c1 === undefined ? undefined : (c1 - c0) / KEYSTROKES };
}

/** CPU time (user + system, every thread) of a live process, from /proc (Linux); undefined elsewhere. */
function cpuMs(pid: number): number | undefined {
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields.length > 13 ? ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 : undefined;
}

/**
 * The server's initial indexing of a large folder (its progress ends once every project is analysed and published),
 * next to the CLI on it. With `open`, that file is opened right after `initialized`: the time until its diagnostics
 * arrive shows that the project of an open document is read first.
 */
async function indexing(folder: string, open: string | undefined): Promise<void> {
  const { proc, connection } = startServer({ phase: 'green', debounceMs: 0 });
  const t0 = performance.now();
  const uri = open && pathToFileURL(open).href;
  let openMs: number | undefined;
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    if (p.uri === uri && openMs === undefined) openMs = performance.now() - t0;
  });
  const done = new Promise<number>((resolve) => {
    connection.onNotification('$/progress', (p: { value: { kind: string } }) => {
      if (p.value.kind === 'end') resolve(performance.now());
    });
  });
  await initialize(connection, folder);
  await connection.sendNotification('initialized', {});
  if (open) await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri!, languageId: 'elixir', version: 1, text: readFileSync(open, 'utf8') } });
  const ms = (await done) - t0;
  // Peak resident set of the server process (Linux), threads included.
  const hwm = /VmHWM:\s+(\d+) kB/.exec(existsSync(`/proc/${proc.pid}/status`) ? readFileSync(`/proc/${proc.pid}/status`, 'utf8') : '')?.[1];
  const cpu = cpuMs(proc.pid!);
  connection.dispose();
  // Closing its input makes the server exit by itself, so a profiled server writes its profile.
  proc.stdin.end();
  await new Promise((r) => proc.once('exit', r));
  const c0 = performance.now();
  execFileSync(process.execPath, [join(root, 'dist/cli.js'), 'check', folder, '--format', 'json', '--fail-on', 'never'], { maxBuffer: 1 << 28 });
  const cli = performance.now() - c0;
  const lines = execFileSync('sh', ['-c', `find "${folder}" -type f \\( -name '*.ex' -o -name '*.exs' \\) -print0 | xargs -0 cat | wc -l`], { encoding: 'utf8' }).trim();
  console.log(`indexing ${folder} (${lines} lines): language server ${Math.round(ms)} ms wall (initialize → progress end, every project published)${cpu === undefined ? '' : `, ${Math.round(cpu)} ms CPU`}${hwm ? `, peak RSS ${Math.round(Number(hwm) / 1024)} MB` : ''}`);
  if (open) console.log(`  ${open}, opened after initialized: ${openMs === undefined ? 'no diagnostics (a file without findings publishes none)' : `diagnostics after ${Math.round(openMs)} ms`}`);
  console.log(`  CLI check ${Math.round(cli)} ms (process start to exit)`);
}

(async () => {
  const args = process.argv.slice(2);
  const option = (flag: string): string | undefined => {
    const at = args.indexOf(flag);
    return at >= 0 ? args.splice(at, 2)[1] : undefined;
  };
  const real = option('--file');
  const large = option('--index');
  const open = option('--open');
  const only = option('--only');
  const corpora = args[0] ?? process.env.OTP_CORPORA ?? '/work/corpora';
  if (!existsSync(corpora)) console.log(`No corpora at ${corpora}: the largest real files are left out (give the folder as an argument or set OTP_CORPORA).`);
  const shapes = benchShapes(root, existsSync(corpora) ? corpora : undefined, real).filter((s) => !only || s.label.includes(only));
  const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`${KEYSTROKES} one-character edits per shape, alternately inserting and deleting a space at the start of a middle line (a finding's, if any); load ${load()}`);
  // CPU time is given beside wall time: on a shared machine a keystroke's wall time is mostly waiting for a core.
  console.log(`${'shape'.padEnd(64)} ${'lines'.padStart(6)}   in process p50 / p95 (CPU p50 / p95)      over stdio p50 / p95 (server CPU mean)`);
  const ms = (x: number) => `${x.toFixed(1)}`.padStart(6);
  // KEYSTROKES=0 with --index measures the indexing alone.
  for (const shape of KEYSTROKES > 0 ? shapes : []) {
    const inside = await inProcess(shape);
    const a = percentiles(inside.wall);
    const ac = percentiles(inside.cpu);
    const stdio = process.env.STDIO === '0' ? { wall: [0], cpu: undefined } : await overStdio(shape);
    const b = percentiles(stdio.wall);
    const bc = stdio.cpu === undefined ? '     -' : ms(stdio.cpu);
    console.log(`${shape.label.slice(-64).padEnd(64)} ${String(shape.text.split('\n').length).padStart(6)}   ${ms(a.p50)} / ${ms(a.p95)} (${ms(ac.p50)} / ${ms(ac.p95)}) ms      ${ms(b.p50)} / ${ms(b.p95)} (${bc}) ms`);
  }
  console.log(`load after: ${load()}`);
  if (large) await indexing(large, open);
  console.log(`load at the end: ${load()}`);
})();

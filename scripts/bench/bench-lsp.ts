// Language-server benchmarks (issue targets: in-process keystroke p95 <= 5 ms, over stdio p95 <= 15 ms, on every shape).
//   npm run bench:lsp -- [corpora-dir] [--index large-project-dir] [--file a-real-file.ex]
// Shapes: a generated file of 210 small GenServers, a generated 5 000-line module of 1 000 small functions each
// with a closure, and the ten largest real files of the corpora (found under corpora-dir, else $OTP_CORPORA, else
// /work/corpora; skipped with a message when there is none). For each shape, one-character edits in the middle:
// 1. In process: each edit applied to the text and the tree, re-parsed incrementally, re-extracted and re-analysed
//    with every rule.
// 2. Over stdio: `otp-advisor lsp --stdio` as a separate process, debounce 0, the file alone in a project; the time
//    from sending didChange to the answer of a hover sent right after it. The server handles messages in order and
//    analyses within the didChange (debounce 0), so the answer comes once the edit is analysed, whether or not the
//    diagnostics changed (a file without findings publishes nothing).
// 3. Indexing (--index): the server's initial indexing of a large project, next to the CLI on it.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InitializeRequest,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
} from 'vscode-languageserver-protocol/node';
import { Project } from '../../src/analysis/engine';
import { loadParser } from '../../src/analysis/parse/parser';
import { applyChanges } from '../../src/server/edits';

const root = join(__dirname, '..');
const KEYSTROKES = Number(process.env.KEYSTROKES ?? 100);

function percentiles(samples: number[]): { p50: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: s[Math.floor(s.length / 2)], p95: s[Math.floor(s.length * 0.95)] };
}

interface Shape {
  label: string;
  text: string;
  /** The line edited: a finding's, so edits move it, or the middle one. */
  line: number;
}

/** A 5 000-line lib file built from the example project's modules, renamed so they do not collide. */
function bigFile(): string {
  const dir = join(root, 'examples/shop/lib/shop');
  const sources = ['price_calculator.ex', 'visits.ex', 'inventory.ex', 'cart.ex', 'reminder.ex', 'checkout.ex'].map((f) => readFileSync(join(dir, f), 'utf8'));
  const parts: string[] = [];
  // Whole modules only: a module cut in half would make every parse an error recovery.
  for (let i = 0; parts.join('\n').split('\n').length < 5000; i++) {
    parts.push(...sources.map((s) => s.replace(/defmodule Shop\.(\w+)/, `defmodule Shop.$1${i}`)));
  }
  return parts.join('\n');
}

/** 1 000 small functions, each with a closure, in one module of about 5 000 lines. */
function closuresModule(): string {
  const fns = Array.from(
    { length: 1000 },
    (_, i) => `  def total_${i}(items) do
    sum = Enum.reduce(items, 0, fn x, acc -> acc + x * ${i} end)
    sum + ${i}
  end
`,
  );
  return `defmodule Bench.Closures do
  @moduledoc "One thousand small functions."

${fns.join('\n')}end
`;
}

/** The ten largest .ex/.exs files under `dir` (deps, build output and dot folders skipped). */
function largestFiles(dir: string, n = 10): string[] {
  const found: { path: string; size: number }[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === 'deps' || e.name === '_build' || e.name === 'node_modules') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.exs?$/.test(e.name)) found.push({ path: p, size: statSync(p).size });
    }
  };
  walk(dir);
  return found
    .sort((a, b) => b.size - a.size)
    .slice(0, n)
    .map((f) => f.path);
}

/** A line with a finding if there is one (the publish then follows every keystroke), else the middle line. */
function editLine(text: string): number {
  const lines = text.split('\n');
  const otp = lines.findIndex((l) => l.includes('use GenServer'));
  return otp >= 0 ? otp : Math.floor(lines.length / 2);
}

/** Alternately inserts and deletes one space at the start of line `line`. */
function keystroke(i: number, line: number) {
  return i % 2 === 0
    ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' }
    : { range: { start: { line, character: 0 }, end: { line, character: 1 } }, text: '' };
}

async function inProcess(shape: Shape): Promise<number[]> {
  const parser = await loadParser();
  const project = new Project(parser);
  project.addFile('mix.exs', readFileSync(join(root, 'examples/shop/mix.exs'), 'utf8'));
  let text = shape.text;
  let tree = project.setFile('lib/big.ex', text);
  project.analyze('green');
  const samples: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    const t0 = performance.now();
    const next = applyChanges(text, [keystroke(i, shape.line)], tree);
    if ('rejected' in next) throw new Error(next.rejected);
    text = next.text;
    const newTree = project.setFile('lib/big.ex', text, next.treeValid ? tree : undefined);
    tree?.delete();
    tree = newTree;
    project.analyze('green');
    samples.push(performance.now() - t0);
  }
  tree?.delete();
  return samples;
}

function startServer(settings: Record<string, unknown>) {
  const proc = spawn(process.execPath, [join(root, 'dist/cli.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
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

async function overStdio(shape: Shape): Promise<number[]> {
  const folder = mkdtempSync(join(tmpdir(), 'otp-bench-'));
  mkdirSync(join(folder, 'lib'));
  writeFileSync(join(folder, 'mix.exs'), readFileSync(join(root, 'examples/shop/mix.exs'), 'utf8'));
  writeFileSync(join(folder, 'lib/big.ex'), shape.text);
  const { proc, connection } = startServer({ phase: 'green', debounceMs: 0 });
  const uri = pathToFileURL(join(folder, 'lib/big.ex')).href;
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
  for (let i = 0; i < KEYSTROKES; i++) {
    const t0 = performance.now();
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: i + 2 }, contentChanges: [keystroke(i, shape.line)] });
    await settled();
    samples.push(performance.now() - t0);
  }
  connection.dispose();
  proc.kill();
  return samples;
}

async function indexing(folder: string): Promise<void> {
  const { proc, connection } = startServer({ phase: 'green', debounceMs: 0 });
  const done = new Promise<number>((resolve) => {
    connection.onProgress(WorkDoneProgress.type, '' as never, () => undefined);
    connection.onNotification('$/progress', (p: { value: { kind: string } }) => {
      if (p.value.kind === 'end') resolve(performance.now());
    });
  });
  const t0 = performance.now();
  await initialize(connection, folder);
  await connection.sendNotification('initialized', {});
  const ms = (await done) - t0;
  connection.dispose();
  proc.kill();
  const c0 = performance.now();
  execFileSync(process.execPath, [join(root, 'dist/cli.js'), 'check', folder, '--format', 'json', '--fail-on', 'never'], { maxBuffer: 1 << 28 });
  const cli = performance.now() - c0;
  console.log(`indexing ${folder}: language server ${Math.round(ms)} ms (initialize → progress end), CLI check ${Math.round(cli)} ms (process start to exit)`);
}

(async () => {
  const args = process.argv.slice(2);
  const option = (flag: string): string | undefined => {
    const at = args.indexOf(flag);
    return at >= 0 ? args.splice(at, 2)[1] : undefined;
  };
  const real = option('--file');
  const large = option('--index');
  const corpora = args[0] ?? process.env.OTP_CORPORA ?? '/work/corpora';
  const shapes: Shape[] = [];
  const add = (label: string, text: string) => shapes.push({ label, text, line: editLine(text) });
  const genservers = bigFile();
  add(`generated: ${genservers.match(/use GenServer/g)?.length} GenServers, ${genservers.split('\n').length} lines`, genservers);
  const closures = closuresModule();
  add(`generated: 1 000 functions with closures, ${closures.split('\n').length} lines`, closures);
  if (real) add(real, readFileSync(real, 'utf8'));
  if (existsSync(corpora)) {
    for (const file of largestFiles(corpora)) add(`${relative(corpora, file)}`, readFileSync(file, 'utf8'));
  } else {
    console.log(`No corpora at ${corpora}: the largest real files are left out (give the folder as an argument or set OTP_CORPORA).`);
  }
  const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`${KEYSTROKES} one-character edits per shape, alternately inserting and deleting a space at the start of a middle line (a finding's, if any); load ${load()}`);
  console.log(`${'shape'.padEnd(64)} ${'lines'.padStart(6)}   in process p50 / p95      over stdio p50 / p95`);
  const ms = (x: number) => `${x.toFixed(1)}`.padStart(6);
  for (const shape of shapes) {
    const a = percentiles(await inProcess(shape));
    const b = percentiles(await overStdio(shape));
    console.log(`${shape.label.slice(-64).padEnd(64)} ${String(shape.text.split('\n').length).padStart(6)}   ${ms(a.p50)} / ${ms(a.p95)} ms      ${ms(b.p50)} / ${ms(b.p95)} ms`);
  }
  console.log(`load after: ${load()}`);
  if (large) await indexing(large);
})();

// Language-server benchmarks (issue targets: in-process keystroke p95 <= 5 ms, over stdio p95 <= 15 ms).
//   npm run bench:lsp -- [large-project-dir] [--file a-real-5000-line-file.ex]
// 1. In process: one-character edits in a 5 000-line file, each applied to the text and the tree,
//    re-parsed incrementally, re-extracted and re-analysed with every rule.
// 2. Over stdio: `otp-advisor lsp --stdio` as a separate process, debounce 0; didChange of one character
//    → the next publishDiagnostics for that file.
// 3. Indexing: the server's initial indexing of the large project (if given), next to the CLI on it.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
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
const KEYSTROKES = Number(process.env.KEYSTROKES ?? 300);

function p95(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  return `p95 ${s[Math.floor(s.length * 0.95)].toFixed(2)} ms (median ${s[Math.floor(s.length / 2)].toFixed(2)} ms, n=${s.length})`;
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

/**
 * Alternately inserts and deletes one space at the start of line `line`. On the generated file that line
 * holds a finding, so every keystroke moves it and the server publishes.
 */
function keystroke(i: number, line: number) {
  return i % 2 === 0
    ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' }
    : { range: { start: { line, character: 0 }, end: { line, character: 1 } }, text: '' };
}

async function inProcess(text: string, label: string): Promise<void> {
  const parser = await loadParser();
  const project = new Project(parser);
  project.addFile('mix.exs', readFileSync(join(root, 'examples/shop/mix.exs'), 'utf8'));
  let tree = project.setFile('lib/big.ex', text);
  const line = editLine(text);
  const samples: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    const t0 = performance.now();
    const next = applyChanges(text, [keystroke(i, line)], tree);
    if ('rejected' in next) throw new Error(next.rejected);
    text = next.text;
    const newTree = project.setFile('lib/big.ex', text, next.treeValid ? tree : undefined);
    tree?.delete();
    tree = newTree;
    project.analyze('green');
    samples.push(performance.now() - t0);
  }
  tree?.delete();
  console.log(`in process, one keystroke in ${label}: ${p95(samples)}`);
}

/** A line with a finding if there is one (the publish then follows every keystroke), else the middle line. */
function editLine(text: string): number {
  const lines = text.split('\n');
  const otp = lines.findIndex((l) => l.includes('use GenServer'));
  return otp >= 0 ? otp : Math.floor(lines.length / 2);
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

async function overStdio(text: string): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'otp-bench-'));
  mkdirSync(join(folder, 'lib'));
  writeFileSync(join(folder, 'mix.exs'), readFileSync(join(root, 'examples/shop/mix.exs'), 'utf8'));
  writeFileSync(join(folder, 'lib/big.ex'), text);
  const { proc, connection } = startServer({ phase: 'green', debounceMs: 0 });
  const uri = pathToFileURL(join(folder, 'lib/big.ex')).href;
  let onPublish: (() => void) | undefined;
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    if (p.uri === uri) onPublish?.();
  });
  const published = () => new Promise<void>((resolve) => (onPublish = resolve));
  await initialize(connection, folder);
  let first = published();
  await connection.sendNotification('initialized', {});
  await first;
  first = published();
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'elixir', version: 1, text } });
  await Promise.race([first, new Promise((r) => setTimeout(r, 500))]);
  const line = text.split('\n').findIndex((l) => l.includes('use GenServer'));
  const samples: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    const next = published();
    const t0 = performance.now();
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: i + 2 }, contentChanges: [keystroke(i, line)] });
    await next;
    samples.push(performance.now() - t0);
  }
  console.log(`over stdio, didChange of one character → publishDiagnostics: ${p95(samples)}`);
  connection.dispose();
  proc.kill();
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
  const fileAt = args.indexOf('--file');
  const real = fileAt >= 0 ? args.splice(fileAt, 2)[1] : undefined;
  const text = bigFile();
  await inProcess(text, `a generated ${text.split('\n').length}-line file of ${text.match(/use GenServer/g)?.length} GenServers (worst case: every line converted)`);
  if (real) await inProcess(readFileSync(real, 'utf8'), `${real} (${readFileSync(real, 'utf8').split('\n').length} lines)`);
  await overStdio(text);
  if (args[0]) await indexing(args[0]);
})();

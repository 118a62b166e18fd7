// Reading a workspace's mix projects when the server starts, a folder is added or the client asks: one project at a
// time, those holding open documents first, each published as soon as it is read, with the event loop turning between
// chunks of work so edits and requests are answered while a large workspace is read.
import { basename } from 'node:path';
import { ExtractPool } from '../analysis/parallel/extract-pool';
import { isElixirPath } from '../analysis/project-paths';
import { setExtracted, setText, type Located } from './projects';
import { guard, publishDirty, publishProject } from './publish';
import { applySettings } from './settings';
import type { ServerState } from './state';
import { projectSummary } from './summary';

/** Yield to the event loop every this many files read. */
const READ_CHUNK = 20;
/** The most text this thread parses between two turns of the event loop (≈ 30 ms), so a request waits little. */
const PARSE_CHUNK = 64_000;

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

interface Found {
  root: string;
  files: string[];
}

/**
 * Reads every file of the folders' projects (parsed on every core; open documents keep their text), with cancellable
 * progress that ends once every project is published, and logs what each project gave: a project without findings
 * must not look like a broken server. Cancelled, it still publishes what it read.
 */
export async function indexFolders(s: ServerState, list: string[]): Promise<void> {
  const progress = await s.connection.window.createWorkDoneProgress();
  const cancelled = (): boolean => progress.token.isCancellationRequested;
  const pool = new ExtractPool(s.parser);
  // Until discovery names their projects, a document opened in these folders is not published alone.
  for (const f of list) s.indexing.add(f);
  let found: Found[] = [];
  try {
    found = (await Promise.all(list.map((f) => s.projects.discover(f)))).flat();
    for (const { root, files } of found) {
      s.indexing.add(root);
      s.connection.console.info(`Found project ${root}: ${files.length} files`);
    }
    // Documents opened before their mix root was known went to the folder's project.
    for (const { path, doc, loc } of s.projects.strayOpen()) {
      await guard(s, path, () => {
        doc.tree?.delete();
        doc.tree = setText(loc, doc.text);
      });
    }
    for (const f of list) if (!found.some((p) => p.root === f)) s.indexing.delete(f);
    const total = found.reduce((n, p) => n + p.files.length, 0);
    progress.begin('OTP Advisor: indexing', 0, `${total} files`, true);
    for (const { root } of found) applySettings(s, root);
    const queue = [...found];
    let before = 0;
    while (queue.length) {
      // Re-chosen after each project: a document opened meanwhile moves its project to the front.
      const open = s.projects.openRoots();
      const at = Math.max(0, queue.findIndex((p) => open.has(p.root)));
      const [next] = queue.splice(at, 1);
      const started = Date.now();
      const report = (done: number): void => progress.report(Math.round(((before + done) / total) * 100), `${basename(next.root)}: ${before + done}/${total} files`);
      if (!cancelled()) await readProject(s, next, pool, cancelled, report);
      before += next.files.length;
      // Cancelled half-way: what was read is published rather than held back for ever.
      s.indexing.delete(next.root);
      publishRead(s, next.root, started);
      await turn();
    }
  } finally {
    for (const f of list) s.indexing.delete(f);
    for (const { root } of found) s.indexing.delete(root);
    await pool.close();
    progress.done();
  }
  publishDirty(s);
}

/** Reads one project's files: config files as they come, Elixir files parsed on every core. */
async function readProject(s: ServerState, { files }: Found, pool: ExtractPool, cancelled: () => boolean, report: (done: number) => void): Promise<void> {
  const started = Date.now();
  const sources: { path: string; loc: Located; text: string }[] = [];
  let read = 0;
  for (const path of files) {
    if (cancelled()) break;
    await guard(s, path, async () => {
      const file = await s.projects.readFromDisk(path);
      if (file?.text === undefined) return;
      if (isElixirPath(path)) sources.push({ path, loc: file.loc, text: file.text });
      else setText(file.loc, file.text);
    });
    if (++read % READ_CHUNK === 0) await turn();
  }
  const skipped = files.length - sources.length;
  // Facts name their file as the project does: relative to its root.
  const { extracted, threads } = await pool.extract(
    sources.map(({ loc, text }) => ({ path: loc.file, text })),
    { cancelled, maxBatchBytes: PARSE_CHUNK, onProgress: (done) => report(skipped + done) },
  );
  sources.forEach(({ path, loc, text }, i) => {
    const x = extracted[i];
    // A document opened while the file was read holds the text that counts now.
    if (!x || s.projects.isOpen(path)) return;
    void guard(s, path, () => setExtracted(loc, text, x));
  });
  s.connection.console.info(`Read ${sources.length} files in ${Date.now() - started} ms on ${threads} thread${threads === 1 ? '' : 's'}`);
}

function publishRead(s: ServerState, root: string, started: number): void {
  const findings = publishProject(s, root);
  s.dirtyRoots.delete(root);
  const project = s.projects.project(root);
  if (project && findings !== undefined) s.connection.console.info(projectSummary(root, project, Date.now() - started, findings));
}

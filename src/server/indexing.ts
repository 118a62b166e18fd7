// Reading a workspace's mix projects when the server starts, a folder is added or the client asks.
import { isElixirPath } from '../analysis/project-paths';
import { extractAll } from '../analysis/parallel/extract-pool';
import { setExtracted, setText, type Located } from './projects';
import { guard, publishDirty, publishProject } from './publish';
import { applySettings } from './settings';
import type { ServerState } from './state';
import { projectSummary } from './summary';

/** Yield to the event loop every this many files read, so requests stay answered. */
const INDEX_BATCH = 20;

/**
 * Reads every file of the folders' projects (parsed on every core; open documents keep their text), with cancellable progress, then
 * publishes and logs what each project gave: a project without findings must not look like a broken server.
 */
export async function indexFolders(s: ServerState, list: string[]): Promise<void> {
  const progress = await s.connection.window.createWorkDoneProgress();
  let found: { root: string; files: string[] }[] = [];
  const readMs = new Map<string, number>();
  try {
    found = (await Promise.all(list.map((f) => s.projects.discover(f)))).flat();
    for (const { root, files } of found) {
      s.indexing.add(root);
      s.connection.console.info(`Found project ${root}: ${files.length} files`);
    }
    const total = found.reduce((n, p) => n + p.files.length, 0);
    progress.begin('OTP Advisor: indexing', 0, `${total} files`, true);
    const started = Date.now();
    for (const { root } of found) applySettings(s, root);
    // Elixir files are read from disk here and parsed on every core; the rest (config files) go in as they are read.
    const sources: { path: string; loc: Located; text: string }[] = [];
    let read = 0;
    for (const { files } of found) {
      for (const path of files) {
        if (progress.token.isCancellationRequested) break;
        await guard(s, path, async () => {
          const file = await s.projects.readFromDisk(path);
          if (file?.text === undefined) return;
          if (isElixirPath(path)) sources.push({ path, loc: file.loc, text: file.text });
          else setText(file.loc, file.text);
        });
        if (++read % INDEX_BATCH === 0) await new Promise((r) => setImmediate(r));
      }
    }
    const skipped = total - sources.length;
    // Facts name their file as the project does: relative to its root.
    const { extracted, threads } = await extractAll(s.parser, sources.map(({ loc, text }) => ({ path: loc.file, text })), {
      cancelled: () => progress.token.isCancellationRequested,
      onProgress: (done) => progress.report(Math.round(((skipped + done) / total) * 100), `${skipped + done}/${total} files`),
    });
    sources.forEach(({ path, loc, text }, i) => {
      const x = extracted[i];
      // A document opened while the file was read holds the text that counts now.
      if (!x || s.projects.isOpen(path)) return;
      void guard(s, path, () => setExtracted(loc, text, x));
    });
    const ms = Date.now() - started;
    for (const { root } of found) {
      readMs.set(root, ms);
      s.indexing.delete(root);
    }
    s.connection.console.info(`Read ${sources.length} files in ${ms} ms on ${threads} thread${threads === 1 ? '' : 's'}`);
  } finally {
    // Cancelled or failed half-way: what was read is published rather than held back for ever.
    for (const { root } of found) s.indexing.delete(root);
    progress.done();
  }
  for (const { root } of found) {
    // One project's analysis at a time, so edits and requests are answered between them (a workspace may hold a hundred).
    await new Promise((r) => setImmediate(r));
    const started = Date.now();
    const findings = publishProject(s, root);
    s.dirtyRoots.delete(root);
    const project = s.projects.project(root);
    if (!project || findings === undefined) continue;
    const ms = (readMs.get(root) ?? 0) + Date.now() - started;
    s.connection.console.info(projectSummary(root, project, ms, findings));
  }
  publishDirty(s);
}

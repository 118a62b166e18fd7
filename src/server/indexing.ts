// Reading a workspace's mix projects when the server starts, a folder is added or the client asks.
import { guard, publishDirty, publishProject } from './publish';
import { applySettings } from './settings';
import type { ServerState } from './state';
import { projectSummary } from './summary';

/** Yield to the event loop every this many files while indexing, so requests stay answered. */
const INDEX_BATCH = 20;

/**
 * Reads every file of the folders' projects, open documents first, with cancellable progress, then
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
    let done = 0;
    for (const { root, files } of found) {
      const started = Date.now();
      applySettings(s, root);
      for (const path of files) {
        if (progress.token.isCancellationRequested) break;
        await guard(s, path, () => s.projects.loadFromDisk(path));
        if (++done % INDEX_BATCH === 0) {
          progress.report(Math.round((done / total) * 100), `${done}/${total} files`);
          await new Promise((r) => setImmediate(r));
        }
      }
      readMs.set(root, Date.now() - started);
      s.indexing.delete(root);
    }
  } finally {
    // Cancelled or failed half-way: what was read is published rather than held back for ever.
    for (const { root } of found) s.indexing.delete(root);
    progress.done();
  }
  for (const { root } of found) {
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

// Open documents as the client edits them (re-parsed incrementally, re-published after the debounce)
// and the files the client watches on disk.
import { FileChangeType } from 'vscode-languageserver';
import { Baselines } from './baselines';
import { applyChanges } from './edits';
import { isWatched, setText, uriToPath } from './projects';
import { clear, guard, publishDirty, schedule } from './publish';
import type { ServerState } from './state';

export function onDocuments(s: ServerState): void {
  const { connection } = s;
  connection.onDidOpenTextDocument(({ textDocument }) => {
    const path = uriToPath(textDocument.uri);
    const loc = path && isWatched(path) ? s.projects.locate(path) : undefined;
    if (!path || !loc) return;
    const doc = { uri: textDocument.uri, text: textDocument.text, version: textDocument.version, tree: undefined as ReturnType<typeof setText> };
    s.projects.open.set(textDocument.uri, doc);
    if (!s.projects.fits(loc, Buffer.byteLength(doc.text))) return void schedule(s, loc, textDocument.uri);
    void guard(s, path, () => {
      doc.tree = setText(loc, doc.text);
    }).then(() => schedule(s, loc, textDocument.uri));
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const doc = s.projects.open.get(textDocument.uri);
    const path = uriToPath(textDocument.uri);
    const loc = path ? s.projects.locate(path) : undefined;
    if (!doc || !path || !loc) return;
    const applied = applyChanges(doc.text, contentChanges, doc.tree);
    if ('rejected' in applied) {
      // Garbage is never applied: a reversed range once doubled a document at every edit. The text stays at the
      // last good version; the tree may hold part of the changes, so the next parse starts afresh.
      connection.console.warn(`Ignored an edit of ${textDocument.uri} (version ${textDocument.version}): ${applied.rejected}; the text stays at version ${doc.version}.`);
      doc.tree?.delete();
      doc.tree = undefined;
      void guard(s, path, () => {
        doc.tree = setText(loc, doc.text);
      });
      return;
    }
    const { text, treeValid, range } = applied;
    doc.text = text;
    doc.version = textDocument.version;
    if (!s.projects.fits(loc, Buffer.byteLength(text))) {
      doc.tree?.delete();
      doc.tree = undefined;
      return void schedule(s, loc, textDocument.uri);
    }
    const old = treeValid ? doc.tree : undefined;
    if (!treeValid) doc.tree?.delete();
    doc.tree = undefined;
    void guard(s, path, () => {
      doc.tree = setText(loc, text, old, range);
    }).then(() => {
      old?.delete();
      schedule(s, loc, textDocument.uri);
    });
  });

  // Closing keeps the file's findings (the Problems panel shows the whole project); the disk is the truth again.
  connection.onDidCloseTextDocument(({ textDocument }) => {
    const doc = s.projects.open.get(textDocument.uri);
    s.projects.open.delete(textDocument.uri);
    doc?.tree?.delete();
    const path = uriToPath(textDocument.uri);
    if (!path || !isWatched(path)) return;
    void guard(s, path, async () => {
      const loc = await s.projects.loadFromDisk(path).catch(() => s.projects.remove(path));
      if (loc) schedule(s, loc, textDocument.uri);
    });
  });

  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    for (const change of changes) {
      const path = uriToPath(change.uri);
      if (path && !isWatched(path)) {
        for (const root of s.projects.roots()) if (Baselines.isBaselineOf(root, s.projects.project(root)?.config.baseline, path)) s.dirtyRoots.add(root);
        continue;
      }
      if (!path || s.projects.open.has(change.uri)) continue;
      if (change.type === FileChangeType.Deleted) {
        const loc = s.projects.remove(path);
        if (loc) s.dirtyRoots.add(loc.root);
        clear(s, change.uri);
      } else {
        await guard(s, path, async () => {
          const loc = await s.projects.loadFromDisk(path);
          if (loc) s.dirtyRoots.add(loc.root);
        });
      }
    }
    publishDirty(s);
  });
}

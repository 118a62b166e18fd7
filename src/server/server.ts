// The OTP Advisor language server: keeps every mix project of the workspace analysed, re-parses an
// edited file incrementally, and publishes findings as diagnostics with quick fixes. This file wires
// the handlers; the state they share is in state.ts.
import { DidChangeWatchedFilesNotification, TextDocumentSyncKind, type Connection, type InitializeParams } from 'vscode-languageserver';
import { loadParser } from '../analysis/parse/parser';
import { ruleById } from '../analysis/rules';
import { ruleHover } from '../analysis/rules/explanation/hover';
import { codeActionsFor, touching } from './code-actions';
import { onCommands } from './commands';
import { onContextRequests } from './context';
import { onDocuments } from './documents';
import { indexFolders } from './indexing';
import { Projects, uriToPath } from './projects';
import { COMMANDS, type InitializationOptions } from './protocol';
import { clear, publishDirty } from './publish';
import { onSettingsChanges, pullSettings } from './settings';
import { ServerState } from './state';
import { VERSION } from '../version';

export function startServer(connection: Connection): void {
  const s = new ServerState(connection);

  connection.onInitialize(async (params: InitializeParams) => {
    s.parser = await loadParser();
    s.projects = new Projects(s.parser);
    s.askExpert = (params.initializationOptions as InitializationOptions | undefined)?.askExpert === true;
    s.canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    s.canPullConfig = params.capabilities.workspace?.configuration === true;
    s.canFollowFolders = params.capabilities.workspace?.workspaceFolders === true;
    s.canShowDocument = params.capabilities.window?.showDocument?.support === true;
    s.folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
    if (!s.folders.length && params.rootUri) {
      const root = uriToPath(params.rootUri);
      if (root) s.folders = [root];
    }
    s.projects.setFolders(s.folders);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        hoverProvider: true,
        executeCommandProvider: { commands: Object.values(COMMANDS) },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'otp-advisor' },
    };
  });

  connection.onInitialized(async () => {
    connection.console.info(`OTP Advisor language server ${VERSION} (Node ${process.version}); workspace folders: ${s.folders.join(', ') || 'none'}`);
    if (s.canWatchFiles) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, {
        // Baseline files by their usual name (`otp-advisor baseline .otp-advisor-baseline.json`); others are re-read at the next analysis.
        watchers: [{ globPattern: '**/*.{ex,exs}' }, { globPattern: '**/.otp-advisor.json' }, { globPattern: '**/*baseline*.json' }],
      });
    }
    // Only clients that declare workspace folders may be asked for their changes (vscode-languageserver throws otherwise).
    if (s.canFollowFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(async (e) => {
        s.folders = s.folders.filter((f) => !e.removed.some((r) => uriToPath(r.uri) === f));
        const added = e.added.map((a) => uriToPath(a.uri)).filter((p): p is string => !!p);
        s.folders.push(...added);
        s.projects.setFolders(s.folders);
        for (const [uri] of s.published) if (!s.projects.locate(uriToPath(uri) ?? '')) clear(s, uri);
        await indexFolders(s, added);
      });
    }
    await pullSettings(s);
    await indexFolders(s, s.folders);
  });

  onDocuments(s);
  onSettingsChanges(s);

  // The client's `context.diagnostics` are the ones it last received: right after an edit (before the
  // debounce publishes) they point at where the code was, so a fix placed from them lands on the wrong
  // line, and a finding moved under the cursor has none. The fixes come from this server's findings for
  // the document's current text instead, analysed now if an analysis is pending.
  connection.onCodeAction(({ textDocument, range }) => {
    const doc = s.projects.open.get(textDocument.uri);
    const path = uriToPath(textDocument.uri);
    const loc = path ? s.projects.locate(path) : undefined;
    if (!doc || !loc) return [];
    if (s.dirtyRoots.has(loc.root)) {
      clearTimeout(s.timers.get(textDocument.uri));
      s.timers.delete(textDocument.uri);
      publishDirty(s);
    }
    const here = (s.published.get(textDocument.uri)?.diagnostics ?? []).filter((d) => touching(d.range, range));
    return codeActionsFor(textDocument.uri, doc.text, here, s.askExpert);
  });

  connection.onHover(({ textDocument, position }) => {
    const hits = (s.published.get(textDocument.uri)?.diagnostics ?? []).filter((d) => touching(d.range, { start: position, end: position }));
    const parts = hits.flatMap((d) => {
      const rule = ruleById(String(d.code));
      return rule ? [ruleHover(rule)] : [];
    });
    return parts.length ? { contents: { kind: 'markdown', value: [...new Set(parts)].join('\n\n---\n\n') } } : null;
  });

  onContextRequests(s);
  onCommands(s);

  connection.listen();
}

// A real LSP client over stdio for tests: spawns `otp-advisor lsp --stdio` and speaks JSON-RPC to it.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowDocumentRequest,
  ShowMessageNotification,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  type Diagnostic,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';

export const CLI = join(__dirname, '../../dist/cli.js');

export interface ClientOptions {
  settings?: Record<string, unknown>;
  askExpert?: boolean;
  /** Declare no optional capability (no configuration pull, folders, watchers or progress), as a bare client does. */
  bare?: boolean;
  /** Declare `window.showDocument` (default true); Neovim 0.7 does not. */
  showDocument?: boolean;
}

export class LspClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** window/logMessage and window/showMessage, in order of arrival. */
  readonly logs: { type: number; message: string }[] = [];
  readonly shownMessages: { type: number; message: string }[] = [];
  /** URIs the server asked to show (window/showDocument). */
  readonly shownDocuments: string[] = [];
  /** What arrived, in order: `diagnostics <uri>`, `progress <begin|report|end>`, and what a test notes with `note`. */
  readonly arrivals: string[] = [];
  /** Tokens of the work-done progress the server created. */
  readonly progressTokens: (string | number)[] = [];
  private waiters: { check: () => boolean; resolve: () => void }[] = [];
  settings: Record<string, unknown>;
  stderr = '';

  constructor(private readonly options: ClientOptions = {}) {
    this.settings = { phase: 'green', debounceMs: 0, ...options.settings };
    this.process = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (d) => (this.stderr += d));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, ({ uri, diagnostics }) => {
      this.diagnostics.set(uri, diagnostics);
      this.note(`diagnostics ${uri}`);
    });
    this.connection.onNotification(LogMessageNotification.type, (m) => {
      this.logs.push(m);
      this.wake();
    });
    this.connection.onNotification(ShowMessageNotification.type, (m) => {
      this.shownMessages.push(m);
      this.wake();
    });
    this.connection.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => this.settings));
    this.connection.onRequest(RegistrationRequest.type, () => undefined);
    this.connection.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => void this.progressTokens.push(token));
    this.connection.onNotification('$/progress', (p: { value: { kind: string } }) => this.note(`progress ${p.value.kind}`));
    // Without the capability, no handler: the request fails with MethodNotFound, as in Neovim 0.7.
    if (options.showDocument !== false) {
      this.connection.onRequest(ShowDocumentRequest.type, ({ uri }) => {
        this.shownDocuments.push(uri);
        return { success: true };
      });
    }
    this.connection.listen();
  }

  async initialize(folder: string, options: ClientOptions = this.options) {
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(folder).href,
      workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'test' }],
      capabilities: options.bare
        ? {}
        : {
            workspace: {
              configuration: true,
              didChangeWatchedFiles: { dynamicRegistration: true },
              workspaceFolders: true,
              workspaceEdit: { documentChanges: true, changeAnnotationSupport: { groupsOnLabel: true } },
            },
            window: { workDoneProgress: true, ...(options.showDocument === false ? {} : { showDocument: { support: true } }) },
            textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true } },
          },
      initializationOptions: { askExpert: options.askExpert ?? false },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Records an event in `arrivals` (the order of what the server sent, and of what the test saw). */
  note(event: string): void {
    this.arrivals.push(event);
    this.wake();
  }

  private wake(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.check()) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves when `check` holds after a notification from the server (or already holds). */
  waitFor(check: () => boolean, what: string, ms = 10_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr}`)), ms);
      this.waiters.push({
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  codes(uri: string): string[] {
    return (this.diagnostics.get(uri) ?? []).map((d) => String(d.code)).sort();
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // Already gone: the test that stopped it asserted what it needed.
    }
    this.connection.dispose();
    this.process.kill();
  }
}

export function uriOf(folder: string, file: string): string {
  return pathToFileURL(join(folder, file)).href;
}

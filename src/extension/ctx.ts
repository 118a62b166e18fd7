// What every feature gets: one Ctx built by `activate`, passed to each `registerX(ctx)`.
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Config } from './config';
import type { Log } from './log';
import type { PhaseController } from './phase';

export interface Ctx {
  readonly extension: vscode.ExtensionContext;
  /** Disposed when the extension deactivates. */
  readonly subscriptions: vscode.Disposable[];
  readonly config: Config;
  readonly log: Log;
  readonly client: LanguageClient;
  /** Settles once the server started (true) or failed to (false, logged); activation does not wait for it. */
  readonly serverStarted: Promise<boolean>;
  readonly phase: PhaseController;
}

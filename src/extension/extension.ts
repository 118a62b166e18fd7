// Entry point of the VS Code extension (dist/extension.js): builds one Ctx and registers each feature.
// The language server starts in the background; activation never waits for it.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { announcePhaseChange, createClient } from './client';
import { registerChat } from './chat';
import { registerCommands } from './commands';
import { Config } from './config';
import type { Ctx } from './ctx';
import { createLog, errorText } from './log';
import { PhaseController, registerPhase } from './phase';
import { registerLanguageModelTools } from './lm-tools';
import { registerStatusBar } from './status-bar';

let client: LanguageClient | undefined;

export function activate(extension: vscode.ExtensionContext): void {
  const log = createLog();
  const config = new Config();
  const phase = new PhaseController(extension.workspaceState, config, log);
  client = createClient(extension.extensionPath, config, log, () => phase.phase);
  const serverStarted = client.start().then(
    () => true,
    (e: unknown) => {
      log.error(`The OTP Advisor server did not start: ${errorText(e)}`);
      return false;
    },
  );
  extension.subscriptions.push(log, phase);
  const ctx: Ctx = { extension, subscriptions: extension.subscriptions, config, log, client, serverStarted, phase };

  registerServerPhase(ctx);
  registerPhase(ctx);
  registerStatusBar(ctx);
  registerCommands(ctx, registerChat(ctx));
  registerLanguageModelTools(ctx);
  log.info(`OTP Advisor activated (${vscode.workspace.isTrusted ? 'trusted' : 'Restricted Mode: no command runs code'}); phase ${phase.phase} (${phase.setting}).`);
}

/** The server reads the phase in effect with its settings (client.ts); a change of phase makes it read them again. */
function registerServerPhase(ctx: Ctx): void {
  let sent = ctx.phase.phase;
  ctx.subscriptions.push(
    ctx.phase.onDidChange(() => {
      if (ctx.phase.phase === sent) return;
      sent = ctx.phase.phase;
      announcePhaseChange(ctx.client).catch((e: unknown) => ctx.log.warn(`Could not tell the server the phase changed: ${errorText(e)}`));
    }),
  );
}

export function deactivate(): Thenable<void> | undefined {
  return client?.isRunning() ? client.stop() : undefined;
}

// The language client: runs dist/server.js over node IPC. It gives the server the phase in effect in the
// settings it reads (the server knows no `auto`) and shows rule explanations as the packaged pages, rendered.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DidChangeConfigurationNotification, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { Phase } from '../analysis/phases';
import { COMMANDS, type InitializationOptions } from '../server/protocol';
import { commandId } from './command-ids';
import { SECTION, type Config } from './config';
import type { Log } from './log';
import { explainRuleLink, ruleOfPage } from './rule-doc';

export function createClient(extensionPath: string, config: Config, log: Log, phase: () => Phase): LanguageClient {
  const module = path.join(extensionPath, 'dist', 'server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  // The client handles the "Ask OTP Expert about this" quick fix's command (commands/advisor.ts).
  const initializationOptions: InitializationOptions = { askExpert: true };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'elixir' }],
    outputChannel: log,
    initializationOptions,
    synchronize: { configurationSection: SECTION },
    middleware: {
      // A finding's code links to its rule's page on the web: show the rendered explanation instead, offline.
      handleDiagnostics: (uri, diagnostics, next) => {
        for (const d of diagnostics) {
          if (typeof d.code !== 'object' || !d.code.target) continue;
          const rule = ruleOfPage(d.code.target.toString());
          if (rule) d.code = { value: d.code.value, target: vscode.Uri.parse(explainRuleLink(rule)) };
        }
        next(uri, diagnostics);
      },
      workspace: {
        // The server reads `phase` from the settings too: give it the phase in effect from the first
        // analysis on, not `auto`, so no diagnostics are published for the wrong phase.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return result.map((value: unknown, i) => (params.items[i]?.section === SECTION ? config.serverSection(params.items[i].scopeUri, phase()) : value));
        },
      },
      // The quick fix's "Show explanation" runs the server's command, which writes a file for editors without
      // pages of their own: VS Code shows its packaged page instead (commands/server.ts).
      executeCommand: async (command, args, next) =>
        command === COMMANDS.showRuleExplanation ? vscode.commands.executeCommand(commandId('explainRule'), args[0]) : next(command, args),
    },
  };
  return new LanguageClient('otpAdvisor', 'OTP Advisor', serverOptions, clientOptions);
}

/** The phase in effect changed: the server reads settings again, and the configuration middleware above gives it the phase. */
export async function announcePhaseChange(client: LanguageClient): Promise<void> {
  if (!client.isRunning()) return;
  await client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
}

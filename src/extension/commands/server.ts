// Commands served by the language server (analyze the workspace, explain a rule) and about it
// (restart, show its log). The server's own command ids are registered by the client library.
import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import { RULES, ruleById } from '../../analysis/rules';
import { ruleDocPath } from '../../analysis/rules/explanation/page';
import { COMMANDS } from '../../server/protocol';
import type { Ctx } from '../ctx';
import { errorText } from '../log';
import { findingsAtCursor } from '../findings-here';
import type { Command } from './index';

async function executeOnServer(ctx: Ctx, command: string, args: unknown[]): Promise<unknown> {
  await ctx.serverStarted;
  if (!ctx.client.isRunning()) throw new Error('the OTP Advisor server is not running: see the OTP Advisor output, or run "OTP Advisor: Restart Server".');
  return ctx.client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
}

export function serverCommands(ctx: Ctx): Record<'analyze' | 'explainRule' | 'restartServer' | 'showOutput', Command> {
  return {
    analyze: {
      async run(): Promise<unknown> {
        const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'OTP Advisor: analyzing' }, () =>
          executeOnServer(ctx, COMMANDS.analyzeWorkspace, []),
        );
        const projects = (result as { projects?: number } | null)?.projects;
        if (typeof projects === 'number') vscode.window.setStatusBarMessage(`OTP Advisor: analyzed ${projects} mix project${projects === 1 ? '' : 's'}`, 5000);
        return result;
      },
    },

    /**
     * Opens the rule's page packaged with the extension (docs/rules), rendered: the one way VS Code shows an
     * explanation, from the palette, a finding's code link and the quick fix alike (client.ts routes it here).
     */
    explainRule: {
      async run(arg?: unknown): Promise<unknown> {
        const id = typeof arg === 'string' ? arg : await pickRule();
        if (!id) return { status: 'cancelled' };
        const rule = ruleById(id);
        if (!rule) throw new Error(`${JSON.stringify(id)} is not a rule id (OTP001 …).`);
        const page = vscode.Uri.joinPath(ctx.extension.extensionUri, ruleDocPath(rule));
        try {
          await vscode.commands.executeCommand('markdown.showPreview', page);
        } catch (e) {
          // The built-in markdown extension can be disabled: the page itself still explains the rule.
          ctx.log.warn(`No markdown preview for ${rule.id} (${errorText(e)}); opening the page.`);
          await vscode.window.showTextDocument(page);
        }
        return { rule: rule.id, page: page.toString() };
      },
    },

    restartServer: {
      async run(): Promise<{ running: boolean }> {
        await ctx.serverStarted;
        if (ctx.client.isRunning()) await ctx.client.restart();
        else await ctx.client.start();
        return { running: ctx.client.isRunning() };
      },
    },

    showOutput: {
      async run(): Promise<void> {
        ctx.log.show(true);
      },
    },
  };
}

/** A quick pick of every rule, the one flagged under the cursor first. */
async function pickRule(): Promise<string | undefined> {
  const here = findingsAtCursor().map((f) => f.finding.rule);
  const items = RULES.map((r) => ({ label: r.id, description: r.name, detail: r.explanation.what, id: r.id }));
  items.sort((a, b) => Number(here.includes(b.id)) - Number(here.includes(a.id)));
  const pick = await vscode.window.showQuickPick(items, { title: 'OTP Advisor: explain a rule', placeHolder: 'Rule id or name', matchOnDescription: true, matchOnDetail: true });
  return pick?.id;
}

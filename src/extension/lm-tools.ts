// The OTP Advisor tools for VS Code's agents (Copilot agent mode, any chat with tools): registered with
// vscode.lm.registerTool and answered by the language server from its live state, unsaved edits included.
// Also our MCP server definition where VS Code offers the provider API. Both are feature-detected: the
// extension supports VS Code 1.93, which has neither (tools came in 1.95, MCP providers in 1.101).
import * as vscode from 'vscode';
import { TOOL_REQUEST, type ToolParams, type ToolResult } from '../server/protocol';
import type { Ctx } from './ctx';
import { errorText } from './log';
import { answerTool, invocationMessage, mcpServerCommand, TOOL_NAMES } from './lm-tool-answers';

// The parts of the newer API we use, typed here: @types/vscode stays at the oldest version we support.
interface ToolInvocation {
  input: unknown;
}
interface LanguageModelTool {
  invoke(options: ToolInvocation, token: vscode.CancellationToken): Promise<unknown>;
  prepareInvocation?(options: ToolInvocation, token: vscode.CancellationToken): { invocationMessage: string };
}
interface LmApi {
  registerTool?: (name: string, tool: LanguageModelTool) => vscode.Disposable;
  registerMcpServerDefinitionProvider?: (id: string, provider: { provideMcpServerDefinitions(): unknown[] }) => vscode.Disposable;
}
interface NewerVscode {
  lm?: LmApi;
  LanguageModelToolResult?: new (parts: unknown[]) => unknown;
  LanguageModelTextPart?: new (text: string) => unknown;
  McpStdioServerDefinition?: new (label: string, command: string, args?: string[], env?: Record<string, string>, version?: string) => { cwd?: vscode.Uri };
}

const MCP_PROVIDER_ID = 'otpAdvisor.mcp';

export function registerLanguageModelTools(ctx: Ctx): void {
  const api = vscode as unknown as NewerVscode;
  const { LanguageModelToolResult, LanguageModelTextPart } = api;
  if (!api.lm?.registerTool || !LanguageModelToolResult || !LanguageModelTextPart) {
    ctx.log.info('This VS Code has no language-model tools API (1.95+): the OTP Advisor tools are not registered.');
  } else {
    const request = async (params: ToolParams) => {
      if (!(await ctx.serverStarted)) throw new Error('the OTP Advisor server is not running; see the OTP Advisor output.');
      return ctx.client.sendRequest<ToolResult | null>(TOOL_REQUEST, params);
    };
    for (const name of TOOL_NAMES) {
      ctx.subscriptions.push(
        api.lm.registerTool(name, {
          prepareInvocation: (options) => ({ invocationMessage: invocationMessage(name, options.input as Record<string, unknown>) }),
          invoke: async (options) => {
            ctx.log.info(`Language-model tool ${name} called.`);
            const text = await answerTool(name, options.input, request, ctx.phase.verdict.reason);
            return new LanguageModelToolResult([new LanguageModelTextPart(text)]);
          },
        }),
      );
    }
  }
  registerMcpServer(ctx, api);
}

function registerMcpServer(ctx: Ctx, api: NewerVscode): void {
  const Definition = api.McpStdioServerDefinition;
  if (!api.lm?.registerMcpServerDefinitionProvider || !Definition) return;
  try {
    ctx.subscriptions.push(
      api.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
        provideMcpServerDefinitions: () => {
          const { command, args, env } = mcpServerCommand(ctx.extension.extensionPath, process.execPath);
          const definition = new Definition('OTP Advisor', command, args, env, String(ctx.extension.extension?.packageJSON?.version ?? ''));
          const folder = vscode.workspace.workspaceFolders?.[0];
          if (folder) definition.cwd = folder.uri;
          return [definition];
        },
      }),
    );
  } catch (e) {
    ctx.log.warn(`Could not register the OTP Advisor MCP server with VS Code: ${errorText(e)}`);
  }
}

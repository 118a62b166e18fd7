// What VS Code's language-model tools say, without VS Code: the message shown while one runs, the answer
// from the language server's live state, and the MCP server definition. lm-tools.ts does the registering.
import { join } from 'node:path';
import { TOOL_NAMES, TOOLS, type ToolName, type ToolResult } from '../mcp/tool-catalog';
import type { ToolParams } from '../server/protocol';

export { TOOL_NAMES };

export function isOurTool(name: string): name is ToolName {
  return (TOOL_NAMES as string[]).includes(name);
}

const str = (x: unknown) => (typeof x === 'string' && x ? x : undefined);

/** The line VS Code shows while the tool runs, e.g. "Checking lib/shop/cart.ex for premature OTP". */
export function invocationMessage(name: ToolName, input: Record<string, unknown> | undefined): string {
  const where = str(input?.path) ?? 'the workspace';
  switch (name) {
    case 'otp_check':
      return `Checking ${where} for premature OTP${str(input?.phase) ? ` (${input!.phase})` : ''}`;
    case 'otp_explain':
      return `Explaining ${str(input?.rule) ?? 'a rule'}`;
    case 'otp_context':
      return `Reading the OTP expert context of ${str(input?.file) ?? 'a file'}${typeof input?.line === 'number' ? `:${input.line}` : ''}`;
    case 'otp_inventory':
      return `Listing the processes of ${where}`;
    case 'otp_phase':
      return `Reading the TDD phase of ${where}`;
  }
}

export class ToolFailure extends Error {}

/**
 * Runs the tool through the language server. A failed call (bad input, a path outside the workspace)
 * becomes a ToolFailure, which VS Code hands to the model as the tool's error.
 */
export async function answerTool(
  name: ToolName,
  input: unknown,
  request: (params: ToolParams) => Promise<ToolResult | null | undefined>,
  phaseReason: string | undefined,
): Promise<string> {
  const result = await request({ name, input: input ?? {}, ...(phaseReason ? { phaseReason } : {}) });
  if (!result) throw new ToolFailure(`${TOOLS[name].title}: the OTP Advisor server gave no answer.`);
  if (result.isError) throw new ToolFailure(result.text);
  return result.text;
}

/** How VS Code starts our MCP server: the extension host's runtime on dist/mcp.js, in the workspace folder. */
export function mcpServerCommand(extensionPath: string, runtime: string): { command: string; args: string[]; env: Record<string, string> } {
  // In desktop VS Code the runtime is Electron, which runs as plain Node only with this variable.
  return { command: runtime, args: [join(extensionPath, 'dist', 'mcp.js')], env: { ELECTRON_RUN_AS_NODE: '1' } };
}

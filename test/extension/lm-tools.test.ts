// VS Code's language-model tools without VS Code: their contribution matches the MCP tools, and their
// answers come from the language server's live state (a real server over stdio, an unsaved buffer).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerTool, invocationMessage, isOurTool, mcpServerCommand, TOOL_NAMES, ToolFailure } from '../../src/extension/lm-tool-answers';
import { TOOL_REQUEST, type ToolParams, type ToolResult } from '../../src/server/protocol';
import { CLI, REPO } from '../helpers/cli';
import { LspClient, uriOf } from '../helpers/lsp-client';

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const SHOP = join(REPO, 'examples/shop');

describe('languageModelTools contribution', () => {
  it('declares every tool the MCP server lists, with the same input schema and description, referenceable as #otp…', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp'], cwd: SHOP });
    const client = new Client({ name: 'lm-tools-test', version: '0' });
    await client.connect(transport);
    const { tools } = await client.listTools();
    await client.close();
    const contributed = pkg.contributes.languageModelTools as any[];
    expect(contributed.map((t) => t.name)).toEqual(tools.map((t) => t.name));
    expect(contributed.map((t) => t.name)).toEqual(TOOL_NAMES);
    for (const t of contributed) {
      const mcp = tools.find((x) => x.name === t.name)!;
      const { $schema: _ignored, ...schema } = mcp.inputSchema as Record<string, unknown>;
      expect(t.inputSchema, t.name).toEqual(schema);
      expect(t.modelDescription, t.name).toBe(mcp.description);
      expect(t).toMatchObject({ canBeReferencedInPrompt: true, toolReferenceName: expect.stringMatching(/^otp[A-Z]\w+$/), displayName: expect.any(String), userDescription: expect.any(String) });
    }
    expect(contributed.find((t) => t.name === 'otp_check').toolReferenceName).toBe('otpFindings');
    expect(pkg.contributes.mcpServerDefinitionProviders).toEqual([{ id: 'otpAdvisor.mcp', label: 'OTP Advisor' }]);
  });
});

describe('tool answers from the language server', () => {
  let lsp: LspClient;
  const request = (params: ToolParams) => lsp.connection.sendRequest(TOOL_REQUEST, params) as Promise<ToolResult>;
  beforeAll(async () => {
    lsp = new LspClient();
    await lsp.initialize(SHOP);
    await lsp.waitFor(() => lsp.codes(uriOf(SHOP, 'lib/shop/price_calculator.ex')).includes('OTP001'), 'the shop indexed');
  });
  afterAll(async () => {
    await lsp?.stop();
  });

  it('answers otp_check for the open file from its unsaved text, not the disk', async () => {
    const file = 'lib/shop/price_calculator.ex';
    const before = await answerTool('otp_check', { path: file }, request, 'auto: no `mix test` run yet');
    expect(before).toMatch(/^1 finding in 1 file; phase green \(auto: no `mix test` run yet\)\.\nlib\/shop\/price_calculator\.ex:3:3 warning OTP001 /);
    // The buffer now counts calls in its state: no longer stateless, only trivial state (OTP002). Nothing is saved.
    const edited = readFileSync(join(SHOP, file), 'utf8').replace('{:reply, round(net * (1 + vat_rate)), state}', '{:reply, round(net * (1 + vat_rate)), state + 1}');
    await lsp.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uriOf(SHOP, file), languageId: 'elixir', version: 1, text: edited } });
    await lsp.waitFor(() => !lsp.codes(uriOf(SHOP, file)).includes('OTP001'), 'OTP001 to go with the unsaved edit');
    const after = await answerTool('otp_check', { path: file }, request, undefined);
    expect(after).toMatch(/^1 finding in 1 file; phase green \(the editor's phase, green\)\.\nlib\/shop\/price_calculator\.ex:3:3 warning OTP002 /);
    expect(readFileSync(join(SHOP, file), 'utf8')).not.toContain('state + 1');
  });

  it('answers the other tools from the same state', async () => {
    expect(await answerTool('otp_inventory', {}, request, undefined)).toContain('- Shop.CartSupervisor (Supervisor)\n      - Shop.Cart (GenServer)');
    expect(await answerTool('otp_phase', {}, request, 'manual: phase set to red')).toBe('.: GREEN — manual: phase set to red.');
    expect(await answerTool('otp_explain', { rule: 'OTP010', phase: 'refactor' }, request, undefined)).toMatch(/^### OTP010 untested-timeout\n\n\*\*REFACTOR/);
    const context = await answerTool('otp_context', { file: join(SHOP, 'lib/shop/reminder.ex'), line: 11 }, request, 'auto: last `mix test` passed (5 tests)');
    expect(context).toContain('- OTP010 untested-timeout at lib/shop/reminder.ex:11');
    expect(context).toContain('detected from the last test run (auto: last `mix test` passed (5 tests))');
  });

  it('turns a failed call into a ToolFailure with the server’s reason', async () => {
    await expect(answerTool('otp_check', { path: '/etc' }, request, undefined)).rejects.toThrow(new ToolFailure(`/etc is outside the allowed roots (${SHOP}). OTP Advisor only reads the folders the client shared (or the folder it was started in).`));
    await expect(answerTool('otp_context', { file: 'lib/shop/cart.ex' }, request, undefined)).rejects.toThrow(/Invalid arguments for otp_context: line: Required/);
    await expect(answerTool('otp_check', { path: 'lib', extra: 1 }, request, undefined)).rejects.toThrow(/Unrecognized key\(s\) in object: 'extra'/);
    await expect(answerTool('otp_check', {}, async () => null, undefined)).rejects.toThrow('OTP Advisor findings: the OTP Advisor server gave no answer.');
  });
});

describe('invocation messages and the MCP server command', () => {
  it('say what runs, for each tool', () => {
    expect(invocationMessage('otp_check', { path: 'lib/shop/cart.ex', phase: 'red' })).toBe('Checking lib/shop/cart.ex for premature OTP (red)');
    expect(invocationMessage('otp_check', {})).toBe('Checking the workspace for premature OTP');
    expect(invocationMessage('otp_context', { file: 'lib/a.ex', line: 4 })).toBe('Reading the OTP expert context of lib/a.ex:4');
    expect(invocationMessage('otp_explain', undefined)).toBe('Explaining a rule');
    expect(TOOL_NAMES.every(isOurTool)).toBe(true);
    expect(isOurTool('copilot_readFile')).toBe(false);
  });

  it('starts dist/mcp.js with the extension host’s runtime as plain Node', () => {
    expect(mcpServerCommand('/ext', '/usr/bin/code')).toEqual({ command: '/usr/bin/code', args: ['/ext/dist/mcp.js'], env: { ELECTRON_RUN_AS_NODE: '1' } });
  });
});

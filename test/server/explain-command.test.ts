// "Show OTP001 explanation" in every client: VS Code shows the file it writes (window/showDocument);
// a client without that request (Neovim 0.7) gets the text as the command's result and a message
// naming the file, instead of a MethodNotFound failure.
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { ExecuteCommandRequest } from 'vscode-languageserver-protocol/node';
import type { ExplanationResult } from '../../src/server/protocol';
import { LspClient } from '../helpers/lsp-client';
import { MIX_EXS, projectDir } from '../helpers/project-dir';

let dir: string;
let client: LspClient;

afterEach(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

const explain = (rule: string) =>
  client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'otpAdvisor.showRuleExplanation', arguments: [rule] }) as Promise<ExplanationResult>;

it('a client with window.showDocument is asked to show the explanation file', async () => {
  dir = projectDir({ 'mix.exs': MIX_EXS });
  client = new LspClient();
  await client.initialize(dir);
  const result = await explain('OTP001');
  expect(result).toMatchObject({ rule: 'OTP001', shown: true });
  expect(client.shownDocuments.map((u) => fileURLToPath(u))).toEqual([result.file]);
  expect(client.shownMessages).toEqual([]);
});

it('a client without window.showDocument gets the markdown as the result and a message naming the rule and the file', async () => {
  dir = projectDir({ 'mix.exs': MIX_EXS });
  client = new LspClient({ showDocument: false });
  await client.initialize(dir);
  const result = await explain('OTP001');
  expect(result).toMatchObject({ rule: 'OTP001', shown: false });
  expect(result.markdown).toMatch(/^# OTP001 stateless-genserver\n/);
  expect(result.markdown).toContain('## Preferred');
  expect(readFileSync(result.file, 'utf8')).toBe(result.markdown);
  await client.waitFor(() => client.shownMessages.length > 0, 'window/showMessage');
  expect(client.shownMessages).toEqual([{ type: 3, message: expect.stringContaining('OTP001 stateless-genserver') }]);
  expect(client.shownMessages[0].message).toContain(result.file);
  expect(client.shownDocuments).toEqual([]);
});

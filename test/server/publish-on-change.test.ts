// The server as a process, over stdio: after an edit it publishes the diagnostics of a file only when they
// changed. A keystroke that leaves every finding as it was sends nothing; one that moves a finding sends that
// file's diagnostics, and only that file's.
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, HoverRequest } from 'vscode-languageserver-protocol/node';
import { LspClient, uriOf } from '../helpers/lsp-client';
import { MIX_EXS, projectDir, STATELESS_CALC } from '../helpers/project-dir';


const FILES: Record<string, string> = {
  'mix.exs': MIX_EXS,
  'lib/shop/calc.ex': STATELESS_CALC,
  'lib/shop/adder.ex': STATELESS_CALC.replace('Shop.Calc', 'Shop.Adder'),
};

let dir: string;
let client: LspClient;

beforeEach(async () => {
  dir = projectDir(FILES);
  client = new LspClient();
  await client.initialize(dir);
});

afterEach(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('republishes only the files whose findings an edit changed', async () => {
  const calc = uriOf(dir, 'lib/shop/calc.ex');
  const adder = uriOf(dir, 'lib/shop/adder.ex');
  const published = (uri: string) => client.arrivals.filter((a) => a === `diagnostics ${uri}`).length;
  const line = (uri: string) => client.diagnostics.get(uri)?.find((d) => d.code === 'OTP001')?.range.start.line;
  await client.waitFor(() => line(calc) === 1 && line(adder) === 1, 'OTP001 in both files');
  await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: calc, languageId: 'elixir', version: 1, text: FILES['lib/shop/calc.ex'] } });
  // Answered in order: once this returns, the open has been analysed and whatever it published has arrived.
  await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: calc }, position: { line: 0, character: 0 } });
  const before = { calc: published(calc), adder: published(adder) };
  expect(before.calc).toBeGreaterThan(0);

  const edit = (version: number, line: number, character: number, text: string) =>
    client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: calc, version },
      contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text }],
    });
  // A comment after the last definition: no finding moves or changes.
  await edit(2, 7, FILES['lib/shop/calc.ex'].split('\n')[7].length, ' # adds');
  // A blank line above the finding: it moves down a line.
  await edit(3, 0, 'defmodule Shop.Calc do'.length, '\n');
  await client.waitFor(() => line(calc) === 2, 'the finding to move to line 2');
  await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: calc }, position: { line: 0, character: 0 } });
  // The server handles notifications in order: had the first edit published, it would have arrived before this one.
  expect(published(calc)).toBe(before.calc + 1);
  expect(published(adder)).toBe(before.adder);
});

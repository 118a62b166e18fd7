// Ctrl+. right after an edit: the client still holds the diagnostics of the text before it (the server
// publishes after its debounce), so the request's `context.diagnostics` are stale. The fixes must fit
// the text as edited: found under the cursor, and placed on the flagged line where it is now.
import { rmSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { CodeActionRequest, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, type CodeAction } from 'vscode-languageserver-protocol/node';
import { LspClient, uriOf } from '../helpers/lsp-client';
import { MIX_EXS, projectDir, STATELESS_CALC } from '../helpers/project-dir';

let dir: string;
let client: LspClient;

afterEach(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('a code action request sent after didChange, before the debounce fires, gets fixes for the edited text', async () => {
  dir = projectDir({ 'mix.exs': MIX_EXS, 'lib/shop/calc.ex': STATELESS_CALC });
  // A debounce longer than the test: nothing is published by the timer while it runs.
  client = new LspClient({ settings: { debounceMs: 60_000 } });
  await client.initialize(dir);
  const calc = uriOf(dir, 'lib/shop/calc.ex');
  await client.waitFor(() => client.codes(calc).includes('OTP001'), 'OTP001 from indexing');
  const stale = client.diagnostics.get(calc)!.find((d) => d.code === 'OTP001')!;
  expect(stale.range.start).toEqual({ line: 1, character: 2 });

  await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: calc, languageId: 'elixir', version: 1, text: STATELESS_CALC } });
  // A @moduledoc typed above `use GenServer`: the finding moves from line 1 to line 2.
  await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: calc, version: 2 },
    contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '  @moduledoc "Adds numbers."\n' }],
  });

  // Ctrl+. on `use GenServer`, now line 2: no diagnostic the client holds touches it.
  const cursor = { start: { line: 2, character: 2 }, end: { line: 2, character: 2 } };
  const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: calc }, range: cursor, context: { diagnostics: [] } })) as CodeAction[];
  // The stateless GenServer can be rewritten (the fix is computed on the edited text), then the offline fixes.
  expect(actions.map((a) => a.title)).toEqual(['Turn the GenServer Shop.Calc into plain functions', 'Show OTP001 explanation', 'Suppress OTP001 on this line', 'Suppress OTP001 in this file']);
  const suppress = actions[2];
  expect(suppress.edit?.changes?.[calc]).toEqual([
    { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: '  # otp-advisor:disable-next-line OTP001\n' },
  ]);
  expect(suppress.diagnostics?.[0].range.start).toEqual({ line: 2, character: 2 });

  // The stale diagnostic, sent back on its old line (now the @moduledoc): no fix that would land there.
  const onOldLine = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: calc }, range: stale.range, context: { diagnostics: [stale] } });
  expect(onOldLine).toEqual([]);

  // Answering published the edited text's findings without waiting for the debounce.
  await client.waitFor(() => client.diagnostics.get(calc)?.[0]?.range.start.line === 2, 'OTP001 published on line 2', 2_000);
});

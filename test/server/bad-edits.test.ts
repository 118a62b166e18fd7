// Edits with ranges that are not in the document (reversed, negative, past the end), sent over real stdio: the
// server ignores them with a log line and keeps the text it had, instead of growing it from garbage.
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DidChangeTextDocumentNotification, DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { LspClient, uriOf } from '../helpers/lsp-client';
import { MIX_EXS, projectDir, STATELESS_CALC as CALC } from '../helpers/project-dir';

let dir: string;
let client: LspClient;
const FILE = 'lib/shop/calc.ex';

beforeEach(async () => {
  dir = projectDir({ 'mix.exs': MIX_EXS, [FILE]: CALC });
  client = new LspClient();
  await client.initialize(dir);
});

afterEach(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

type Pos = { line: number; character: number };
const edit = (version: number, start: Pos, end: Pos, text = '') =>
  client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: uriOf(dir, FILE), version }, contentChanges: [{ range: { start, end }, text }] });

describe('language server: edits outside the document', () => {
  it('ignores reversed, negative and out-of-document ranges, then applies a good edit to the text it kept', async () => {
    const uri = uriOf(dir, FILE);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'elixir', version: 1, text: CALC } });
    await client.waitFor(() => client.codes(uri).includes('OTP001'), 'OTP001 on the open file');
    const before = client.diagnostics.get(uri)!.length;
    const bad: [Pos, Pos][] = [
      // Reversed: applied as it was, each of these doubled the text.
      ...Array.from({ length: 14 }, (): [Pos, Pos] => [{ line: 8, character: 0 }, { line: 0, character: 0 }]),
      [{ line: 0, character: -3 }, { line: 0, character: 0 }],
      [{ line: -1, character: 0 }, { line: 0, character: 0 }],
      [{ line: 40, character: 0 }, { line: 41, character: 0 }],
      [{ line: 1.5, character: 0 }, { line: 2, character: 0 }],
    ];
    let version = 2;
    for (const [start, end] of bad) await edit(version++, start, end, 'x');
    await client.waitFor(() => client.logs.filter((l) => l.message.startsWith('Ignored an edit')).length === bad.length, 'a log line per ignored edit');
    expect(client.logs.find((l) => l.message.includes('ends before it starts'))?.message).toContain(`${uri} (version 2)`);
    expect(client.logs.filter((l) => l.message.includes('is outside the document'))).toHaveLength(4);

    // A good edit lands on the original text: a comment line on top moves the finding down by one, nothing doubles.
    const line = client.diagnostics.get(uri)!.find((d) => d.code === 'OTP001')!.range.start.line;
    await edit(version++, { line: 0, character: 0 }, { line: 0, character: 0 }, '# cart maths\n');
    await client.waitFor(() => client.diagnostics.get(uri)?.find((d) => d.code === 'OTP001')?.range.start.line === line + 1, 'OTP001 one line lower');
    expect(client.diagnostics.get(uri)!).toHaveLength(before);
  });

  it('still accepts a range that ends at the line after the last, as some clients send for "to the end"', async () => {
    const uri = uriOf(dir, FILE);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'elixir', version: 1, text: CALC } });
    await client.waitFor(() => client.codes(uri).includes('OTP001'), 'OTP001 on the open file');
    const lines = CALC.split('\n').length;
    await edit(2, { line: 0, character: 0 }, { line: lines, character: 0 }, 'defmodule Shop.Calc do\n  def add(a, b), do: a + b\nend\n');
    await client.waitFor(() => client.codes(uri).length === 0, 'the finding gone with the GenServer');
    expect(client.logs.some((l) => l.message.startsWith('Ignored an edit'))).toBe(false);
  });
});

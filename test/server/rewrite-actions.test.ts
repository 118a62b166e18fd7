// The rewrites as code actions, over the real stdio transport: a quick fix on the diagnostic and a
// refactor.rewrite, as a workspace edit with a change annotation that asks for confirmation (VS Code's preview).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeActionRequest, DidOpenTextDocumentNotification, type CodeAction, type Diagnostic, type TextDocumentEdit, type TextEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { statelessGenServer } from '../helpers/cli';
import { LspClient, uriOf } from '../helpers/lsp-client';

const REPORTS = `defmodule Demo.Reports do
  def monthly(month) do
    task = Task.async(fn -> load(month) end)
    rows = Task.await(task)
    Enum.sum(rows)
  end

  def kept(month) do
    task = Task.async(fn -> load(month) end)
    rows = Task.await(task)
    {rows, task}
  end

  defp load(_month), do: [10, 20, 30]
end
`;

const CALC = statelessGenServer('Calc');

const APPLICATION = `defmodule Demo.Application do
  use Application

  def start(_type, _args) do
    Supervisor.start_link([Demo.Calc, {Task.Supervisor, name: Demo.Tasks}], strategy: :one_for_one)
  end
end
`;

let dir: string;
let client: LspClient;
const uri = () => uriOf(dir, 'lib/reports.ex');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'otp-advisor-rewrite-'));
  for (const [path, text] of Object.entries({ 'mix.exs': 'defmodule Demo.MixProject do\n  use Mix.Project\n  def project, do: [app: :demo, version: "0.1.0"]\nend\n', 'lib/reports.ex': REPORTS, 'lib/calc.ex': CALC, 'lib/application.ex': APPLICATION })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  client = new LspClient();
  await client.initialize(dir);
  await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri(), languageId: 'elixir', version: 3, text: REPORTS } });
  await client.waitFor(() => client.codes(uri()).filter((c) => c === 'OTP007').length === 2, 'two OTP007 diagnostics');
});

afterAll(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

const onLine = (line: number) => client.diagnostics.get(uri())!.find((d) => d.code === 'OTP007' && d.range.start.line === line)!;
const actionsAt = async (d: Diagnostic, only?: string[]) =>
  (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uri() }, range: d.range, context: { diagnostics: [d], ...(only ? { only } : {}) } })) as CodeAction[];

describe('rewrite code actions', () => {
  it('offers the rewrite first, as a preferred quick fix whose edit needs confirmation', async () => {
    const d = onLine(2);
    const actions = await actionsAt(d);
    expect(actions.map((a) => [a.title, a.kind])).toEqual([
      ['Call the work directly instead of awaiting a task', 'quickfix'],
      ['Show OTP007 explanation', 'quickfix'],
      ['Suppress OTP007 on this line', 'quickfix'],
      ['Suppress OTP007 in this file', 'quickfix'],
    ]);
    const [rewrite] = actions;
    expect(rewrite.isPreferred).toBe(true);
    expect(rewrite.diagnostics).toEqual([d]);
    expect(rewrite.edit?.changeAnnotations).toEqual({
      'otp-advisor.rewrite': { label: 'Call the work directly instead of awaiting a task', needsConfirmation: true, description: 'OTP Advisor: OTP007' },
    });
    const changes = rewrite.edit!.documentChanges as TextDocumentEdit[];
    expect(changes.map((c) => c.textDocument)).toEqual([{ uri: uri(), version: 3 }]);
    expect(changes[0].edits.every((e) => 'annotationId' in e && e.annotationId === 'otp-advisor.rewrite')).toBe(true);
    const after = TextDocument.applyEdits(TextDocument.create(uri(), 'elixir', 3, REPORTS), changes[0].edits as TextEdit[]);
    expect(after).toBe(REPORTS.replace('    task = Task.async(fn -> load(month) end)\n    rows = Task.await(task)\n    Enum.sum(rows)', '    rows = load(month)\n    Enum.sum(rows)'));
  });

  it('offers the same edit as refactor.rewrite when the client asks for refactorings', async () => {
    const actions = await actionsAt(onLine(2), ['refactor']);
    expect(actions.map((a) => [a.title, a.kind])).toEqual([['Call the work directly instead of awaiting a task', 'refactor.rewrite']]);
    expect(actions[0].edit?.changeAnnotations?.['otp-advisor.rewrite'].needsConfirmation).toBe(true);
  });

  it('offers no rewrite where it is not certain (the task is used after the await)', async () => {
    const actions = await actionsAt(onLine(8));
    expect(actions.map((a) => a.title)).toEqual(['Show OTP007 explanation', 'Suppress OTP007 on this line', 'Suppress OTP007 in this file']);
    expect(await actionsAt(onLine(8), ['refactor.rewrite'])).toEqual([]);
  });

  it('offers the OTP001 rewrite as one edit across the server and the application that starts it', async () => {
    const calc = uriOf(dir, 'lib/calc.ex');
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: calc, languageId: 'elixir', version: 1, text: CALC } });
    await client.waitFor(() => client.codes(calc).includes('OTP001'), 'OTP001');
    const d = client.diagnostics.get(calc)!.find((x) => x.code === 'OTP001')!;
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: calc }, range: d.range, context: { diagnostics: [d], only: ['refactor.rewrite'] } })) as CodeAction[];
    expect(actions.map((a) => [a.title, a.kind])).toEqual([['Turn the GenServer Demo.Calc into plain functions', 'refactor.rewrite']]);
    expect(actions[0].edit?.changeAnnotations?.['otp-advisor.rewrite'].needsConfirmation).toBe(true);
    const changes = actions[0].edit!.documentChanges as TextDocumentEdit[];
    const after = (u: string, text: string) => TextDocument.applyEdits(TextDocument.create(u, 'elixir', 1, text), changes.find((c) => c.textDocument.uri === u)!.edits as TextEdit[]);
    // The open file is edited at its version, the other one on disk (no version).
    expect(changes.map((c) => c.textDocument).sort((a, b) => a.uri.localeCompare(b.uri))).toEqual([
      { uri: uriOf(dir, 'lib/application.ex'), version: null },
      { uri: calc, version: 1 },
    ]);
    expect(after(calc, CALC)).toBe('defmodule Demo.Calc do\n  def add(a, b), do: a + b\nend\n');
    expect(after(uriOf(dir, 'lib/application.ex'), APPLICATION)).toBe(APPLICATION.replace('[Demo.Calc, {Task', '[{Task'));
  });
});

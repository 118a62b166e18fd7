// The language server driven over stdio by a real LSP client, on a small mix project on disk.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  FileChangeType,
  HoverRequest,
  type CodeAction,
  type Hover,
} from 'vscode-languageserver-protocol/node';
import { LspClient, uriOf } from '../helpers/lsp-client';

const FILES: Record<string, string> = {
  'mix.exs': 'defmodule Shop.MixProject do\n  use Mix.Project\n  def project, do: [app: :shop, version: "0.1.0"]\nend\n',
  'lib/shop/calc.ex': `defmodule Shop.Calc do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)
  def add(a, b), do: GenServer.call(__MODULE__, {:add, a, b})

  def init(state), do: {:ok, state}
  def handle_call({:add, a, b}, _from, state), do: {:reply, a + b, state}
end
`,
  'lib/shop/cart.ex': `defmodule Shop.Cart do
  use Agent
  def start_link(_), do: Agent.start_link(fn -> [] end, name: __MODULE__)
  def add(item), do: Agent.update(__MODULE__, &[item | &1])
  def items, do: Agent.get(__MODULE__, & &1)
end
`,
  'lib/shop/cart_supervisor.ex': `defmodule Shop.CartSupervisor do
  use Supervisor
  def start_link(arg), do: Supervisor.start_link(__MODULE__, arg, name: __MODULE__)
  def init(_), do: Supervisor.init([Shop.Cart], strategy: :one_for_one)
end
`,
  'test/shop/cart_test.exs': `defmodule Shop.CartTest do
  use ExUnit.Case
  test "adds items" do
    Shop.Cart.add(:apple)
    assert :apple in Shop.Cart.items()
  end
end
`,
};

let dir: string;
let client: LspClient;

function write(files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

async function open(file: string, text = FILES[file]) {
  await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: uriOf(dir, file), languageId: 'elixir', version: 1, text },
  });
}

async function replaceAll(file: string, text: string, version = 2) {
  await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: uriOf(dir, file), version },
    contentChanges: [{ text }],
  });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'otp-lsp-'));
  write(FILES);
  client = new LspClient();
  await client.initialize(dir);
});

afterEach(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('language server over stdio', () => {
  it('indexes the workspace and publishes findings with codes, links, related tests and data', async () => {
    const calc = uriOf(dir, 'lib/shop/calc.ex');
    const sup = uriOf(dir, 'lib/shop/cart_supervisor.ex');
    await client.waitFor(() => client.codes(calc).includes('OTP001') && client.codes(sup).includes('OTP004'), 'OTP001 and OTP004');
    const [d] = client.diagnostics.get(calc)!.filter((x) => x.code === 'OTP001');
    expect(d.source).toBe('OTP Advisor');
    expect(d.severity).toBe(2);
    expect(d.range.start).toEqual({ line: 1, character: 2 });
    expect(d.codeDescription?.href).toMatch(/docs\/rules\/otp001-stateless-genserver\.md$/);
    expect(d.data).toEqual({ rule: 'OTP001', module: 'Shop.Calc', file: 'lib/shop/calc.ex', fingerprint: expect.stringMatching(/^[0-9a-f]{16}:0$/) });

    const [s] = client.diagnostics.get(sup)!;
    expect(s.relatedInformation?.[0].location.uri).toBe(uriOf(dir, 'test/shop/cart_test.exs'));
    expect(s.relatedInformation?.[0].message).toContain('adds items');
  });

  it('clears a finding when an edit removes its cause', async () => {
    const calc = uriOf(dir, 'lib/shop/calc.ex');
    await client.waitFor(() => client.codes(calc).includes('OTP001'), 'OTP001');
    await open('lib/shop/calc.ex');
    await replaceAll('lib/shop/calc.ex', 'defmodule Shop.Calc do\n  def add(a, b), do: a + b\nend\n');
    await client.waitFor(() => client.codes(calc).length === 0, 'OTP001 to go');
  });

  it('applies incremental edits to the open text', async () => {
    const calc = uriOf(dir, 'lib/shop/calc.ex');
    await client.waitFor(() => client.codes(calc).includes('OTP001'), 'OTP001');
    await open('lib/shop/calc.ex');
    // Make the callback read its state: `{:reply, a + b, state}` → `{:reply, a + b + state, state}`.
    const line = FILES['lib/shop/calc.ex'].split('\n').findIndex((l) => l.includes('{:reply, a + b, state}'));
    const character = FILES['lib/shop/calc.ex'].split('\n')[line].indexOf('a + b,') + 'a + b'.length;
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: calc, version: 2 },
      contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: ' + state' }],
    });
    await client.waitFor(() => !client.codes(calc).includes('OTP001'), 'OTP001 to go after an incremental edit');
  });

  it('silences a supervisor once a test verifies restarts', async () => {
    const sup = uriOf(dir, 'lib/shop/cart_supervisor.ex');
    await client.waitFor(() => client.codes(sup).includes('OTP004'), 'OTP004');
    await open('test/shop/cart_test.exs');
    await replaceAll(
      'test/shop/cart_test.exs',
      FILES['test/shop/cart_test.exs'].replace(
        '  test "adds items" do',
        '  test "restarts" do\n    pid = Process.whereis(Shop.Cart)\n    Process.exit(pid, :kill)\n  end\n\n  test "adds items" do',
      ),
    );
    await client.waitFor(() => client.codes(sup).length === 0, 'OTP004 to be justified');
  });

  it('offers quick fixes that insert a suppression comment with the line indentation', async () => {
    const calc = uriOf(dir, 'lib/shop/calc.ex');
    await client.waitFor(() => client.codes(calc).includes('OTP001'), 'OTP001');
    await open('lib/shop/calc.ex');
    const d = client.diagnostics.get(calc)!.find((x) => x.code === 'OTP001')!;
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: calc },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    // The certain rewrite comes first (tested in rewrite-actions.test.ts), then the offline fixes.
    expect(actions.map((a) => a.title)).toEqual(['Turn the GenServer Shop.Calc into plain functions', 'Show OTP001 explanation', 'Suppress OTP001 on this line', 'Suppress OTP001 in this file']);
    actions.shift();
    expect(actions[1].edit?.changes?.[calc]).toEqual([
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '  # otp-advisor:disable-next-line OTP001\n' },
    ]);
    expect(actions[2].edit?.changes?.[calc]?.[0].newText).toBe('# otp-advisor:disable-file OTP001\n');

    const lines = FILES['lib/shop/calc.ex'].split('\n');
    lines.splice(1, 0, '  # otp-advisor:disable-next-line OTP001');
    await replaceAll('lib/shop/calc.ex', lines.join('\n'));
    await client.waitFor(() => !client.codes(calc).includes('OTP001'), 'the suppressed finding to go');

    const explained = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'otpAdvisor.showRuleExplanation', arguments: ['OTP001'] });
    expect(explained).toMatchObject({ rule: 'OTP001' });
  });

  it('offers a client that handles it "Ask OTP Expert about this" after the offline quick fixes, none preferred but the rewrite', async () => {
    const asking = new LspClient();
    try {
      await asking.initialize(dir, { askExpert: true });
      const calc = uriOf(dir, 'lib/shop/calc.ex');
      await asking.waitFor(() => asking.codes(calc).includes('OTP001'), 'OTP001');
      await asking.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri: calc, languageId: 'elixir', version: 1, text: FILES['lib/shop/calc.ex'] },
      });
      const d = asking.diagnostics.get(calc)!.find((x) => x.code === 'OTP001')!;
      const actions = (await asking.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: calc }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
      // VS Code lists a preferred action first: one on "Ask" put the online action above the explanation.
      expect(actions.map((a) => [a.title, a.isPreferred ?? false])).toEqual([
        ['Turn the GenServer Shop.Calc into plain functions', true],
        ['Show OTP001 explanation', false],
        ['Suppress OTP001 on this line', false],
        ['Suppress OTP001 in this file', false],
        ['Ask OTP Expert about this', false],
      ]);
      expect(actions[4].command).toEqual({ title: 'Ask OTP Expert about this', command: 'otpAdvisor.askExpert', arguments: [{ uri: calc, diagnostic: d }] });
    } finally {
      await asking.stop();
    }
  });

  it('builds what would be sent to the OTP Expert about a published finding, looked up by its data, not analysed again', async () => {
    const calc = uriOf(dir, 'lib/shop/calc.ex');
    await client.waitFor(() => client.codes(calc).includes('OTP001'), 'OTP001');
    const d = client.diagnostics.get(calc)!.find((x) => x.code === 'OTP001')!;
    // The server logs, at debug level, how many analyses the project has run whenever it publishes; logs and
    // answers arrive in order. An analysis for the context request would show as a gap in that count.
    const analyses = () => Math.max(0, ...client.logs.map((l) => Number(/^Analysis (\d+) of /.exec(l.message)?.[1] ?? 0)));
    const before = analyses();
    expect(before).toBeGreaterThan(0);
    const result = (await client.connection.sendRequest('otpAdvisor/context', {
      uri: calc,
      line: 1,
      finding: d.data,
      question: 'Do I need this process?',
      phaseSource: { kind: 'test-run', summary: '3 tests, 1 failure' },
    })) as { preview: { message: string; tokens: number; sources: { code: { file: string }[] } }; explanation: string; phase: string; finding: { rule: string; line: number } };
    expect(result.phase).toBe('green');
    expect(result.finding).toMatchObject({ rule: 'OTP001', line: 2 });
    expect(result.preview.sources.code).toEqual([expect.objectContaining({ file: 'lib/shop/calc.ex' })]);
    expect(result.preview.message).toContain('3 tests, 1 failure');
    expect(result.preview.message).toContain('OTP001');
    expect(result.preview.message).toMatch(/\s2 \|\s+use GenServer/);
    expect(result.preview.message).toContain('Do I need this process?');
    expect(result.preview.tokens).toBeGreaterThan(0);
    expect(result.explanation).toContain('```elixir');
    expect(analyses()).toBe(before);
    // A finding no longer published (another fingerprint, or another rule under the same one) is not there to ask about.
    const data = d.data as { fingerprint: string };
    expect(await client.connection.sendRequest('otpAdvisor/context', { uri: calc, line: 1, finding: { ...data, fingerprint: '0000000000000000:0' }, question: '' })).toBeNull();
    expect(await client.connection.sendRequest('otpAdvisor/context', { uri: calc, line: 1, finding: { ...data, rule: 'OTP002' }, question: '' })).toBeNull();
    expect(analyses()).toBe(before);

    // No finding: a general question about the code at the line, with no explanation.
    const general = (await client.connection.sendRequest('otpAdvisor/context', { uri: calc, line: 3, question: 'Is this module fine?' })) as {
      preview: { message: string };
      explanation?: string;
    };
    expect(general.explanation).toBeUndefined();
    expect(general.preview.message).not.toContain('## Finding');
    expect(general.preview.message).toMatch(/\s2 \|\s+use GenServer/);
    expect(general.preview.message).toContain('Is this module fine?');
    expect(analyses()).toBe(before);
    // The count moves when the server does analyse: a phase change (the settings read again) re-publishes every project.
    client.settings = { ...client.settings, phase: 'refactor' };
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await client.waitFor(() => analyses() > before, 'the analysis a phase change runs');
    expect(analyses()).toBe(before + 1);
  });

  it('explains a finding on hover', async () => {
    const calc = uriOf(dir, 'lib/shop/calc.ex');
    await client.waitFor(() => client.codes(calc).includes('OTP001'), 'OTP001');
    const hover = (await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: calc }, position: { line: 1, character: 6 } })) as Hover;
    expect(JSON.stringify(hover.contents)).toContain('OTP001 stateless-genserver');
  });

  it('follows files created, changed and deleted on disk', async () => {
    const extra = 'lib/shop/extra.ex';
    write({ [extra]: FILES['lib/shop/calc.ex'].replace('Shop.Calc', 'Shop.Extra') });
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(dir, extra), type: FileChangeType.Created }] });
    await client.waitFor(() => client.codes(uriOf(dir, extra)).includes('OTP001'), 'a finding in the new file');
    rmSync(join(dir, extra));
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(dir, extra), type: FileChangeType.Deleted }] });
    await client.waitFor(() => client.codes(uriOf(dir, extra)).length === 0, 'its findings to go');
  });

  it('re-severities every finding when the phase changes', async () => {
    const calc = uriOf(dir, 'lib/shop/calc.ex');
    await client.waitFor(() => client.codes(calc).includes('OTP001'), 'OTP001');
    client.settings = { ...client.settings, phase: 'refactor' };
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await client.waitFor(() => client.diagnostics.get(calc)?.[0]?.severity === 3, 'information severity in REFACTOR');
  });

  it('serves a client that declares no optional capability', async () => {
    const bare = new LspClient();
    try {
      await bare.initialize(dir, { bare: true });
      const calc = uriOf(dir, 'lib/shop/calc.ex');
      await bare.waitFor(() => bare.codes(calc).includes('OTP001'), 'OTP001 for a bare client');
      // It cannot be asked for settings: it pushes them, the phase among them.
      await bare.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { otpAdvisor: { phase: 'refactor' } } });
      await bare.waitFor(() => bare.diagnostics.get(calc)?.[0]?.severity === 3, 'information severity in REFACTOR');
      expect(bare.stderr).toBe('');
    } finally {
      await bare.stop();
    }
  });

  // A body that is not JSON ends the server with a reason (test/server/framing.test.ts); bad params do not.
  it('survives malformed requests', async () => {
    const calc = uriOf(dir, 'lib/shop/calc.ex');
    await client.waitFor(() => client.codes(calc).includes('OTP001'), 'OTP001');
    await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: 'file:///nowhere.ex' }, range: null as never, context: null as never }).catch(() => undefined);
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: calc, version: 9 }, contentChanges: [{ text: 'x' }] });
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: calc }, position: { line: 1, character: 6 } });
    expect(hover).not.toBeUndefined();
    expect(client.process.exitCode).toBeNull();
  });
});

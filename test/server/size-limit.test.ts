// Files over otpAdvisor.maxFileSize, opened over real stdio or found on disk, are not analysed, and the user is
// told once which file and why; below the limit again, the file is analysed as usual.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DidChangeTextDocumentNotification, DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { LspClient, uriOf } from '../helpers/lsp-client';

const GENSERVER = (name: string) => `defmodule ${name} do
  use GenServer
  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)
  def add(a, b), do: GenServer.call(__MODULE__, {:add, a, b})
  def init(state), do: {:ok, state}
  def handle_call({:add, a, b}, _from, state), do: {:reply, a + b, state}
end
`;
// About 6 KB: over a limit of 0.004 MB (4.2 KB), which keeps the test small.
const BIG = GENSERVER('Shop.Generated') + '# generated padding\n'.repeat(300);
const LIMIT_MB = 0.004;

let dir: string;
let client: LspClient;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'otp-lsp-size-'));
  const files = { 'mix.exs': 'defmodule Shop.MixProject do\n  use Mix.Project\n  def project, do: [app: :shop, version: "0.1.0"]\nend\n', 'lib/calc.ex': GENSERVER('Shop.Calc'), 'lib/on_disk.ex': BIG };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  client = new LspClient({ settings: { maxFileSize: LIMIT_MB } });
  await client.initialize(dir);
});

afterEach(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

const tooLarge = (file: string) => client.shownMessages.filter((m) => m.message.startsWith(`OTP Advisor does not analyse ${file}:`));

describe('language server: the file size limit', () => {
  it('skips a large file on disk and a large open document, naming each once; a document cut below the limit is analysed', async () => {
    const calc = uriOf(dir, 'lib/calc.ex');
    await client.waitFor(() => client.codes(calc).includes('OTP001'), 'OTP001 in the small file');
    await client.waitFor(() => tooLarge('lib/on_disk.ex').length === 1, 'the message about the file on disk');
    expect(tooLarge('lib/on_disk.ex')[0]!.message).toBe('OTP Advisor does not analyse lib/on_disk.ex: 0 MB is over the 0.004 MB limit (setting otpAdvisor.maxFileSize).');
    expect(client.diagnostics.get(uriOf(dir, 'lib/on_disk.ex')) ?? []).toEqual([]);

    const uri = uriOf(dir, 'lib/open.ex');
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'elixir', version: 1, text: BIG } });
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: BIG + '# more\n' }] });
    await client.waitFor(() => tooLarge('lib/open.ex').length === 1, 'the message about the open document');
    // Cut below the limit, it is analysed again.
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 3 }, contentChanges: [{ text: GENSERVER('Shop.Generated') }] });
    await client.waitFor(() => client.codes(uri).includes('OTP001'), 'OTP001 once the document fits');
    // Named once each, however many edits.
    expect(tooLarge('lib/open.ex')).toHaveLength(1);
    expect(tooLarge('lib/on_disk.ex')).toHaveLength(1);
  });
});

// Indexing a workspace of several projects: the project of a document the user has open is read and published
// first, edits and requests are answered while the others are read, and the progress ends once all are published.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, HoverRequest, WorkDoneProgressCancelNotification } from 'vscode-languageserver-protocol/node';
import { LspClient, uriOf } from '../helpers/lsp-client';
import { projectDir } from '../helpers/project-dir';

let dir: string;
let client: LspClient;

afterEach(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

const mixExs = (app: string) => `defmodule ${app}.MixProject do\n  use Mix.Project\n  def project, do: [app: :${app.toLowerCase()}, version: "0.1.0"]\nend\n`;

/** A GenServer that never reads its state: OTP001 on `use GenServer` (line 1). */
const statelessCalc = (app: string) => `defmodule ${app}.Calc do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)
  def add(a, b), do: GenServer.call(__MODULE__, {:add, a, b})

  def init(state), do: {:ok, state}
  def handle_call({:add, a, b}, _from, state), do: {:reply, a + b, state}
end
`;

/** Plain modules enough to take a while to read (≈ 1.5 MB), so the order of what arrives shows what went first. */
function bulk(app: string, root: string): void {
  const fun = (i: number) => `  def f${i}(list, x) do\n    list\n    |> Enum.map(fn y -> y * x + ${i} end)\n    |> Enum.filter(&(&1 > ${i}))\n    |> Enum.sum()\n  end\n`;
  for (let m = 0; m < 300; m++) {
    const path = join(root, `lib/${app.toLowerCase()}/mod${m}.ex`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `defmodule ${app}.Mod${m} do\n${Array.from({ length: 40 }, (_, i) => fun(i)).join('\n')}end\n`);
  }
}

/** Two large projects read first in discovery order (shorter roots first), and a small one, `zzz_last`, read last. */
function workspace(): { calcs: Record<string, string>; open: string } {
  dir = projectDir({});
  const calcs: Record<string, string> = {};
  for (const [name, app] of [['a', 'A'], ['b', 'B'], ['zzz_last', 'Zzz']]) {
    mkdirSync(join(dir, name, 'lib'), { recursive: true });
    writeFileSync(join(dir, `${name}/mix.exs`), mixExs(app));
    if (name !== 'zzz_last') bulk(app, join(dir, name));
    writeFileSync(join(dir, name, 'lib/calc.ex'), statelessCalc(app));
    calcs[name] = uriOf(dir, `${name}/lib/calc.ex`);
  }
  return { calcs, open: statelessCalc('Zzz') };
}

it('publishes the project of an open document first and answers its edits while the others are read', async () => {
  const { calcs, open } = workspace();
  client = new LspClient();
  await client.initialize(dir);
  // Opened at once: the server has not found the projects yet.
  await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: calcs.zzz_last, languageId: 'elixir', version: 1, text: open } });
  await client.waitFor(() => client.codes(calcs.zzz_last).includes('OTP001'), 'OTP001 in the open document', 120_000);
  expect(client.arrivals.filter((e) => e.startsWith('diagnostics ')).slice(0, 1)).toEqual([`diagnostics ${calcs.zzz_last}`]);
  expect(client.arrivals).not.toContain('progress end');

  // A @moduledoc typed above `use GenServer`: answered (analysed, published, hovered) before the others are read.
  await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: calcs.zzz_last, version: 2 },
    contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '  @moduledoc "Adds."\n' }],
  });
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: calcs.zzz_last }, position: { line: 2, character: 3 } });
  client.note('hover answered');
  expect(JSON.stringify(hover)).toContain('OTP001');

  await client.waitFor(() => client.arrivals.includes('progress end'), 'the end of indexing', 240_000);
  const at = (event: string) => client.arrivals.indexOf(event);
  expect(at('hover answered')).toBeLessThan(at(`diagnostics ${calcs.a}`));
  expect(at('hover answered')).toBeLessThan(at(`diagnostics ${calcs.b}`));
  // The progress ends once every project is published, not when the files are read.
  expect(at(`diagnostics ${calcs.a}`)).toBeGreaterThan(-1);
  expect(at(`diagnostics ${calcs.b}`)).toBeGreaterThan(-1);
  expect(at('progress end')).toBeGreaterThan(at(`diagnostics ${calcs.a}`));
  expect(at('progress end')).toBeGreaterThan(at(`diagnostics ${calcs.b}`));
  // The document, opened before its project was found, went to that project: published once, on its new line.
  expect(client.diagnostics.get(calcs.zzz_last)?.map((d) => [d.code, d.range.start.line])).toEqual([['OTP001', 2]]);
}, 300_000);

it('publishes what it read when the client cancels the indexing', async () => {
  const { calcs, open } = workspace();
  client = new LspClient();
  await client.initialize(dir);
  await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: calcs.zzz_last, languageId: 'elixir', version: 1, text: open } });
  await client.waitFor(() => client.codes(calcs.zzz_last).includes('OTP001'), 'OTP001 in the open document', 120_000);
  await client.connection.sendNotification(WorkDoneProgressCancelNotification.type, { token: client.progressTokens[0] });
  await client.waitFor(() => client.arrivals.includes('progress end'), 'the end of indexing', 240_000);
  // The open project keeps its findings; a project not read by then publishes none (nothing was read to justify or flag).
  expect(client.codes(calcs.zzz_last)).toEqual(['OTP001']);
  const published = (uri: string) => client.arrivals.includes(`diagnostics ${uri}`);
  expect([published(calcs.a), published(calcs.b)]).not.toEqual([true, true]);
  // Still answering: an edit after the cancel is analysed and published.
  await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: calcs.zzz_last, version: 2 },
    contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\n' }],
  });
  await client.waitFor(() => client.diagnostics.get(calcs.zzz_last)?.[0]?.range.start.line === 2, 'OTP001 moved to line 2', 30_000);
}, 300_000);

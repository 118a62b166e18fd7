// What the server says it did, in the client's log (window/logMessage, info): its version, each
// project with its file count, the analysis time, parse errors, and "no findings" when there are none,
// so a clean project does not look like a server that never ran.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { LspClient } from '../helpers/lsp-client';
import { MIX_EXS, projectDir, STATELESS_CALC } from '../helpers/project-dir';

const VERSION = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')).version as string;
const INFO = 3;

let dir: string;
let client: LspClient;

afterEach(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function logsOf(files: Record<string, string>): Promise<string[]> {
  dir = projectDir(files);
  client = new LspClient();
  await client.initialize(dir);
  await client.waitFor(() => client.logs.some((l) => l.message.startsWith('Analysed ')), 'the analysis summary');
  return client.logs.filter((l) => l.type === INFO).map((l) => l.message);
}

it('names its version, the project and its files, and says "no findings" for a clean project', async () => {
  const logs = await logsOf({ 'mix.exs': MIX_EXS, 'lib/shop/calc.ex': 'defmodule Shop.Calc do\n  def add(a, b), do: a + b\nend\n' });
  expect(logs).toEqual([
    expect.stringMatching(new RegExp(`^OTP Advisor language server ${VERSION.replace(/\./g, '\\.')} \\(Node v\\d+`)),
    `Found project ${dir}: 2 files`,
    // Little text: read on this thread alone, no worker started.
    expect.stringMatching(/^Read 2 files in \d+ ms on 1 thread$/),
    expect.stringMatching(new RegExp(`^Analysed ${dir} in \\d+ ms: 2 files, no parse errors, no findings$`)),
  ]);
  expect(logs[0]).toContain(`workspace folders: ${dir}`);
});

it('counts findings and names the files that do not parse', async () => {
  const logs = await logsOf({
    'mix.exs': MIX_EXS,
    'lib/shop/calc.ex': STATELESS_CALC,
    'lib/shop/broken.ex': 'defmodule Shop.Broken do\n  def add(a, b do\nend\n',
  });
  expect(logs.at(-1)).toMatch(new RegExp(`^Analysed ${dir} in \\d+ ms: 3 files, 1 parse error \\(lib/shop/broken\\.ex:\\d+:\\d+\\), 1 finding$`));
});

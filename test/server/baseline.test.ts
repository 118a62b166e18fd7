// The language server and the baseline named in .otp-advisor.json: a real client over stdio, a
// baseline written by the real CLI, findings hidden or shown as hints, new ones still reported.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DidChangeTextDocumentNotification, DidChangeWatchedFilesNotification, DidOpenTextDocumentNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import { runCli, statelessGenServer, tempProject } from '../helpers/cli';
import { LspClient, uriOf } from '../helpers/lsp-client';

const BASELINE = '.otp-advisor-baseline.json';
let client: LspClient | undefined;
let cleanup: (() => void) | undefined;
afterEach(async () => {
  await client?.stop();
  cleanup?.();
});

/** A project with a baselined GenServer (lib/calc.ex), then a second one (lib/fresh.ex) added after the baseline. */
function project(config: string): string {
  const p = tempProject({ 'lib/calc.ex': statelessGenServer() });
  cleanup = p.cleanup;
  expect(runCli(['baseline', BASELINE], p.dir).code).toBe(0);
  writeFileSync(`${p.dir}/lib/fresh.ex`, statelessGenServer('Fresh'));
  writeFileSync(`${p.dir}/.otp-advisor.json`, config);
  return p.dir;
}

async function start(dir: string, settings: Record<string, unknown> = {}): Promise<LspClient> {
  client = new LspClient({ settings });
  await client.initialize(dir);
  // Findings are published file by file in one pass, before the config file's: once fresh.ex has its
  // finding, calc.ex has been decided.
  await client.waitFor(() => client!.codes(uriOf(dir, 'lib/fresh.ex')).includes('OTP001'), 'the new finding');
  return client;
}

describe('language server with a baseline', { timeout: 60_000 }, () => {
  it('hides the baselined findings and reports the new ones', async () => {
    const dir = project(`{"baseline": "${BASELINE}"}`);
    const c = await start(dir);
    expect(c.codes(uriOf(dir, 'lib/calc.ex'))).toEqual([]);
    expect(c.diagnostics.get(uriOf(dir, 'lib/fresh.ex'))![0].severity).toBe(2);
  });

  it('shows them as hints when otpAdvisor.baselined is "hint"', async () => {
    const dir = project(`{"baseline": "${BASELINE}"}`);
    const c = await start(dir, { baselined: 'hint' });
    const [d] = c.diagnostics.get(uriOf(dir, 'lib/calc.ex'))!;
    expect(d).toMatchObject({ code: 'OTP001', severity: 4 });
    expect(d.message).toMatch(/\(in the baseline\)$/);
  });

  it('keeps a finding baselined while lines are typed above it, and reports a GenServer typed into the same file', async () => {
    const dir = project(`{"baseline": "${BASELINE}"}`);
    const c = await start(dir, { baselined: 'hint' });
    const calc = uriOf(dir, 'lib/calc.ex');
    const text = readFileSync(`${dir}/lib/calc.ex`, 'utf8');
    await c.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: calc, languageId: 'elixir', version: 1, text } });
    await c.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: calc, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# one\n# two\n# three\n' }],
    });
    await c.waitFor(() => c.diagnostics.get(calc)?.[0]?.range.start.line === 4, 'the hint to move down 3 lines');
    expect(c.diagnostics.get(calc)!.map((d) => d.severity)).toEqual([4]);

    // A new module in the same file: a new finding, not in the baseline.
    await c.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: calc, version: 3 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: statelessGenServer('Twin') }],
    });
    await c.waitFor(() => c.diagnostics.get(calc)?.length === 2, 'the twin GenServer');
    expect(c.diagnostics.get(calc)!.map((d) => [d.range.start.line, d.severity])).toEqual([
      [1, 2],
      [16, 4],
    ]);
  });

  it('re-reads the baseline when its file changes, and reports one it cannot read on .otp-advisor.json', async () => {
    const dir = project('{"baseline": "missing.json"}');
    const c = await start(dir);
    const config = uriOf(dir, '.otp-advisor.json');
    expect(c.codes(uriOf(dir, 'lib/calc.ex'))).toEqual(['OTP001']);
    await c.waitFor(() => !!c.diagnostics.get(config)?.length, 'the config diagnostic');
    expect(c.diagnostics.get(config)![0].message).toMatch(/^"baseline" cannot read missing\.json: no such file/);

    writeFileSync(`${dir}/.otp-advisor.json`, `{"baseline": "${BASELINE}"}`);
    await c.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: config, type: FileChangeType.Changed }] });
    await c.waitFor(() => c.codes(uriOf(dir, 'lib/calc.ex')).length === 0 && c.diagnostics.get(config)?.length === 0, 'calc.ex baselined, the config fine');

    // `otp-advisor baseline` run again after fresh.ex was added: it is accepted too.
    expect(runCli(['baseline', BASELINE], dir).code).toBe(0);
    await c.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(dir, BASELINE), type: FileChangeType.Changed }] });
    await c.waitFor(() => c.codes(uriOf(dir, 'lib/fresh.ex')).length === 0, 'fresh.ex to be baselined');
  });
});

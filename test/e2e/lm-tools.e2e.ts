// The language-model tools in a real VS Code (code-server 4.100.3, VS Code 1.100): a probe extension,
// installed next to ours, lists vscode.lm.tools and invokes otp_check on the open file through
// vscode.lm.invokeTool, as an agent would, and writes what it saw into the project folder.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createVSIX } from '@vscode/vsce';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOL_NAMES } from '../../src/mcp/tool-catalog';
import { launchBrowser } from './support/browser';
import { startCodeServer, type CodeServer } from './support/code-server';
import { e2eEnv } from './support/env';
import { pollUntil } from './support/poll';
import { Workbench } from './support/workbench';

const env = e2eEnv();
let server: CodeServer;
let browser: Browser;

const PROBE_JS = `
const vscode = require('vscode');
const fs = require('fs');
const path = require('path');
exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('otpProbe.lmTools', async () => {
    const lm = vscode.lm || {};
    const out = {
      version: vscode.version,
      tools: (lm.tools || []).map((t) => ({ name: t.name, tags: t.tags, hasSchema: !!t.inputSchema })),
      registerMcpServerDefinitionProvider: typeof lm.registerMcpServerDefinitionProvider,
    };
    const file = vscode.window.activeTextEditor && vscode.window.activeTextEditor.document.uri.fsPath;
    try {
      const token = new vscode.CancellationTokenSource().token;
      const result = await lm.invokeTool('otp_check', { input: { path: file }, toolInvocationToken: undefined }, token);
      out.result = result.content.map((p) => p.value);
      const bad = await lm.invokeTool('otp_check', { input: { path: '/etc' }, toolInvocationToken: undefined }, token).then(() => 'no error', (e) => String(e && e.message || e));
      out.outside = bad;
    } catch (e) {
      out.error = String(e && e.stack || e);
    }
    fs.writeFileSync(path.join(vscode.workspace.workspaceFolders[0].uri.fsPath, 'lm-probe.json'), JSON.stringify(out, null, 2));
  }));
};
`;

/** Packs the probe with vsce and installs it beside ours, in a copy of the shared extensions folder. */
async function probeExtensionsDir(): Promise<string> {
  const dir = join(env.workDir, 'lm-probe');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'extension.js'), PROBE_JS);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'lm-probe',
      displayName: 'LM probe',
      publisher: 'otp-advisor-test',
      version: '0.0.1',
      license: 'MIT',
      engines: { vscode: '^1.93.0' },
      main: './extension.js',
      activationEvents: ['onCommand:otpProbe.lmTools'],
      contributes: { commands: [{ command: 'otpProbe.lmTools', title: 'OTP Probe: Language Model Tools' }] },
    }),
  );
  writeFileSync(join(dir, 'LICENSE'), 'MIT');
  const vsix = join(env.workDir, 'lm-probe.vsix');
  await createVSIX({ cwd: dir, packagePath: vsix, allowMissingRepository: true, dependencies: false });
  const extensionsDir = join(env.workDir, 'lm-extensions');
  cpSync(env.extensionsDir, extensionsDir, { recursive: true });
  execFileSync(env.codeServer, ['--extensions-dir', extensionsDir, '--user-data-dir', join(env.workDir, 'lm-install-user-data'), '--install-extension', vsix], { stdio: 'ignore' });
  return extensionsDir;
}

beforeAll(async () => {
  const extensionsDir = await probeExtensionsDir();
  server = await startCodeServer({ ...env, extensionsDir }, 'lm-tools', { 'security.workspace.trust.enabled': false });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('VS Code language-model tools (code-server)', () => {
  it('registers the OTP Advisor tools and otp_check returns the findings of the open file', async () => {
    const { wb, folder } = await Workbench.openShop(browser, server, env, 'lm-tools');
    await wb.waitForPhase('OTP · GREEN · auto', 60_000);
    await wb.openFile('lib/shop/price_calculator.ex');
    await pollUntil(() => wb.squiggles(), (s) => s.warning > 0, { timeout: 60_000, what: 'a warning squiggle in price_calculator.ex' });
    await wb.command('OTP Probe: Language Model Tools');
    const file = join(folder, 'lm-probe.json');
    await pollUntil(async () => existsSync(file), (ok) => ok, { timeout: 30_000, what: 'the probe’s report' });
    const seen = JSON.parse(readFileSync(file, 'utf8'));
    console.log(`[e2e] VS Code ${seen.version}: registerMcpServerDefinitionProvider is ${seen.registerMcpServerDefinitionProvider}`);
    expect(seen.error).toBeUndefined();
    const ours = seen.tools.filter((t: { name: string }) => (TOOL_NAMES as string[]).includes(t.name));
    expect(ours.map((t: { name: string }) => t.name).sort()).toEqual([...TOOL_NAMES].sort());
    expect(ours.every((t: { hasSchema: boolean; tags: string[] }) => t.hasSchema && t.tags.includes('otp'))).toBe(true);
    expect(seen.result.join('')).toMatch(/^1 finding in 1 file; phase green \(auto: no `mix test` run yet\)\.\nlib\/shop\/price_calculator\.ex:3:3 warning OTP001 stateless-genserver: /);
    expect(seen.outside).toMatch(/\/etc is outside the allowed roots/);
    await wb.close();
  });
});

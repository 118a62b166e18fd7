// Restricted Mode: the user declines to trust the folder. OTP Advisor still analyses it (findings
// in Problems) but runs nothing from it: "Run Tests and Detect Phase" refuses and says why.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser';
import { startCodeServer, type CodeServer } from './support/code-server';
import { e2eEnv } from './support/env';
import { pollUntil } from './support/poll';
import { Workbench } from './support/workbench';
import { scaled } from './support/timeouts';

const env = e2eEnv();
let server: CodeServer;
let browser: Browser;

beforeAll(async () => {
  // Workspace trust on, as VS Code ships it: opening a new folder asks.
  server = await startCodeServer(env, 'restricted', { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'always' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('VS Code (code-server), Restricted Mode', () => {
  it('7. an untrusted folder still shows its findings, and "Run tests" refuses with an explanation', async () => {
    const { wb, folder } = await Workbench.openShop(browser, server, env, 'untrusted', 'restricted');

    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: scaled(60_000) });
    expect(await dialog.innerText()).toMatch(/trust the authors/i);
    await dialog.getByRole('button', { name: /No, I don.t trust the authors/ }).click();
    await wb.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).waitFor({ timeout: scaled(15_000) });

    await wb.waitForPhase('OTP · GREEN · auto', 60_000);
    await wb.openFile('lib/shop/settings.ex');
    const problems = await wb.waitForProblems((p) => p.length >= 8, 'the findings in Restricted Mode', 60_000);
    expect(problems.map((p) => p.code).sort()).toEqual(['OTP001', 'OTP002', 'OTP003', 'OTP004', 'OTP007', 'OTP010', 'OTP020', 'OTP023']);

    await wb.command('OTP Advisor: Run Tests and Detect Phase');
    const refusal = await pollUntil(
      () => wb.notifications(),
      (texts) => texts.some((t) => t.includes('Restricted Mode')),
      { what: 'the refusal notification' },
    );
    expect(refusal.join('\n')).toContain('OTP Advisor runs no `mix test` in Restricted Mode: it would run code from this workspace.');
    expect(await wb.phaseText()).toBe('OTP · GREEN · auto');
    // Nothing was compiled: mix never ran in the folder.
    expect(existsSync(join(folder, '_build'))).toBe(false);
    await wb.page.locator('.notification-toast.notification-fade-in-done').first().waitFor();
    await wb.screenshot('restricted-mode');
    await wb.close();
  });
});

// Changing the code from OTP Advisor in a real VS Code (code-server), always after the user has seen the change:
// the OTP007 rewrite offered as a refactoring opens VS Code's refactor preview and changes the file only once ticked
// and applied there; the chat's Apply opens the diff editor on an answer's code block, asks, replaces the flagged line, and
// reverts in one Undo. The answer comes from a local fake Anthropic server (the base URL user setting points at it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic';
import { launchBrowser } from './support/browser';
import { startCodeServer, type CodeServer } from './support/code-server';
import { e2eEnv } from './support/env';
import { chatFrame as chat, frameText as text } from './support/chat-frame';
import { pollUntil } from './support/poll';
import { Workbench } from './support/workbench';
import { scaled } from './support/timeouts';

const env = e2eEnv();
let server: CodeServer;
let browser: Browser;
let fake: FakeAnthropic;

const KEY = 'sk-ant-e2e-not-a-real-key-000000';
const CHECKOUT = 'lib/shop/checkout.ex';
/** Line 6 of examples/shop/lib/shop/checkout.ex, flagged OTP007, and what it is without the task. */
const AWAITED = '    available = Task.async(fn -> Enum.filter(skus, &(Shop.Inventory.stock(&1) > 0)) end) |> Task.await()';
const DIRECT = '    available = Enum.filter(skus, &(Shop.Inventory.stock(&1) > 0))';
/** Each scenario waits on the Problems panel several times: about 100 s when the machine is loaded (load ~25 on 2 cores). */
const SCENARIO_TIMEOUT = scaled(240_000);

beforeAll(async () => {
  fake = await startFakeAnthropic();
  delete process.env.ANTHROPIC_API_KEY;
  server = await startCodeServer(env, 'apply', {
    'security.workspace.trust.enabled': false,
    'otpAdvisor.advisor.apiBaseUrl': fake.baseURL,
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await fake?.close();
});

async function openCheckout(name: string): Promise<{ wb: Workbench; folder: string }> {
  const { wb, folder } = await Workbench.openShop(browser, server, env, name);
  await wb.waitForPhase('OTP · GREEN · auto', 60_000);
  await wb.openFile(CHECKOUT);
  await wb.waitForProblems((p) => p.some((x) => x.file === 'checkout.ex' && x.code === 'OTP007'), 'OTP007 in checkout.ex');
  expect(readFileSync(join(folder, CHECKOUT), 'utf8').split('\n')[5]).toBe(AWAITED);
  return { wb, folder };
}

const lineOnDisk = (folder: string, line: number) => readFileSync(join(folder, CHECKOUT), 'utf8').split('\n')[line - 1];

describe('changing the code, after a preview (code-server)', () => {
  it('9. the OTP007 rewrite, offered as a refactoring, opens the refactor preview and changes the file only once ticked and applied there', async () => {
    const { wb, folder } = await openCheckout('rewrite');
    await wb.goToLine(6, 17);
    const titles = await wb.refactor('Call the work directly instead of awaiting a task');
    expect(titles).toContain('Call the work directly instead of awaiting a task');
    // needsConfirmation: VS Code shows the refactor preview and writes nothing yet.
    const panel = wb.page.locator('.bulk-edit-panel');
    await panel.locator('.monaco-tl-contents', { hasText: 'checkout.ex' }).first().waitFor({ state: 'visible', timeout: scaled(15_000) });
    expect(await wb.editorLines()).toContain(AWAITED);
    expect(lineOnDisk(folder, 6)).toBe(AWAITED);
    await wb.screenshot('rewrite-refactor-preview');

    // An edit that needs confirmation starts unticked there: ticking it is the confirmation, then Apply.
    const boxes = panel.locator('.edit-checkbox');
    expect(await boxes.evaluateAll((els) => els.map((e) => (e as unknown as { checked: boolean }).checked))).not.toContain(true);
    await boxes.first().click();
    await pollUntil(() => boxes.evaluateAll((els) => els.map((e) => (e as unknown as { checked: boolean }).checked)), (c) => c.length > 0 && c.every(Boolean), { what: 'the rewrite ticked in the preview' });
    await panel.locator('.buttons .monaco-button', { hasText: 'Apply' }).click();
    await pollUntil(() => wb.editorLines(), (lines) => lines.includes(DIRECT), { what: 'the rewritten line in the editor' });
    // Focus may still be in the chat after the modal: Ctrl+S must reach the editor holding the change.
    await wb.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
    await wb.save();
    await pollUntil(async () => lineOnDisk(folder, 6), (line) => line === DIRECT, { what: 'the replaced line on disk' });
    await wb.waitForProblems((p) => !p.some((x) => x.file === 'checkout.ex' && x.code === 'OTP007'), 'OTP007 gone from checkout.ex');
    await wb.close();
  }, SCENARIO_TIMEOUT);

  it('10. Apply on an answer: the diff editor shows the change, a modal asks, the flagged line is replaced, and one Undo reverts it', async () => {
    const { wb, folder } = await openCheckout('chat-apply');
    await wb.command('OTP Advisor: Set Anthropic API Key');
    await wb.answerInputBox(KEY);
    await wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await wb.goToLine(6, 17);
    await wb.command('OTP Advisor: Ask OTP Expert');
    const frame = await chat(wb.page);
    await pollUntil(() => text(frame, '.preview .preview-message'), (t) => t.includes('OTP007'), { what: 'the OTP007 preview' });
    fake.script({ kind: 'answer', deltas: ['Call it directly:\n\n```elixir\n', `${DIRECT.trim()}\n`, '```\n\nThe task only added a process.'] });
    await frame.getByRole('button', { name: 'Send this message to the expert' }).click();
    // Usage shows once the answer is done, so its code block is final.
    await pollUntil(() => text(frame, '.turn.assistant .usage'), (t) => t.length > 0, { what: 'the finished answer' });
    const block = frame.locator('.turn.assistant').last().locator('.code-block', { hasText: 'Enum.filter(skus' });
    const status = block.locator('.code-status');

    await block.getByRole('button', { name: 'Apply code to the flagged lines (shows a diff first)' }).click();
    // The diff editor is open on the change and the modal asks; nothing is written before the answer.
    const dialog = await wb.dialog();
    expect(dialog.message).toBe("Apply the chat's code to lib/shop/checkout.ex, line 6?");
    await wb.page.locator('.tabs-container .tab', { hasText: "checkout.ex ↔ chat's code (line 6)" }).waitFor({ state: 'visible', timeout: scaled(15_000) });
    const diff = wb.page.locator('.monaco-diff-editor').first();
    await diff.waitFor({ state: 'visible', timeout: scaled(15_000) });
    await pollUntil(() => diff.locator('.editor.modified .view-lines').innerText(), (t) => t.replace(/\u00a0/g, ' ').includes(DIRECT.trim()), { what: 'the proposed line in the diff' });
    expect(lineOnDisk(folder, 6)).toBe(AWAITED);
    expect(await status.innerText()).toBe('Review the change in the diff, then confirm or cancel it.');
    await wb.screenshot('chat-apply-diff');

    await wb.answerDialog('Apply');
    await pollUntil(() => status.innerText(), (t) => t === 'Applied to lib/shop/checkout.ex line 6. Undo in the editor reverts it.', { what: 'the applied outcome under the block' });
    await wb.page.locator('.monaco-diff-editor').first().waitFor({ state: 'detached', timeout: scaled(15_000) });
    await pollUntil(() => wb.editorLines(), (lines) => lines.includes(DIRECT), { what: 'the replaced line in the editor' });
    // Focus is still in the chat after the modal: Ctrl+S must reach the editor holding the change.
    await wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await wb.save();
    await pollUntil(async () => lineOnDisk(folder, 6), (line) => line === DIRECT, { what: 'the applied line on disk' });

    // One Undo reverts the whole change; the line then no longer holds the applied code, so Apply refuses.
    await wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await wb.page.keyboard.press('Control+Z');
    await pollUntil(() => wb.editorLines(), (lines) => lines.includes(AWAITED) && !lines.includes(DIRECT), { what: 'the original line back after one Undo' });
    await block.getByRole('button', { name: 'Apply code to the flagged lines (shows a diff first)' }).click();
    await pollUntil(() => status.innerText(), (t) => t.includes('line 6 changed since the question was asked, so nothing was applied'), { what: 'the refusal under the block' });
    expect(await wb.page.locator('.monaco-dialog-box').count()).toBe(0);
    expect(await wb.editorLines()).toContain(AWAITED);
    await wb.close();
  }, SCENARIO_TIMEOUT);
});

// The OTP Expert chat in a real VS Code (code-server): asked from the command palette and from the quick fix, it
// shows the explanation and the payload preview; with no API key yet, Send keeps the preview and says so beside it,
// and once the key is set there (VS Code's input box, SecretStorage) the same Send streams an answer from a local fake
// Anthropic server (the base URL user setting points at it). It stops, reports an API error, inserts code at the
// cursor, and keeps its conversations when the view is hidden and after a window reload.
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

/** Any key: the fake server does not check it. Never in settings or the environment, only in SecretStorage. */
const KEY = 'sk-ant-e2e-not-a-real-key-000000';

const ANSWER = [
  'You do not need a process here. ',
  'Keep the prices in plain functions:\n\n',
  '```elixir\n',
  'def total(items), do: Enum.sum(for i <- items, do: i.price)\n',
  '```\n\n',
  'Add a GenServer only when a test needs one.',
];

beforeAll(async () => {
  fake = await startFakeAnthropic();
  // The extension host inherits code-server's environment: no key from there, so the chat starts without one.
  delete process.env.ANTHROPIC_API_KEY;
  server = await startCodeServer(env, 'chat', {
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

async function openShop(name: string): Promise<{ wb: Workbench; folder: string }> {
  const { wb, folder } = await Workbench.openShop(browser, server, env, name);
  await wb.waitForPhase('OTP · GREEN · auto', 60_000);
  return { wb, folder };
}

describe('the OTP Expert chat in VS Code (code-server)', () => {
  it('5. asked from the palette and the quick fix: explanation, preview, no key then the key set, streamed answer with code, Insert, Stop, an API error', async () => {
    const { wb } = await openShop('chat-ask');
    // One Ask OTP Expert, no second way to open the chat.
    expect(await wb.paletteTitles('OTP Advisor')).toEqual([
      'OTP Advisor: Analyze Workspace',
      'OTP Advisor: Ask OTP Expert',
      'OTP Advisor: Choose OTP Expert Persona',
      'OTP Advisor: Clear Anthropic API Key',
      'OTP Advisor: Focus on OTP Expert View',
      'OTP Advisor: New OTP Expert Conversation',
      'OTP Advisor: Restart Server',
      'OTP Advisor: Run Tests and Detect Phase',
      'OTP Advisor: Set Anthropic API Key',
      'OTP Advisor: Set TDD Phase',
      'OTP Advisor: Show Output',
      'OTP Advisor: Show Rule Explanation',
      'View: Show OTP Advisor',
    ]);
    await wb.openFile('lib/shop/price_calculator.ex');
    await wb.waitForProblems((p) => p.some((x) => x.code === 'OTP001'), 'OTP001 in price_calculator.ex');

    // From the command palette, with the cursor on the finding.
    await wb.goToLine(3, 3);
    await wb.command('OTP Advisor: Ask OTP Expert');
    let frame = await chat(wb.page);
    await frame.locator('.preview .preview-message').waitFor({ state: 'visible', timeout: scaled(30_000) });
    const preview = await text(frame, '.preview .preview-message');
    expect(preview).toContain('## Finding');
    expect(preview).toContain('OTP001');
    expect(preview).toMatch(/3 \|\s+use GenServer/);
    // textContent, not innerText: the question and the explanation sit above the preview, off screen, where
    // `content-visibility: auto` skips rendering earlier turns (innerText of a skipped element is empty).
    expect(await frame.locator('.turn.user .chips').textContent()).toContain('OTP001');
    expect(await frame.locator('.explanation').first().textContent()).toContain('OTP001');
    expect(fake.bodies).toHaveLength(0);
    await wb.screenshot('chat-preview', { readme: true });

    // No key yet: Send keeps the preview and says why beside it, with the fix.
    const send = frame.getByRole('button', { name: 'Send this message to the expert' });
    await send.click();
    const problem = frame.locator('.preview .inline-problem');
    await pollUntil(() => text(frame, '.preview .inline-problem'), (t) => /Set an Anthropic API key/.test(t), { what: 'the no-key message beside the preview' });
    expect(await text(frame, '.preview .preview-message')).toBe(preview);
    expect(fake.bodies).toHaveLength(0);
    await wb.screenshot('chat-no-key');
    await problem.getByRole('button', { name: 'Set the Anthropic API key' }).click();
    await wb.answerInputBox(KEY);
    await problem.waitFor({ state: 'hidden', timeout: scaled(15_000) });
    // "API key saved" would sit over the answer in the screenshots.
    await wb.command('Notifications: Clear All Notifications');
    expect(await frame.locator('.blocker').isHidden()).toBe(true);

    // The same Send, not asked again, now sends.
    fake.script({ kind: 'answer', deltas: ANSWER, eventDelayMs: 30, usage: { input: 812, output: 64, cacheRead: 1500, cacheWrite: 0 } });
    await send.click();
    await pollUntil(() => text(frame, '.turn.assistant .markdown'), (t) => t.includes('Add a GenServer only when a test needs one.'), { what: 'the streamed answer' });
    expect(JSON.stringify(fake.headers[0])).toContain(KEY);
    // Usage shows when the answer is done, and so rendered in full: only then is its DOM final.
    await pollUntil(() => text(frame, '.turn.assistant .usage'), (t) => /812/.test(t) && /1500|1,500/.test(t), { what: 'the token usage' });
    const answer = frame.locator('.turn.assistant').last();
    // The explanation's before/after examples are code blocks too; the answer's is the one with its code.
    // textContent, not innerText: a settled block off screen is skipped by `content-visibility: auto`.
    const block = answer.locator('.code-block', { hasText: 'def total(items)' });
    expect((await block.locator('pre code').textContent())?.trim()).toBe('def total(items), do: Enum.sum(for i <- items, do: i.price)');
    const sent = fake.bodies[0] as { messages: { content: string }[]; system: { cache_control?: unknown }[] };
    expect(sent.messages[0]!.content).toBe(preview);
    expect(sent.system[0]!.cache_control).toEqual({ type: 'ephemeral' });
    await wb.screenshot('chat-answer', { readme: true });

    // Insert puts the code at the editor's cursor.
    await block.getByRole('button', { name: 'Insert code at cursor' }).click();
    await expect.poll(() => wb.editorLines(), { timeout: scaled(10_000) }).toEqual(expect.arrayContaining([expect.stringContaining('def total(items), do: Enum.sum')]));

    // From the quick fix on another finding: a new conversation, then Stop while it streams.
    // Keyboard focus is still in the webview after the click: give it back to the editor first.
    await wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await wb.openFile('lib/shop/visits.ex');
    await wb.goToLine(3, 3);
    const titles = await wb.quickFix('Ask OTP Expert about this');
    // Offline first: the explanation leads, asking (online) comes after the suppressions.
    expect(titles.indexOf('Show OTP002 explanation')).toBe(0);
    expect(titles.indexOf('Ask OTP Expert about this')).toBeGreaterThan(titles.indexOf('Suppress OTP002 in this file'));
    frame = await chat(wb.page);
    await pollUntil(() => text(frame, '.preview .preview-message'), (t) => t.includes('OTP002'), { what: 'the OTP002 preview' });
    fake.script({ kind: 'answer', deltas: Array.from({ length: 200 }, (_, i) => `word${i} `), eventDelayMs: 50 });
    const closed = fake.nextClientClose();
    await frame.getByRole('button', { name: 'Send this message to the expert' }).click();
    await pollUntil(() => text(frame, '.turn.assistant .markdown'), (t) => t.includes('word3'), { what: 'the answer to start' });
    await frame.getByRole('button', { name: 'Stop the answer' }).click();
    await closed;
    await pollUntil(() => text(frame, '.turn.assistant .incomplete-mark'), (t) => t.length > 0, { what: 'the stopped answer marked' });
    expect(await text(frame, '.turn.assistant .markdown')).not.toContain('word199');

    // A follow-up the API refuses: the advisor's message is shown.
    fake.script({ kind: 'status', status: 401, type: 'authentication_error', message: 'invalid x-api-key' });
    await frame.getByRole('textbox', { name: 'Question for the OTP expert' }).fill('And with a Registry?');
    await frame.getByRole('textbox', { name: 'Question for the OTP expert' }).press('Enter');
    await pollUntil(() => text(frame, '.error-message'), (t) => /API key/i.test(t), { what: 'the API error message' });
    await wb.screenshot('chat-error');
    await wb.close();
  });

  it('6. the chat keeps its conversation when the view is hidden and after a window reload', async () => {
    const { wb } = await openShop('chat-history');
    await wb.command('OTP Advisor: Set Anthropic API Key');
    await wb.answerInputBox(KEY);
    await wb.openFile('lib/shop/price_calculator.ex');
    await wb.waitForProblems((p) => p.some((x) => x.code === 'OTP001'), 'OTP001 in price_calculator.ex');
    await wb.goToLine(3, 3);
    await wb.command('OTP Advisor: Ask OTP Expert');
    let frame = await chat(wb.page);
    fake.script({ kind: 'answer', deltas: ANSWER });
    await frame.getByRole('button', { name: 'Send this message to the expert' }).click();
    await pollUntil(() => text(frame, '.turn.assistant .markdown'), (t) => t.includes('only when a test needs one'), { what: 'the answer' });

    // Hide the chat (the Explorer takes the sidebar), then bring it back: the page was destroyed, the host restores it.
    await wb.page.keyboard.press('Control+Shift+E');
    await wb.page.locator('.explorer-folders-view').waitFor({ state: 'visible', timeout: scaled(15_000) });
    // With no finding under the cursor, Ask OTP Expert opens the chat as it was.
    await wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await wb.goToLine(1, 1);
    await wb.command('OTP Advisor: Ask OTP Expert');
    frame = await chat(wb.page);
    await pollUntil(() => text(frame, '.turn.assistant .markdown'), (t) => t.includes('only when a test needs one'), { what: 'the answer after hiding the view' });

    // Reload the window: the conversation comes back from workspace storage.
    await wb.command('Developer: Reload Window');
    await wb.page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: scaled(60_000) });
    await wb.waitForPhase('OTP · GREEN · auto', 60_000);
    await wb.openFile('lib/shop/price_calculator.ex');
    await wb.goToLine(1, 1);
    await wb.command('OTP Advisor: Ask OTP Expert');
    frame = await chat(wb.page);
    await pollUntil(() => text(frame, '.turn.assistant .markdown'), (t) => t.includes('only when a test needs one'), { what: 'the answer after a reload' });
    expect(await text(frame, '.turn.user .chips')).toContain('OTP001');
    await wb.close();
  });
});

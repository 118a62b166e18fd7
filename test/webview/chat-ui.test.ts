// The chat webview in real Chromium: the built bundle, the real page and CSP, host messages posted to the window as
// VS Code posts them, and what the webview posts back recorded by the acquireVsCodeApi stand-in.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HostMessage } from '../../src/webview/protocol';
import { SHOW_INTERVAL_MS } from '../../src/webview/render/streaming-markdown';
import { chromiumSkipReason, launchChromium } from '../helpers/browser';
import { ChatPage, serveChat, type ChatServer } from '../helpers/browser-chat';
import { ANSWER_MARKDOWN, ELIXIR_SNIPPET, answer, chatState, conversation, header, summary, userTurn } from './chat-fixtures';
import { themes } from './themes';

const skip = chromiumSkipReason();
if (skip) console.warn(skip);

const ARTIFACTS = join(__dirname, '../../test-artifacts/webview');

/** Splits text into `n` pieces of uneven length, as a stream delivers them. */
function chunks(text: string, n: number): string[] {
  const out: string[] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const end = i === n - 1 ? text.length : Math.min(text.length, at + Math.max(1, Math.round((text.length / n) * (0.4 + ((i * 7) % 13) / 10))));
    out.push(text.slice(at, end));
    at = end;
  }
  return out.filter((c) => c.length > 0);
}

const deltas = (turnId: string, text: string, n: number): HostMessage[] => chunks(text, n).map((t) => ({ type: 'delta', turnId, text: t }));

describe.skipIf(!!skip)('chat webview', () => {
  let browser: Browser;
  let server: ChatServer;
  let chat: ChatPage;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await serveChat(join(__dirname, '../../dist/webview'));
    browser = await launchChromium();
    chat = await ChatPage.open(browser, server);
    chat.page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    await chat.page.locator('.question-input').fill('');
    await chat.sendHost({ type: 'state', state: chatState(conversation('c0', [])) });
    await chat.takePosted();
  });

  const answerText = (id: string) => chat.page.locator(`[data-turn-id="${id}"] .answer`).innerText();

  it('posts ready once on load and renders the state it is sent', async () => {
    await chat.load();
    const posted = await chat.takePosted();
    expect(posted.filter((m) => m.type === 'ready')).toHaveLength(1);
    const done = answer('a1', { text: ANSWER_MARKDOWN, status: 'done', usage: { input: 1200, output: 350, cacheRead: 800, cacheWrite: 0 } });
    await chat.sendHost({ type: 'state', state: chatState(conversation('c1', [userTurn('u1', 'Is this GenServer needed?'), done])) });

    const user = chat.page.locator('[data-turn-id="u1"]');
    await expect(user.locator('.question').innerText()).resolves.toBe('Is this GenServer needed?');
    await expect(user.locator('.chip').allInnerTexts()).resolves.toEqual(['Code lib/shop/cart.ex:1-40', 'Rule OTP001', 'Test cart_test.exs:12']);
    await expect(user.locator('.chip').nth(1).getAttribute('title')).resolves.toBe('GenServer Shop.Cart never reads or changes its state.');
    const a1 = chat.page.locator('[data-turn-id="a1"]');
    await expect(a1.locator('h2').innerText()).resolves.toBe('Drop the GenServer');
    await expect(a1.locator('table th').allInnerTexts()).resolves.toEqual(['Before', 'After']);
    await expect(a1.locator('li').allInnerTexts()).resolves.toEqual(['fewer processes', 'simpler tests']);
    await expect(a1.locator('p code').first().innerText()).resolves.toBe('Shop.Cart');
    await expect(a1.locator('code.language-elixir .hljs-keyword').first().innerText()).resolves.toBe('defmodule');
    await expect(a1.locator('.usage').innerText()).resolves.toBe('Tokens: 1,200 in · 350 out · 800 cached');
    await expect(a1.locator('.incomplete-mark').count()).resolves.toBe(0);
    await expect(chat.page.locator('.empty-hint').isHidden()).resolves.toBe(true);
  });

  it('shows the offline explanation at once, streams deltas in order, and ends as the one-shot render would', async () => {
    await chat.sendHost(
      { type: 'turn', turn: userTurn('u1', 'Why is this flagged?') },
      { type: 'turn', turn: answer('a1', { explanation: '**OTP001**: a GenServer that holds no state.' }) },
    );
    const a1 = chat.page.locator('[data-turn-id="a1"]');
    await expect(a1.locator('.explanation').innerText()).resolves.toContain('OTP001: a GenServer that holds no state.');
    await expect(a1.locator('.pending').isVisible()).resolves.toBe(true);
    await expect(a1.locator('.answer').getAttribute('aria-busy')).resolves.toBe('true');
    await expect(chat.page.locator('.composer button').innerText()).resolves.toBe('Stop');

    // Batches a show interval apart, so each shows before the next: the markers appear in order, not all at the end.
    const pieces = deltas('a1', ANSWER_MARKDOWN, 60);
    const firstSeen: string[] = [];
    for (let i = 0; i < pieces.length; i += 12) {
      const batch = pieces.slice(i, i + 12);
      await chat.sendHost(...batch);
      await chat.page.waitForTimeout(3 * SHOW_INTERVAL_MS);
      const shown = await answerText('a1');
      for (const marker of ['Drop the GenServer', 'keeps no state', 'defmodule Shop.Cart', 'plain call', 'simpler tests'])
        if (shown.includes(marker) && !firstSeen.includes(marker)) firstSeen.push(marker);
    }
    expect(firstSeen).toEqual(['Drop the GenServer', 'keeps no state', 'defmodule Shop.Cart', 'plain call', 'simpler tests']);
    await expect(a1.locator('.pending').isVisible()).resolves.toBe(false);

    await chat.sendHost({ type: 'done', turnId: 'a1', status: 'done' });
    await expect(a1.locator('.answer').getAttribute('aria-busy')).resolves.toBe('false');
    await expect(chat.page.locator('[role="status"][aria-live="polite"]').innerText()).resolves.toBe('Answer complete.');
    await expect(chat.page.locator('.composer button').innerText()).resolves.toBe('Ask');
    const streamed = await a1.locator('.answer').innerHTML();
    await chat.sendHost({ type: 'turn', turn: answer('a1', { text: ANSWER_MARKDOWN, status: 'done' }) });
    expect(await a1.locator('.answer').innerHTML()).toBe(streamed);
  });

  it('Stop posts stop for the streaming turn; the stopped answer keeps its text, marked incomplete', async () => {
    await chat.sendHost({ type: 'turn', turn: answer('a2') }, ...deltas('a2', 'Part of an answer about Task.async', 5));
    await chat.page.getByRole('button', { name: 'Stop the answer' }).click();
    expect(await chat.takePosted()).toEqual([{ type: 'stop', turnId: 'a2' }]);
    await chat.sendHost({ type: 'done', turnId: 'a2', status: 'cancelled' });
    const a2 = chat.page.locator('[data-turn-id="a2"]');
    await expect(answerText('a2')).resolves.toBe('Part of an answer about Task.async');
    await expect(a2.locator('.incomplete-mark').innerText()).resolves.toBe('Stopped: the answer is incomplete.');
    await expect(chat.page.locator('.composer button').innerText()).resolves.toBe('Ask');
  });

  it("an error shows the advisor's message, keeps the partial answer marked incomplete, and Retry posts retry", async () => {
    await chat.sendHost({ type: 'turn', turn: answer('a3') }, ...deltas('a3', 'First paragraph.\n\nSecond', 4));
    await chat.sendHost({ type: 'error', turnId: 'a3', message: 'Anthropic is overloaded. Try again in a minute.', retryable: true });
    const a3 = chat.page.locator('[data-turn-id="a3"]');
    await expect(a3.locator('.error-message').innerText()).resolves.toBe('Anthropic is overloaded. Try again in a minute.');
    await expect(a3.locator('.incomplete-mark').innerText()).resolves.toBe('Incomplete answer.');
    await expect(answerText('a3')).resolves.toBe('First paragraph.\n\nSecond');
    await expect(chat.page.locator('[aria-live="polite"]').innerText()).resolves.toBe('Error: Anthropic is overloaded. Try again in a minute.');
    await a3.getByRole('button', { name: 'Retry this answer' }).click();
    expect(await chat.takePosted()).toEqual([{ type: 'retry', turnId: 'a3' }]);

    // Not retryable, nothing received: the message alone, no Retry and no incomplete mark.
    await chat.sendHost({ type: 'turn', turn: answer('a4') }, { type: 'error', turnId: 'a4', message: 'The API key was rejected.', retryable: false });
    const a4 = chat.page.locator('[data-turn-id="a4"]');
    await expect(a4.locator('.error-message').innerText()).resolves.toBe('The API key was rejected.');
    await expect(a4.getByRole('button').count()).resolves.toBe(0);
    await expect(a4.locator('.incomplete-mark').count()).resolves.toBe(0);
  });

  it('a notice shows while waiting and goes with the first delta; an answer cut short is marked incomplete with its usage', async () => {
    await chat.sendHost({ type: 'turn', turn: answer('a5') }, { type: 'notice', turnId: 'a5', notice: 'Overloaded, retrying in 2 s…' });
    const a5 = chat.page.locator('[data-turn-id="a5"]');
    await expect(a5.locator('.notice').innerText()).resolves.toBe('Overloaded, retrying in 2 s…');
    await expect(a5.locator('.pending').isVisible()).resolves.toBe(false);
    await chat.sendHost({ type: 'delta', turnId: 'a5', text: 'Use a plain module.' });
    await expect(a5.locator('.notice').isVisible()).resolves.toBe(false);
    await chat.sendHost({ type: 'done', turnId: 'a5', status: 'incomplete', usage: { input: 10, output: 4096, cacheRead: 0, cacheWrite: 1500 } });
    await expect(a5.locator('.incomplete-mark').innerText()).resolves.toBe('Incomplete answer: it was cut short.');
    await expect(a5.locator('.usage').innerText()).resolves.toBe('Tokens: 10 in · 4,096 out · 0 cached · 1,500 written to cache');
  });

  it('Copy and Insert post the exact code of their own block', async () => {
    const tricky = 'x = "<b>&amp;</b>"  \n\tIO.puts(x)\n';
    const md = `\`\`\`elixir\n${ELIXIR_SNIPPET}\n\`\`\`\n\nthen\n\n\`\`\`\n${tricky}\`\`\`\n`;
    await chat.sendHost({ type: 'turn', turn: answer('a6', { text: md, status: 'done' }) });
    const blocks = chat.page.locator('[data-turn-id="a6"] .code-block');
    await expect(blocks.count()).resolves.toBe(2);
    await blocks.nth(0).getByRole('button', { name: 'Copy code' }).click();
    await blocks.nth(1).getByRole('button', { name: 'Insert code at cursor' }).click();
    await blocks.nth(0).getByRole('button', { name: 'Insert code at cursor' }).click();
    expect(await chat.takePosted()).toEqual([
      { type: 'copy', code: ELIXIR_SNIPPET },
      { type: 'insert', code: tricky.replace(/\n$/, '') },
      { type: 'insert', code: ELIXIR_SNIPPET },
    ]);
  });

  it('Apply sits beside Insert on every code block, posts its own block with an id, and shows the host answer under that block', async () => {
    const md = `\`\`\`elixir\n${ELIXIR_SNIPPET}\n\`\`\`\n\nor\n\n\`\`\`elixir\nx = 1\n\`\`\`\n`;
    await chat.sendHost({ type: 'turn', turn: answer('a9', { text: md, status: 'done' }) });
    const blocks = chat.page.locator('[data-turn-id="a9"] .code-block');
    for (const i of [0, 1]) {
      await expect(blocks.nth(i).locator('.code-tools button').allInnerTexts()).resolves.toEqual(['Copy', 'Insert', 'Apply']);
    }
    const apply = (i: number) => blocks.nth(i).getByRole('button', { name: 'Apply code to the flagged lines (shows a diff first)' });
    await apply(1).click();
    await apply(0).click();
    const posted = await chat.takePosted();
    expect(posted).toEqual([
      { type: 'apply', id: expect.any(String), code: 'x = 1' },
      { type: 'apply', id: expect.any(String), code: ELIXIR_SNIPPET },
    ]);
    const [second, first] = posted.map((m) => (m as { id: string }).id);
    expect(first).not.toBe(second);
    // Until the host answers, each block says what is going on; then each shows its own outcome.
    const status = (i: number) => blocks.nth(i).locator('.code-status');
    await expect(status(0).innerText()).resolves.toBe('Review the change in the diff, then confirm or cancel it.');
    await chat.sendHost(
      { type: 'applyResult', id: first!, outcome: 'applied', message: 'Applied to lib/shop/cart.ex line 3. Undo in the editor reverts it.' },
      { type: 'applyResult', id: second!, outcome: 'failed', message: 'lib/shop/cart.ex line 3 changed since the question was asked, so nothing was applied.' },
    );
    await expect(status(0).innerText()).resolves.toBe('Applied to lib/shop/cart.ex line 3. Undo in the editor reverts it.');
    await expect(status(0).getAttribute('data-tone')).resolves.toBe('applied');
    await expect(status(1).innerText()).resolves.toContain('changed since the question was asked');
    await expect(status(1).getAttribute('data-tone')).resolves.toBe('failed');
    await expect(chat.page.locator('[role="status"][aria-live="polite"]').innerText()).resolves.toContain('changed since');
    // An answer for an Apply this page never sent changes no block.
    await chat.sendHost({ type: 'applyResult', id: 'apply-999', outcome: 'cancelled', message: 'Not applied: you cancelled it.' });
    await expect(chat.page.locator('.code-status', { hasText: 'you cancelled it' }).count()).resolves.toBe(0);
    expect(await chat.takePosted()).toEqual([]);
  });

  it('links post openLink and never navigate the webview', async () => {
    const local = `${server.origin}/navigated`;
    await chat.sendHost({ type: 'turn', turn: answer('a7', { text: `[guide](https://hexdocs.pm/elixir/GenServer.html) and [here](${local})`, status: 'done' }) });
    const url = chat.page.url();
    await chat.page.getByRole('link', { name: 'guide' }).click();
    await chat.page.getByRole('link', { name: 'here' }).click({ modifiers: ['Control'] });
    await chat.page.getByRole('link', { name: 'here' }).click({ button: 'middle' });
    await chat.page.getByRole('link', { name: 'here' }).click();
    await chat.page.waitForTimeout(100);
    expect(await chat.takePosted()).toEqual([
      { type: 'openLink', href: 'https://hexdocs.pm/elixir/GenServer.html' },
      { type: 'openLink', href: local },
      { type: 'openLink', href: local },
    ]);
    expect(chat.page.url()).toBe(url);
    expect(chat.context.pages()).toHaveLength(1);
    expect(server.strayRequests).not.toContain('/navigated');
  });

  it('Enter asks, Shift+Enter adds a newline, blank questions and questions during an answer are not sent', async () => {
    const input = chat.page.locator('.question-input');
    await input.click();
    await chat.page.keyboard.type('Should Cart be a GenServer?');
    await chat.page.keyboard.press('Shift+Enter');
    await chat.page.keyboard.type('It has no state.');
    await expect(input.inputValue()).resolves.toBe('Should Cart be a GenServer?\nIt has no state.');
    expect(await chat.takePosted()).toEqual([]);
    await chat.page.keyboard.press('Enter');
    expect(await chat.takePosted()).toEqual([{ type: 'ask', text: 'Should Cart be a GenServer?\nIt has no state.' }]);
    await expect(input.inputValue()).resolves.toBe('');

    await chat.page.keyboard.type('   ');
    await chat.page.keyboard.press('Enter');
    expect(await chat.takePosted()).toEqual([]);

    await chat.sendHost({ type: 'turn', turn: answer('a8') });
    await input.fill('Next question');
    await input.press('Enter');
    expect(await chat.takePosted()).toEqual([]);
    await expect(input.inputValue()).resolves.toBe('Next question');
  });

  it('the draft and the collapsed preview survive a reload through webview state; a state message rebuilds the conversation', async () => {
    const input = chat.page.locator('.question-input');
    await input.fill('half-written question');
    const preview = { message: 'You are an OTP expert.\n\n<code>lib/shop/cart.ex</code>', tokens: 1234, redactions: 2 };
    await chat.sendHost({ type: 'preview', preview });
    await chat.page.locator('.preview summary').click();
    // details fires toggle in a later task.
    await expect.poll(() => chat.savedState()).toEqual({ draft: 'half-written question', previewCollapsed: true, blockerCollapsed: false });

    await chat.load();
    await expect(chat.page.locator('.turn').count()).resolves.toBe(0);
    await expect(input.inputValue()).resolves.toBe('half-written question');
    const turns = [userTurn('u1', 'first'), answer('a1', { text: 'First answer.', status: 'done' }), userTurn('u2', 'second'), answer('a2', { text: 'Streaming so far', explanation: 'Offline text.' })];
    await chat.sendHost({ type: 'state', state: chatState(conversation('c9', turns, { preview })) });
    await expect(chat.page.locator('.turn').evaluateAll((els) => els.map((e) => e.getAttribute('data-turn-id')))).resolves.toEqual(['u1', 'a1', 'u2', 'a2']);
    await expect(answerText('a2')).resolves.toBe('Streaming so far');
    await expect(chat.page.locator('.composer button').innerText()).resolves.toBe('Stop');
    await expect(chat.page.locator('.preview details').evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(false);
    await expect(chat.page.locator('.preview-message').textContent()).resolves.toBe(preview.message);
    // A delta for the restored streaming turn continues it.
    await chat.sendHost({ type: 'delta', turnId: 'a2', text: ', and more.' });
    await expect.poll(() => answerText('a2'), { timeout: 20 * SHOW_INTERVAL_MS }).toBe('Streaming so far, and more.');
  });

  it('while streaming, text shows at once and its formatting catches up without another delta; an open fence is highlighted once closed', async () => {
    await chat.sendHost({ type: 'turn', turn: answer('s1') }, { type: 'delta', turnId: 's1', text: 'Intro.\n\n' });
    const s1 = chat.page.locator('[data-turn-id="s1"] .answer');
    await chat.sendHost({ type: 'delta', turnId: 's1', text: 'Use **plain' }, { type: 'delta', turnId: 's1', text: ' functions** here.\n\n```elixir\ndefmodule Shop.Cart do\n' });
    await expect.poll(() => s1.locator('strong').allInnerTexts(), { timeout: 20 * SHOW_INTERVAL_MS }).toEqual(['plain functions']);
    // The fence is still open: its code is shown as text, unhighlighted.
    await expect(s1.locator('.code-block code').innerText()).resolves.toBe('defmodule Shop.Cart do');
    await expect(s1.locator('.hljs-keyword').count()).resolves.toBe(0);
    await chat.sendHost({ type: 'delta', turnId: 's1', text: 'end\n```\n\nDone.' });
    await expect.poll(() => s1.locator('.hljs-keyword').count(), { timeout: 20 * SHOW_INTERVAL_MS }).toBeGreaterThan(0);
    await chat.sendHost({ type: 'done', turnId: 's1', status: 'done' });
    await expect(s1.innerText()).resolves.toBe('Intro.\n\nUse plain functions here.\n\nCopy\nInsert\nApply\ndefmodule Shop.Cart do\nend\n\nDone.');
  });

  it('at every step of a stream, the answer reads as the one-shot render of the text so far', async () => {
    // Words and marks arrive a few at a time, each with the space before it as model tokens come, so open paragraphs,
    // headings and list items grow by plain words (shown by extending their text) and by marks (rendered again), and
    // blocks settle one after another.
    const source = `${ANSWER_MARKDOWN}\nA *short* note: keep **plain functions**, then \`Shop.Cart.total/1\` and www.example.com too.\n\n- one item\n- another item grows word by word\n`;
    const steps = source.split(/(?=[ \n])/).reduce<string[]>((acc, word, i) => (i % 3 === 0 ? [...acc, word] : [...acc.slice(0, -1), acc[acc.length - 1] + word]), []);
    await chat.sendHost({ type: 'turn', turn: answer('w1') }, { type: 'turn', turn: answer('w2', { text: '', status: 'done' }) });
    const streamed = chat.page.locator('[data-turn-id="w1"] .answer');
    const oneShot = chat.page.locator('[data-turn-id="w2"] .answer');
    let sofar = '';
    for (const step of steps) {
      sofar += step;
      await chat.sendHost({ type: 'delta', turnId: 'w1', text: step }, { type: 'turn', turn: answer('w2', { text: sofar, status: 'done' }) });
      const expected = await oneShot.innerText();
      await expect.poll(() => streamed.innerText(), { timeout: 20 * SHOW_INTERVAL_MS }).toBe(expected);
    }
  });

  it('Escape stops a streaming answer; with nothing streaming it posts nothing', async () => {
    await chat.page.locator('.question-input').press('Escape');
    expect(await chat.takePosted()).toEqual([]);
    await chat.sendHost({ type: 'turn', turn: answer('e1') }, { type: 'delta', turnId: 'e1', text: 'Partial' });
    await chat.page.locator('.question-input').press('Escape');
    await chat.page.locator('[data-turn-id="e1"]').click();
    await chat.page.keyboard.press('Escape');
    expect(await chat.takePosted()).toEqual([{ type: 'stop', turnId: 'e1' }, { type: 'stop', turnId: 'e1' }]);
  });

  it('ignores deltas, notices, done and errors for a turn of another conversation', async () => {
    await chat.sendHost({ type: 'state', state: chatState(conversation('c1', [userTurn('u1', 'first'), answer('a1', { text: 'Half' })])) });
    await chat.sendHost({ type: 'state', state: chatState(conversation('c2', [userTurn('u2', 'second'), answer('b1', { text: 'Shown.', status: 'done' })])) });
    await chat.page.locator('[role="status"][aria-live="polite"]').evaluate((el) => (el.textContent = ''));
    await chat.sendHost(
      { type: 'delta', turnId: 'a1', text: ' an answer' },
      { type: 'notice', turnId: 'a1', notice: 'Overloaded, retrying in 2 s…' },
      { type: 'error', turnId: 'a1', message: 'Anthropic is overloaded.', retryable: true },
      { type: 'done', turnId: 'a1', status: 'done' },
    );
    await chat.page.waitForTimeout(SHOW_INTERVAL_MS);
    await expect(chat.page.locator('.turn').evaluateAll((els) => els.map((e) => e.getAttribute('data-turn-id')))).resolves.toEqual(['u2', 'b1']);
    await expect(answerText('b1')).resolves.toBe('Shown.');
    await expect(chat.page.locator('.notice:visible, .error-message').count()).resolves.toBe(0);
    await expect(chat.page.locator('[role="status"][aria-live="polite"]').textContent()).resolves.toBe('');
    await expect(chat.page.locator('.composer button').innerText()).resolves.toBe('Ask');
  });

  it('while a preview waits, nothing can be asked and a hint says why; Send or Cancel enables asking again', async () => {
    const input = chat.page.locator('.question-input');
    const hint = chat.page.locator('.composer-hint');
    const ask = chat.page.getByRole('button', { name: 'Ask the OTP expert' });
    await expect(hint.isHidden()).resolves.toBe(true);
    await chat.sendHost({ type: 'preview', preview: { message: 'System: OTP expert', tokens: 10, redactions: 0 } });
    await input.fill('A follow-up');
    await input.press('Enter');
    expect(await chat.takePosted()).toEqual([]);
    await expect(ask.isDisabled()).resolves.toBe(true);
    await expect(hint.innerText()).resolves.toBe('Send or cancel the preview first.');
    await expect(input.getAttribute('aria-describedby')).resolves.toBe('composer-hint');
    await expect(input.inputValue()).resolves.toBe('A follow-up');

    await chat.page.getByRole('button', { name: 'Cancel, send nothing' }).click();
    expect(await chat.takePosted()).toEqual([{ type: 'cancelPreview' }]);
    // Until the host confirms, the preview stays and asking stays blocked.
    await expect(hint.isVisible()).resolves.toBe(true);
    await chat.sendHost({ type: 'preview', preview: null });
    await expect(hint.isHidden()).resolves.toBe(true);
    await input.press('Enter');
    expect(await chat.takePosted()).toEqual([{ type: 'ask', text: 'A follow-up' }]);

    // A conversation restored with its preview pending blocks asking too.
    await chat.sendHost({ type: 'state', state: chatState(conversation('c8', [], { preview: { message: 'm', tokens: 1, redactions: 0 } })) });
    await expect(ask.isDisabled()).resolves.toBe(true);
    await chat.sendHost({ type: 'preview', preview: null });
    await expect(ask.isDisabled()).resolves.toBe(false);
  });

  it('Copy says "Copied" for a moment after posting copy', async () => {
    await chat.sendHost({ type: 'turn', turn: answer('k1', { text: '```elixir\nx = 1\n```', status: 'done' }) });
    const copy = chat.page.locator('[data-turn-id="k1"]').getByRole('button', { name: 'Copy code' });
    await copy.click();
    expect(await chat.takePosted()).toEqual([{ type: 'copy', code: 'x = 1' }]);
    await expect(copy.innerText()).resolves.toBe('Copied');
    await expect.poll(() => copy.innerText(), { timeout: 3000 }).toBe('Copy');
  });

  it('history dates have one short shape whatever the locale, in local time', async () => {
    const other = await ChatPage.open(browser, server, { locale: 'de-DE', timezoneId: 'Asia/Kolkata' });
    try {
      await other.sendHost({ type: 'state', state: chatState(conversation('c1', [userTurn('u1', 'q')])) });
      // Updated at 10:05 UTC, shown in India's time (UTC+5:30).
      await expect(other.page.locator('.history-meta').textContent()).resolves.toBe('2025-01-02 15:35 · 1 turns');
    } finally {
      await other.close();
    }
  });

  it('lists earlier conversations and posts openConversation for the one picked', async () => {
    const history = [summary('c3', 'Is Shop.Cart a GenServer?', 4), summary('c2', 'Registry for sessions', 2), summary('c1', 'ETS or Map?', 6)];
    await chat.sendHost({ type: 'state', state: chatState(conversation('c3', [userTurn('u1', 'Is Shop.Cart a GenServer?')]), { history }) });
    await chat.page.locator('.history summary').click();
    const items = chat.page.locator('.history-list button');
    await expect(items.locator('.history-title').allInnerTexts()).resolves.toEqual(['Is Shop.Cart a GenServer?', 'Registry for sessions', 'ETS or Map?']);
    await expect(items.nth(0).getAttribute('aria-current')).resolves.toBe('true');
    await expect(chat.page.locator('.history summary').innerText()).resolves.toBe('History (3)');
    await items.nth(1).click();
    expect(await chat.takePosted()).toEqual([{ type: 'openConversation', id: 'c2' }]);
    await chat.sendHost({ type: 'state', state: chatState(conversation('c2', [userTurn('u9', 'Registry for sessions')]), { history }) });
    await expect(chat.page.locator('.question').allInnerTexts()).resolves.toEqual(['Registry for sessions']);
    await expect(items.nth(1).getAttribute('aria-current')).resolves.toBe('true');
    await chat.page.getByRole('button', { name: 'Start a new conversation' }).click();
    expect(await chat.takePosted()).toEqual([{ type: 'newConversation' }]);
  });

  it('the header shows phase and persona; clicking the phase posts changePhase', async () => {
    const phase = chat.page.locator('.phase');
    await expect(phase.innerText()).resolves.toBe('GREEN phase');
    await expect(phase.getAttribute('title')).resolves.toBe('Last mix test run failed and lib files changed since (auto). Click to change.');
    await expect(chat.page.locator('.persona').innerText()).resolves.toBe('OTP expert');
    await phase.click();
    expect(await chat.takePosted()).toEqual([{ type: 'changePhase' }]);
    await chat.sendHost({ type: 'header', header: header({ phase: 'refactor', phaseSetting: 'refactor', phaseReason: 'Picked from the status bar', persona: 'José' }) });
    await expect(phase.innerText()).resolves.toBe('REFACTOR phase');
    await expect(phase.getAttribute('aria-label')).resolves.toBe('TDD phase refactor, set by you: Picked from the status bar. Change phase');
    await expect(chat.page.locator('.persona').innerText()).resolves.toBe('José');
  });

  it('a blocker shows its message with a Set API key button that posts setKey', async () => {
    await chat.sendHost({ type: 'blocker', blocker: { kind: 'no-key', message: 'Set an Anthropic API key to ask the expert.' } });
    const blocker = chat.page.locator('.blocker');
    await expect(blocker.locator('p').innerText()).resolves.toBe('Set an Anthropic API key to ask the expert.');
    await blocker.getByRole('button', { name: 'Set API key' }).click();
    expect(await chat.takePosted()).toEqual([{ type: 'setKey' }]);
    await chat.sendHost({ type: 'blocker', blocker: null });
    await expect(blocker.isHidden()).resolves.toBe(true);
  });

  it('the preview shows the exact message, takes focus, and Send / Cancel post send / cancelPreview and wait for the host', async () => {
    const preview = { message: 'System: OTP expert\n\n```elixir\ndefmodule A do end\n```\n**not markdown here**', tokens: 2048, redactions: 1 };
    await chat.sendHost({ type: 'preview', preview });
    const section = chat.page.locator('.preview');
    const send = section.getByRole('button', { name: 'Send this message to the expert' });
    await expect(section.locator('.preview-message').textContent()).resolves.toBe(preview.message);
    await expect(section.locator('.preview-meta').textContent()).resolves.toBe('About 2,048 tokens, 1 secret redacted.');
    await expect(chat.page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Send');
    await chat.page.keyboard.press('Enter');
    expect(await chat.takePosted()).toEqual([{ type: 'send' }]);
    // Sent is the host's to say: the preview stays, and a second press cannot send twice.
    await expect(section.isVisible()).resolves.toBe(true);
    await expect(send.isDisabled()).resolves.toBe(true);
    await send.click({ force: true });
    expect(await chat.takePosted()).toEqual([]);
    await chat.sendHost({ type: 'preview', preview: null });
    await expect(section.isHidden()).resolves.toBe(true);
    await expect(chat.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).resolves.toBe('Question for the OTP expert');
    await chat.sendHost({ type: 'preview', preview });
    await section.getByRole('button', { name: 'Cancel, send nothing' }).click();
    expect(await chat.takePosted()).toEqual([{ type: 'cancelPreview' }]);
    await chat.sendHost({ type: 'state', state: chatState(conversation('c0', [])) });
    await expect(section.isHidden()).resolves.toBe(true);
  });

  it('with no API key, Send keeps the preview and says why beside it, with Set API key; once the key is set, the same Send sends', async () => {
    const preview = { message: '## Question\n\nDo I need this GenServer?', tokens: 12, redactions: 0 };
    const noKey = { kind: 'no-key' as const, message: 'Set an Anthropic API key to ask the OTP Expert.' };
    await chat.sendHost({ type: 'preview', preview });
    const section = chat.page.locator('.preview');
    const send = section.getByRole('button', { name: 'Send this message to the expert' });
    await send.click();
    expect(await chat.takePosted()).toEqual([{ type: 'send' }]);
    // What the host answers without a key (session.ts): the blocker, then the refusal.
    await chat.sendHost({ type: 'blocker', blocker: noKey }, { type: 'refused', request: 'send', reason: noKey.message, needsKey: true });
    await expect(section.isVisible()).resolves.toBe(true);
    await expect(section.locator('.preview-message').textContent()).resolves.toBe(preview.message);
    const problem = section.locator('.inline-problem');
    await expect(problem.getAttribute('role')).resolves.toBe('alert');
    await expect(problem.locator('p').innerText()).resolves.toBe(noKey.message);
    await expect(send.isEnabled()).resolves.toBe(true);
    await expect(chat.page.locator('[aria-live="polite"]').innerText()).resolves.toBe(noKey.message);

    await problem.getByRole('button', { name: 'Set the Anthropic API key' }).click();
    expect(await chat.takePosted()).toEqual([{ type: 'setKey' }]);
    await chat.sendHost({ type: 'blocker', blocker: null });
    await expect(problem.isHidden()).resolves.toBe(true);
    await expect(chat.page.locator('.blocker').isHidden()).resolves.toBe(true);
    await send.click();
    expect(await chat.takePosted()).toEqual([{ type: 'send' }]);
    await chat.sendHost({ type: 'preview', preview: null }, { type: 'turn', turn: answer('k2') });
    await expect(section.isHidden()).resolves.toBe(true);
    await expect(chat.page.locator('[data-turn-id="k2"] .pending').isVisible()).resolves.toBe(true);
  });

  it('a question the host turns down comes back into the box, with the reason and the fix above it', async () => {
    const input = chat.page.locator('.question-input');
    await input.fill('And with a Registry?');
    await input.press('Enter');
    expect(await chat.takePosted()).toEqual([{ type: 'ask', text: 'And with a Registry?' }]);
    await expect(input.inputValue()).resolves.toBe('');
    await chat.sendHost({ type: 'refused', request: 'ask', reason: 'Set an Anthropic API key to ask the OTP Expert.', needsKey: true, text: 'And with a Registry?' });
    await expect(input.inputValue()).resolves.toBe('And with a Registry?');
    const problem = chat.page.locator('.composer-problem');
    await expect(problem.locator('p').innerText()).resolves.toBe('Set an Anthropic API key to ask the OTP Expert.');
    await problem.getByRole('button', { name: 'Set the Anthropic API key' }).click();
    expect(await chat.takePosted()).toEqual([{ type: 'setKey' }]);
    await chat.sendHost({ type: 'blocker', blocker: null });
    await expect(problem.isHidden()).resolves.toBe(true);

    // Typed again meanwhile: the new text is kept, and the reason still shows.
    await input.fill('Something newer');
    await chat.sendHost({ type: 'refused', request: 'ask', reason: 'Wait for the answer to finish, or stop it, then ask again.', text: 'older' });
    await expect(input.inputValue()).resolves.toBe('Something newer');
    await expect(problem.locator('p').innerText()).resolves.toBe('Wait for the answer to finish, or stop it, then ask again.');
    await expect(problem.getByRole('button').count()).resolves.toBe(0);
    // Asking again clears it.
    await input.press('Enter');
    await expect(problem.isHidden()).resolves.toBe(true);
  });

  it('drops malformed host messages and keeps working', async () => {
    await chat.sendHost({ type: 'turn', turn: answer('a9') });
    await chat.send(
      { type: 'delta', turnId: 'a9', text: 5 },
      { type: 'delta', turnId: 'a9' },
      { type: 'turn', turn: { id: 'x', role: 'assistant' } },
      { type: 'state' },
      { type: 'done', turnId: 'a9', status: 'streaming' },
      { type: 'nonsense' },
      'delta',
      null,
      [1, 2],
    );
    await chat.sendHost({ type: 'delta', turnId: 'a9', text: 'still alive' }, { type: 'delta', turnId: 'unknown', text: 'ignored' });
    await expect.poll(() => answerText('a9'), { timeout: 20 * SHOW_INTERVAL_MS }).toBe('still alive');
    await expect(chat.page.locator('[data-turn-id="a9"]').getAttribute('data-status')).resolves.toBe('streaming');
    expect(pageErrors).toEqual([]);
  });

  it('is keyboard-usable in a sensible order, with labels', async () => {
    await chat.sendHost({ type: 'state', state: chatState(conversation('c5', [userTurn('u1', 'q'), answer('a1', { text: '```elixir\nx = 1\n```', status: 'done' })])) });
    await chat.page.locator('.history').evaluate((d) => ((d as HTMLDetailsElement).open = false));
    await chat.page.locator('body').click({ position: { x: 1, y: 1 } });
    const order: string[] = [];
    for (let i = 0; i < 9; i++) {
      await chat.page.keyboard.press('Tab');
      order.push(await chat.page.evaluate(() => {
        const el = document.activeElement;
        return el?.getAttribute('aria-label') ?? el?.textContent ?? '';
      }));
    }
    expect(order).toEqual([
      'TDD phase green, auto: Last mix test run failed and lib files changed since. Change phase',
      'Start a new conversation',
      'History (1)',
      'Copy code',
      'Insert code at cursor',
      'Apply code to the flagged lines (shows a diff first)',
      'Code',
      'Question for the OTP expert',
      'Ask the OTP expert',
    ]);
  });

  it('fits a 250 px sidebar without horizontal scrolling', async () => {
    await chat.page.setViewportSize({ width: 250, height: 600 });
    const long = 'a'.repeat(200);
    const md = `# ${long}\n\n\`\`\`elixir\n${'x = ' + long}\n\`\`\`\n\n| ${long} | b |\n| - | - |\n| 1 | 2 |\n\nhttps://example.com/${long}`;
    const turns = [userTurn('u1', long, { chips: [{ kind: 'code', label: `lib/${long}.ex:1-9` }] }), answer('a1', { text: md, status: 'done' })];
    await chat.sendHost({ type: 'state', state: chatState(conversation('c6', turns), { header: header({ persona: long }) }) });
    const widths = await chat.page.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth }));
    expect(widths.doc).toBeLessThanOrEqual(250);
    expect(widths.body).toBeLessThanOrEqual(250);
    await chat.page.setViewportSize({ width: 300, height: 700 });
  });

  it('follows the theme through --vscode-* variables (screenshots in test-artifacts/webview)', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const turns = [userTurn('u1', 'Is Shop.Cart a GenServer for a reason?'), answer('a1', { text: ANSWER_MARKDOWN, status: 'incomplete', explanation: 'A GenServer whose state is never read.', usage: { input: 1200, output: 350, cacheRead: 800, cacheWrite: 0 } })];
    await chat.sendHost({ type: 'state', state: chatState(conversation('c7', turns), { blocker: { kind: 'no-key', message: 'Set an Anthropic API key to ask the expert.' } }) });
    await chat.page.locator('.question-input').fill('And the Registry?');
    for (const theme of themes) {
      await chat.applyTheme(theme);
      const colours = await chat.page.evaluate(() => ({
        body: getComputedStyle(document.body).backgroundColor,
        button: getComputedStyle(document.querySelector('.blocker button')!).backgroundColor,
        keyword: getComputedStyle(document.querySelector('.hljs-keyword')!).color,
      }));
      const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
      expect(colours).toEqual({
        body: rgb(theme.vars['--vscode-sideBar-background']),
        button: rgb(theme.vars['--vscode-button-background']),
        keyword: rgb(theme.vars['--vscode-debugTokenExpression-name']),
      });
      await chat.page.screenshot({ path: join(ARTIFACTS, `chat-${theme.name}.png`), fullPage: true });
    }
  });
});

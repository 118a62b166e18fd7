// The conversation follows a growing answer in real Chromium while the reader is at its end (from the first
// overflow on), stays where the reader scrolled up to while the answer goes on, and follows again once the reader is
// back at the end.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostMessage } from '../../src/webview/protocol';
import { SHOW_INTERVAL_MS } from '../../src/webview/render/streaming-markdown';
import { chromiumSkipReason, launchChromium } from '../helpers/browser';
import { ChatPage, serveChat, type ChatServer } from '../helpers/browser-chat';
import { answer, chatState, conversation, userTurn } from './chat-fixtures';

/** Frames are slow on a loaded machine. */
const WAIT = { timeout: 10_000 };

const skip = chromiumSkipReason();
if (skip) console.warn(skip);

/** Paragraphs `from` to `to` of an answer, one delta each. */
const paragraphs = (turnId: string, from: number, to: number): HostMessage[] =>
  Array.from({ length: to - from }, (_, i) => ({ type: 'delta', turnId, text: `Paragraph ${from + i}: Shop.Cart needs no process of its own.\n\n` }));

describe.skipIf(!!skip)('chat scrolling', () => {
  let browser: Browser;
  let server: ChatServer;
  let chat: ChatPage;

  beforeAll(async () => {
    server = await serveChat(`${__dirname}/../../dist/webview`);
    browser = await launchChromium();
    chat = await ChatPage.open(browser, server, { height: 500 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The reader scrolls, at once (a wheel scroll is animated over frames, which a loaded machine stretches). */
  const scrollBy = (dy: number) => chat.page.locator('.conversation').evaluate((el, dy) => el.scrollBy({ top: dy, behavior: 'instant' }), dy);
  const position = () =>
    chat.page.locator('.conversation').evaluate((el) => ({ top: el.scrollTop, fromEnd: el.scrollHeight - el.scrollTop - el.clientHeight }));
  /** Deltas render at most every few hundred ms: waits until the last paragraph sent is on screen. */
  const streamed = async (n: number) => {
    await expect.poll(() => chat.page.locator('.answer').innerText(), { timeout: 20 * SHOW_INTERVAL_MS }).toContain(`Paragraph ${n - 1}:`);
    // The follow happens in the frame that shows the text; one more frame for the observer's report.
    await chat.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  };

  it('follows the answer at the end, stays put once the reader scrolls up, and follows again back at the end', async () => {
    await chat.sendHost({ type: 'state', state: chatState(conversation('s1', [userTurn('u1', 'Is Shop.Cart a GenServer?'), answer('a1')])) });
    // From a conversation that fits to one that overflows, in steps, then on.
    const steps = [0, 2, 6, 12, 20, 30];
    for (let i = 1; i < steps.length; i++) {
      await chat.sendHost(...paragraphs('a1', steps[i - 1], steps[i]));
      await streamed(steps[i]);
    }
    const end = await position();
    expect(end.top).toBeGreaterThan(0);
    expect(end.fromEnd).toBeLessThan(2);

    await scrollBy(-300);
    await expect.poll(async () => (await position()).top, WAIT).toBe(end.top - 300);
    const reading = await position();
    await chat.sendHost(...paragraphs('a1', 30, 40));
    await streamed(40);
    const after = await position();
    expect(after.top).toBe(reading.top);
    expect(after.fromEnd).toBeGreaterThan(reading.fromEnd);

    await scrollBy(100_000);
    await expect.poll(async () => (await position()).fromEnd, WAIT).toBeLessThan(2);
    await chat.sendHost(...paragraphs('a1', 40, 50));
    await streamed(50);
    await chat.sendHost({ type: 'done', turnId: 'a1', status: 'done', usage: { input: 10, output: 500, cacheRead: 0, cacheWrite: 0 } });
    await chat.sendHost({ type: 'turn', turn: userTurn('u2', 'And the tests?') }, { type: 'turn', turn: answer('a2', { text: 'They call the functions.', status: 'done' }) });
    await expect.poll(async () => (await position()).fromEnd).toBeLessThan(2);
  });

  it('opening another conversation shows its end, even after the reader scrolled up in this one', async () => {
    await scrollBy(-400);
    await expect.poll(async () => (await position()).fromEnd, WAIT).toBeGreaterThan(300);
    const long = answer('b1', { text: paragraphs('b1', 0, 40).map((d) => (d.type === 'delta' ? d.text : '')).join(''), status: 'done' });
    await chat.sendHost({ type: 'state', state: chatState(conversation('s2', [userTurn('u1', 'Why a Registry?'), long])) });
    await expect.poll(async () => (await position()).fromEnd).toBeLessThan(2);
  });
});

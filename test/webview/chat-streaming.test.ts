// Incremental rendering of a streamed answer in real Chromium: whatever the deltas and wherever they cut the markdown
// (inside a fence marker, a table's delimiter row, a list item, under a setext heading), and whether text showed
// between them or all arrived at once, the finished answer's DOM is the one-shot render of its text.
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HostMessage } from '../../src/webview/protocol';
import { SHOW_INTERVAL_MS } from '../../src/webview/render/streaming-markdown';
import { chromiumSkipReason, launchChromium } from '../helpers/browser';
import { ChatPage, serveChat, type ChatServer } from '../helpers/browser-chat';
import { answer, chatState, conversation } from './chat-fixtures';

const skip = chromiumSkipReason();

/** Each shape as the pieces it streams in: the cuts fall where a block's meaning is still undecided. */
const SHAPES: Record<string, string[]> = {
  lists: [
    'Steps:\n\n- **Con',
    'currency**: one mailbox\n- Fail',
    'ure: nothing lost\n  - nested `Shop.',
    'Cart` item\n\n1. Replace the call\n2',
    '. Remove the child spec\n\n   with a second paragraph\n3. Done',
  ],
  'code fences split across deltas': [
    'Before.\n\n``',
    '`elixir\ndefmodule Shop.Cart do\n  def total(items), do: Enum.s',
    'um(items)\nend\n``',
    '`\n\nBetween.\n\n~~~\nplain <b>text</b>\n~',
    '~~\n\n    indented code\n\nAfter.',
  ],
  tables: [
    '| Concern | GenServer |\n| --',
    '- | --- |\n| Calls | one mail',
    'box |\n| State | none |\n',
    '| Tests | `start_supervised!` |\n\nAfter the table.',
  ],
  headings: [
    '# Premature OTP\n\nShort version\n',
    '===\n\n## 1. Does `Shop',
    '.Cart` need a process?\n\nText under it.\n\nSetext two\n-',
    '--\n\n> Keep the process if a test kills it.\n> Here none',
    ' does.',
  ],
  'a fence opened and never closed': ['Try this:\n\n```elixir\ndefmodule Shop.Cart do\n', '  def total(items), do: 0\n', 'end\n'],
};

describe.skipIf(!!skip)('chat webview: streamed answers render as the one-shot render', () => {
  let browser: Browser;
  let server: ChatServer;
  let chat: ChatPage;

  beforeAll(async () => {
    server = await serveChat(join(__dirname, '../../dist/webview'));
    browser = await launchChromium();
    chat = await ChatPage.open(browser, server);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    await chat.sendHost({ type: 'state', state: chatState(conversation('c0', [])) });
  });

  // Code blocks' edge-shadow classes follow layout (a ResizeObserver sets them a frame later), not the text.
  const answerHtml = async (id: string) => (await chat.page.locator(`[data-turn-id="${id}"] .answer`).innerHTML()).replace(/ is-clipped-(left|right)/g, '');
  const oneShot = async (id: string, text: string) => {
    await chat.sendHost({ type: 'turn', turn: answer(id, { text, status: 'done' }) });
    return answerHtml(id);
  };
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  for (const [shape, pieces] of Object.entries(SHAPES)) {
    it(`${shape}: shown piece by piece, then finished`, async () => {
      const text = pieces.join('');
      await chat.sendHost({ type: 'turn', turn: answer('s') });
      for (const piece of pieces) {
        await chat.sendHost({ type: 'delta', turnId: 's', text: piece });
        // Past the show interval, so each piece is on screen before the next arrives.
        await pause(SHOW_INTERVAL_MS + 30);
        await expect.poll(() => chat.page.locator('[data-turn-id="s"] .answer').innerText()).not.toBe('');
      }
      await chat.sendHost({ type: 'done', turnId: 's', status: 'done' });
      expect(await answerHtml('s')).toBe(await oneShot('o', text));
    });

    it(`${shape}: character by character in a burst, and stopped`, async () => {
      const text = pieces.join('');
      const deltas: HostMessage[] = [...text].map((c) => ({ type: 'delta', turnId: 'b', text: c }));
      await chat.sendHost({ type: 'turn', turn: answer('b') }, ...deltas.slice(0, 20));
      await pause(SHOW_INTERVAL_MS + 30);
      await chat.sendHost(...deltas.slice(20), { type: 'done', turnId: 'b', status: 'cancelled' });
      expect(await answerHtml('b')).toBe(await oneShot('o', text));
    });
  }

  it('an unclosed fence shows its code while open and as a code block once finished', async () => {
    const pieces = SHAPES['a fence opened and never closed'];
    await chat.sendHost({ type: 'turn', turn: answer('u') }, { type: 'delta', turnId: 'u', text: pieces[0] });
    const block = chat.page.locator('[data-turn-id="u"] .answer .code-block');
    await expect.poll(() => block.locator('code').innerText(), { timeout: 20 * SHOW_INTERVAL_MS }).toBe('defmodule Shop.Cart do');
    await chat.sendHost({ type: 'delta', turnId: 'u', text: pieces[1] + pieces[2] }, { type: 'done', turnId: 'u', status: 'done' });
    await expect(block.locator('code').innerText()).resolves.toBe('defmodule Shop.Cart do\n  def total(items), do: 0\nend');
    await expect(block.locator('.hljs-keyword').first().innerText()).resolves.toBe('defmodule');
  });
});

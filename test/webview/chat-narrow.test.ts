// The chat in a 300 px sidebar, in real Chromium with VS Code's default webview stylesheet, in the dark, light and
// high-contrast themes: layout facts measured in the page (one background per code block, long lines that scroll and
// show it, nothing wider than the sidebar, paths that wrap at their slashes, the no-key message folding to one line),
// and a screenshot of each theme in test-artifacts/webview.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumSkipReason, launchChromium } from '../helpers/browser';
import { ChatPage, serveChat, type ChatServer } from '../helpers/browser-chat';
import { answer, chatState, conversation, userTurn } from './chat-fixtures';
import { themes } from './themes';

const skip = chromiumSkipReason();
if (skip) console.warn(skip);

const ARTIFACTS = join(__dirname, '../../test-artifacts/webview');
const WIDTH = 300;

const LONG_LINE = '  def handle_call({:reserve, sku, quantity}, _from, %{stock: stock} = state), do: {:reply, Map.fetch(stock, sku), state}';
const PREVIEW_PATH = 'apps/shop_web/lib/shop_web/controllers/checkout_controller.ex:12';
const INLINE_PATH = 'apps/shop_web/lib/shop_web/live/inventory_dashboard_live.ex';

const ANSWER = `Keep the stock in the caller: \`${INLINE_PATH}\` only reads it.

\`\`\`elixir
defmodule Shop.Inventory do
${LONG_LINE}
end
\`\`\`

\`\`\`elixir
x = 1
\`\`\`
`;

const PREVIEW = {
  message: `## Finding\n\n- OTP001 stateless-genserver at ${PREVIEW_PATH} in ShopWeb.CheckoutController: a GenServer that never reads its state.`,
  tokens: 40,
  redactions: 0,
};

const NO_KEY = { kind: 'no-key' as const, message: 'Set an Anthropic API key to ask the OTP Expert. The rule explanations work without one.' };

describe.skipIf(!!skip)('chat webview in a 300 px sidebar', () => {
  let browser: Browser;
  let server: ChatServer;
  let chat: ChatPage;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await serveChat(join(__dirname, '../../dist/webview'));
    browser = await launchChromium();
    chat = await ChatPage.open(browser, server, { width: WIDTH, height: 900 });
    const turns = [userTurn('u1', `Why is ${PREVIEW_PATH} flagged?`), answer('a1', { text: ANSWER, status: 'done', explanation: 'A GenServer whose state is never read.\n\n```elixir\nuse GenServer\n```' })];
    await chat.sendHost({ type: 'state', state: chatState(conversation('c1', turns, { preview: PREVIEW }), { blocker: NO_KEY }) });
    await chat.takePosted();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Per code block: the elements of the block that paint a background, the toolbar (buttons) left out. */
  const codeBlockBackgrounds = () =>
    chat.page.locator('.code-block').evaluateAll((blocks) =>
      blocks.map((block) =>
        [block, ...block.querySelectorAll(':scope > pre, :scope > pre *')]
          .filter((el) => {
            const style = getComputedStyle(el);
            const transparent = style.backgroundColor === 'transparent' || /rgba\(.*,\s*0\)$/.test(style.backgroundColor);
            return !transparent || style.backgroundImage !== 'none';
          })
          .map((el) => el.className || el.tagName.toLowerCase()),
      ),
    );

  /** Elements reaching past the viewport's edges, except inside something that scrolls sideways (code, tables). */
  const overflowing = () =>
    chat.page.evaluate(() => {
      const scrollsSideways = (el: Element | null): boolean => {
        for (let a = el?.parentElement; a; a = a.parentElement) if (/auto|scroll/.test(getComputedStyle(a).overflowX)) return true;
        return false;
      };
      return [...document.body.querySelectorAll('*')]
        .filter((el) => !scrollsSideways(el))
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && (r.left < -0.5 || r.right > window.innerWidth + 0.5);
        })
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    });

  /** The text before each line break inside `needle`, within the element `selector` (empty: it did not wrap). */
  const textBeforeBreaks = (selector: string, needle: string) =>
    chat.page.locator(selector).first().evaluate((root, needle) => {
      root.scrollIntoView({ block: 'center' });
      const chars: { node: Text; at: number }[] = [];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) for (let i = 0; i < n.data.length; i++) chars.push({ node: n, at: i });
      const text = chars.map((c) => c.node.data[c.at]).join('');
      const start = text.indexOf(needle);
      if (start < 0) throw new Error(`${needle} not found`);
      const range = document.createRange();
      const tops = Array.from({ length: needle.length }, (_, k) => {
        const { node, at } = chars[start + k]!;
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        return range.getBoundingClientRect().top;
      });
      return tops.flatMap((top, k) => (k > 0 && top > tops[k - 1]! + 2 ? [needle.slice(0, k)] : []));
    }, needle);

  for (const theme of themes) {
    it(`${theme.name}: one background per code block, long lines scroll with a visible edge, paths wrap at slashes, nothing wider than the sidebar`, async () => {
      await chat.applyTheme(theme);

      // The explanation's block and the answer's two: each painted once, by the block, not line by line by its <code>.
      expect(await codeBlockBackgrounds()).toEqual([0, 1, 2].map(() => [expect.stringMatching(/^code-block/)]));

      const long = chat.page.locator('.code-block', { hasText: 'handle_call' }).locator('pre');
      await long.scrollIntoViewIfNeeded();
      const scroller = await long.evaluate((pre: HTMLElement) => ({
        overflowX: getComputedStyle(pre).overflowX,
        scrollWidth: pre.scrollWidth,
        clientWidth: pre.clientWidth,
        // A scrollbar that is drawn takes room under the lines.
        scrollbarHeight: pre.offsetHeight - pre.clientHeight - parseFloat(getComputedStyle(pre).borderTopWidth) - parseFloat(getComputedStyle(pre).borderBottomWidth),
      }));
      expect(scroller.overflowX).toBe('auto');
      expect(scroller.scrollWidth).toBeGreaterThan(scroller.clientWidth);
      expect(scroller.scrollbarHeight).toBeGreaterThan(0);
      const edges = () =>
        long.evaluate((pre) => ({ classes: pre.parentElement!.className, shadow: getComputedStyle(pre).boxShadow !== 'none' }));
      await expect.poll(edges).toEqual({ classes: 'code-block is-clipped-right', shadow: true });
      await long.evaluate((pre) => (pre.scrollLeft = pre.scrollWidth));
      await expect.poll(edges).toEqual({ classes: 'code-block is-clipped-left', shadow: true });
      await long.evaluate((pre) => (pre.scrollLeft = 0));
      await expect.poll(edges).toEqual({ classes: 'code-block is-clipped-right', shadow: true });
      // A short block shows no edge.
      await expect(chat.page.locator('.code-block', { hasText: 'x = 1' }).getAttribute('class')).resolves.toBe('code-block');

      for (const [selector, path] of [
        ['.preview-message', PREVIEW_PATH],
        ['.turn.assistant .answer p', INLINE_PATH],
        ['.turn.user .question', PREVIEW_PATH],
      ] as const) {
        const before = await textBeforeBreaks(selector, path);
        expect(before.length, `${path} in ${selector} is too long for one line`).toBeGreaterThan(0);
        for (const b of before) expect(b, `${selector} wraps ${path}`).toMatch(/\/$/);
      }

      expect(await overflowing()).toEqual([]);
      await chat.page.screenshot({ path: join(ARTIFACTS, `narrow-${theme.name}.png`) });
      await chat.page.locator('.preview').scrollIntoViewIfNeeded();
      await chat.page.screenshot({ path: join(ARTIFACTS, `narrow-${theme.name}-preview.png`) });
    });
  }

  it('the no-key message folds to one line once read, keeps its Set API key, and stays folded after a reload', async () => {
    for (const theme of themes) {
      await chat.applyTheme(theme);
      const blocker = chat.page.locator('.blocker');
      const fullHeight = (await blocker.boundingBox())!.height;
      await chat.page.screenshot({ path: join(ARTIFACTS, `narrow-${theme.name}-no-key.png`), clip: { x: 0, y: 0, width: WIDTH, height: 240 } });
      await blocker.getByRole('button', { name: 'Fold this message to one line' }).click();
      const folded = (await blocker.boundingBox())!.height;
      expect(fullHeight, theme.name).toBeGreaterThan(60);
      expect(folded, theme.name).toBeLessThanOrEqual(32);
      await expect(blocker.innerText()).resolves.toMatch(/^No API key\s+Set API key\s+Why\?$/);
      await chat.page.screenshot({ path: join(ARTIFACTS, `narrow-${theme.name}-no-key-folded.png`), clip: { x: 0, y: 0, width: WIDTH, height: 240 } });
      await blocker.getByRole('button', { name: 'Set API key' }).click();
      expect(await chat.takePosted()).toEqual([{ type: 'setKey' }]);
      await blocker.getByRole('button', { name: 'Show why an API key is needed' }).click();
      await expect(blocker.locator('p').innerText()).resolves.toBe(NO_KEY.message);
    }
    await chat.page.locator('.blocker').getByRole('button', { name: 'Fold this message to one line' }).click();
    await expect.poll(() => chat.savedState()).toMatchObject({ blockerCollapsed: true });
    await chat.load();
    await chat.sendHost({ type: 'state', state: chatState(conversation('c1', []), { blocker: NO_KEY }) });
    expect((await chat.page.locator('.blocker').boundingBox())!.height).toBeLessThanOrEqual(32);
  });
});

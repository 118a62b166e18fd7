// The OTP Expert chat inside code-server: the webview's document (in nested iframes) and its text.
import type { Frame, Page } from 'playwright-core';
import { pollUntil } from './poll';

/** The chat's document, once the webview has rendered it. */
export async function chatFrame(page: Page): Promise<Frame> {
  return pollUntil(
    async () => {
      for (const frame of page.frames()) {
        if (await frame.locator('.chat-header').count().catch(() => 0)) return frame;
      }
      return undefined;
    },
    (f): f is Frame => f !== undefined,
    { timeout: 30_000, what: 'the OTP Expert chat webview' },
  ) as Promise<Frame>;
}

/** The visible text of every element matching `selector`, joined by newlines; empty while there is none. */
export const frameText = (frame: Frame, selector: string): Promise<string> =>
  frame.locator(selector).allInnerTexts().then((t) => t.join('\n')).catch(() => '');

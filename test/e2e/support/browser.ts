// Debian's Chromium driven by playwright-core: one browser per suite, nothing downloaded.
import { chromium, type Browser } from 'playwright-core';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    // Playwright hides scrollbars in headless mode; VS Code shows them, and so should the screenshots.
    ignoreDefaultArgs: ['--hide-scrollbars'],
  });
}

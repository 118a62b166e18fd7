// Launches the system Chromium (Debian's /usr/bin/chromium) through playwright-core, which downloads no browser.
// Where Chromium is missing, browser suites skip with a reason, except on CI, where they must run and so fail.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM_PATH = '/usr/bin/chromium';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Why browser tests cannot run here, or undefined when they can (or must: on CI a missing browser is a failure). */
export function chromiumSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH) || process.env.CI === 'true') return undefined;
  return `${CHROMIUM_PATH} not found (apt-get install chromium); browser tests skipped`;
}

export function launchChromium(): Promise<Browser> {
  // Playwright hides scrollbars in headless mode; VS Code shows them, and layout tests measure them.
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS, ignoreDefaultArgs: ['--hide-scrollbars'] });
}

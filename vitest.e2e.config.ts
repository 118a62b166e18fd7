// The end-to-end suite (npm run test:e2e): the packaged extension in a real VS Code (code-server)
// driven by Chromium, and the language server in Neovim. Suites run one after another; each starts
// one code-server and one browser.
import { defineConfig } from 'vitest/config';
import { scaled } from './test/e2e/support/timeouts';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    setupFiles: ['test/e2e/support/failure-marker.ts'],
    fileParallelism: false,
    testTimeout: scaled(120_000),
    hookTimeout: scaled(180_000),
    // A stuck workbench shows in the screenshots; retrying would hide flakiness.
    retry: 0,
  },
});

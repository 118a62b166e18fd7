// The rewrite proof (npm run test:fixes): every fixture mix project under test/fixtures/fixes passes Debian's
// `mix test` before `otp-advisor fix` and after it, and the findings it fixed are gone.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/fixes/**/*.fixes.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});

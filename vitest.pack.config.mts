// The npm package suite (npm run test:pack): `npm pack`, the tarball installed globally into a temp
// prefix and into a project, `otp-advisor check` and `mix otp_advisor` (Debian's Elixir) on examples/shop.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/pack/**/*.pack.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});

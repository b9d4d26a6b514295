import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'examples/vitest/**/*.test.ts'],
    // No test asserts a duration; the limit only stops a hung test, with room for busy CPUs.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});

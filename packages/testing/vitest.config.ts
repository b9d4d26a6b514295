import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'examples/vitest/**/*.test.ts'],
    // The files share one module graph per worker: the mock's validator of the bundled spec (ajv,
    // one schema per action, compiled on first use) is compiled once, not once per file. Every file
    // starts its own mock and restores what it stubs.
    isolate: false,
    // No test asserts a duration; the limit only stops a hung test, with room for busy CPUs.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});

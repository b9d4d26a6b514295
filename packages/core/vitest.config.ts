import { defineConfig } from 'vitest/config';

/**
 * Files that leave process-wide state behind for the files after them, or need a module graph of
 * their own: OpenTelemetry's globals and the tracing hook (tracing), the module's shared deadline
 * buckets read on fake timers (deadline), and server.ts replaced by no-server.ts with a module mock
 * (no-server). Each runs in a fresh module graph of its own.
 */
const ISOLATED = ['test/tracing.test.ts', 'test/deadline.test.ts', 'test/no-server.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 10_000,
    coverage: {
      enabled: true,
      provider: 'v8',
      include: ['src/**'],
      reporter: ['text-summary'],
      thresholds: { lines: 90, statements: 90 },
    },
    projects: [
      {
        extends: true,
        // The others share one module graph per worker (core is imported once, not once per file):
        // each starts its own servers and clients, and restores what it stubs.
        test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: ISOLATED, isolate: false },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
    ],
  },
});

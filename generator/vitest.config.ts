import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Worker threads, not forked processes: each test file starts faster (about 15% of the suite's time).
    pool: 'threads',
    // Each worker imports the generator (TypeScript, prettier, redocly, openapi-typescript) once for
    // every file it runs, not once per file: about a fifth of the suite's CPU time. Safe here: the
    // generator keeps nothing of a run in module state (context.ts), no test mocks a module, and the
    // two that change a global (fetch in bad-input, __pwned in hostile) restore it.
    isolate: false,
    // Two files at a time even on two cores (vitest's default there is one): the suite is the
    // longest task of `pnpm test`, and its sandbox builds wait on files and worker threads.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

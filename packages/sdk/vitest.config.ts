import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // The files share one module graph per worker: the umbrella and its 41 packages are imported once,
    // not once per file. Each file starts its own servers and clients and restores what it changes.
    isolate: false,
    // test/*.test-d.ts hold type tests (every `expectTypeOf` and `@ts-expect-error` is a type error when it
    // fails), never run: `pnpm typecheck` type-checks them with every package's tests (tsconfig.packages.json).
  },
});

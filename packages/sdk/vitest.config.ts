import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // test/*.test-d.ts hold type tests (every `expectTypeOf` and `@ts-expect-error` is a type error when it
    // fails), never run: `pnpm typecheck` type-checks them with every package's tests, in one program.
  },
});

// ESLint over the hand-written code (`pnpm lint`): @eslint/js and typescript-eslint recommended,
// without the type-aware presets, so that the whole repository lints in seconds. Generated,
// recorded and third-party files are ignored, as in .prettierignore.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      '**/.turbo/',
      '**/coverage/',
      // Written by the generator (`pnpm generate`; generated/manifest.json lists every file).
      'generated/',
      'packages/*/src/**',
      '!packages/core/src/**',
      '!packages/testing/src/**',
      'packages/testing/src/generated/',
      'packages/*/test/replay.test.ts',
      '.generate-staging-*',
      'generator/scratch/',
      // Scratch and output of the benchmarks, the docs site and the testing kit's MIGRATING check.
      'bench/.tmp/',
      'bench/results/',
      'docs/site/',
      'docs/.build/',
      'docs/artifacts/',
      'packages/testing/.migrating-check/',
      'packages/testing/.losant-rest-suite/',
      // The ecosystem suite's scratch project (installed tarballs, compiled scenario program).
      'ecosystem/.scratch/',
      // The consumer type test's scratch project (the tarballs installed).
      '.consumer-types/',
      // The method examples `pnpm typecheck` writes (one module of every generated method's @example).
      'packages/sdk/.typecheck/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names are deliberately unused (positional parameters, skipped tuple items,
      // rest siblings that drop a property).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests read generated OpenAPI documents and specs as untyped JSON and reach deep into them
    // (`doc.paths[p].get.parameters[3]`): `any` is what they mean there.
    files: ['**/test/**', '**/*.test.ts', '**/*.test-d.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);

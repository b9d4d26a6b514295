/**
 * Keep the READMEs and the API reference true. Every ```ts block of the package READMEs (and the
 * root README and MIGRATING.md) is type-checked against the packed tarballs as a user installs them
 * (`pnpm test:consumer-types`: strict, `exactOptionalPropertyTypes`, TypeScript 5.4 and 7.0), and
 * every action's `@example` against the packages by `pnpm typecheck` (strict,
 * `exactOptionalPropertyTypes`): one TypeScript project each, which already reads every package's
 * types. Here: that there is something to check.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { documentedSamples, methodExamples, methodExamplesModule } from '../../../scripts/examples.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('README examples', () => {
  it('finds an example in every package README', () => {
    const blocks = documentedSamples(root);
    const packages = readdirSync(join(root, 'packages'));
    for (const p of packages)
      expect(
        blocks.some((b) => b.file === `packages/${p}/README.md`),
        p,
      ).toBe(true);
  });

  it('finds the examples of the generated methods, each a call on a client of the umbrella', () => {
    // Every action whose required parameters all have documented examples gets one.
    const resourceFiles = readdirSync(join(root, 'packages')).flatMap((p) => {
      try {
        return readdirSync(join(root, 'packages', p, 'src', 'resources'));
      } catch {
        return [];
      }
    });
    const examples = methodExamples(root);
    expect(resourceFiles.length).toBeGreaterThan(0);
    expect(examples.length).toBeGreaterThan(resourceFiles.length);
    for (const code of examples) expect(code).toMatch(/^(const \w+ = )?await losant\.\w+\.\w+\(/);
    const module = methodExamplesModule(root);
    expect(module.startsWith("import { createLosantClient } from '@losant-sdk/sdk';\n")).toBe(true);
    for (const code of examples) expect(module).toContain(`async () => {\n${code}};`);
  });
});

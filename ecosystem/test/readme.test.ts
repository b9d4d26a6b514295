/** The root README's runtime table is the one the suite's own lists make, and the runtimes are pinned. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RUNTIMES } from '../src/plan.js';
import { README, runtimeSection, withSection } from '../src/readme.js';

describe('the README runtime table', () => {
  it('is current (pnpm --filter @losant-sdk/ecosystem readme rewrites it)', () => {
    const readme = readFileSync(README, 'utf8');
    expect(withSection(readme, runtimeSection())).toBe(readme);
  });

  it('names every runtime the suite runs, and each npm-provided runtime is pinned to an exact version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    const section = runtimeSection();
    for (const r of RUNTIMES) {
      expect(section).toContain(r.label);
      if (r.npm) expect(pkg.devDependencies[r.npm], r.npm).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });
});

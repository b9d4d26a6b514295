/**
 * `generate --check`, as part of `pnpm test`: every generated file that is committed
 * (package scaffolding, the API-surface snapshots and anchors) is exactly what the generator produces.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { built, builtApis, builtPaths, model } from './support/built.js';
import { repoRoot } from './support/env.js';

const committed = builtPaths().filter((p) => !p.startsWith('generated/') && !/^packages\/[^/]+\/src\//.test(p) && !p.endsWith('CHANGELOG.md'));

describe('committed generated files are up to date (pnpm generate:check)', () => {
  it('covers the scaffolding of every package, every API-surface snapshot and the anchors', () => {
    for (const api of builtApis()) expect(committed).toContain(`spec/surface/${api}.json`);
    expect(committed).toContain('spec/surface/anchors.json');
    const tags = new Set(builtApis().flatMap((api) => model(api).operations.map((o) => `${api}:${o.tag}`)));
    expect(committed.filter((p) => p.endsWith('/package.json'))).toHaveLength(tags.size + 1);
    expect(committed.filter((p) => p.endsWith('/test/replay.test.ts'))).toHaveLength(tags.size);
  });

  it.each(committed.map((p) => [p]))('%s', (path) => {
    const file = join(repoRoot, path);
    expect(existsSync(file), `${path} is missing: run pnpm generate and commit it`).toBe(true);
    expect(readFileSync(file, 'utf8') === built(path), `${path} is out of date: run pnpm generate and commit it`).toBe(true);
  });
});

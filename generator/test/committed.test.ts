/**
 * `generate --check`, as part of `pnpm test`: every generated file that is committed
 * (package scaffolding, the API-surface snapshots and anchors) is exactly what the generator produces.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { built, builtApis, builtPaths, model } from './support/built.js';
import { repoRoot } from './support/env.js';

const committed = builtPaths().filter(
  (p) => !p.startsWith('generated/') && !/^packages\/[^/]+\/src\//.test(p) && !p.endsWith('CHANGELOG.md'),
);

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
    expect(readFileSync(file, 'utf8') === built(path), `${path} is out of date: run pnpm generate and commit it`).toBe(
      true,
    );
  });
});

describe('one Node support statement everywhere', () => {
  it('package engines, the README and the CI matrix agree', () => {
    const engines = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).engines.node as string;
    const packages = builtPaths().filter((p) => /^packages\/[^/]+\/package\.json$/.test(p));
    for (const p of packages) expect(JSON.parse(built(p)).engines.node, p).toBe(engines);
    expect(JSON.parse(readFileSync(join(repoRoot, 'packages', 'core', 'package.json'), 'utf8')).engines.node).toBe(
      engines,
    );
    const minimum = /^>=(\d+)\.(\d+)$/.exec(engines)!;
    expect(readFileSync(join(repoRoot, 'README.md'), 'utf8')).toContain(`Node ${minimum[1]}.${minimum[2]} or newer`);
    const matrix = /node: \[([\d, ]+)\]/
      .exec(readFileSync(join(repoRoot, '.github', 'workflows', 'ci.yml'), 'utf8'))![1]!
      .split(', ')
      .map(Number);
    expect(matrix[0]).toBe(Number(minimum[1]));
  });

  it('the lock pins every OpenAPI document by a full commit SHA', () => {
    const lock = JSON.parse(readFileSync(join(repoRoot, 'spec', 'sources.lock.json'), 'utf8'));
    for (const d of Object.values(lock.openapi.documents) as Array<{ url: string }>)
      expect(d.url).toMatch(/\/[0-9a-f]{40}\//);
  });
});

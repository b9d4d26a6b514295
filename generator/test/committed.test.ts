/**
 * `generate --check`, as part of `pnpm test`: every generated file that is committed
 * (package scaffolding, the API-surface snapshot) is exactly what the generator produces.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject, describe, expect, it } from 'vitest';
import { built } from './support/built.js';
import { repoRoot } from './support/env.js';

const committed = Object.keys(inject('builtFiles')).filter((p) => !p.startsWith('generated/') && !/^packages\/[^/]+\/(src|test)\//.test(p) && !p.endsWith('CHANGELOG.md'));

describe('committed generated files are up to date (pnpm generate:check)', () => {
  it('covers the scaffolding of every package and the API-surface snapshot', () => {
    expect(committed).toContain('spec/surface/application.json');
    expect(committed.filter((p) => p.endsWith('/package.json'))).toHaveLength(16);
  });

  it.each(committed.map((p) => [p]))('%s', (path) => {
    const file = join(repoRoot, path);
    expect(existsSync(file), `${path} is missing: run pnpm generate and commit it`).toBe(true);
    expect(readFileSync(file, 'utf8') === built(path), `${path} is out of date: run pnpm generate and commit it`).toBe(true);
  });
});

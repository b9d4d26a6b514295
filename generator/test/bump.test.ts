/**
 * The two real upstream moves in the mirror, run end to end as a maintainer would
 * (`spec:bump`), each in a sandbox repository holding our committed spec/ and snapshot.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import parseChangeset from '@changesets/parse';
import { beforeAll, describe, expect, it } from 'vitest';
import { bump, type BumpResult } from '../src/release/bump.js';
import type { ApiSurface } from '../src/surface/surface.js';
import { sandbox } from './support/env.js';

async function runBump(args: { openapi?: string; docs?: string }) {
  const box = await sandbox();
  const before = JSON.parse(await readFile(join(box.root, 'spec', 'surface', 'application.json'), 'utf8')) as ApiSurface;
  const result = await bump({ root: box.root, upstreamDir: box.mirror, ...args });
  const after = JSON.parse(await readFile(join(box.root, 'spec', 'surface', 'application.json'), 'utf8')) as ApiSurface;
  const lock = JSON.parse(await readFile(join(box.root, 'spec', 'sources.lock.json'), 'utf8'));
  const files = (await readdir(join(box.root, '.changeset')).catch(() => [] as string[])).sort();
  const changesets = await Promise.all(files.map(async (f) => ({ file: f, ...parseChangeset(await readFile(join(box.root, '.changeset', f), 'utf8')) })));
  return { result, before, after, lock, changesets };
}

describe('spec bump: OpenAPI 2026-05-25 → 2026-07-24 (same API, re-published)', () => {
  let run: Awaited<ReturnType<typeof runBump>>;
  beforeAll(async () => {
    run = await runBump({ openapi: '2026-07-24' });
  });

  it('pins the new revision in the lock', () => {
    expect(run.lock.openapi.revision).toBe('2026-07-24');
    expect(run.lock.openapi.documents.application.path).toBe('openapi/2026-07-24/losant-application-api-openapi.yml');
    expect(run.after.sources).toEqual({ openapi: '2026-07-24', docsIndex: '1.29.4' });
  });

  it('finds no API change: same operations, parameters, schema shapes and type names', () => {
    for (const [name, pkg] of Object.entries(run.before.packages)) {
      expect(run.after.packages[name]!.operations, name).toEqual(pkg.operations);
      expect(Object.keys(run.after.packages[name]!.schemas), name).toEqual(Object.keys(pkg.schemas));
      for (const [s, fp] of Object.entries(pkg.schemas)) expect(run.after.packages[name]!.schemas[s]!.shape, `${name} ${s}`).toBe(fp.shape);
    }
    expect(run.after.anchors).toEqual(run.before.anchors);
  });

  it('classifies the documentation-only differences as patches, and says why', () => {
    expect(run.result.packages.every((p) => p.level === 'patch')).toBe(true);
    for (const p of run.result.packages) for (const c of p.changes) expect(c.text, p.name).toMatch(/descriptions of `Schemas\['\w+'\]` changed|re-exports/);
    expect(run.result.summary).toContain('No API change: every operation, parameter and schema shape is identical.');
    expect(run.changesets.map((c) => c.releases)).toEqual(run.result.packages.map((p) => [{ name: p.name, type: 'patch' }]));
  });
});

describe('spec bump: docs index and schemas 1.29.4 → 1.30.0 (a real API release)', () => {
  let run: Awaited<ReturnType<typeof runBump>>;
  let byName: Map<string, BumpResult['packages'][number]>;
  beforeAll(async () => {
    run = await runBump({ docs: '1.30.0' });
    byName = new Map(run.result.packages.map((p) => [p.name, p]));
  });

  it('bumps API Tokens and Dashboards (and the umbrella) minor: fields and values were added', () => {
    expect(Object.fromEntries(run.result.packages.filter((p) => p.level !== 'patch').map((p) => [p.name, p.level]))).toEqual({
      '@losant-sdk/api-tokens': 'minor',
      '@losant-sdk/dashboards': 'minor',
      '@losant-sdk/sdk': 'minor',
    });
    const tokens = byName.get('@losant-sdk/api-tokens')!.changes.map((c) => `${c.level}: ${c.text}`);
    expect(tokens).toContain('minor: `applicationApiToken.get` response 200: `defaultRole` property added');
    expect(tokens).toContain('minor: `applicationApiTokens.post` request body: `orgRoles` property added');
    expect(tokens.some((t) => t.startsWith('minor: `applicationApiTokens.post` request body: `scope[]` new values "all.Application.bounded"'))).toBe(true);
    expect(tokens).toContain("minor: type `Schemas['orgRoles']` added");
    const dashboards = byName.get('@losant-sdk/dashboards')!.changes.map((c) => `${c.level}: ${c.text}`);
    expect(dashboards).toContain('minor: `dashboard.get` response 200: `blocks[]<oneOf[7]>.config.maxResultsPerDevice` property added');
  });

  it('gives every other package a patch for the new Accept-Version, and nothing is major', () => {
    for (const p of run.result.packages) {
      expect(p.level, p.name).not.toBe('major');
      if (p.level === 'patch') expect(p.changes.map((c) => c.text)).toEqual(['built from Losant API 1.30.0 (was 1.29.4); requests send `Accept-Version: ^1.30.0`']);
    }
    expect(run.result.packages).toHaveLength(16);
  });

  it('writes one valid changeset per package, naming each change', () => {
    expect(run.changesets).toHaveLength(16);
    const tokens = run.changesets.find((c) => c.file.endsWith('api-tokens.md'))!;
    expect(tokens.releases).toEqual([{ name: '@losant-sdk/api-tokens', type: 'minor' }]);
    expect(tokens.summary).toContain('Losant API spec bump: docs index 1.29.4 → 1.30.0');
    expect(tokens.summary).toContain('- minor: `applicationApiToken.get` response 200: `defaultRole` property added');
    expect(run.lock.docsIndex.apiVersion).toBe('1.30.0');
    expect(run.after.apiVersion).toBe('1.30.0');
  });
});

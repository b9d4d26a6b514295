/**
 * Upstream moves run end to end as a maintainer would (`spec:bump`), each in a sandbox repository:
 * the mirror's real docs-index release, in one holding our committed spec/ and snapshots; a
 * re-publish of the same API under new file names, in one of the fixture API
 * (test/fixtures/small-api, whose 2000-02-01 revision re-publishes 2000-01-01 so).
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import parseChangeset from '@changesets/parse';
import { beforeAll, describe, expect, it } from 'vitest';
import { isGeneratorError } from '../src/errors.js';
import { bump, type BumpResult } from '../src/release/bump.js';
import type { ApiSurface } from '../src/surface/surface.js';
import { parse, stringify } from 'yaml';
import { built, builtPaths } from './support/built.js';
import { committedLock, fixtureDir, fixtureLock, mirrorDir, pinSandbox, repoRoot, sandbox } from './support/env.js';

type Obj = Record<string, any>;
const surfaces = async (root: string) => {
  const dir = join(root, 'spec', 'surface');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json') && f !== 'anchors.json');
  return Object.fromEntries(
    await Promise.all(
      files.map(async (f) => [f.slice(0, -5), JSON.parse(await readFile(join(dir, f), 'utf8')) as ApiSurface] as const),
    ),
  );
};

async function runBump(box: Awaited<ReturnType<typeof sandbox>>, args: { openapi?: string; docs?: string }) {
  const before = await surfaces(box.root);
  const anchorsBefore = await readFile(join(box.root, 'spec', 'surface', 'anchors.json'), 'utf8');
  const result = await bump({ root: box.root, upstreamDir: box.mirror, ...args });
  const after = await surfaces(box.root);
  const lock = JSON.parse(await readFile(join(box.root, 'spec', 'sources.lock.json'), 'utf8')) as Obj;
  const files = (await readdir(join(box.root, '.changeset')).catch(() => [] as string[])).sort();
  const changesets = await Promise.all(
    files.map(async (f) => ({ file: f, ...parseChangeset(await readFile(join(box.root, '.changeset', f), 'utf8')) })),
  );
  const anchorsAfter = await readFile(join(box.root, 'spec', 'surface', 'anchors.json'), 'utf8');
  return { result, before, after, lock, changesets, anchorsBefore, anchorsAfter };
}

/** The revisions a repository's inputs have (its spec/origins.json lists them), oldest first. */
async function revisions(root: string) {
  const catalog = JSON.parse(await readFile(join(root, 'spec', 'origins.json'), 'utf8')) as Obj;
  const openapi = Object.keys(catalog['openapi']).sort();
  const docs = Object.keys(catalog['docs']).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return { catalog, oldOpenapi: openapi[0]!, newOpenapi: openapi.at(-1)!, oldDocs: docs[0]!, newDocs: docs.at(-1)! };
}
const fixture = await revisions(fixtureDir);
const { newOpenapi, oldDocs, newDocs } = await revisions(repoRoot);

const { catalog, oldOpenapi: fromOpenapi, newOpenapi: toOpenapi } = fixture;
describe(`spec bump: OpenAPI ${fromOpenapi} → ${toOpenapi} (same API, re-published, files renamed)`, () => {
  let run: Awaited<ReturnType<typeof runBump>>;
  beforeAll(async () => {
    const box = await sandbox({ fixture: true, mirror: false }); // bump reads the inputs, never writes them
    await pinSandbox(box, { openapi: fromOpenapi, docs: fixtureLock.docsIndex.apiVersion });
    run = await runBump(box, { openapi: toOpenapi });
  });

  it('pins every document of the new revision, under its new file name', () => {
    expect(run.lock.openapi.revision).toBe(toOpenapi);
    const files = Object.entries(catalog['openapi'][toOpenapi].documents as Record<string, string>);
    for (const [api, file] of files) {
      expect(file, api).not.toBe(catalog['openapi'][fromOpenapi].documents[api]);
      expect(run.lock.openapi.documents[api].path, api).toBe(`openapi/${toOpenapi}/${file}`);
    }
    for (const s of Object.values(run.after)) expect(s.sources.openapi).toBe(toOpenapi);
  });

  it('finds no API change: same operations, parameters, scopes and type names', () => {
    expect(Object.keys(run.after).sort()).toEqual(Object.keys(run.before).sort());
    const fingerprintless = (op: ApiSurface['packages'][string]['operations'][string]) => ({
      ...op,
      docs: '',
      body: op.body && { ...op.body, schema: '' },
      responses: Object.fromEntries(Object.entries(op.responses).map(([s, r]) => [s, r === null ? null : ''])),
    });
    for (const [api, surface] of Object.entries(run.before)) {
      for (const [name, pkg] of Object.entries(surface.packages)) {
        const next = run.after[api]!.packages[name]!;
        for (const [id, op] of Object.entries(pkg.operations))
          expect(fingerprintless(next.operations[id]!), id).toEqual(fingerprintless(op));
        expect(Object.keys(next.schemas), name).toEqual(Object.keys(pkg.schemas));
      }
    }
    // Factored type names are kept (where each is anchored may move with the document it was found in).
    expect(Object.keys(JSON.parse(run.anchorsBefore).anchors)).not.toEqual([]);
    expect(Object.keys(JSON.parse(run.anchorsAfter).anchors)).toEqual(
      Object.keys(JSON.parse(run.anchorsBefore).anchors),
    );
  });

  it('classifies what differs as patches (descriptions, or a schema written differently that accepts the same JSON), and says why', () => {
    expect(run.result.packages.length).toBeGreaterThan(0);
    expect(run.result.packages.every((p) => p.level === 'patch')).toBe(true);
    for (const p of run.result.packages)
      for (const c of p.changes)
        expect(c.text, p.name).toMatch(
          /descriptions of `Schemas\['\w+'\]` changed|documentation changed|reorganised without a change in what it accepts|re-exports/,
        );
    expect(run.result.summary).toContain(
      'No API change: every operation and parameter is the same, and every schema accepts the same JSON.',
    );
    expect(run.changesets.map((c) => c.releases[0]!.name).sort()).toEqual(
      run.result.packages.map((p) => p.name).sort(),
    );
    for (const c of run.changesets) expect(c.releases).toEqual([{ name: c.releases[0]!.name, type: 'patch' }]);
  });
});

describe(`spec bump: docs index and schemas ${fixture.oldDocs} → ${fixture.newDocs} with a resource no overlay maps yet`, () => {
  it('first names the resources no overlay maps, and the overlay to map them in; nothing is written', async () => {
    const box = await sandbox({ fixture: true, mirror: false }); // bump reads the inputs, never writes them
    const index = async (v: string) =>
      JSON.parse(await readFile(join(box.mirror, 'docs-index', v, 'api-info.json'), 'utf8')) as Obj;
    const [older, newer] = [await index(fixture.oldDocs), await index(fixture.newDocs)];
    const added = Object.keys(newer).filter((r) => !Object.hasOwn(older, r));
    expect(added.length).toBeGreaterThan(0);
    const lockFile = join(box.root, 'spec', 'sources.lock.json');
    const lockBefore = await readFile(lockFile, 'utf8');
    expect(lockBefore).toContain(`"apiVersion":"${fixture.oldDocs}"`);

    const refused = await bump({ root: box.root, upstreamDir: box.mirror, docs: fixture.newDocs }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isGeneratorError(refused) && refused.code).toBe('UNMAPPED_RESOURCE');
    const message = (refused as Error).message;
    // No upstream document has their paths: the API named is that of the resource sharing the most of it.
    for (const r of added) expect(message).toContain(`${r} (${newer[r].path}): map it in spec/apis/application.yaml`);
    expect(message).toContain('built from the docs index and doc schemas alone');
    expect(await readFile(lockFile, 'utf8')).toBe(lockBefore);
    expect(existsSync(join(box.root, 'generated'))).toBe(false);
    expect(existsSync(join(box.root, '.changeset'))).toBe(false);
  });
});

describe(`spec bump: docs index and schemas ${oldDocs} → ${newDocs} (a real API release with new resources)`, () => {
  let box: Awaited<ReturnType<typeof sandbox>>;
  let lockBefore: string;
  let run: Awaited<ReturnType<typeof runBump>>;
  let byName: Map<string, BumpResult['packages'][number]>;
  let added: string[];
  beforeAll(async () => {
    box = await sandbox({ mirror: false }); // bump reads the mirror, never writes it
    const [older, newer] = await Promise.all(
      [oldDocs, newDocs].map(
        async (v) => JSON.parse(await readFile(join(mirrorDir, 'docs-index', v, 'api-info.json'), 'utf8')) as Obj,
      ),
    );
    added = Object.keys(newer!)
      .filter((r) => !Object.hasOwn(older!, r))
      .sort();
    // The repository as it was before the release: the new resources not mapped, the older inputs pinned.
    const overlay = join(box.root, 'spec', 'apis', 'auth.yaml');
    const mapped = parse(await readFile(overlay, 'utf8')) as { tags: Obj; resources: Record<string, string> };
    for (const r of added) delete mapped.resources[r];
    for (const tag of Object.keys(mapped.tags))
      if (!Object.values(mapped.resources).includes(tag)) delete mapped.tags[tag];
    await writeFile(overlay, stringify(mapped));
    await pinSandbox(box, { openapi: newOpenapi, docs: oldDocs });
    lockBefore = await readFile(join(box.root, 'spec', 'sources.lock.json'), 'utf8');
    // Refused until the new resources are mapped (as on the fixture above); the maintainer maps
    // them where the error said (as the committed overlay does).
    await writeFile(overlay, await readFile(join(repoRoot, 'spec', 'apis', 'auth.yaml'), 'utf8'));
    run = await runBump(box, { docs: newDocs });
    byName = new Map(run.result.packages.map((p) => [p.name, p]));
  }, 300_000);

  it('pins the new docs version', () => {
    expect(added.length).toBeGreaterThan(0);
    expect(lockBefore).toContain(`"apiVersion":"${oldDocs}"`);
    expect(run.lock.docsIndex.apiVersion).toBe(newDocs);
  });

  it('once mapped, builds them from the docs index and doc schemas alone, and says so', async () => {
    const report = JSON.parse(await readFile(join(box.root, 'generated', 'auth', 'fidelity.json'), 'utf8')) as Obj;
    expect(report['input'].undescribedResources).toEqual(added);
    expect(report['output'].coverage.every((c: Obj) => c.ok)).toBe(true);
    const ops = Object.keys(run.after['auth']!.packages['@losant-sdk/user-oauth-tokens']!.operations);
    expect(ops.length).toBeGreaterThan(0);
    for (const id of ops) expect(added).toContain(id.split('.')[0]);
  });

  it('classifies the new package as minor, and names the concrete changes of the others', async () => {
    expect(byName.get('@losant-sdk/user-oauth-tokens')).toMatchObject({
      level: 'minor',
      changes: [{ level: 'minor', text: 'new package' }],
    });
    const properties = async (v: string) =>
      Object.keys(
        (JSON.parse(await readFile(join(mirrorDir, 'schemas', v, 'apiToken.json'), 'utf8')) as Obj)['properties'],
      );
    const [older, newer] = await Promise.all([properties(oldDocs), properties(newDocs)]);
    const newProps = newer!.filter((p) => !older!.includes(p));
    expect(newProps.length).toBeGreaterThan(0);
    const tokens = byName.get('@losant-sdk/application-api-tokens')!.changes.map((c) => `${c.level}: ${c.text}`);
    for (const p of newProps)
      expect(tokens).toContain(`minor: \`applicationApiToken.get\` response 200: \`${p}\` property added`);
    // Every major change is a narrowing a caller can hit, stated as such.
    for (const p of run.result.packages)
      for (const c of p.changes.filter((x) => x.level === 'major'))
        expect(c.text, p.name).toMatch(/narrowed|removed|no longer|now required|now needs|re-exports/);
  });

  it('leaves exactly the committed tree: every generated file equals the suite-wide build of the committed inputs', async () => {
    // With the committed fixtures re-recorded from that same tree byte for byte (packages/sdk/test/record.test.ts),
    // this is the proof that a bump ends in a tree whose tests pass.
    if (committedLock.docsIndex.apiVersion !== newDocs || committedLock.openapi.revision !== newOpenapi) return;
    const paths = builtPaths().filter(
      (p) =>
        (p.startsWith('packages/') || p.startsWith('spec/surface/') || /^generated\/[^/]+\/openapi\.json$/.test(p)) &&
        !p.endsWith('CHANGELOG.md'),
    );
    expect(paths.length).toBeGreaterThan(100);
    for (const path of paths) expect((await readFile(join(box.root, path), 'utf8')) === built(path), path).toBe(true);
  });

  it('writes one valid changeset per changed package, naming each change', () => {
    expect(run.changesets).toHaveLength(run.result.packages.length);
    for (const c of run.changesets) {
      const p = byName.get(c.releases[0]!.name)!;
      expect(c.releases).toEqual([{ name: p.name, type: p.level }]);
      expect(c.summary).toContain(`Losant API spec bump: docs index ${oldDocs} → ${newDocs}`);
      expect(c.summary).toContain(`- ${p.changes[0]!.level}: ${p.changes[0]!.text}`);
    }
    for (const s of Object.values(run.after)) expect(s.apiVersion).toBe(newDocs);
  });
});

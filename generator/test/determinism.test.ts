import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRunContext } from '../src/context.js';
import { main } from '../src/cli.js';
import { buildAll } from '../src/pipeline.js';
import { built, builtPaths } from './support/built.js';
import { mirrorDir, sandbox } from './support/env.js';

async function snapshot(dir: string, prefix: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const file = join(entry.parentPath, entry.name);
      out.set(`${prefix}/${relative(dir, file)}`, await readFile(file, 'utf8'));
    }
  }
  return out;
}

describe('deterministic output', () => {
  let written: Map<string, string>;
  let box: Awaited<ReturnType<typeof sandbox>>;
  beforeAll(async () => {
    // A second, independent run (in a sandbox, through the CLI, every step computed again: no
    // cache) against the suite-wide build.
    box = await sandbox({ mirror: false }); // it reads the real mirror
    expect(
      await main(['generate', '--no-cache', '--root', box.root, '--upstream', mirrorDir], {
        out: () => {},
        err: () => {},
      }),
    ).toBe(0);
    // CHANGELOGs are created only where none exists (the sandbox has none): changesets owns them.
    written = new Map(
      [
        ...(await snapshot(join(box.root, 'generated'), 'generated')),
        ...(await snapshot(join(box.root, 'packages'), 'packages')),
      ].filter(([p]) => !p.endsWith('CHANGELOG.md') && p !== 'generated/manifest.json'),
    );
  });

  it('two generator runs produce byte-identical files', () => {
    const first = builtPaths().filter(
      (p) =>
        (p.startsWith('generated/') || p.startsWith('packages/')) &&
        !p.endsWith('CHANGELOG.md') &&
        p !== 'generated/manifest.json',
    );
    expect(first.filter((p) => p.endsWith('schema.ts')).length).toBeGreaterThan(1);
    expect([...written.keys()].sort()).toEqual(first);
    for (const path of first) expect(written.get(path) === built(path), path).toBe(true);
  });

  it('a run that takes every step from the cache produces the same bytes', async () => {
    const ctx = createRunContext({ cacheDir: join(box.root, 'node_modules', '.cache', 'losant-sdk', 'steps') });
    const warm = await buildAll({ root: box.root, upstreamDir: mirrorDir, context: ctx }).finally(() => ctx.close());
    expect(ctx.cache.misses).toBe(0);
    expect(ctx.cache.hits).toBeGreaterThan(builtPaths().filter((p) => p.endsWith('schema.ts')).length);
    const compared = (p: string) => p !== 'generated/manifest.json' && !p.endsWith('CHANGELOG.md');
    const paths = builtPaths().filter(compared);
    expect([...warm.files.keys()].filter(compared).sort()).toEqual(paths);
    for (const path of paths) expect(warm.files.get(path) === built(path), path).toBe(true);
  });

  // That the generated TypeScript is what prettier prints: sources.test.ts (every package source, printed
  // by emit itself) and printed.test.ts (every replay test); the READMEs: markdown.test.ts.

  it('generate --check fails on an edited replay test and on an edited package source, naming them', async () => {
    const replay = join(box.root, 'packages', 'devices', 'test', 'replay.test.ts');
    const source = join(box.root, 'packages', 'devices', 'src', 'types.ts');
    await writeFile(replay, `${await readFile(replay, 'utf8')}// edited\n`);
    await writeFile(source, `${await readFile(source, 'utf8')}// edited\n`);
    const err: string[] = [];
    expect(
      await main(['generate', '--check', '--root', box.root, '--upstream', mirrorDir], {
        out: () => {},
        err: (l) => err.push(l),
      }),
    ).toBe(1);
    expect(err.join('\n')).toMatch(
      /^error OUT_OF_DATE: 2 generated file\(s\) are out of date:\n {2}packages\/devices\/src\/types\.ts\n {2}packages\/devices\/test\/replay\.test\.ts/,
    );
  });
});

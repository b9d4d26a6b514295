import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { inject } from 'vitest';
import { fileURLToPath } from 'node:url';
import { ContentCache } from '../../src/cache.js';
import { Timings, type RunContext } from '../../src/context.js';
import { EmitWorkers } from '../../src/emit/workers.js';
import { formatLock, type SourcesLock } from '../../src/inputs/lock.js';
import { pinSources, type Origins } from '../../src/inputs/pin.js';
import { sha256 } from '../../src/inputs/source.js';
import { ANCHORS_PATH, buildModels, buildSurfaces } from '../../src/pipeline.js';
import { anchorsFile, formatSurface } from '../../src/surface/surface.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The upstream inputs the suite reads (never copied into the repository): the mirror
 * ($LOSANT_UPSTREAM_DIR, else ../shared/upstream beside the repository), else, where there is
 * none (a CI runner), the download cache `pnpm generate` fills from the pinned origins, which
 * has the same layout.
 */
export const mirrorDir: string = (() => {
  const candidates = [
    process.env['LOSANT_UPSTREAM_DIR'],
    resolve(repoRoot, '..', 'shared', 'upstream'),
    resolve(repoRoot, 'node_modules', '.cache', 'losant-sdk', 'upstream'),
  ];
  const dir = candidates.find((d) => d !== undefined && existsSync(d));
  if (!dir)
    throw new Error(
      'no upstream inputs: set LOSANT_UPSTREAM_DIR, put the mirror at ../shared/upstream, or run `pnpm generate` first (it downloads them)',
    );
  return dir;
})();

/** The seed doc pages, which only the mirror has (they have no pinned origin). */
export const seedsDir = resolve(mirrorDir, '..', 'seeds');
export const haveSeeds = existsSync(seedsDir);

/** The committed sources lock (which revisions the SDK is built from today). */
export const committedLock = JSON.parse(
  readFileSync(join(repoRoot, 'spec', 'sources.lock.json'), 'utf8'),
) as SourcesLock;

/**
 * The suite's step cache (filled by the suite-wide build, see global-setup.ts), for a test's own
 * run context: content-addressed, so a test that shares it gets the same bytes, and recomputes
 * only the steps whose input it changed.
 */
export const suiteCache = (): string => join(inject('scratchDir'), 'steps');

let sharedWorkers: EmitWorkers | undefined;

/**
 * A run context for a test's own build, on the suite's step cache, whose emit workers (prettier and
 * openapi-typescript on their threads, about a CPU-second to start) are shared by the builds of
 * every file this test worker runs (vitest.config.ts: isolate: false) and never stopped by one:
 * each small build would otherwise start and stop its own. A step's result depends on its input
 * alone (emit/workers.ts), so sharing the threads changes no output.
 */
export function suiteContext(): RunContext {
  return {
    cache: new ContentCache(suiteCache()),
    timings: new Timings(),
    log: () => {},
    workers: () => (sharedWorkers ??= new EmitWorkers(new ContentCache(suiteCache()))),
    close: async () => {},
  };
}

/**
 * The small hand-written API of test/fixtures/small-api (three APIs, a dozen actions; see its
 * README): a sandbox of it reads kilobytes and reconciles in a fraction of a second, for the tests
 * of what the generator does with a bad input, where the real inputs add nothing but time.
 */
export const fixtureDir = join(repoRoot, 'generator', 'test', 'fixtures', 'small-api');

/** The fixture's sources lock. */
export const fixtureLock = JSON.parse(
  readFileSync(join(fixtureDir, 'spec', 'sources.lock.json'), 'utf8'),
) as SourcesLock;

export interface Sandbox {
  root: string;
  mirror: string;
  /** Re-pin one mirror file's sha256 in the sandbox lock after a test changed it on purpose. */
  relock(path: string): Promise<void>;
}

/**
 * A throwaway repository root (spec/ copied from ours, or from the fixture's with `fixture`) and a
 * private copy of the mirror (of the fixture's inputs with `fixture`), so a test can break an input
 * without touching the real ones. With `mirror: false`, for a test that only reads the inputs,
 * nothing is copied and `mirror` is the real one (read-only). Its step cache is the suite's
 * (content-addressed, so sharing it changes no output, only the time).
 */
export async function sandbox(o: { fixture?: boolean; mirror?: boolean } = {}): Promise<Sandbox> {
  const scratch = inject('scratchDir');
  const base = await mkdtemp(join(scratch ?? tmpdir(), 'sandbox-'));
  const root = join(base, 'repo');
  const inputs = o.fixture ? join(fixtureDir, 'upstream') : mirrorDir;
  const mirror = o.mirror === false ? inputs : join(base, 'upstream');
  await cp(join(o.fixture ? fixtureDir : repoRoot, 'spec'), join(root, 'spec'), { recursive: true });
  if (scratch) {
    await mkdir(join(root, 'node_modules', '.cache', 'losant-sdk'), { recursive: true });
    await symlink(join(scratch, 'steps'), join(root, 'node_modules', '.cache', 'losant-sdk', 'steps'));
  }
  for (const f of ['LICENSE', 'package.json']) await cp(join(repoRoot, f), join(root, f));
  if (o.mirror !== false) await cp(inputs, mirror, { recursive: true });
  return {
    root,
    mirror,
    async relock(path: string) {
      const lockFile = join(root, 'spec', 'sources.lock.json');
      const text = await readFile(lockFile, 'utf8');
      const entry = new RegExp(
        `("path":"${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}","url":"[^"]*","sha256":")[0-9a-f]{64}`,
      );
      if (!entry.test(text)) throw new Error(`${path} is not in the lock`);
      await writeFile(lockFile, text.replace(entry, `$1${sha256(await readFile(join(mirror, path)))}`));
    },
  };
}

/**
 * Put a sandbox at given upstream revisions, as if they were committed: the lock pinned to them
 * and the API-surface snapshots taken from them (spec:bump then compares the next move with it),
 * and where it has none, the factored names of their build (spec/surface/anchors.json).
 */
export async function pinSandbox(
  box: { root: string; mirror: string },
  to: { openapi: string; docs: string },
): Promise<void> {
  const specDir = join(box.root, 'spec');
  const origins = JSON.parse(await readFile(join(specDir, 'origins.json'), 'utf8')) as Origins;
  const lock = await pinSources({
    origins,
    originsFile: join(specDir, 'origins.json'),
    openapiRevision: to.openapi,
    docsVersion: to.docs,
    mirrorDir: box.mirror,
  });
  await writeFile(join(specDir, 'sources.lock.json'), formatLock(lock));
  await mkdir(join(specDir, 'surface'), { recursive: true });
  // On the suite's step cache, which spec:bump's build of the current revision reads too.
  const surfaces = await buildSurfaces({ root: box.root, upstreamDir: box.mirror, lock, context: suiteContext() });
  for (const [api, surface] of Object.entries(surfaces))
    await writeFile(join(specDir, 'surface', `${api}.json`), formatSurface(surface));
  // A repository with no factored names committed yet (the fixture's): those of this revision's build.
  const anchors = join(box.root, ANCHORS_PATH);
  if (!existsSync(anchors)) {
    const { reconciled } = await buildModels({
      root: box.root,
      upstreamDir: box.mirror,
      lock,
      context: suiteContext(),
    });
    await writeFile(anchors, formatSurface(anchorsFile(reconciled.factoring.created.map((c) => c.anchor))));
  }
}

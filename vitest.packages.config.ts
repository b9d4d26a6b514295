/**
 * The replay tests of every generated tag package, in one vitest run (`pnpm test:packages`): the
 * generator writes one replay test per tag package (generated/manifest.json lists them); the tests
 * of the maintainer scripts (scripts/test) run here too. One project, worker threads and no
 * per-file isolation: the 41 files then share one import of core and the fixtures harness
 * (about 5× faster than a project per package). Each file starts its own replay server and holds
 * no module state, so isolation buys nothing here. `pnpm test:packages packages/devices` runs one.
 */
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const manifest = JSON.parse(readFileSync(new URL('./generated/manifest.json', import.meta.url), 'utf8')) as {
  files: string[];
};
const replayTests = manifest.files.filter((f) => /^packages\/[^/]+\/test\/replay\.test\.ts$/.test(f));

export default defineConfig({
  test: {
    include: [...replayTests, 'scripts/test/**/*.test.ts'],
    pool: 'threads',
    isolate: false,
  },
});

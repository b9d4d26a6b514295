import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildAll } from '../../src/pipeline.js';
import { mirrorDir, repoRoot } from './env.js';

/**
 * Build the real inputs once for the whole suite (in memory; nothing is written to the repo),
 * and make the one temporary folder every sandbox of the run goes in (removed at the end). The
 * build fills the suite's own step cache (prettier, openapi-typescript, lint), which every
 * sandbox shares: a sandbox run recomputes only the steps whose input its test changed.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const scratch = await mkdtemp(join(tmpdir(), 'losant-tests-'));
  project.provide('scratchDir', scratch);
  // Seeded with the repository's step cache where `pnpm generate` filled one (Turbo runs it first):
  // entries are content-addressed and carry the sha256 of their value, so a seeded cache changes
  // no byte of the output, only the time. The suite's one cold build of all nine APIs, every step
  // computed, is the determinism test's (determinism.test.ts), compared with this one.
  const repoSteps = join(repoRoot, 'node_modules', '.cache', 'losant-sdk', 'steps');
  if (existsSync(repoSteps)) await cp(repoSteps, join(scratch, 'steps'), { recursive: true });
  else await mkdir(join(scratch, 'steps'));
  const result = await buildAll({ root: repoRoot, upstreamDir: mirrorDir, cache: join(scratch, 'steps') });
  const dir = await mkdtemp(join(tmpdir(), 'losant-build-'));
  const files: Record<string, string> = {};
  for (const [path, content] of result.files) {
    const file = join(dir, path.replace(/\//g, '__'));
    await writeFile(file, content);
    files[path] = file;
  }
  project.provide('builtFiles', files);
  return async () => {
    await rm(scratch, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    builtFiles: Record<string, string>;
    scratchDir: string;
  }
}

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildAll } from '../../src/pipeline.js';
import { mirrorDir, repoRoot } from './env.js';

/** Build the real inputs once for the whole suite (in memory; nothing is written to the repo). */
export default async function setup(project: TestProject): Promise<void> {
  const result = await buildAll({ root: repoRoot, upstreamDir: mirrorDir });
  const dir = await mkdtemp(join(tmpdir(), 'losant-build-'));
  const files: Record<string, string> = {};
  for (const [path, content] of result.files) {
    const file = join(dir, path.replace(/\//g, '__'));
    await writeFile(file, content);
    files[path] = file;
  }
  project.provide('builtFiles', files);
}

declare module 'vitest' {
  export interface ProvidedContext {
    builtFiles: Record<string, string>;
  }
}

// generated/manifest.json: every file the last run wrote, so the next can remove what it no longer
// writes, and never touch a file it did not write (a hand-written test beside a generated one).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeTree, type OutputTree, type WriteSummary } from './output/write.js';

export const MANIFEST_PATH = 'generated/manifest.json';

/** What a write needs from a build. */
export interface Writable {
  files: OutputTree;
  /** Directories the run owns outright (generated/): after the write they hold exactly the planned files. */
  ownedDirs: string[];
  /** Files written only when absent (changesets maintains them afterwards). */
  createOnly: Set<string>;
}

/** The files the last run wrote, as its manifest lists them (none when there is no readable manifest). */
export async function readManifest(root: string): Promise<string[]> {
  const text = await readFile(join(root, MANIFEST_PATH), 'utf8').catch(() => undefined);
  if (text === undefined) return [];
  try {
    const files = (JSON.parse(text) as { files?: unknown }).files;
    return Array.isArray(files)
      ? files.filter((f): f is string => typeof f === 'string' && !f.startsWith('/') && !f.split('/').includes('..'))
      : [];
  } catch {
    return [];
  }
}

export function formatManifest(files: string[], alsoKeep: string[]): string {
  return `${JSON.stringify({ $comment: 'Every file the last `pnpm generate` wrote (see writeGenerated).', files: [...new Set([...files, ...alsoKeep])].sort() }, null, 2)}\n`;
}

/**
 * Write a build: generated/ as a whole (its stale files removed), every other file one by one; only
 * files whose bytes changed are written (output/write.ts). A file an earlier run wrote
 * (it is in that run's manifest) and this one does not is removed; a file the generator never
 * wrote (a hand-written test beside the generated one) is never touched.
 */
export async function writeGenerated(root: string, result: Writable): Promise<WriteSummary> {
  const previous = await readManifest(root);
  const remove = previous.filter(
    (f) => !result.files.has(f) && !f.startsWith('generated/') && !result.createOnly.has(f),
  );
  return writeTree({ root, files: result.files, ownedDirs: result.ownedDirs, remove });
}

// Where the committed API-surface snapshots live (spec/surface/), and reading them back.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseJson } from '../inputs/parse.js';
import type { Anchor } from '../reconcile/schemas/factor.js';
import type { AnchorsFile, ApiSurface } from './surface.js';

export const ANCHORS_PATH = 'spec/surface/anchors.json';

export function surfacePath(api: string): string {
  return `spec/surface/${api}.json`;
}

/** An API's committed snapshot, or undefined when there is none yet. */
export async function readSurface(specDir: string, api: string): Promise<ApiSurface | undefined> {
  const file = join(specDir, 'surface', `${api}.json`);
  const text = await readFile(file, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (parseJson(text, file) as ApiSurface);
}

/** The names earlier runs gave to factored sub-schemas. */
export async function readAnchors(specDir: string): Promise<Anchor[]> {
  const file = join(specDir, 'surface', 'anchors.json');
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return [];
  const anchors = (parseJson(text, file) as AnchorsFile).anchors ?? {};
  return Object.entries(anchors).map(([name, a]) => ({ name, ...a }));
}

/** The step cache: a hit is the stored value, and anything short of a valid entry is a miss. */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { ContentCache } from '../src/cache.js';

const scratch = () => mkdtemp(join(inject('scratchDir'), 'cache-'));

/** A step that counts its runs. */
function step(value: string) {
  const runs = { count: 0 };
  return { runs, compute: async () => (runs.count++, value) };
}

async function entries(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('ContentCache', () => {
  it('runs a step once per key and returns the stored value after', async () => {
    const cache = new ContentCache(await scratch());
    const s = step('formatted\n');
    expect(await cache.memo(['prettier', '3', 'source'], s.compute)).toBe('formatted\n');
    expect(await cache.memo(['prettier', '3', 'source'], s.compute)).toBe('formatted\n');
    expect(s.runs.count).toBe(1);
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
  });

  it('tells keys apart by every part, including where one part ends', async () => {
    const cache = new ContentCache(await scratch());
    await cache.memo(['ab', 'c'], async () => 'first');
    expect(await cache.memo(['a', 'bc'], async () => 'second')).toBe('second');
    expect(await cache.memo(['prettier', '3.10.2', 'x'], async () => 'other version')).toBe('other version');
  });

  it('treats a corrupt or truncated entry as a miss and rewrites it', async () => {
    const dir = await scratch();
    const cache = new ContentCache(dir);
    await cache.memo(['k'], async () => 'the value');
    const [file] = await entries(dir);
    await writeFile(file!, (await readFile(file!, 'utf8')).replace('the value', 'tampered'));
    const s = step('the value');
    expect(await cache.memo(['k'], s.compute)).toBe('the value');
    await writeFile(file!, (await readFile(file!, 'utf8')).slice(0, 20));
    expect(await cache.memo(['k'], s.compute)).toBe('the value');
    expect(s.runs.count).toBe(2);
    expect(await new ContentCache(dir).memo(['k'], async () => 'recomputed')).toBe('the value');
  });

  it('without a directory, runs every step', async () => {
    const cache = new ContentCache(undefined);
    const s = step('v');
    await cache.memo(['k'], s.compute);
    await cache.memo(['k'], s.compute);
    expect(s.runs.count).toBe(2);
  });

  it('only costs time when it cannot write: the step still answers', async () => {
    // A cache "directory" that is a file: nothing can be created under it, even by root.
    const file = join(await scratch(), 'not-a-directory');
    await writeFile(file, '');
    const cache = new ContentCache(file);
    const s = step('v');
    expect(await cache.memo(['k'], s.compute)).toBe('v');
    expect(await cache.memo(['k'], s.compute)).toBe('v');
    expect(s.runs.count).toBe(2);
    expect(await readFile(file, 'utf8')).toBe('');
  });
});

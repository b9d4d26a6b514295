import { mkdtemp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTree } from '../src/output/write.js';

describe('writing the output tree', () => {
  it('replaces owned directories wholesale, so stale files disappear', async () => {
    const root = await mkdtemp(join(tmpdir(), 'write-'));
    await mkdir(join(root, 'generated', 'old'), { recursive: true });
    await writeFile(join(root, 'generated', 'old', 'stale.json'), '{}');
    await writeTree({ root, files: new Map([['generated/a/x.json', '1'], ['packages/p/README.md', 'hi']]), ownedDirs: ['generated'] });
    expect(await readdir(join(root, 'generated'))).toEqual(['a']);
    expect(await readFile(join(root, 'packages', 'p', 'README.md'), 'utf8')).toBe('hi');
    expect((await readdir(root)).sort()).toEqual(['generated', 'packages']);
  });

  it('writes nothing when staging fails', async () => {
    const root = await mkdtemp(join(tmpdir(), 'write-'));
    await mkdir(join(root, 'generated'));
    await writeFile(join(root, 'generated', 'keep.json'), 'old');
    // A file and a directory of the same path cannot both be staged.
    const files = new Map([['generated/keep.json', 'new'], ['generated/keep.json/inner', 'x']]);
    await expect(writeTree({ root, files, ownedDirs: ['generated'] })).rejects.toThrow();
    expect(await readFile(join(root, 'generated', 'keep.json'), 'utf8')).toBe('old');
    expect(await readdir(root)).toEqual(['generated']);
  });
});

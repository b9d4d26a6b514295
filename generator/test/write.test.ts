import * as fs from 'node:fs/promises';
import { mkdtemp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isGeneratorError } from '../src/errors.js';
import { writeTree, type WriteFs } from '../src/output/write.js';
import { writeGenerated, type GenerateResult } from '../src/pipeline.js';

/** A repository with an earlier output: two owned directories and a file outside them. */
async function earlierOutput() {
  const root = await mkdtemp(join(tmpdir(), 'write-'));
  await mkdir(join(root, 'generated', 'a'), { recursive: true });
  await writeFile(join(root, 'generated', 'a', 'x.json'), 'old x');
  await mkdir(join(root, 'packages', 'p', 'src'), { recursive: true });
  await writeFile(join(root, 'packages', 'p', 'src', 'index.ts'), 'old index');
  await writeFile(join(root, 'packages', 'p', 'README.md'), 'old readme');
  return root;
}
const plan = (root: string) => ({
  root,
  files: new Map([
    ['generated/a/x.json', 'new x'],
    ['packages/p/src/index.ts', 'new index'],
    ['packages/p/README.md', 'new readme'],
    ['packages/q/README.md', 'new package'],
  ]),
  ownedDirs: ['generated', 'packages/p/src'],
});
async function tree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(root, { recursive: true, withFileTypes: true }))
    if (e.isFile())
      out[join(e.parentPath, e.name).slice(root.length + 1)] = await readFile(join(e.parentPath, e.name), 'utf8');
  return out;
}
/** Real file operations, but the `n`th call of `op` fails with `code`. */
function failing(op: keyof WriteFs, n: number, code: string): WriteFs {
  let calls = 0;
  const wrap = <F extends (...args: never[]) => Promise<unknown>>(name: keyof WriteFs, f: F) =>
    (async (...args: Parameters<F>) => {
      if (name === op && ++calls === n) throw Object.assign(new Error(`${code}: simulated`), { code });
      return f(...args);
    }) as unknown as F;
  return {
    mkdir: wrap('mkdir', fs.mkdir),
    writeFile: wrap('writeFile', fs.writeFile),
    rename: wrap('rename', fs.rename),
    rm: wrap('rm', fs.rm),
    stat: wrap('stat', fs.stat),
  } as WriteFs;
}

describe('writing the output tree', () => {
  it('replaces owned directories wholesale, so stale files disappear', async () => {
    const root = await mkdtemp(join(tmpdir(), 'write-'));
    await mkdir(join(root, 'generated', 'old'), { recursive: true });
    await writeFile(join(root, 'generated', 'old', 'stale.json'), '{}');
    await writeTree({
      root,
      files: new Map([
        ['generated/a/x.json', '1'],
        ['packages/p/README.md', 'hi'],
      ]),
      ownedDirs: ['generated'],
    });
    expect(await readdir(join(root, 'generated'))).toEqual(['a']);
    expect(await readFile(join(root, 'packages', 'p', 'README.md'), 'utf8')).toBe('hi');
    expect((await readdir(root)).sort()).toEqual(['generated', 'packages']);
  });

  it('writes everything when nothing fails', async () => {
    const root = await earlierOutput();
    await writeTree(plan(root));
    expect(await tree(root)).toEqual({
      'generated/a/x.json': 'new x',
      'packages/p/src/index.ts': 'new index',
      'packages/p/README.md': 'new readme',
      'packages/q/README.md': 'new package',
    });
  });

  // Staging fails (disk full), or the swap fails part way (a rename across devices, a permission):
  // every case leaves the earlier output as it was, no staging folder, and an I/O error naming the path.
  it.each([
    ['the disk fills while staging', 'writeFile', 3, 'ENOSPC'],
    ['the first owned directory cannot be moved aside', 'rename', 1, 'EXDEV'],
    ['the second owned directory cannot be swapped in', 'rename', 4, 'EACCES'],
    ['a single file cannot be replaced after both directories were', 'rename', 6, 'EPERM'],
    ['the last new file cannot be placed', 'rename', 7, 'ENOSPC'],
  ] as const)('%s: nothing changes', async (_, op, n, code) => {
    const root = await earlierOutput();
    const before = await tree(root);
    const error = await writeTree(plan(root), failing(op, n, code)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isGeneratorError(error) && error.code).toBe('IO_ERROR');
    expect((error as Error).message).toContain(code);
    expect((error as Error).message).toContain(root);
    expect(await tree(root)).toEqual(before);
    expect((await readdir(root)).filter((f) => f.startsWith('.generate-staging'))).toEqual([]);
  });
});

describe('writing a build over an earlier one', () => {
  it('removes what the previous run wrote and this one does not, and never a file it did not write', async () => {
    const root = await mkdtemp(join(tmpdir(), 'write-'));
    const result = (files: Record<string, string>) =>
      ({
        files: new Map(Object.entries(files)),
        ownedDirs: ['generated'],
        createOnly: new Set<string>(),
      }) as unknown as GenerateResult;
    const manifest = (files: string[]) => JSON.stringify({ files: [...files, 'generated/manifest.json'] });
    const first = {
      'packages/a/src/index.ts': 'a',
      'packages/a/test/replay.test.ts': 'replay a',
      'packages/gone/README.md': 'gone',
    };
    await writeGenerated(root, result({ ...first, 'generated/manifest.json': manifest(Object.keys(first)) }));
    await writeFile(join(root, 'packages', 'a', 'test', 'mine.test.ts'), 'hand-written');
    const second = { 'packages/a/src/index.ts': 'a2', 'packages/a/test/replay.test.ts': 'replay a2' };
    await writeGenerated(root, result({ ...second, 'generated/manifest.json': manifest(Object.keys(second)) }));
    expect(await tree(root)).toEqual({
      'generated/manifest.json': manifest(Object.keys(second)),
      'packages/a/src/index.ts': 'a2',
      'packages/a/test/replay.test.ts': 'replay a2',
      'packages/a/test/mine.test.ts': 'hand-written',
    });
  });
});

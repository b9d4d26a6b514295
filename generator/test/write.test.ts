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
  it('leaves an owned directory holding exactly what the plan puts there: stale files and their directories disappear', async () => {
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

describe('writing only what changed', () => {
  /** Real file operations that count the calls of each. */
  function counting(): { fs: WriteFs; calls: Record<string, number> } {
    const calls: Record<string, number> = {};
    const wrap = <F extends (...args: never[]) => Promise<unknown>>(name: string, f: F) =>
      (async (...args: Parameters<F>) => {
        calls[name] = (calls[name] ?? 0) + 1;
        return f(...args);
      }) as unknown as F;
    return {
      calls,
      fs: {
        mkdir: wrap('mkdir', fs.mkdir),
        writeFile: wrap('writeFile', fs.writeFile),
        rename: wrap('rename', fs.rename),
        rm: wrap('rm', fs.rm),
        stat: wrap('stat', fs.stat),
      } as WriteFs,
    };
  }
  const old = new Date('2020-01-01T00:00:00Z');

  it('leaves a file whose bytes are already there untouched, and replaces the others', async () => {
    const root = await earlierOutput();
    await writeTree(plan(root));
    for (const f of ['generated/a/x.json', 'packages/p/README.md']) await fs.utimes(join(root, f), old, old);
    const next = plan(root);
    next.files.set('packages/p/README.md', 'newer readme');
    const { fs: counted, calls } = counting();
    expect(await writeTree(next, counted)).toEqual({ written: 1, removed: 0 });
    expect((await fs.stat(join(root, 'generated', 'a', 'x.json'))).mtime).toEqual(old);
    expect((await fs.stat(join(root, 'packages', 'p', 'README.md'))).mtime).not.toEqual(old);
    expect(await readFile(join(root, 'packages', 'p', 'README.md'), 'utf8')).toBe('newer readme');
    // One file staged, moved aside and swapped in.
    expect([calls['writeFile'], calls['rename']]).toEqual([1, 2]);
    expect(await tree(root)).toEqual({
      'generated/a/x.json': 'new x',
      'packages/p/src/index.ts': 'new index',
      'packages/p/README.md': 'newer readme',
      'packages/q/README.md': 'new package',
    });
  });

  it('writes nothing when nothing changed', async () => {
    const root = await earlierOutput();
    await writeTree(plan(root));
    const { fs: counted, calls } = counting();
    await writeTree(plan(root), counted);
    expect([calls['writeFile'] ?? 0, calls['rename'] ?? 0]).toEqual([0, 0]);
    expect((await readdir(root)).sort()).toEqual(['generated', 'packages']);
  });

  it('replaces a file of the same length but other bytes, and a link to the same bytes by a file', async () => {
    const root = await earlierOutput();
    await writeTree(plan(root));
    await writeFile(join(root, 'generated', 'a', 'x.json'), 'NEW X');
    await writeFile(join(root, 'target'), 'new index');
    await fs.rm(join(root, 'packages', 'p', 'src', 'index.ts'));
    await fs.symlink(join(root, 'target'), join(root, 'packages', 'p', 'src', 'index.ts'));
    await writeTree(plan(root));
    expect(await readFile(join(root, 'generated', 'a', 'x.json'), 'utf8')).toBe('new x');
    expect((await fs.lstat(join(root, 'packages', 'p', 'src', 'index.ts'))).isFile()).toBe(true);
  });

  it('removes what an owned directory holds and the plan does not, with the directories left empty', async () => {
    const root = await earlierOutput();
    await mkdir(join(root, 'generated', 'old', 'deeper'), { recursive: true });
    await writeFile(join(root, 'generated', 'old', 'deeper', 'stale.json'), '{}');
    await writeFile(join(root, 'generated', 'a', 'stale.md'), 'stale');
    await mkdir(join(root, 'generated', 'empty'));
    expect(await writeTree(plan(root))).toEqual({ written: 4, removed: 2 });
    expect((await readdir(join(root, 'generated'))).sort()).toEqual(['a']);
    expect(await readdir(join(root, 'generated', 'a'))).toEqual(['x.json']);
    // An owned directory with nothing planned in it is still there, empty.
    await writeTree({ root, files: new Map(), ownedDirs: ['generated'] });
    expect(await readdir(join(root, 'generated'))).toEqual([]);
  });

  it('puts a file where a directory was and a directory where a file was', async () => {
    const root = await earlierOutput();
    await mkdir(join(root, 'generated', 'was-a-dir'));
    await writeFile(join(root, 'generated', 'was-a-dir', 'inside.json'), 'inside');
    await writeFile(join(root, 'generated', 'was-a-file'), 'file');
    await writeTree({
      root,
      files: new Map([
        ['generated/was-a-dir', 'now a file'],
        ['generated/was-a-file/inside.json', 'now inside'],
      ]),
      ownedDirs: ['generated'],
    });
    expect(await tree(join(root, 'generated'))).toEqual({
      'was-a-dir': 'now a file',
      'was-a-file/inside.json': 'now inside',
    });
  });

  // With unchanged files and stale ones in the plan too, a failure at any rename leaves everything as it was.
  it.each([1, 2, 3, 4, 5, 6, 7])('rename %i of 7 fails: nothing changes, the stale files included', async (n) => {
    const root = await earlierOutput();
    await writeTree(plan(root));
    await writeFile(join(root, 'generated', 'a', 'stale.json'), 'stale');
    await mkdir(join(root, 'generated', 'gone'));
    await writeFile(join(root, 'generated', 'gone', 'old.json'), 'old');
    const next = plan(root);
    next.files.set('generated/a/x.json', 'newer x');
    next.files.set('packages/p/README.md', 'newer readme');
    next.files.set('packages/r/README.md', 'another package');
    // Renames: two stale files aside (2), x.json aside and in (4), README aside and in (6), r's README in (7).
    const before = await tree(root);
    const error = await writeTree(next, failing('rename', n, 'EIO')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isGeneratorError(error) && error.code).toBe('IO_ERROR');
    expect(await tree(root)).toEqual(before);
    expect((await readdir(root)).filter((f) => f.startsWith('.generate-staging'))).toEqual([]);
  });
});

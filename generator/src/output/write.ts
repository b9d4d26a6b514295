// Writing the output: the whole tree or nothing, and only what changed. A planned file whose
// bytes are already on disk (a regular file, the same bytes) is left alone, mtime and all; every
// other one is staged first. Then the files an owned directory holds and the plan does not (and
// the files the caller asks to remove) are moved aside, and each changed file is swapped in by
// rename, every step undone in reverse if a later one fails (disk full, a rename across devices,
// a permission), so a failed write leaves the previous output exactly as it was, and no staging
// folder behind. After a write, an owned directory holds exactly the planned files (the
// directories it leaves empty are removed too).
import * as nodeFs from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { GeneratorError } from '../errors.js';

/** Everything one run produces: repo-relative path → content. */
export type OutputTree = Map<string, string>;

export interface WritePlan {
  root: string;
  files: OutputTree;
  /**
   * Directories the generator owns outright: after the write they hold exactly the
   * planned files (stale files from an earlier run disappear). Files outside them are
   * replaced one by one.
   */
  ownedDirs: string[];
  /** Files an earlier run wrote that this one does not: removed (and restored if the write fails). */
  remove?: string[];
}

/** The file operations a write uses (replaceable in tests, to make one of them fail). */
export interface WriteFs {
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  writeFile(path: string, data: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { recursive: true; force: true }): Promise<void>;
  stat(path: string): Promise<unknown>;
}

/** What a write changed: files written (new or with other bytes) and files removed. */
export interface WriteSummary {
  written: number;
  removed: number;
}

export async function writeTree(plan: WritePlan, fs: WriteFs = nodeFs): Promise<WriteSummary> {
  const staging = join(plan.root, `.generate-staging-${process.pid}`);
  const trash = `${staging}-old`;
  const cleanUp = async () => {
    await fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
    await fs.rm(trash, { recursive: true, force: true }).catch(() => undefined);
  };
  const fail = (path: string, cause: unknown, rollback: string[] = []): never => {
    const code = (cause as NodeJS.ErrnoException)?.code;
    throw new GeneratorError(
      'IO_ERROR',
      `cannot write ${path}: ${code ?? (cause instanceof Error ? cause.message : String(cause))}${rollback.length ? `; and could not restore ${rollback.join(', ')}` : '; nothing was changed'}`,
      {
        file: path,
        cause,
        hint: rollback.length
          ? 'restore those paths from git (git checkout -- <path>) and run `pnpm generate` again'
          : 'free disk space or fix the permission, then run `pnpm generate` again',
      },
    );
  };

  await cleanUp();
  const owned = plan.ownedDirs.map((d) => d.replace(/\/+$/, ''));
  const changed = await changedFiles(plan.root, plan.files);
  for (const path of changed) {
    const file = join(staging, path);
    try {
      await fs.mkdir(dirname(file), { recursive: true });
      await fs.writeFile(file, plan.files.get(path)!);
    } catch (e) {
      await cleanUp();
      fail(join(plan.root, path), e);
    }
  }
  const existing = await ownedEntries(plan.root, owned);
  const remove = new Set([...existing.files.filter((f) => !plan.files.has(f)), ...(plan.remove ?? [])]);

  const undo: Array<{ path: string; run: () => Promise<void> }> = [];
  const move = async (from: string, to: string, path: string) => {
    await fs.mkdir(dirname(to), { recursive: true });
    await fs.rename(from, to);
    undo.push({ path, run: () => fs.rename(to, from) });
  };
  const exists = (path: string) =>
    fs.stat(path).then(
      () => true,
      () => false,
    );
  let current = '';
  let removed = 0;
  try {
    await fs.mkdir(trash, { recursive: true });
    // An owned directory that is a file on disk is in the way of everything planned under it.
    for (const path of existing.inTheWay) {
      current = join(plan.root, path);
      await move(current, join(trash, 'removed', path), current);
    }
    for (const dir of owned) await fs.mkdir(join(plan.root, dir), { recursive: true });
    // Removals first: a stale file may sit where a planned directory goes.
    for (const path of [...remove].sort()) {
      current = join(plan.root, path);
      if (await exists(current)) {
        await move(current, join(trash, 'removed', path), current);
        removed++;
      }
    }
    for (const path of changed) {
      current = join(plan.root, path);
      if (await exists(current)) await move(current, join(trash, 'replaced', path), current);
      await move(join(staging, path), current, current);
    }
  } catch (e) {
    const unrestored: string[] = [];
    for (const step of undo.reverse()) await step.run().catch(() => unrestored.push(step.path));
    await cleanUp();
    fail(current, e, [...new Set(unrestored)]);
  }
  await cleanUp();
  // The write is done; directories an owned one no longer needs are tidied, best effort (a
  // directory with anything in it stays).
  for (const dir of existing.dirs.sort().reverse())
    if (!owned.includes(dir)) await nodeFs.rmdir(join(plan.root, dir)).catch(() => undefined);
  return { written: changed.length, removed };
}

/** The planned files whose bytes are not on disk as a regular file, sorted. */
async function changedFiles(root: string, files: OutputTree): Promise<string[]> {
  const paths = [...files.keys()].sort();
  const same = await Promise.all(
    paths.map(async (path) => {
      const file = join(root, path);
      const stat = await nodeFs.lstat(file).catch(() => undefined);
      if (!stat?.isFile()) return false;
      const want = Buffer.from(files.get(path)!);
      if (stat.size !== want.length) return false;
      const have = await nodeFs.readFile(file).catch(() => undefined);
      return have !== undefined && want.equals(have);
    }),
  );
  return paths.filter((_, i) => !same[i]);
}

/** What the owned directories hold on disk: their files and directories (repo-relative), and owned paths that are not directories. */
async function ownedEntries(
  root: string,
  owned: string[],
): Promise<{ files: string[]; dirs: string[]; inTheWay: string[] }> {
  const out = { files: [] as string[], dirs: [] as string[], inTheWay: [] as string[] };
  for (const dir of owned) {
    const stat = await nodeFs.lstat(join(root, dir)).catch(() => undefined);
    if (!stat) continue;
    if (!stat.isDirectory()) {
      out.inTheWay.push(dir);
      continue;
    }
    out.dirs.push(dir);
    for (const e of await nodeFs.readdir(join(root, dir), { recursive: true, withFileTypes: true })) {
      const path = relative(root, join(e.parentPath, e.name)).split(sep).join('/');
      (e.isDirectory() ? out.dirs : out.files).push(path);
    }
  }
  return out;
}

/** Files of the plan whose content on disk differs (or that are missing, unless `wherePresent`). */
export async function outOfDate(
  root: string,
  files: OutputTree,
  paths: Iterable<string>,
  o: { wherePresent?: boolean } = {},
): Promise<string[]> {
  const stale: string[] = [];
  for (const path of paths) {
    const want = files.get(path);
    const have = await nodeFs.readFile(join(root, path), 'utf8').catch(() => undefined);
    if (have === undefined && o.wherePresent) continue;
    if (want !== have) stale.push(path);
  }
  return stale.sort();
}

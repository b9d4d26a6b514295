// Writing the output: the whole tree or nothing. Everything is staged first; then each owned
// directory and each other file is swapped in by rename, every step undone in reverse if a later
// one fails (disk full, a rename across devices, a permission), so a failed write leaves the
// previous output exactly as it was, and no staging folder behind.
import * as nodeFs from 'node:fs/promises';
import { dirname, join } from 'node:path';
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

export async function writeTree(plan: WritePlan, fs: WriteFs = nodeFs): Promise<void> {
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
  for (const [path, content] of [...plan.files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const file = join(staging, path);
    try {
      await fs.mkdir(dirname(file), { recursive: true });
      await fs.writeFile(file, content);
    } catch (e) {
      await cleanUp();
      fail(join(plan.root, path), e);
    }
  }

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
  const owned = plan.ownedDirs.map((d) => d.replace(/\/+$/, ''));
  let current = '';
  try {
    await fs.mkdir(trash, { recursive: true });
    for (const dir of owned) {
      current = join(plan.root, dir);
      if (await exists(current)) await move(current, join(trash, 'dirs', dir), current);
      await fs.mkdir(join(staging, dir), { recursive: true });
      await move(join(staging, dir), current, current);
    }
    for (const path of [...plan.files.keys()].sort()) {
      if (owned.some((d) => path === d || path.startsWith(d + '/'))) continue;
      current = join(plan.root, path);
      if (await exists(current)) await move(current, join(trash, 'files', path), current);
      await move(join(staging, path), current, current);
    }
    for (const path of [...(plan.remove ?? [])].sort()) {
      current = join(plan.root, path);
      if (await exists(current)) await move(current, join(trash, 'removed', path), current);
    }
  } catch (e) {
    const unrestored: string[] = [];
    for (const step of undo.reverse()) await step.run().catch(() => unrestored.push(step.path));
    await cleanUp();
    fail(current, e, [...new Set(unrestored)]);
  }
  await cleanUp();
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

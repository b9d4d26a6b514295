import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

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
}

/**
 * Write a whole output tree or nothing: everything is first written to a staging
 * directory; only when that succeeded is each owned directory swapped in by rename.
 * Called only after every check passed, so a bad input never leaves partial output.
 */
export async function writeTree(plan: WritePlan): Promise<void> {
  const staging = join(plan.root, `.generate-staging-${process.pid}`);
  const trash = `${staging}-old`;
  await rm(staging, { recursive: true, force: true });
  try {
    for (const [path, content] of [...plan.files].sort(([a], [b]) => a.localeCompare(b))) {
      const file = join(staging, path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content);
    }
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
  await mkdir(trash, { recursive: true });
  const owned = plan.ownedDirs.map((d) => d.replace(/\/+$/, ''));
  for (const dir of owned) {
    const target = join(plan.root, dir);
    const staged = join(staging, dir);
    await mkdir(dirname(target), { recursive: true });
    await rename(target, join(trash, dir.split('/').join('__'))).catch(() => undefined);
    await mkdir(staged, { recursive: true });
    await rename(staged, target);
  }
  for (const path of plan.files.keys()) {
    if (owned.some((d) => path === d || path.startsWith(d + '/'))) continue;
    const target = join(plan.root, path);
    await mkdir(dirname(target), { recursive: true });
    await rename(join(staging, path), target);
  }
  await rm(staging, { recursive: true, force: true });
  await rm(trash, { recursive: true, force: true });
}

/** Files of the plan whose content on disk differs (or that are missing). */
export async function outOfDate(root: string, files: OutputTree, paths: Iterable<string>): Promise<string[]> {
  const stale: string[] = [];
  for (const path of paths) {
    const want = files.get(path);
    const have = await readFile(join(root, path), 'utf8').catch(() => undefined);
    if (want !== have) stale.push(path);
  }
  return stale.sort();
}

export function toPosix(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}

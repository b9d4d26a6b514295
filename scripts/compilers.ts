/**
 * The TypeScript compilers the checks run besides the workspace's own (5.9, which builds what
 * ships): devDependencies of the scripts package, each an npm alias of an exact `typescript`
 * version (not of the root, where their `tsc` bins would shadow the workspace's own).
 *
 * - `typescript-oldest`: the oldest TypeScript the packages support (their `>=` range starts here).
 * - `typescript-newest`: the newest, the native compiler (7.x): the consumer type test's second
 *   compiler, and the one `pnpm typecheck` checks the hand-written projects with.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './pack-packages.js';

export const COMPILERS = ['typescript-oldest', 'typescript-newest'] as const;
export type Compiler = (typeof COMPILERS)[number];

/** Where a compiler is installed: its `tsc` (run with node) and its version. */
export function compiler(alias: Compiler): { tsc: string; version: string } {
  const dir = join(ROOT, 'scripts', 'node_modules', alias);
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  return { tsc: join(dir, 'bin', 'tsc'), version };
}

const execFileAsync = promisify(execFile);

/**
 * Run a compiler's `tsc` with `args` (plain diagnostics: `--pretty false`) in `cwd`: its report,
 * '' when it found nothing.
 */
export async function runTsc(alias: Compiler, args: readonly string[], cwd: string): Promise<string> {
  try {
    await execFileAsync(process.execPath, [compiler(alias).tsc, ...args, '--pretty', 'false'], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    return '';
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    return `${stdout ?? ''}${stderr ?? ''}`.trim() || String(e);
  }
}

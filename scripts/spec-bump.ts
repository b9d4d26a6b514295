/**
 * pnpm spec:bump [--openapi REVISION] [--docs VERSION] [--dry-run]: move to new upstream
 * revisions in one command, leaving a tree whose `pnpm test` passes:
 *   1. the generator's `bump` pins the inputs, regenerates, classifies every package's change
 *      and writes the changesets (it stops, naming them, if new resources need mapping);
 *   2. pnpm install (a new tag is a new workspace package), then the packages are built;
 *   3. every API's fixtures are re-recorded against the stand-in (they carry the API version).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);

function run(command: string, commandArgs: string[]): void {
  console.log(`\n$ ${command} ${commandArgs.join(' ')}`);
  const result = spawnSync(command, commandArgs, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(process.execPath, ['--import', 'tsx', 'generator/src/cli.ts', 'bump', ...args]);
if (!args.includes('--dry-run')) {
  run('pnpm', ['install', '--prefer-offline']);
  run('pnpm', ['turbo', 'run', 'build', '--output-logs=errors-only']);
  run('pnpm', ['fixtures:record', '--stand-in']);
  console.log(
    '\nDone: review the changesets in .changeset/, then commit everything (lock, overlays, snapshots, packages, fixtures).',
  );
}

/**
 * Pack every publishable package in packages/ once (`pnpm pack`, one pnpm run), into `.packed/`,
 * with `.packed/index.json` naming each package's tarball. Everything that tests what a user
 * installs reads these tarballs: check:packages (publint, attw), the consumer type test and the
 * ecosystem suite.
 *
 *   pnpm pack:packages      (a Turbo task; part of `pnpm test`, after `pnpm build`)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where the tarballs are, relative to the repository root. */
export const PACKED_DIR = join(ROOT, '.packed');

export interface PackedPackage {
  /** npm name, `@losant-sdk/devices` */
  name: string;
  version: string;
  /** Folder under packages/. */
  dir: string;
  /** Tarball file name inside `.packed/`. */
  tarball: string;
}

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
}

/** The publishable packages (not `private`), by folder name, sorted. */
export function publishablePackages(root = ROOT): Array<{ dir: string; manifest: Manifest }> {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir)
    .sort()
    .flatMap((dir) => {
      let manifest: Manifest;
      try {
        manifest = JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8')) as Manifest;
      } catch {
        return [];
      }
      return manifest.private ? [] : [{ dir, manifest }];
    });
}

/** The packed packages, as `pack:packages` last wrote them. */
export function readPacked(dir = PACKED_DIR): PackedPackage[] {
  try {
    return JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as PackedPackage[];
  } catch {
    throw new Error(`no packed packages in ${dir}: run \`pnpm build && pnpm pack:packages\` first`);
  }
}

/** Pack every publishable package into `out` (replaced whole) and write its index. */
export function packAll(root = ROOT, out = PACKED_DIR): PackedPackage[] {
  const publishable = publishablePackages(root);
  const staging = `${out}.staging`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const filters = publishable.flatMap(({ dir }) => ['--filter', `./packages/${dir}`]);
  execFileSync('pnpm', ['-r', '--workspace-concurrency=2', ...filters, 'pack', '--pack-destination', staging], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const files = readdirSync(staging);
  const packed = publishable.map(({ dir, manifest }) => {
    const tarball = `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`;
    if (!files.includes(tarball)) throw new Error(`pnpm pack wrote no ${tarball} for packages/${dir}`);
    return { name: manifest.name, version: manifest.version, dir, tarball };
  });
  writeFileSync(join(staging, 'index.json'), `${JSON.stringify(packed, null, 2)}\n`);
  rmSync(out, { recursive: true, force: true });
  renameSync(staging, out);
  return packed;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const packed = packAll();
  console.log(`pack:packages: ${packed.length} packages packed into .packed/`);
}

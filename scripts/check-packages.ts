/**
 * What a user installs, checked for every publishable package in packages/, in one process:
 *
 * - the tarball (packed once by `pnpm pack:packages`, into `.packed/`) ships only the build, README,
 *   LICENSE and CHANGELOG;
 * - publint, strict: package.json agrees with the files (exports, types, module format);
 * - Are the Types Wrong (attw), ESM-only profile: the types resolve for ESM consumers under
 *   node16/nodenext and bundler resolution (the packages are ESM only; node10 and CommonJS
 *   `require` resolution are out of scope, as the README says).
 *
 *   pnpm check:packages      (part of `pnpm test`, after `pnpm pack:packages`)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPackage, createPackageFromTarballData, type Problem } from '@arethetypeswrong/core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { PACKED_DIR, readPacked } from './pack-packages.js';

/** Files a published package may contain (paths inside the tarball). */
export const SHIPPED = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/.+\.(js|d\.ts))$/;
/** Resolution kinds an ESM-only package does not serve (attw's `esm-only` profile). */
const IGNORED_RESOLUTIONS = new Set(['node10', 'node16-cjs']);

/** Every problem of one packed package, as readable lines (none: it is fine). */
export async function checkTarball(tarball: Uint8Array): Promise<string[]> {
  const problems: string[] = [];
  const pkg = createPackageFromTarballData(tarball);
  const prefix = `/node_modules/${pkg.packageName}/`;
  const files = pkg.listFiles().map((f) => f.slice(prefix.length));
  for (const required of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']) {
    if (!files.includes(required)) problems.push(`pack: ${required} is not in the tarball`);
  }
  for (const f of files) if (!SHIPPED.test(f)) problems.push(`pack: ${f} should not be published`);

  const manifest = JSON.parse(pkg.readFile(`${prefix}package.json`)) as Record<string, unknown>;
  // From the tarball, publint cannot tell a file that exists but is not published: the list above does.
  const lint = await publint({ pack: { tarball: tarball.slice().buffer }, strict: true, level: 'warning' });
  for (const m of lint.messages)
    problems.push(`publint ${m.type}: ${formatMessage(m, manifest, { color: false }) ?? m.code}`);

  const result = await checkPackage(pkg);
  const attw = 'problems' in result ? result.problems : [];
  if (!result.types) problems.push('attw: the package has no types');
  for (const p of attw.filter((p: Problem) => !('resolutionKind' in p && IGNORED_RESOLUTIONS.has(p.resolutionKind)))) {
    const where = [
      'entrypoint' in p ? `entrypoint ${String(p.entrypoint)}` : '',
      'resolutionKind' in p ? String(p.resolutionKind) : '',
      'typesFileName' in p ? `${String(p.typesFileName)} types ${String(p.implementationFileName)}` : '',
    ].filter(Boolean);
    problems.push(`attw: ${p.kind}${where.length ? ` (${where.join(', ')})` : ''}`);
  }
  return problems;
}

async function main(): Promise<void> {
  const packed = readPacked();
  let failed = 0;
  for (const { name, tarball } of packed) {
    const problems = await checkTarball(new Uint8Array(readFileSync(join(PACKED_DIR, tarball))));
    if (problems.length) {
      failed++;
      console.error(`✗ ${name}\n${problems.map((p) => `    ${p}`).join('\n')}`);
    }
  }
  if (failed) {
    console.error(`check:packages: ${failed} of ${packed.length} packages have problems (above)`);
    process.exitCode = 1;
  } else console.log(`check:packages: ${packed.length} packed packages, publint (strict) and attw (ESM only) clean`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();

/**
 * The types as a strict user gets them: the tarballs of `.packed/` (`pnpm pack:packages`) installed
 * into a fresh scratch project (`.consumer-types/`, rebuilt every run), and type-checked there with
 * the settings of a careful user (`strict`, `exactOptionalPropertyTypes`, `noUncheckedIndexedAccess`,
 * `noUnusedLocals`, `skipLibCheck: false`, module nodenext) on the oldest and the newest TypeScript the
 * packages support (`typescript-oldest` and `typescript-newest`, exact devDependencies of scripts/package.json).
 *
 * The programs checked: the user programs in scripts/consumer/ (positive ones must compile; every
 * `@ts-expect-error` must meet an error, so each negative is proven), and every TypeScript sample of
 * the READMEs and MIGRATING.md, as written. And no `any` in any shipped declaration file, but for the
 * reviewed entries of `ANY_ALLOWED`.
 *
 *   pnpm test:consumer-types      (a Turbo task after `pnpm pack:packages`; part of `pnpm test`)
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { COMPILERS, compiler, runTsc, type Compiler } from './compilers.js';
import { documentedSamples, sampleFileName } from './examples.js';
import { PACKED_DIR, readPacked, ROOT } from './pack-packages.js';

/** The scratch project (gitignored, rebuilt on every run). */
export const SCRATCH = join(ROOT, '.consumer-types');
/** The user programs, copied into the scratch project as they are. */
export const PROGRAMS = join(ROOT, 'scripts', 'consumer');
/**
 * `any` a shipped declaration may hold: `<package>/<file inside the tarball>` → how many and why.
 * Reviewed: none today. An entry needs a reason a reviewer accepts (a dependency's type we cannot
 * narrow, say), and the scan fails when the count differs either way, so a fixed one is removed.
 */
export const ANY_ALLOWED: Readonly<Record<string, { count: number; why: string }>> = {};

/** The settings of the scratch project: what a strict user compiles with. */
export const COMPILER_OPTIONS = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noImplicitOverride: true,
  skipLibCheck: false,
  module: 'nodenext',
  moduleResolution: 'nodenext',
  target: 'es2022',
  lib: ['es2022', 'dom', 'dom.iterable'],
  types: ['node'],
  noEmit: true,
} as const;

/** Every `any` in a declaration file's text, as `line: text` (type positions only: comments and strings are not code). */
export function anyKeywords(fileName: string, text: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.AnyKeyword) {
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      found.push(`${line + 1}: ${text.split('\n')[line]!.trim().slice(0, 160)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** The problems of the `any` scan over installed packages (`<dir>/node_modules/@scope/name/…`). */
export function scanForAny(
  packages: ReadonlyArray<{ name: string; dir: string }>,
  allowed: Readonly<Record<string, { count: number; why: string }>> = ANY_ALLOWED,
): { files: number; problems: string[] } {
  const problems: string[] = [];
  const seen = new Set<string>();
  let files = 0;
  for (const { name, dir } of packages) {
    for (const file of declarationFiles(dir)) {
      files++;
      const key = `${name}/${relative(dir, file).split('\\').join('/')}`;
      seen.add(key);
      const hits = anyKeywords(file, readFileSync(file, 'utf8'));
      const allow = allowed[key];
      if (allow ? hits.length !== allow.count : hits.length > 0)
        problems.push(
          `${key}: ${hits.length} \`any\`${allow ? ` (the allow-list says ${allow.count}: ${allow.why})` : ''}${hits.map((h) => `\n    ${h}`).join('')}`,
        );
    }
  }
  for (const key of Object.keys(allowed))
    if (!seen.has(key)) problems.push(`${key}: on the allow-list, but no such declaration file is shipped`);
  return { files, problems };
}

function declarationFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (f === 'node_modules') continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** A fresh scratch project with every tarball installed, the programs and the documented samples in src/. */
export function prepareScratch(): { packages: Array<{ name: string; dir: string }>; programs: string[] } {
  const packed = readPacked();
  rmSync(SCRATCH, { recursive: true, force: true });
  mkdirSync(join(SCRATCH, 'src', 'samples'), { recursive: true });
  const tarball = (t: string) => `file:${relative(SCRATCH, join(PACKED_DIR, t)).split('\\').join('/')}`;
  const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  const deps = Object.fromEntries(packed.map((p) => [p.name, tarball(p.tarball)]));
  writeFileSync(
    join(SCRATCH, 'package.json'),
    `${JSON.stringify(
      {
        name: 'consumer-types-scratch',
        private: true,
        type: 'module',
        dependencies: deps,
        // What the samples use besides the SDK: Node's types, and vitest (the testing kit's README).
        devDependencies: {
          '@types/node': rootManifest.devDependencies['@types/node'],
          vitest: rootManifest.devDependencies['vitest'],
        },
        // The tarballs depend on each other by version (`^0.1.0`): those resolve to the tarballs too.
        pnpm: { overrides: deps },
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(
    join(SCRATCH, 'tsconfig.json'),
    `${JSON.stringify({ compilerOptions: COMPILER_OPTIONS, include: ['src'] }, null, 2)}\n`,
  );
  execFileSync(
    'pnpm',
    [
      'install',
      '--ignore-workspace',
      '--no-frozen-lockfile',
      '--prefer-offline',
      '--reporter=silent',
      '--ignore-scripts',
    ],
    { cwd: SCRATCH, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const programs = readdirSync(PROGRAMS).filter((f) => f.endsWith('.ts'));
  for (const f of programs) copyFileSync(join(PROGRAMS, f), join(SCRATCH, 'src', f));
  for (const block of documentedSamples(ROOT))
    writeFileSync(join(SCRATCH, 'src', 'samples', sampleFileName(block)), `${block.code}\nexport {};\n`);
  return {
    packages: packed.map((p) => ({ name: p.name, dir: join(SCRATCH, 'node_modules', ...p.name.split('/')) })),
    programs,
  };
}

/** Type-check the scratch project with one compiler: its diagnostics, '' when there are none. */
export async function typeCheck(alias: Compiler): Promise<{ version: string; output: string }> {
  return {
    version: compiler(alias).version,
    output: await runTsc(alias, ['-p', join(SCRATCH, 'tsconfig.json')], SCRATCH),
  };
}

/**
 * Every package states the TypeScript range the test proves: an optional peer dependency on
 * `typescript` from the oldest checked version's minor (`>=5.4`), with no upper bound (the newest
 * is checked too, and TypeScript's own releases are what users move to).
 */
export function checkTypescriptRange(
  packages: ReadonlyArray<{ name: string; dir: string }>,
  oldest = compiler(COMPILERS[0]).version,
): string[] {
  const want = `>=${oldest.split('.').slice(0, 2).join('.')}`;
  return packages.flatMap(({ name, dir }) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      peerDependencies?: Record<string, string>;
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    };
    const range = manifest.peerDependencies?.['typescript'];
    const optional = manifest.peerDependenciesMeta?.['typescript']?.optional === true;
    return range === want && optional
      ? []
      : [
          `${name}: peerDependencies.typescript is ${JSON.stringify(range)}${optional ? '' : ' (not optional)'}, want "${want}", optional`,
        ];
  });
}

async function main(): Promise<void> {
  const { packages, programs } = prepareScratch();
  let failed = false;
  const scan = scanForAny(packages);
  console.log(`any scan: ${scan.files} declaration files of ${packages.length} packages`);
  for (const p of scan.problems) console.error(`  ${p}`);
  failed ||= scan.problems.length > 0;
  const range = checkTypescriptRange(packages);
  for (const p of range) console.error(`  ${p}`);
  failed ||= range.length > 0;
  // The two compilers at once (separate processes): each reads the same scratch project, neither writes.
  const checks = await Promise.all(COMPILERS.map(async (alias) => ({ alias, ...(await typeCheck(alias)) })));
  for (const { alias, version, output } of checks) {
    console.log(`TypeScript ${version} (${alias}): ${programs.length} programs and the documented samples`);
    if (output) {
      failed = true;
      console.error(output.replaceAll(`${SCRATCH}/`, ''));
    }
  }
  if (failed) {
    console.error('consumer types: FAILED');
    process.exit(1);
  }
  console.log('consumer types: ok');
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) await main();

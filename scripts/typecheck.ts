/**
 * Type-check every hand-written TypeScript project of the workspace:
 *
 *   pnpm typecheck      (a Turbo task; part of `pnpm test`, after the builds)
 *
 * Each project of `PROJECTS` is its own tsconfig.json, checked as `tsc -p <it>` checks it, by the
 * native TypeScript compiler (`typescript-newest`, 7.x; scripts/compilers.ts): about ten times
 * less CPU than TypeScript 5.9 for the same projects, and one of the two compilers users are
 * proven on. What ships is also compiled, so checked, by the workspace's TypeScript 5.9 when it is
 * built (core, the testing kit, the fixtures harness, the generator, the generated packages), and
 * its packed declarations on 5.4 and 7.x by `pnpm test:consumer-types`.
 *
 * Also checked, with the options of packages/testing/tsconfig.json (strict,
 * `exactOptionalPropertyTypes`, `noUncheckedIndexedAccess`): the `@example` of every generated
 * method (the call a user copies from the API reference), each on a client of the umbrella, written
 * to packages/sdk/.typecheck/ (gitignored) beside a tsconfig.json that extends the testing kit's.
 * The README samples are type-checked against the packed tarballs by `pnpm test:consumer-types`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { compiler, runTsc } from './compilers.js';
import { methodExamplesModule } from './examples.js';
import { ROOT } from './pack-packages.js';

/** The projects checked, by their tsconfig.json (relative to the repository root). */
export const PROJECTS = [
  // The tests of every generated package (replay tests, the umbrella's suite and type tests).
  'tsconfig.packages.json',
  // The maintainer scripts, their tests and the root configuration files.
  'tsconfig.scripts.json',
  'packages/core/tsconfig.json',
  'packages/testing/tsconfig.json',
  'generator/tsconfig.json',
  'fixtures/tsconfig.json',
  'ecosystem/tsconfig.json',
  'bench/tsconfig.json',
  'examples/consumer/tsconfig.json',
] as const;

/**
 * The other tsconfig.json files of the workspace, and what checks their files instead. A new
 * project belongs in `PROJECTS` or here (scripts/test/typecheck.test.ts holds the list complete).
 */
export const CHECKED_ELSEWHERE: Readonly<Record<string, string>> = {
  'docs/tsconfig.json': "TypeDoc's input for the API reference site (it maps the packages to their sources)",
  'packages/<generated>/tsconfig.json':
    'a generated package: its sources by `pnpm build:packages`, its tests by tsconfig.packages.json',
};

/** The generated methods' examples: a project of their own, with the options of the testing kit's. */
export const METHOD_EXAMPLES = {
  extends: 'packages/testing/tsconfig.json',
  dir: 'packages/sdk/.typecheck',
  file: 'method-examples.ts',
};

/**
 * Write a project of one module beside a tsconfig.json that extends `extendsConfig` (both paths
 * absolute) and checks that module only; returns the tsconfig.json's path.
 */
export function writeModuleProject(dir: string, extendsConfig: string, file: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, file), text);
  const config = join(dir, 'tsconfig.json');
  const base = relative(dir, extendsConfig).split('\\').join('/');
  writeFileSync(config, `${JSON.stringify({ extends: base, files: [file], include: [] }, null, 2)}\n`);
  return config;
}

export interface ProjectResult {
  /** The tsconfig.json, as given. */
  config: string;
  /** The compiler's report (`file(line,col): error TS…`), '' when the project has no error. */
  output: string;
}

/** Type-check one project (its tsconfig.json, absolute or relative to `cwd`) with the native compiler. */
export async function checkProject(config: string, cwd = ROOT): Promise<ProjectResult> {
  return { config, output: await runTsc('typescript-newest', ['-p', config, '--noEmit'], cwd) };
}

/** Type-check the projects, two at a time (the compiler runs several checkers of its own). */
export async function checkProjects(configs: readonly string[], cwd = ROOT): Promise<ProjectResult[]> {
  const results: ProjectResult[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < configs.length) {
      const i = next++;
      results[i] = await checkProject(configs[i]!, cwd);
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

async function main(): Promise<void> {
  const started = performance.now();
  const examples = writeModuleProject(
    join(ROOT, METHOD_EXAMPLES.dir),
    join(ROOT, METHOD_EXAMPLES.extends),
    METHOD_EXAMPLES.file,
    methodExamplesModule(ROOT),
  );
  const configs = [...PROJECTS, relative(ROOT, examples)];
  const results = await checkProjects(configs);
  const failed = results.filter((r) => r.output);
  for (const r of failed) console.error(`typecheck: ${r.config}\n${r.output}`);
  const { version } = compiler('typescript-newest');
  const took = `${Math.round(performance.now() - started)} ms`;
  if (failed.length) {
    console.error(`typecheck: errors in ${failed.length} of ${configs.length} projects (TypeScript ${version})`);
    process.exit(1);
  }
  console.log(
    `typecheck: ${configs.length} projects (${dirname(relative(ROOT, examples))}: the method examples), no errors (TypeScript ${version}, ${took})`,
  );
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) await main();

/**
 * Build every generated package (the tag packages and the umbrella) in one TypeScript program:
 * one type-check of all their sources together, then each package's JavaScript and declarations
 * written to its own dist/, exactly as `tsc -p tsconfig.build.json` in that package would. One
 * program instead of one per package: the standard library, core's types and every shared type
 * are read and checked once, not forty times.
 *
 *   pnpm build:packages          (run by `pnpm build` and `pnpm test`, after `pnpm generate`)
 *
 * The generated packages are the ones whose package.json generated/manifest.json lists. Their
 * tsconfig.build.json files must agree on every compiler option (the generator writes them so);
 * a package whose options differ is an error naming it, never a silently different build. On a
 * type error nothing is written.
 *
 * Incremental: a package is rebuilt only when its stamp changed, the sha256 of everything its build
 * reads (TypeScript's version, the options, its sources, core's declarations and the stamps of the
 * generated packages it depends on, so the umbrella follows any tag package), or its dist/ is
 * incomplete. The others are not read as sources: the rebuilt ones resolve them to their dist/.
 * Stamps live in node_modules/.cache/losant-sdk/build-packages (never in a package). `--force`
 * rebuilds everything.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type TS from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = join(root, 'packages');

function fail(message: string): never {
  console.error(`build:packages: ${message}`);
  process.exit(1);
}

function generatedPackages(): string[] {
  let files: unknown;
  try {
    files = (JSON.parse(readFileSync(join(root, 'generated', 'manifest.json'), 'utf8')) as { files?: unknown }).files;
  } catch {
    fail('generated/manifest.json is missing or unreadable: run `pnpm generate` first');
  }
  if (!Array.isArray(files)) fail('generated/manifest.json has no "files" list: run `pnpm generate`');
  const dirs = files
    .map((f) => /^packages\/([^/]+)\/package\.json$/.exec(String(f))?.[1])
    .filter((d): d is string => d !== undefined);
  if (!dirs.length) fail('generated/manifest.json lists no package: run `pnpm generate`');
  return dirs.sort();
}

function parseBuildConfig(ts: typeof TS, dir: string): TS.ParsedCommandLine {
  const file = join(packagesDir, dir, 'tsconfig.build.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(
    file,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    },
  );
  if (!parsed) fail(`cannot read packages/${dir}/tsconfig.build.json: run \`pnpm generate\``);
  if (parsed.errors.length)
    fail(
      `packages/${dir}/tsconfig.build.json: ${parsed.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')).join('; ')}`,
    );
  return parsed;
}

/** The options every package must share: all but where each one's files come from and go to. */
function sharedOptions(options: TS.CompilerOptions): string {
  const { outDir: _outDir, rootDir: _rootDir, configFilePath: _configFilePath, ...rest } = options;
  return JSON.stringify(rest, Object.keys(rest).sort());
}

const started = performance.now();
const dirs = generatedPackages();
const cacheDir = join(root, 'node_modules', '.cache', 'losant-sdk', 'build-packages');
const stampsFile = join(cacheDir, 'stamps.json');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Every file under a folder, sorted, with its content: what a stamp is made of. */
function tree(dir: string): string {
  if (!existsSync(dir)) return '';
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort()
    .map((f) => `${relative(root, f)}\0${readFileSync(f, 'utf8')}`)
    .join('\0');
}

const typescriptVersion = (
  JSON.parse(readFileSync(createRequire(import.meta.url).resolve('typescript/package.json'), 'utf8')) as {
    version: string;
  }
).version;
const baseConfig = readFileSync(join(root, 'tsconfig.base.json'), 'utf8');
const coreTypes = tree(join(packagesDir, 'core', 'dist'));
const configText = (dir: string) =>
  ['tsconfig.json', 'tsconfig.build.json'].map((f) => readFileSync(join(packagesDir, dir, f), 'utf8')).join('\0');
const stamps: Record<string, string> = {};
const stampOf = (dir: string): string => {
  if (stamps[dir]) return stamps[dir];
  const deps = Object.keys(
    (
      JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8')) as {
        dependencies?: Record<string, string>;
      }
    ).dependencies ?? {},
  )
    .map((name) => name.replace(/^@losant-sdk\//, ''))
    .filter((d) => d !== dir && dirs.includes(d))
    .sort();
  stamps[dir] = sha256(
    [
      typescriptVersion,
      baseConfig,
      configText(dir),
      tree(join(packagesDir, dir, 'src')),
      coreTypes,
      ...deps.map(stampOf),
    ].join('\0'),
  );
  return stamps[dir];
};
let previous: Record<string, string> = {};
try {
  previous = JSON.parse(readFileSync(stampsFile, 'utf8')) as Record<string, string>;
} catch {
  // no stamps yet: everything is built
}
const force = process.argv.includes('--force');
const complete = (dir: string) =>
  existsSync(join(packagesDir, dir, 'dist', 'index.js')) && existsSync(join(packagesDir, dir, 'dist', 'index.d.ts'));
const stale = dirs.filter((dir) => force || previous[dir] !== stampOf(dir) || !complete(dir));
if (!stale.length) {
  console.log(`build:packages: ${dirs.length} packages up to date (${Math.round(performance.now() - started)} ms)`);
  process.exit(0);
}

// The compiler is loaded only now: an up-to-date run never pays for it.
const { default: ts } = await import('typescript');
const configs = dirs.map((dir) => ({ dir, config: parseBuildConfig(ts, dir) }));
const reference = configs[0]!;
for (const { dir, config } of configs) {
  if (sharedOptions(config.options) !== sharedOptions(reference.config.options)) {
    fail(
      `packages/${dir}/tsconfig.build.json has other compiler options than packages/${reference.dir}/tsconfig.build.json: run \`pnpm generate\` (it writes them all alike)`,
    );
  }
}

// One program: each stale package's sources, resolved to each other's sources (their dist/ is
// what this run writes); the packages that are up to date resolve to their dist/, and so does
// core (hand-written, built before).
const outDir = join(cacheDir, 'out');
const paths = Object.fromEntries(
  stale.map((dir) => [`@losant-sdk/${dir}`, [join(packagesDir, dir, 'src', 'index.ts')]]),
);
const options: TS.CompilerOptions = {
  ...reference.config.options,
  rootDir: packagesDir,
  outDir,
  paths,
  noEmitOnError: true,
};
delete options.configFilePath;
const program = ts.createProgram({
  rootNames: configs.filter((c) => stale.includes(c.dir)).flatMap((c) => c.config.fileNames),
  options,
});

const diagnostics = ts.getPreEmitDiagnostics(program);
if (diagnostics.length) {
  const host: TS.FormatDiagnosticsHost = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => root,
    getNewLine: () => '\n',
  };
  console.error(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
  fail(
    `${diagnostics.length} type error(s) in the generated packages; nothing was written (a generator bug: the generated sources must type-check)`,
  );
}

// Emit in memory, then replace each package's dist/ with what it got.
const outputs = new Map<string, Map<string, string>>(stale.map((d) => [d, new Map()]));
const emitted = program.emit(undefined, (file, text) => {
  const [dir, src, ...rest] = relative(outDir, file).split(sep);
  const files = outputs.get(dir ?? '');
  if (!files || src !== 'src' || !rest.length) fail(`unexpected output ${file}`);
  files.set(rest.join('/'), text);
});
if (emitted.emitSkipped) fail('TypeScript skipped the emit; nothing was written');
// Each package's files go to a staging folder first; only when all are written does each dist/
// get replaced, so a failing disk leaves the previous builds as they were.
const staged: Array<{ dist: string; stage: string }> = [];
let count = 0;
try {
  for (const [dir, files] of outputs) {
    const dist = join(packagesDir, dir, 'dist');
    const stage = `${dist}.staging`;
    rmSync(stage, { recursive: true, force: true });
    staged.push({ dist, stage });
    for (const [path, text] of files) {
      mkdirSync(dirname(join(stage, path)), { recursive: true });
      writeFileSync(join(stage, path), text);
      count++;
    }
  }
} catch (error) {
  for (const { stage } of staged) rmSync(stage, { recursive: true, force: true });
  fail(`cannot write the build (${(error as Error).message}); every dist/ is as it was`);
}
for (const { dist, stage } of staged) {
  rmSync(dist, { recursive: true, force: true });
  renameSync(stage, dist);
}
mkdirSync(cacheDir, { recursive: true });
writeFileSync(
  stampsFile,
  `${JSON.stringify(Object.fromEntries(dirs.map((d) => [d, stale.includes(d) ? stampOf(d) : (previous[d] ?? '')])), null, 2)}\n`,
);
console.log(
  `build:packages: ${stale.length} of ${dirs.length} packages built (${dirs.length - stale.length} up to date), ${program.getSourceFiles().length} source files checked, ${count} files written in ${Math.round(performance.now() - started)} ms`,
);

/**
 * Type-check every hand-written TypeScript project of the workspace in one process:
 *
 *   pnpm typecheck      (a Turbo task; part of `pnpm test`, after the builds)
 *
 * Each project of `PROJECTS` is its own tsconfig.json, checked with its own compiler options, as
 * `tsc -p <it>` would check it. What is shared is only work that does not depend on the project:
 *
 * - Projects whose compiler options are the same (and whose `types` resolve to the same files) are
 *   one program: the standard library, Node's types and the packages' declarations they all import
 *   are bound and checked once for them, not once per project.
 * - The programs share the files they parse (and their binding), when no option that affects
 *   parsing or binding differs between them: the core and testing projects check
 *   `exactOptionalPropertyTypes`, the others do not, and that is a checker option only.
 *
 * Also checked here, with the options of packages/testing/tsconfig.json (strict,
 * `exactOptionalPropertyTypes`, `noUncheckedIndexedAccess`): the `@example` of every generated
 * method (the call a user copies from the API reference), each on a client of the umbrella, as
 * packages/sdk/.method-examples.ts (in memory, never written). The README samples are type-checked
 * against the packed tarballs by `pnpm test:consumer-types`.
 *
 * The generated packages' sources are checked by `pnpm build:packages`, the generator's by its
 * own `typecheck` task.
 */
import { realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
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
  'generator/tsconfig.json': "the generator's own `typecheck` task",
  'docs/tsconfig.json': "TypeDoc's input for the API reference site (it maps the packages to their sources)",
  'packages/<generated>/tsconfig.json':
    'a generated package: its sources by `pnpm build:packages`, its tests by tsconfig.packages.json',
};

/** The generated methods' examples: checked as part of this project's program. */
export const METHOD_EXAMPLES = { project: 'packages/testing/tsconfig.json', file: 'packages/sdk/.method-examples.ts' };

export interface Project {
  /** As given (relative to the repository root in `PROJECTS`). */
  config: string;
  /** The tsconfig.json file. */
  path: string;
  options: ts.CompilerOptions;
  fileNames: string[];
  errors: readonly ts.Diagnostic[];
}

export function readProject(config: string, root = ROOT): Project {
  const file = resolve(root, config);
  let unrecoverable: ts.Diagnostic | undefined;
  const parsed = ts.getParsedCommandLineOfConfigFile(file, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => (unrecoverable = d),
  });
  if (!parsed) return { config, path: file, options: {}, fileNames: [], errors: unrecoverable ? [unrecoverable] : [] };
  return { config, path: file, options: parsed.options, fileNames: parsed.fileNames, errors: parsed.errors };
}

/** Where each name of `types` resolves for a project (what its own program would include). */
function resolvedTypes(project: Project): string[] {
  const containing = join(dirname(project.path), '__inferred type names__.ts');
  return (project.options.types ?? []).map((name) => {
    const resolved = ts.resolveTypeReferenceDirective(name, containing, project.options, ts.sys)
      .resolvedTypeReferenceDirective?.resolvedFileName;
    return resolved ? realpathSync(resolved) : `unresolved:${name}`;
  });
}

/** The options that make two projects one program when equal: all but where the config file is. */
function programKey(project: Project): string {
  const { configFilePath: _configFilePath, ...rest } = project.options;
  return JSON.stringify([rest, Object.keys(rest).sort(), resolvedTypes(project)], (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** The projects grouped into programs: those whose options (and resolved `types`) are equal share one. */
export function groupProjects(projects: readonly Project[]): Project[][] {
  const groups = new Map<string, Project[]>();
  for (const p of projects) {
    const key = programKey(p);
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()];
}

/**
 * The options that decide how a file is parsed and bound (TypeScript's own list: those marked as
 * affecting source files or bind diagnostics). Programs that agree on them can share source files.
 */
function parseKey(options: ts.CompilerOptions): string {
  const declarations = (
    ts as unknown as {
      optionDeclarations?: Array<{ name: string; affectsSourceFile?: true; affectsBindDiagnostics?: true }>;
    }
  ).optionDeclarations;
  // Without TypeScript's list, nothing is shared between programs whose options differ at all.
  if (!declarations) return JSON.stringify(options, Object.keys(options).sort());
  const names = declarations.filter((d) => d.affectsSourceFile || d.affectsBindDiagnostics).map((d) => d.name);
  // `strict` implies `alwaysStrict`, which affects binding.
  return JSON.stringify([...names, 'strict'].sort().map((n) => [n, options[n]]));
}

export interface Checked {
  programs: Array<{ projects: string[]; files: number }>;
  diagnostics: ts.Diagnostic[];
  /** Files parsed, and how many times a program took one another had parsed. */
  parsed: number;
  shared: number;
}

/**
 * Type-check the projects; `extra` adds in-memory files (`file`: an absolute path) to the program
 * of a project (`project`: its `config`).
 */
export function typeCheck(
  projects: readonly Project[],
  extra: ReadonlyArray<{ project: string; file: string; text: string }> = [],
): Checked {
  const diagnostics: ts.Diagnostic[] = projects.flatMap((p) => p.errors);
  const virtual = new Map(extra.map((e) => [resolve(e.file), e.text]));
  const parsed = new Map<string, ts.SourceFile>();
  const programs: Checked['programs'] = [];
  let shared = 0;
  for (const group of groupProjects(projects)) {
    const options = { ...group[0]!.options, noEmit: true };
    const host = ts.createCompilerHost(options, true);
    const shareKey = parseKey(options);
    const { getSourceFile, fileExists, readFile } = host;
    host.fileExists = (f) => virtual.has(resolve(f)) || fileExists.call(host, f);
    host.readFile = (f) => virtual.get(resolve(f)) ?? readFile.call(host, f);
    host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
      const settings =
        typeof languageVersionOrOptions === 'object'
          ? languageVersionOrOptions
          : { languageVersion: languageVersionOrOptions };
      const key = [
        shareKey,
        resolve(fileName),
        settings.languageVersion,
        settings.impliedNodeFormat,
        settings.jsDocParsingMode,
      ].join('\0');
      const cached = parsed.get(key);
      if (cached && !shouldCreateNewSourceFile) {
        shared++;
        return cached;
      }
      const text = virtual.get(resolve(fileName));
      const file =
        text === undefined
          ? getSourceFile.call(host, fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile)
          : ts.createSourceFile(fileName, text, languageVersionOrOptions, true);
      if (file) parsed.set(key, file);
      return file;
    };
    const configs = group.map((p) => p.config);
    const rootNames = [
      ...new Set([
        ...group.flatMap((p) => p.fileNames),
        ...extra.filter((e) => configs.includes(e.project)).map((e) => resolve(e.file)),
      ]),
    ];
    const program = ts.createProgram({ rootNames, options, host });
    diagnostics.push(...ts.getPreEmitDiagnostics(program));
    programs.push({ projects: configs, files: program.getSourceFiles().length });
  }
  return { programs, diagnostics, parsed: parsed.size, shared };
}

function main(): void {
  const started = performance.now();
  const projects = PROJECTS.map((p) => readProject(p));
  const { programs, diagnostics, parsed, shared } = typeCheck(projects, [
    {
      project: METHOD_EXAMPLES.project,
      file: resolve(ROOT, METHOD_EXAMPLES.file),
      text: methodExamplesModule(ROOT),
    },
  ]);
  const host: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => '\n',
  };
  for (const p of programs) console.log(`typecheck: ${p.projects.join(', ')}: one program, ${p.files} files`);
  if (diagnostics.length) {
    console.error(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
    console.error(`typecheck: ${diagnostics.length} error(s)`);
    process.exit(1);
  }
  console.log(
    `typecheck: ${projects.length} projects in ${programs.length} programs (${parsed} files parsed, ${shared} shared), no errors (${Math.round(performance.now() - started)} ms)`,
  );
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) main();

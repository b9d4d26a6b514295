/** `pnpm typecheck`: every project is listed, each is checked with its own options, and errors are reported. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CHECKED_ELSEWHERE,
  checkProject,
  checkProjects,
  METHOD_EXAMPLES,
  PROJECTS,
  writeModuleProject,
} from '../typecheck.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the projects', () => {
  it('are every tsconfig.json of the workspace but those checked elsewhere', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'generated', 'manifest.json'), 'utf8')) as { files: string[] };
    const workspace = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')
      .split('\n')
      .flatMap((line) => /^\s*-\s*['"]?([^'"]+)['"]?\s*$/.exec(line)?.[1] ?? [])
      .flatMap((pattern) =>
        pattern.endsWith('/*')
          ? readdirSync(join(root, pattern.slice(0, -2))).map((d) => `${pattern.slice(0, -2)}/${d}`)
          : [pattern],
      );
    const configs = [
      ...readdirSync(root).filter((f) => /^tsconfig\..+\.json$/.test(f) && f !== 'tsconfig.base.json'),
      ...workspace.map((dir) => `${dir}/tsconfig.json`).filter((f) => existsSync(join(root, f))),
    ];
    expect(configs.length).toBeGreaterThan(PROJECTS.length);
    const unchecked = configs.filter(
      (f) => !(PROJECTS as readonly string[]).includes(f) && !(f in CHECKED_ELSEWHERE) && !manifest.files.includes(f),
    );
    expect(unchecked).toEqual([]);
    for (const p of PROJECTS) expect(existsSync(join(root, p)), p).toBe(true);
    expect(PROJECTS).toContain(METHOD_EXAMPLES.extends);
  });
});

/** The global types TypeScript requires, and nothing else: the programs stay a few files each. */
const GLOBALS = [
  'Array<T>',
  'Boolean',
  'CallableFunction',
  'Function',
  'IArguments',
  'NewableFunction',
  'Number',
  'Object',
  'RegExp',
  'String',
]
  .map((name) => `interface ${name} {}`)
  .join('\n');

/**
 * A scratch workspace: each project a folder with its tsconfig.json, all of them including the
 * same declarations of the global types (no standard library: checking takes milliseconds).
 */
function scratch(projects: Record<string, { options: Record<string, unknown>; files: Record<string, string> }>) {
  const dir = mkdtempSync(join(tmpdir(), 'typecheck-'));
  mkdirSync(join(dir, 'common'));
  writeFileSync(join(dir, 'common', 'globals.d.ts'), `${GLOBALS}\n`);
  for (const [name, { options, files }] of Object.entries(projects)) {
    mkdirSync(join(dir, name));
    writeFileSync(
      join(dir, name, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: 'es2022', noLib: true, types: [], ...options },
        include: ['*.ts', '../common/globals.d.ts'],
      }),
    );
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, name, file), text);
  }
  return dir;
}

// Valid unless `exactOptionalPropertyTypes` is on.
const OPTIONAL_UNDEFINED = 'const o: { a?: string } = { a: undefined };\nexport { o };\n';

/** The errors of a report, as [file relative to `dir` ('' for an error of no file), code]. */
const errors = (output: string, dir: string) =>
  [...output.matchAll(/^(?:(.+?)\(\d+,\d+\): )?error TS(\d+)/gm)].map((m) => [
    m[1] ? relative(dir, resolve(dir, m[1])).split('\\').join('/') : '',
    Number(m[2]),
  ]);

describe('checking', () => {
  it('checks each project with its own options, and reports the errors of each', async () => {
    const dir = scratch({
      loose: { options: {}, files: { 'a.ts': OPTIONAL_UNDEFINED } },
      exact: { options: { exactOptionalPropertyTypes: true }, files: { 'c.ts': OPTIONAL_UNDEFINED } },
      bad: { options: { noSuchOption: true }, files: { 'b.ts': 'export const b = 1;\n' } },
    });
    const results = await checkProjects(['loose/tsconfig.json', 'exact/tsconfig.json', 'bad/tsconfig.json'], dir);
    expect(results.map((r) => r.config)).toEqual(['loose/tsconfig.json', 'exact/tsconfig.json', 'bad/tsconfig.json']);
    expect(results[0]!.output).toBe('');
    // The same file is an error only in the project that checks exact optional property types.
    expect(errors(results[1]!.output, dir)).toEqual([['exact/c.ts', 2375]]);
    // An unknown compiler option: the tsconfig.json is named.
    expect(errors(results[2]!.output, dir)).toEqual([['bad/tsconfig.json', 5023]]);
  });

  it('checks a written module with the options of the project it extends, and only that module', async () => {
    const dir = scratch({
      exact: { options: { exactOptionalPropertyTypes: true }, files: { 'a.ts': 'export const a = 1;\n' } },
    });
    const config = writeModuleProject(
      join(dir, 'examples'),
      join(dir, 'exact', 'tsconfig.json'),
      'examples.ts',
      `/// <reference path="../common/globals.d.ts" />\nimport { a } from '../exact/a.js';\nexport const s: string = a;\n${OPTIONAL_UNDEFINED}`,
    );
    const { output } = await checkProject(config, dir);
    expect(errors(output, dir)).toEqual([
      ['examples/examples.ts', 2322],
      ['examples/examples.ts', 2375],
    ]);
  });
});

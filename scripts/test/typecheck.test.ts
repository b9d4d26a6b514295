/** `pnpm typecheck`: every project is listed, and each is checked with its own options though programs share files. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHECKED_ELSEWHERE, groupProjects, METHOD_EXAMPLES, PROJECTS, readProject, typeCheck } from '../typecheck.js';

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
    expect(PROJECTS).toContain(METHOD_EXAMPLES.project);
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

describe('checking', () => {
  it('makes one program of the projects with equal options, and keeps each project its own options', () => {
    const dir = scratch({
      loose: { options: {}, files: { 'a.ts': OPTIONAL_UNDEFINED } },
      'loose-too': { options: {}, files: { 'b.ts': OPTIONAL_UNDEFINED } },
      exact: { options: { exactOptionalPropertyTypes: true }, files: { 'c.ts': OPTIONAL_UNDEFINED } },
    });
    const projects = ['loose', 'loose-too', 'exact'].map((p) => readProject(join(dir, p, 'tsconfig.json'), dir));
    expect(groupProjects(projects).map((g) => g.map((p) => p.path))).toEqual([
      [projects[0]!.path, projects[1]!.path],
      [projects[2]!.path],
    ]);
    const { programs, diagnostics, shared } = typeCheck(projects);
    expect(programs).toHaveLength(2);
    // The exact program took the global declarations the loose one had parsed.
    expect(shared).toBeGreaterThan(0);
    // One error: in the file of the project that checks exact optional property types, only.
    expect(diagnostics.map((d) => [d.file?.fileName, d.code])).toEqual([[join(dir, 'exact', 'c.ts'), 2375]]);
  });

  it('reports the errors of an in-memory file added to a project, and of a broken tsconfig.json', () => {
    const dir = scratch({
      good: { options: {}, files: { 'a.ts': 'export const a = 1;\n' } },
      bad: { options: { noSuchOption: true }, files: { 'b.ts': 'export const b = 1;\n' } },
    });
    const projects = ['good', 'bad'].map((p) => readProject(join(dir, p, 'tsconfig.json'), dir));
    const virtual = join(dir, 'good', 'examples.ts');
    const { diagnostics } = typeCheck(projects, [
      {
        project: projects[0]!.config,
        file: virtual,
        text: "import { a } from './a.js';\nexport const s: string = a;\n",
      },
    ]);
    expect(diagnostics.map((d) => [d.file?.fileName ?? 'tsconfig', d.code]).sort()).toEqual(
      [
        [virtual, 2322],
        [join(dir, 'bad', 'tsconfig.json'), 5023],
      ].sort(),
    );
  });
});

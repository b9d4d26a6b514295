/**
 * Keep the READMEs true: every ```ts block in the package READMEs (and the root README)
 * must type-check against the real packages, as a user would paste it.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('..', import.meta.url));
const root = join(here, '..', '..');
const readmes = [
  join(root, 'README.md'),
  ...readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p, 'README.md')),
].filter((f) => {
  try {
    return readFileSync(f, 'utf8').includes('```ts');
  } catch {
    return false;
  }
});

const blocks = readmes.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m, i) => ({ file: file.slice(root.length + 1), i, code: m[1]! })));

describe('README examples type-check', () => {
  it('finds an example in every package README', () => {
    const packages = readdirSync(join(root, 'packages'));
    for (const p of packages) expect(blocks.some((b) => b.file === `packages/${p}/README.md`), p).toBe(true);
  });

  it('compiles every example', () => {
    const dir = join(here, '.readme-check');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    const files = blocks.map((b) => {
      const file = join(dir, `${b.file.replace(/[/.]/g, '_')}_${b.i}.ts`);
      // Each example is its own module.
      writeFileSync(file, `${b.code}\nexport {};\n`);
      return file;
    });
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: ['node'],
      skipLibCheck: true,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName.slice(dir.length + 1) ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    rmSync(dir, { recursive: true, force: true });
    expect(problems).toEqual([]);
  });
});

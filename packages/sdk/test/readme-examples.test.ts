/**
 * Keep the READMEs and the API reference true: every ```ts block in the package READMEs (and the
 * root README and MIGRATING.md), and every action's `@example`, must type-check against the real packages, as a
 * user would paste it (strict, with `exactOptionalPropertyTypes`).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { documentedSamples, sampleFileName } from '../../../scripts/examples.js';

const here = fileURLToPath(new URL('..', import.meta.url));
const root = join(here, '..', '..');
const blocks = documentedSamples(root);

/** The `@example` of every generated method: one call on `losant`, a client of the umbrella. */
const resourceFiles = readdirSync(join(root, 'packages')).flatMap((p) => {
  const dir = join(root, 'packages', p, 'src', 'resources');
  try {
    return readdirSync(dir).map((f) => join(dir, f));
  } catch {
    return [];
  }
});
const methodExamples = resourceFiles.flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*\* @example\n\s*\* ```ts\n((?:\s*\* (?!```).*\n)+)\s*\* ```$/gm)].map(
    (m) => m[1]!.replace(/^\s*\* /gm, ''),
  ),
);

describe('README examples type-check', () => {
  it('finds an example in every package README', () => {
    const packages = readdirSync(join(root, 'packages'));
    for (const p of packages)
      expect(
        blocks.some((b) => b.file === `packages/${p}/README.md`),
        p,
      ).toBe(true);
  });

  it('finds the examples of the generated methods', () => {
    // Every action whose required parameters all have documented examples gets one.
    expect(resourceFiles.length).toBeGreaterThan(0);
    expect(methodExamples.length).toBeGreaterThan(resourceFiles.length);
  });

  // One TypeScript program over every example and all 41 packages' types: seconds alone, far more
  // while the rest of the suite shares the cores. The limit only stops a hung compile.
  it('compiles every example', { timeout: 180_000 }, () => {
    const dir = join(here, '.readme-check');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    const files = blocks.map((b) => {
      const file = join(dir, sampleFileName(b));
      // Each example is its own module.
      writeFileSync(file, `${b.code}\nexport {};\n`);
      return file;
    });
    const methods = join(dir, 'method-examples.ts');
    writeFileSync(
      methods,
      [
        "import { createLosantClient } from '@losant-sdk/sdk';",
        "const losant = createLosantClient({ token: 'example' });",
        ...methodExamples.map((code) => `async () => {\n${code}};`),
        'export {};',
      ].join('\n'),
    );
    files.push(methods);
    const program = ts.createProgram(files, {
      strict: true,
      exactOptionalPropertyTypes: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: ['node'],
      skipLibCheck: true,
      // The umbrella does not depend on the testing kit (the kit depends on it): its README's
      // examples import the kit's built declarations directly.
      paths: { '@losant-sdk/testing': [join(root, 'packages', 'testing', 'dist', 'index.d.ts')] },
    });
    const where = (d: ts.Diagnostic) => {
      if (!d.file) return '';
      const line = d.file.getLineAndCharacterOfPosition(d.start ?? 0).line;
      return `${d.file.fileName.slice(dir.length + 1)}:${line + 1}: ${d.file.text.split('\n')[line]?.trim().slice(0, 160)}`;
    };
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${where(d)}\n  ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    rmSync(dir, { recursive: true, force: true });
    expect(problems).toEqual([]);
  });
});

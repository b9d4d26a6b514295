/**
 * The TypeScript samples of the documentation a user reads: every ```ts block of the root README,
 * MIGRATING.md and each package README. The umbrella's README test type-checks them against the
 * workspace packages, the consumer type test (scripts/consumer-types.ts) against the tarballs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface CodeBlock {
  /** Markdown file, relative to the repository root. */
  file: string;
  /** Index of the block within its file. */
  i: number;
  code: string;
}

/** The Markdown files whose samples are checked (those with at least one ```ts block). */
export function documentedFiles(root: string): string[] {
  return [
    join(root, 'README.md'),
    join(root, 'MIGRATING.md'),
    ...readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p, 'README.md')),
  ].filter((f) => {
    try {
      return readFileSync(f, 'utf8').includes('```ts');
    } catch {
      return false;
    }
  });
}

/** Every ```ts block of the documented files, in file order. */
export function documentedSamples(root: string): CodeBlock[] {
  return documentedFiles(root).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m, i) => ({
      file: relative(root, file).split('\\').join('/'),
      i,
      code: m[1]!,
    })),
  );
}

/** A file name for a sample, unique per block: `packages_devices_README_md_0.ts`. */
export function sampleFileName(block: CodeBlock): string {
  return `${block.file.replace(/[/.]/g, '_')}_${block.i}.ts`;
}

/**
 * The `@example` of every generated method (packages/<tag>/src/resources/*.ts, the doc comment a
 * user reads in the API reference and the editor): one call on `losant`, a client of the umbrella.
 */
export function methodExamples(root: string): string[] {
  const files = readdirSync(join(root, 'packages')).flatMap((p) => {
    const dir = join(root, 'packages', p, 'src', 'resources');
    try {
      return readdirSync(dir).map((f) => join(dir, f));
    } catch {
      return [];
    }
  });
  return files.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/^\s*\* @example\n\s*\* ```ts\n((?:\s*\* (?!```).*\n)+)\s*\* ```$/gm)].map(
      (m) => m[1]!.replace(/^\s*\* /gm, ''),
    ),
  );
}

/** A module with every method example, each in its own function, on `losant` (type-checked by `pnpm typecheck`). */
export function methodExamplesModule(root: string): string {
  return [
    "import { createLosantClient } from '@losant-sdk/sdk';",
    "const losant = createLosantClient({ token: 'example' });",
    ...methodExamples(root).map((code) => `async () => {\n${code}};`),
    'export {};',
    '',
  ].join('\n');
}

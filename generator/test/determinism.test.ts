import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { format } from 'prettier';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { PRETTIER_OPTIONS } from '../src/emit/workers.js';
import { mirrorDir, sandbox } from './support/env.js';

async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const file = join(entry.parentPath, entry.name);
      out.set(relative(dir, file), await readFile(file, 'utf8'));
    }
  }
  return out;
}

describe('deterministic output', () => {
  let first: Map<string, string>;
  let second: Map<string, string>;
  let packages: Map<string, string>;
  beforeAll(async () => {
    const silent = { out: () => {}, err: () => {} };
    const a = await sandbox();
    const b = await sandbox();
    expect(await main(['generate', '--root', a.root, '--upstream', mirrorDir], silent)).toBe(0);
    expect(await main(['generate', '--root', b.root, '--upstream', mirrorDir], silent)).toBe(0);
    packages = await snapshot(join(a.root, 'packages'));
    first = new Map([...(await snapshot(join(a.root, 'generated'))), ...packages]);
    second = new Map([...(await snapshot(join(b.root, 'generated'))), ...(await snapshot(join(b.root, 'packages')))]);
  });

  it('two generator runs write byte-identical files', () => {
    expect([...first.keys()].filter((p) => p.endsWith('schema.ts')).length).toBe(15);
    expect(first.size).toBeGreaterThan(100);
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [path, content] of first) expect(second.get(path) === content, path).toBe(true);
  });

  // The emit formats TypeScript with prettier's faster babel-ts parser: what it prints must be what the
  // typescript parser prints. (schema.ts comes from openapi-typescript's printer, not prettier.)
  it('generated TypeScript and Markdown are exactly as prettier prints them with the typescript and markdown parsers', async () => {
    const formatted = [...packages].filter(([path]) => /\.(ts|md)$/.test(path) && !path.endsWith('schema.ts') && !path.endsWith('CHANGELOG.md'));
    expect(formatted.length).toBeGreaterThan(90);
    for (const [path, content] of formatted) {
      const parser = path.endsWith('.md') ? 'markdown' : 'typescript';
      expect(await format(content, { ...PRETTIER_OPTIONS, parser }), path).toBe(content);
    }
  });
});

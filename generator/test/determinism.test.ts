import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
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
  it('two generator runs write byte-identical files', async () => {
    const silent = { out: () => {}, err: () => {} };
    const a = await sandbox();
    const b = await sandbox();
    expect(await main(['generate', '--root', a.root, '--upstream', mirrorDir], silent)).toBe(0);
    expect(await main(['generate', '--root', b.root, '--upstream', mirrorDir], silent)).toBe(0);
    const first = new Map([...(await snapshot(join(a.root, 'generated'))), ...(await snapshot(join(a.root, 'packages')))]);
    const second = new Map([...(await snapshot(join(b.root, 'generated'))), ...(await snapshot(join(b.root, 'packages')))]);
    expect([...first.keys()].filter((p) => p.endsWith('schema.ts')).length).toBe(15);
    expect(first.size).toBeGreaterThan(100);
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [path, content] of first) expect(second.get(path) === content, path).toBe(true);
  });
});

/** The root README's package table names every package, with the Losant API it belongs to. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDocument } from '@losant-sdk/generator/lib';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const rows = new Map(
  [
    ...readme.matchAll(
      /^\| \[`(@losant-sdk\/[a-z-]+)`\]\(packages\/([a-z-]+)\/README\.md\) \| ([^|]+) \| ([^|]+) \|$/gm,
    ),
  ].map((m) => [m[1]!, { dir: m[2]!, api: m[3]!.trim(), resources: m[4]!.trim() }]),
);
const models = readdirSync(join(root, 'generated'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => readDocument(JSON.parse(readFileSync(join(root, 'generated', e.name, 'openapi.json'), 'utf8')), e.name));

describe('the README package table', () => {
  it('lists every package in packages/, and nothing else', () => {
    const dirs = readdirSync(join(root, 'packages')).sort();
    expect([...rows.values()].map((r) => r.dir).sort()).toEqual(dirs);
  });

  it('gives each generated package its Losant API and its resources', () => {
    for (const m of models) {
      const byTag = new Map<string, string[]>();
      for (const o of m.operations)
        if (!byTag.get(o.tag)?.includes(o.resource)) byTag.set(o.tag, [...(byTag.get(o.tag) ?? []), o.resource]);
      for (const resources of byTag.values()) {
        const row = [...rows.values()].find((r) => resources.every((x) => r.resources.includes(`\`${x}\``)));
        expect(row, resources.join(', ')).toBeDefined();
        expect(row!.api, resources.join(', ')).toBe(m.title.replace(/^Losant /, ''));
      }
    }
  });
});

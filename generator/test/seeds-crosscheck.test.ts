import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtApis, spec } from './support/built.js';
import { haveSeeds, seedsDir } from './support/env.js';
import { parseMarkdownSeed, parseTextSeed, templateOf, type SeedAction } from './support/seeds.js';

/**
 * The seed doc pages are rendered by a different path than the docs index the generator
 * reads, so agreeing with them is an independent check of method, URL and required params.
 */
if (!haveSeeds)
  console.log(`seed cross-check skipped: no seed documents at ${seedsDir} (they come only with the ../shared mirror)`);
const seeds: SeedAction[] = (haveSeeds ? readdirSync(seedsDir) : [])
  .filter((f) => /^00[0-3]_/.test(f))
  .sort()
  .flatMap((f) => {
    const text = readFileSync(join(seedsDir, f), 'utf8');
    return f.endsWith('.txt') && text.includes('\n## ') ? parseMarkdownSeed(f, text) : parseTextSeed(f, text);
  });

type Op = Record<string, any>;
let byKey: Map<string, Op>;

beforeAll(() => {
  byKey = new Map();
  for (const api of builtApis()) {
    for (const [path, item] of Object.entries(spec(api)['paths'] as Record<string, Record<string, Op>>)) {
      for (const [method, op] of Object.entries(item))
        byKey.set(`${method.toUpperCase()} ${templateOf(path.replace(/\{[^}]+\}/g, 'X'))}`, op);
    }
  }
});

function params(op: Op): { required: string[]; all: string[] } {
  const query = ((op['parameters'] ?? []) as Op[]).filter((p) => p['in'] === 'query');
  const form = op['requestBody']?.content?.['multipart/form-data']?.schema;
  return {
    required: [
      ...query.filter((p) => p['required']).map((p) => p['name'] as string),
      ...((form?.required ?? []) as string[]),
    ].sort(),
    all: [...query.map((p) => p['name'] as string), ...Object.keys(form?.properties ?? {})],
  };
}

describe.skipIf(!haveSeeds)('cross-check against the seed doc pages', () => {
  it('parses every seed page', () => {
    const per = (prefix: string) => seeds.filter((s) => s.seed.startsWith(prefix)).length;
    expect(per('000')).toBeGreaterThanOrEqual(15);
    expect(per('001')).toBe(4);
    expect(per('002')).toBeGreaterThanOrEqual(9);
    expect(per('003')).toBe(3);
  });

  it.each(seeds.map((s) => [`${s.seed.slice(0, 3)} ${s.method} ${s.path}`, s] as const))('%s', (_, s) => {
    const op = byKey.get(`${s.method} ${s.path}`);
    expect(op, `no operation at ${s.method} ${s.path}`).toBeDefined();
    const { required, all } = params(op!);
    expect(required, 'required query/multipart parameters').toEqual([...s.required].sort());
    for (const name of s.listed) expect(all, `parameter ${name} listed on the page`).toContain(name);
  });
});

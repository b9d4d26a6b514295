/**
 * The schema transforms applied only for typing (the published spec is unchanged), each checked
 * on its own and by what TypeScript then accepts.
 */
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  dropConstraintOnly,
  freeFormObjects,
  schemaForTyping,
  widenAdditionalProperties,
} from '../src/emit/path-map.js';
import type { Json } from '../src/json/index.js';

/** A schema literal as the transforms take it (TypeScript infers literals narrower than `Json`). */
const json = (value: unknown) => value as Json;

/** Losant's `advancedQuery` shape: named array operators beside per-key value queries. */
const advancedQuery = {
  type: 'object',
  properties: {
    $and: { type: 'array', items: { $ref: '#/components/schemas/advancedQuery' } },
    $or: { type: 'array', items: { $ref: '#/components/schemas/advancedQuery' } },
  },
  additionalProperties: {
    oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'object', properties: { $ne: { type: 'string' } } }],
  },
};

/** Parsed lib files (`lib.es2022.full.d.ts` and what it references), shared by every program below. */
const libFiles = new Map<string, ts.SourceFile>();

/** Diagnostics of `code` against the types openapi-typescript prints for one component schema. */
async function typeErrors(schema: unknown, code: string): Promise<string[]> {
  const doc = {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: {},
    components: { schemas: { advancedQuery: schema } },
  };
  const types = astToString(await openapiTS(doc as never, { silent: true }));
  const files: Record<string, string> = {
    '/schema.ts': types,
    '/use.ts': `import type { components } from './schema';\ntype Q = components['schemas']['advancedQuery'];\n${code}\n`,
  };
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
    // TypeScript's own lib files are not what these tests check (the diagnostics of use.ts and schema.ts are).
    skipDefaultLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (f) => files[f] ?? read(f);
  host.fileExists = (f) => f in files || ts.sys.fileExists(f);
  host.getSourceFile = (f, v) => {
    if (f in files) return ts.createSourceFile(f, files[f]!, v);
    // TypeScript's own lib files are the same for every program: parse them once per suite.
    let lib = libFiles.get(f);
    if (!lib) libFiles.set(f, (lib = ts.createSourceFile(f, read(f) ?? '', v)));
    return lib;
  };
  const program = ts.createProgram(['/use.ts'], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
}

const useOr = `const q: Q = { $or: [{ level: { $ne: 'info' } }, { level: 3 }] };\nexport { q };`;

describe('widenAdditionalProperties', () => {
  it('widens an index signature to the named properties, deep inside a schema', () => {
    const out = widenAdditionalProperties(json({ type: 'array', items: advancedQuery })) as {
      items: { additionalProperties: { anyOf: unknown[] } };
    };
    expect(out.items.additionalProperties).toEqual({
      anyOf: [advancedQuery.additionalProperties, advancedQuery.properties.$and, advancedQuery.properties.$or],
    });
  });

  it('leaves alone an object without named properties or without an additionalProperties schema', () => {
    for (const schema of [
      { type: 'object', additionalProperties: { type: 'string' } },
      { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
      { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: true },
      { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: {} },
    ])
      expect(widenAdditionalProperties(json(schema))).toEqual(schema);
  });

  it('makes a named property that breaks the index signature usable; the raw schema does not type-check it', async () => {
    expect((await typeErrors(advancedQuery, useOr)).join('\n')).toMatch(/not assignable/);
    expect(await typeErrors(schemaForTyping(json(advancedQuery)), useOr)).toEqual([]);
  }, 60_000);

  it('still checks the other keys against the index signature', async () => {
    expect(
      (
        await typeErrors(schemaForTyping(json(advancedQuery)), `const q: Q = { level: { $gt: true } };\nexport { q };`)
      ).join('\n'),
    ).toMatch(/\$gt/);
  }, 60_000);
});

describe('dropConstraintOnly', () => {
  it('drops alternatives that only constrain, keeps the ones that give a shape', () => {
    expect(dropConstraintOnly(json({ type: 'object', oneOf: [{ required: ['a'] }, { required: ['b'] }] }))).toEqual({
      type: 'object',
    });
    expect(dropConstraintOnly(json({ anyOf: [{ required: ['a'] }, { type: 'string' }] }))).toEqual({
      anyOf: [{ type: 'string' }],
    });
  });
});

describe('freeFormObjects', () => {
  it.each([
    ['no properties', { type: 'object' }],
    ['empty properties', { type: 'object', properties: {} }],
    ['additionalProperties false and no properties', { type: 'object', additionalProperties: false }],
    ['empty properties, additionalProperties false', { type: 'object', properties: {}, additionalProperties: false }],
  ])('types an object schema with %s as free-form', async (_, schema) => {
    expect(freeFormObjects(json(schema))).toMatchObject({ additionalProperties: {} });
    const code = `const q: Q = { any: 'key', nested: { n: 1 } };\nconst v: unknown = q['other'];\nexport { q, v };`;
    expect(await typeErrors(schemaForTyping(json(schema)), code)).toEqual([]);
  });

  it('keeps an object that must be empty (maxProperties 0, from a correction) empty', async () => {
    const schema = { type: 'object', properties: {}, additionalProperties: false, maxProperties: 0 };
    expect(await typeErrors(schemaForTyping(json(schema)), `const q: Q = {};\nexport { q };`)).toEqual([]);
    expect(await typeErrors(schemaForTyping(json(schema)), `const q: Q = { a: 1 };\nexport { q };`)).not.toEqual([]);
  });

  it('leaves objects with properties, a value schema or alternatives alone, at every depth', () => {
    const typed = { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false };
    const map = { type: 'object', additionalProperties: { type: 'number' } };
    const composed = { type: 'object', oneOf: [typed, map] };
    for (const schema of [typed, map, composed]) expect(freeFormObjects(json(schema))).toEqual(schema);
    expect(
      freeFormObjects(json({ type: 'array', items: { type: 'object', properties: { config: { type: 'object' } } } })),
    ).toEqual({
      type: 'array',
      items: { type: 'object', properties: { config: { type: 'object', additionalProperties: {} } } },
    });
  });
});

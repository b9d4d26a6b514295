/**
 * The typed path map without openapi-typescript's Redocly lint and bundle (emit/workers.ts): for
 * every tag document of the real APIs the build printed exactly what `openapiTS` prints, and a `$ref` that
 * points nowhere is still an error.
 */
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { tagDocument } from '../src/emit/path-map.js';
import { DATE_MARKER } from '../src/emit/workers.js';
import type { OpenApiDocument } from '../src/openapi/write.js';
import { built, builtApis, model } from './support/built.js';
import { suiteContext } from './support/env.js';

// The suite's workers, on the suite's step cache: a tag document the suite's build printed is
// answered with what the build's types worker printed for it (the cache key holds the worker's
// version, emit/workers.ts), a new one is printed on the worker.
const workers = suiteContext().workers();

/** What openapi-typescript itself prints, with the options and transform emit uses. */
const transform = (schema: unknown) =>
  schema && (schema as Record<string, unknown>)[DATE_MARKER] === true
    ? ts.factory.createTypeReferenceNode('Date')
    : undefined;
const printedByOpenapiTs = async (doc: OpenApiDocument) =>
  astToString(await openapiTS(structuredClone(doc) as never, { silent: true, defaultNonNullable: false, transform }));

describe('the path map printed without the bundle', () => {
  it('is what openapi-typescript prints, for every tag document of every API', { timeout: 120_000 }, async () => {
    let documents = 0;
    for (const api of builtApis()) {
      const m = model(api);
      for (const tag of m.tags) {
        const doc = tagDocument(m, tag.name);
        const printed = await workers.pathMap(doc);
        expect(printed, `${api}/${tag.name}`).toBe(await printedByOpenapiTs(doc));
        documents++;
      }
    }
    expect(documents).toBeGreaterThan(40);
  });

  it('is what the generated schema.ts holds (after its header line)', async () => {
    const m = model('device');
    const tag = m.tags.find((t) => t.name === 'Devices')!;
    const file = built('packages/devices/src/schema.ts');
    expect(file.slice(file.indexOf('\n') + 1)).toBe(await workers.pathMap(tagDocument(m, tag.name)));
  });

  const doc = (ref: string) =>
    ({
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {},
      components: {
        schemas: {
          'a~b/c': { type: 'string' },
          'per%cent': { type: 'number' },
          user: { type: 'object', properties: { x: { $ref: ref } } },
        },
      },
    }) as unknown as OpenApiDocument;

  it.each([
    ['#/components/schemas/a~0b~1c', 'string'],
    ['#/components/schemas/per%25cent', 'number'],
  ])('follows an escaped $ref (%s) as openapi-typescript does', async (ref, type) => {
    const printed = await workers.pathMap(doc(ref));
    expect(printed).toBe(await printedByOpenapiTs(doc(ref)));
    expect(printed).toContain(
      `x?: ${type === 'string' ? 'components["schemas"]["a~b/c"]' : 'components["schemas"]["per%cent"]'};`,
    );
  });

  it('types a discriminated union as openapi-typescript does', async () => {
    const pets = {
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {},
      components: {
        schemas: {
          pet: {
            oneOf: [{ $ref: '#/components/schemas/cat' }, { $ref: '#/components/schemas/dog' }],
            discriminator: { propertyName: 'kind', mapping: { meow: '#/components/schemas/cat' } },
          },
          cat: {
            type: 'object',
            required: ['kind'],
            properties: { kind: { type: 'string' }, lives: { type: 'number' } },
          },
          dog: { type: 'object', properties: { kind: { type: 'string' }, good: { type: 'boolean' } } },
          owner: {
            allOf: [{ $ref: '#/components/schemas/dog' }, { type: 'object', properties: { name: { type: 'string' } } }],
          },
        },
      },
    } as unknown as OpenApiDocument;
    const printed = await workers.pathMap(pets);
    expect(printed).toBe(await printedByOpenapiTs(pets));
    expect(printed).toContain('kind: "meow"');
  });

  it.each(['#/components/schemas/missing', 'other.json#/components/schemas/user'])(
    'rejects a $ref that points nowhere in the document (%s)',
    async (ref) => {
      await expect(workers.pathMap(doc(ref))).rejects.toThrow(`$ref ${ref} points nowhere in the document`);
    },
  );
});

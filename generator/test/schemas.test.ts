import { describe, expect, it } from 'vitest';
import type { Json } from '../src/json/index.js';
import { firstDifference } from '../src/reconcile/schemas/compare.js';
import { completeFromDoc } from '../src/reconcile/schemas/complete.js';
import { tidyCompositions } from '../src/reconcile/schemas/compositions.js';
import { convertSchema, type ConvertContext } from '../src/reconcile/schemas/convert.js';
import { docSchemaToComponent } from '../src/reconcile/schemas/doc-schema.js';
import { factorSchemas } from '../src/reconcile/schemas/factor.js';

function convert(node: Json) {
  const notes: string[] = [];
  const ctx: ConvertContext = {
    note: (kind, at) => notes.push(`${kind} ${at}`),
    ref: (r) => r.replace('#/definitions/', '#/components/schemas/'),
  };
  return { schema: convertSchema(node, ctx), notes };
}

describe('JSON Schema → OpenAPI 3.0', () => {
  it('turns a type list with null into nullable alternatives', () => {
    const { schema, notes } = convert({ type: ['string', 'number', 'boolean', 'null'], maxLength: 5 });
    expect(schema).toEqual({
      oneOf: [{ type: 'string', maxLength: 5, nullable: true }, { type: 'number' }, { type: 'boolean' }],
    });
    expect(notes).toEqual(['type-array /type']);
  });

  it('turns a single type plus null into nullable', () => {
    expect(convert({ type: ['string', 'null'], enum: ['a', null] }).schema).toEqual({
      type: 'string',
      enum: ['a', null],
      nullable: true,
    });
  });

  it('turns a {type: null} alternative into nullable on the other one', () => {
    expect(convert({ oneOf: [{ type: 'string', pattern: '^x$' }, { type: 'null' }] }).schema).toEqual({
      type: 'string',
      pattern: '^x$',
      nullable: true,
    });
    expect(
      convert({ oneOf: [{ type: 'object', properties: {} }, { type: 'string' }, { type: 'null' }] }).schema,
    ).toEqual({
      oneOf: [{ type: 'object', properties: {}, nullable: true }, { type: 'string' }],
    });
  });

  it('turns patternProperties into additionalProperties', () => {
    const { schema, notes } = convert({
      type: 'object',
      patternProperties: { '^[a-z]+$': { type: 'number' } },
      additionalProperties: false,
    });
    expect(schema).toEqual({ type: 'object', additionalProperties: { type: 'number' } });
    expect(notes[0]).toMatch(/^pattern-properties/);
  });

  it('reads members written beside the keywords as properties, and drops unknown keywords', () => {
    const { schema, notes } = convert({
      type: 'object',
      properties: { a: { type: 'string' } },
      b: { type: 'number' },
      min: 1,
    } as Json);
    expect(schema).toEqual({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'number' } } });
    expect(notes).toEqual(['misplaced-properties ', 'unknown-keyword /min']);
  });

  it('drops draft-only keywords and rewrites refs to components', () => {
    expect(convert({ $schema: 'x', const: 3, items: { $ref: '#/definitions/thing' } }).schema).toEqual({
      enum: [3],
      items: { $ref: '#/components/schemas/thing' },
    });
  });

  it('flattens an array nested in a composition', () => {
    expect(convert({ anyOf: [[{ type: 'string' }, { type: 'number' }], { type: 'object' }] } as Json).schema).toEqual({
      anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'object' }],
    });
  });
});

describe('tidying compositions', () => {
  const tidy = (n: Json) => tidyCompositions(n, () => {});
  it('merges a oneOf of string enums into one enum', () => {
    expect(
      tidy({
        oneOf: [
          { type: 'string', enum: ['A', 'B'] },
          { type: 'string', enum: ['NONE'] },
        ],
      }),
    ).toEqual({ type: 'string', enum: ['A', 'B', 'NONE'] });
  });
  it('relaxes a oneOf told apart only by an optional property to anyOf', () => {
    const alts = [
      { type: 'object', properties: { type: { type: 'string', enum: ['range'] } } },
      { type: 'object', properties: { type: { type: 'string', enum: ['toggle'] } } },
    ];
    expect(tidy({ oneOf: alts })).toEqual({ anyOf: alts });
    const required = alts.map((a) => ({ ...a, required: ['type'] }));
    expect(tidy({ oneOf: required })).toEqual({ oneOf: required });
  });
});

describe('the one doc-schema converter', () => {
  it('converts, rewrites doc refs to components, keeps other refs verbatim and tidies compositions', () => {
    expect(
      docSchemaToComponent({
        type: ['string', 'null'],
        properties: {
          a: { $ref: '#/definitions/deviceState' },
          b: { $ref: '#/components/schemas/apiToken' },
          c: { $ref: '#/examples/deviceAttributes' },
        },
        oneOf: [
          { type: 'string', enum: ['A'] },
          { type: 'string', enum: ['B'] },
        ],
      }),
    ).toEqual({
      type: 'string',
      nullable: true,
      properties: {
        a: { $ref: '#/components/schemas/deviceState' },
        b: { $ref: '#/components/schemas/apiToken' },
        c: { $ref: '#/examples/deviceAttributes' },
      },
      enum: ['A', 'B'],
    });
  });
});

describe('completing an upstream schema from the doc schema', () => {
  it('fills dangling refs from the same place in the doc schema and keeps refs to real components', () => {
    const upstream = {
      title: 'Thing',
      type: 'object',
      properties: {
        id: { $ref: '#/components/schemas/common/objectId' },
        type: { $ref: '#/components/schemas/other' },
      },
    };
    const doc = {
      type: 'object',
      properties: {
        id: { type: 'string', pattern: '^[a-f]{24}$' },
        type: { type: 'object', properties: { n: { type: 'number' } } },
      },
    };
    const { schema, filled } = completeFromDoc(upstream, doc, { other: {} });
    expect(schema).toEqual({
      title: 'Thing',
      type: 'object',
      properties: { id: { type: 'string', pattern: '^[a-f]{24}$' }, type: { $ref: '#/components/schemas/other' } },
    });
    expect(filled).toEqual([
      {
        pointer: '/properties/id',
        ref: '#/components/schemas/common/objectId',
        filledWith: { type: 'string', pattern: '^[a-f]{24}$' },
      },
    ]);
  });

  it('proves equivalence through refs, and finds the first difference', () => {
    const components: Record<string, Json> = { n: { type: 'number' } };
    const resolve = (name: string) => components[name];
    expect(
      firstDifference(
        { properties: { a: { $ref: '#/components/schemas/n' } }, description: 'x' },
        { properties: { a: { type: 'number' } } },
        resolve,
      ),
    ).toBeUndefined();
    expect(
      firstDifference(
        { properties: { a: { $ref: '#/components/schemas/n' } } },
        { properties: { a: { type: 'string' } } },
        resolve,
      ),
    ).toBe('/properties/a/type');
    expect(firstDifference({ required: ['a', 'b'] }, { required: ['b', 'a'] }, resolve)).toBeUndefined();
  });
});

describe('factoring shared sub-schemas', () => {
  const big = {
    type: 'object',
    properties: Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [`field${i}`, { type: 'string', maxLength: 100 + i }]),
    ),
  };
  it('names a repeated large part after its property and refers to it everywhere', () => {
    const { components, created } = factorSchemas(
      {
        a: { type: 'object', properties: { settings: big } },
        b: { type: 'object', properties: { settings: structuredClone(big), other: { type: 'string' } } },
      },
      new Map(),
    );
    expect(created).toEqual([
      {
        name: 'settings',
        from: 'repeated',
        uses: 2,
        anchor: { name: 'settings', owner: 'a', pointer: '/properties/settings' },
      },
    ]);
    expect(components['a']).toEqual({
      type: 'object',
      properties: { settings: { $ref: '#/components/schemas/settings' } },
    });
    expect(components['settings']).toEqual(big);
  });
  it('keeps a name an earlier run anchored, even where the part no longer repeats', () => {
    const { components, created } = factorSchemas({ a: { type: 'object', properties: { settings: big } } }, new Map(), [
      { name: 'settings', owner: 'a', pointer: '/properties/settings' },
    ]);
    expect(created.map((c) => [c.name, c.from, c.uses])).toEqual([['settings', 'anchored', 1]]);
    expect(components['a']).toEqual({
      type: 'object',
      properties: { settings: { $ref: '#/components/schemas/settings' } },
    });
  });

  it('shares a doc-linked schema found inline under its documented name, and drops unused candidates', () => {
    const { components, docSchemas } = factorSchemas(
      { list: { type: 'object', properties: { items: { type: 'array', items: structuredClone(big) } } } },
      new Map(),
      [],
      { entry: big, unused: { type: 'object', properties: { x: { type: 'string' } } } },
    );
    expect(components['list']).toEqual({
      type: 'object',
      properties: { items: { type: 'array', items: { $ref: '#/components/schemas/entry' } } },
    });
    expect(docSchemas).toEqual([{ name: 'entry', uses: 1 }]);
    expect(Object.keys(components).sort()).toEqual(['entry', 'list']);
  });

  it('replaces inline copies of an existing component, but never a trivial schema', () => {
    const { components, deduplicated } = factorSchemas(
      { thing: big, holder: { type: 'object', properties: { t: structuredClone(big), s: { type: 'string' } } } },
      new Map(),
    );
    expect(components['holder']).toEqual({
      type: 'object',
      properties: { t: { $ref: '#/components/schemas/thing' }, s: { type: 'string' } },
    });
    expect(deduplicated).toEqual([{ name: 'thing', uses: 1 }]);
  });
});

describe('repairs never produce invalid schemas', () => {
  it('drops members misplaced beside the keywords of an array schema instead of adding `properties` to it', () => {
    const { schema, notes } = convert({
      type: 'array',
      items: { type: 'string' },
      instanceNodes: { type: 'array', items: { type: 'string' } },
    } as Json);
    expect(schema).toEqual({ type: 'array', items: { type: 'string' } });
    expect(notes).toEqual(['unknown-keyword ']);
  });

  it('relaxes a oneOf whose object alternatives share a property and can both match to anyOf, looking through refs', () => {
    const row = { type: 'object', properties: { id: { type: 'string' }, createdAt: { type: 'string' } } };
    const bulk = {
      type: 'object',
      properties: { createdAt: { type: 'string' }, count: { type: 'number' } },
      additionalProperties: false,
    };
    const notes: string[] = [];
    expect(
      tidyCompositions(
        { oneOf: [{ $ref: '#/components/schemas/row' }, bulk] },
        (kind) => notes.push(kind),
        '',
        (ref) => (ref.endsWith('/row') ? row : undefined),
      ),
    ).toEqual({ anyOf: [{ $ref: '#/components/schemas/row' }, bulk] });
    expect(notes).toEqual(['ambiguous-oneof']);
    // Told apart by a required discriminant with different values: stays oneOf.
    const a = {
      type: 'object',
      properties: { kind: { type: 'string', enum: ['a'] }, x: { type: 'string' } },
      required: ['kind'],
    };
    const b = {
      type: 'object',
      properties: { kind: { type: 'string', enum: ['b'] }, x: { type: 'string' } },
      required: ['kind'],
    };
    expect(tidyCompositions({ oneOf: [a, b] }, () => {})).toEqual({ oneOf: [a, b] });
  });
});

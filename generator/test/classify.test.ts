import { describe, expect, it } from 'vitest';
import type { LosantApiModel } from '../src/openapi/index.js';
import { compareSchemas } from '../src/surface/compat.js';
import { diffSurfaces } from '../src/surface/diff.js';
import type { ApiSurface, SurfaceOperation } from '../src/surface/surface.js';

const none = () => undefined;
const levels = (a: object, b: object, dir: 'request' | 'response') =>
  compareSchemas(a as never, b as never, dir, none, none).map((c) => `${c.level} ${c.at} ${c.what}`);
const obj = (props: Record<string, object>, required: string[] = []) => ({
  type: 'object',
  properties: props,
  ...(required.length ? { required } : {}),
});

describe('schema changes, by direction', () => {
  it('an added optional property is minor both ways; a removed one is major both ways', () => {
    expect(
      levels(obj({ a: { type: 'string' } }), obj({ a: { type: 'string' }, b: { type: 'number' } }), 'response'),
    ).toEqual(['minor b property added']);
    expect(levels(obj({ a: { type: 'string' }, b: {} }), obj({ a: { type: 'string' } }), 'request')).toEqual([
      'major b property removed',
    ]);
  });
  it('a newly required request field is major; a response field that may now be missing is major', () => {
    expect(levels(obj({ a: { type: 'string' } }), obj({ a: { type: 'string' } }, ['a']), 'request')).toEqual([
      'major a now required',
    ]);
    expect(levels(obj({ a: { type: 'string' } }, ['a']), obj({ a: { type: 'string' } }), 'response')).toEqual([
      'major a no longer required',
    ]);
  });
  it('a narrowed request type or a widened response type is major', () => {
    expect(levels({ type: 'string', nullable: true }, { type: 'string' }, 'request')).toEqual([
      'major (root) can no longer be null',
    ]);
    expect(levels({ type: 'string' }, { type: 'string', nullable: true }, 'response')).toEqual([
      'major (root) may now be null',
    ]);
    expect(levels({ type: 'string', enum: ['a', 'b'] }, { type: 'string', enum: ['a'] }, 'request')).toEqual([
      'major (root) value "b" removed',
    ]);
    expect(levels({ type: 'string', enum: ['a'] }, { type: 'string', enum: ['a', 'b'] }, 'request')).toEqual([
      'minor (root) new value "b"',
    ]);
  });
});

const op = (over: Partial<SurfaceOperation> = {}): SurfaceOperation => ({
  method: 'GET',
  path: '/x',
  params: [{ name: 'id', in: 'path', required: true, type: 'string' }],
  responses: { '200': 'f1' },
  auth: true,
  scopes: ['r.*', 'r.get'],
  docs: 'd1',
  ...over,
});
const surface = (operations: Record<string, SurfaceOperation>): ApiSurface => ({
  api: 'a',
  apiVersion: '1',
  sources: { openapi: 'r', docsIndex: '1' },
  packages: { '@losant-sdk/p': { schemas: {}, operations } },
});
const model: LosantApiModel = {
  api: 'a',
  title: 'A',
  version: '1',
  description: '',
  openapiRevision: 'r',
  docsIndexVersion: '1',
  tags: [],
  operations: [],
  schemas: {},
};
const classify = (a: Record<string, SurfaceOperation>, b: Record<string, SurfaceOperation>) =>
  diffSurfaces(surface(a), surface(b), { before: model, after: model }).map((p) => [
    p.level,
    ...p.changes.map((c) => c.text),
  ]);

describe('operation changes', () => {
  it('removed → major, added → minor, descriptions → patch, nothing → no changeset', () => {
    expect(classify({ 'r.get': op() }, {})).toEqual([['major', '`r.get` removed']]);
    expect(classify({}, { 'r.get': op() })).toEqual([['minor', '`r.get` added (GET /x)']]);
    expect(classify({ 'r.get': op() }, { 'r.get': op({ docs: 'd2' }) })).toEqual([
      ['patch', '`r.get`: documentation changed'],
    ]);
    expect(classify({ 'r.get': op() }, { 'r.get': op() })).toEqual([]);
  });
  it('a renamed, moved or newly required parameter is major; a new optional one is minor', () => {
    const renamed = op({ params: [{ name: 'identifier', in: 'path', required: true, type: 'string' }] });
    expect(classify({ 'r.get': op() }, { 'r.get': renamed })[0]![0]).toBe('major');
    const moved = op({ params: [{ name: 'id', in: 'query', required: true, type: 'string' }] });
    expect(classify({ 'r.get': op() }, { 'r.get': moved })).toEqual([
      ['major', '`r.get`: parameter `id` moved from path to query'],
    ]);
    const optional = op({ params: [...op().params, { name: 'page', in: 'query', required: false, type: 'string' }] });
    expect(classify({ 'r.get': op() }, { 'r.get': optional })).toEqual([
      ['minor', '`r.get`: optional parameter `page` added'],
    ]);
    const required = op({ params: [...op().params, { name: 'q', in: 'query', required: true, type: 'string' }] });
    expect(classify({ 'r.get': op() }, { 'r.get': required })).toEqual([
      ['major', '`r.get`: required parameter `q` added'],
    ]);
  });

  it('a scope that newly grants an action is minor, one that no longer does is major; so is needing a token now', () => {
    expect(classify({ 'r.get': op() }, { 'r.get': op({ scopes: ['all.User', 'r.*', 'r.get'] }) })).toEqual([
      ['minor', '`r.get`: also granted by the scope `all.User`'],
    ]);
    expect(classify({ 'r.get': op() }, { 'r.get': op({ scopes: ['r.get'] }) })).toEqual([
      ['major', '`r.get`: no longer granted by the scope `r.*`'],
    ]);
    expect(classify({ 'r.get': op({ auth: false, scopes: [] }) }, { 'r.get': op() })[0]!.slice(0, 2)).toEqual([
      'major',
      '`r.get` now needs a token',
    ]);
  });
});

describe('changes a re-publish makes without changing the API (patch)', () => {
  const withBody = (schema: string): SurfaceOperation =>
    op({ body: { kind: 'json', name: 'q', required: true, schema } });
  const modelWith = (schemas: LosantApiModel['schemas']): LosantApiModel => ({
    ...model,
    schemas,
    operations: [
      {
        operationId: 'r.get',
        body: { kind: 'json', name: 'q', required: true, schema: 'q' },
      } as LosantApiModel['operations'][number],
    ],
  });

  it('a request body written differently that accepts the same JSON is a reorganisation', () => {
    // The same object, its property once behind a component `$ref`, once inline.
    const before = modelWith({
      q: { type: 'object', properties: { a: { $ref: '#/components/schemas/a' } } },
      a: { type: 'string', maxLength: 8 },
    });
    const after = modelWith({ q: { type: 'object', properties: { a: { type: 'string', maxLength: 8 } } } });
    const diff = diffSurfaces(surface({ 'r.get': withBody('f1') }), surface({ 'r.get': withBody('f2') }), {
      before,
      after,
    });
    expect(diff.map((p) => [p.level, ...p.changes.map((c) => c.text)])).toEqual([
      ['patch', '`r.get` request body: schema reorganised without a change in what it accepts'],
    ]);
    // Where it does accept other JSON, that is said instead.
    const narrowed = modelWith({ q: { type: 'object', properties: { a: { type: 'string', maxLength: 4 } } } });
    expect(
      diffSurfaces(surface({ 'r.get': withBody('f1') }), surface({ 'r.get': withBody('f3') }), {
        before,
        after: narrowed,
      })[0]!.changes.map((c) => `${c.level}: ${c.text}`),
    ).toEqual(['major: `r.get` request body: `a` minLength/maxLength narrowed']);
  });

  it('an exported schema of the same shape with other descriptions is a description change', () => {
    const exported = (docs: string): ApiSurface => ({
      ...surface({ 'r.get': op() }),
      packages: { '@losant-sdk/p': { schemas: { q: { shape: 's1', docs } }, operations: { 'r.get': op() } } },
    });
    expect(
      diffSurfaces(exported('d1'), exported('d2'), { before: model, after: model }).map((p) => [
        p.level,
        ...p.changes.map((c) => c.text),
      ]),
    ).toEqual([['patch', "descriptions of `Schemas['q']` changed"]]);
  });
});

describe('API evolution (overlay renamed: and deprecated:)', () => {
  const withEvolution = (
    operations: Record<string, SurfaceOperation>,
    evolution: { aliases?: Record<string, string>; deprecated?: Record<string, string> },
  ): ApiSurface => ({
    ...surface(operations),
    packages: { '@losant-sdk/p': { schemas: {}, operations, ...evolution } },
  });
  const diff = (a: ApiSurface, b: ApiSurface) =>
    diffSurfaces(a, b, { before: model, after: model }).map((p) => [p.level, ...p.changes.map((c) => c.text)]);

  it('a rename that keeps the earlier name as an alias is minor; removing the alias is major', () => {
    const before = surface({ 'r.fetch': op() });
    const renamed = withEvolution({ 'r.get': op() }, { aliases: { 'r.fetch': 'r.get' } });
    expect(diff(before, renamed)).toEqual([
      [
        'minor',
        '`r.fetch` renamed (`r.get`); the earlier name stays, deprecated',
        '`r.get` added (GET /x)',
        '`r.fetch` is now `r.get`; `r.fetch` stays as a deprecated alias',
      ],
    ]);
    expect(diff(renamed, surface({ 'r.get': op() }))).toEqual([
      ['major', 'deprecated alias `r.fetch` (of `r.get`) removed'],
    ]);
    // Without the alias, the same move is a removal.
    expect(diff(before, surface({ 'r.get': op() }))[0]![0]).toBe('major');
  });

  it('a renamed resource keeps its operations through the alias; a deprecation is minor', () => {
    const before = surface({ 'gadget.get': op() });
    const after = withEvolution({ 'r.get': op() }, { aliases: { gadget: 'r' }, deprecated: { 'r.get': 'use r.list' } });
    expect(diff(before, after)).toEqual([
      [
        'minor',
        '`gadget.get` renamed (`r`); the earlier name stays, deprecated',
        '`r.get` added (GET /x)',
        '`gadget` is now `r`; `gadget` stays as a deprecated alias',
        '`r.get` deprecated: use r.list',
      ],
    ]);
  });
});

/** The typed model of an action survives the round trip through the reconciled document. */
import { describe, expect, it } from 'vitest';
import { isGeneratorError } from '../src/errors.js';
import {
  fieldLocation,
  isPaginated,
  paramLocation,
  readDocument,
  sseEvents,
  writeDocument,
  type LosantOperation,
} from '../src/openapi/index.js';

const id = { type: 'string', pattern: '^[A-Fa-f\\d]{24}$' };
const operations: LosantOperation[] = [
  {
    operationId: 'things.get',
    resource: 'things',
    action: 'get',
    tag: 'Things',
    method: 'GET',
    path: '/apps/{appId}/things',
    summary: 'List things',
    params: [
      { name: 'appId', in: 'path', required: true, schema: id, encoding: 'plain', example: '575ec8687ae143cd83dc4a97' },
      {
        name: 'page',
        in: 'query',
        required: false,
        schema: { type: 'string', default: '0' },
        encoding: 'plain',
        example: '0',
        accepts: ['number'],
      },
      { name: 'perPage', in: 'query', required: false, schema: { type: 'string' }, encoding: 'plain' },
      {
        name: 'query',
        in: 'query',
        required: false,
        schema: { $ref: '#/components/schemas/thingQuery' },
        encoding: 'json',
        example: { a: 1 },
      },
      {
        name: 'tags',
        in: 'query',
        required: false,
        schema: { type: 'array', items: { type: 'string' } },
        encoding: 'brackets',
        deprecated: true,
      },
      {
        name: 'x-trace',
        in: 'header',
        required: false,
        schema: { type: 'string' },
        encoding: 'plain',
        description: 'A header',
      },
    ],
    responses: [
      { status: '200', description: 'The things', schema: 'things' },
      { status: '400', description: 'Bad', schema: 'error' },
    ],
    auth: { required: true, scopes: ['all.User', 'things.*', 'things.get'] },
    docsUrl: 'https://docs.example.com/things/',
  },
  {
    operationId: 'thing.upload',
    resource: 'thing',
    action: 'upload',
    tag: 'Things',
    method: 'POST',
    path: '/apps/{appId}/things/{thingId}/upload',
    summary: 'Upload',
    description: 'Uploads a file',
    params: [
      { name: 'appId', in: 'path', required: true, schema: id, encoding: 'plain' },
      { name: 'thingId', in: 'path', required: true, schema: id, encoding: 'plain' },
    ],
    body: {
      kind: 'multipart',
      required: true,
      fields: [
        {
          name: 'file',
          required: true,
          kind: 'file',
          schema: { type: 'string', format: 'binary' },
          description: 'The file',
        },
        {
          name: 'options',
          required: false,
          kind: 'json',
          schema: { $ref: '#/components/schemas/thingQuery' },
          description: 'Options',
        },
        { name: 'email', required: false, kind: 'text', schema: { type: 'string' }, example: 'a@example.com' },
        { name: 'dryRun', required: false, kind: 'text', schema: { type: 'string' }, accepts: ['boolean'] },
      ],
    },
    responses: [{ status: '201', description: 'Created', schema: 'things' }],
    auth: { required: false, scopes: [] },
  },
  {
    operationId: 'thing.patch',
    resource: 'thing',
    action: 'patch',
    tag: 'Things',
    method: 'PATCH',
    path: '/apps/{appId}/things/{thingId}',
    summary: 'Patch',
    params: [
      { name: 'appId', in: 'path', required: true, schema: id, encoding: 'plain' },
      { name: 'thingId', in: 'path', required: true, schema: id, encoding: 'plain' },
    ],
    body: {
      kind: 'json',
      name: 'thing',
      required: true,
      schema: 'thingPatch',
      description: 'New values',
      example: { name: 'x' },
    },
    responses: [{ status: '200', description: 'Updated', schema: 'things' }],
    auth: { required: true, scopes: ['thing.patch'] },
  },
  {
    operationId: 'thing.stream',
    resource: 'thing',
    action: 'stream',
    tag: 'Things',
    method: 'GET',
    path: '/apps/{appId}/things/{thingId}/stream',
    summary: 'Stream',
    params: [
      { name: 'appId', in: 'path', required: true, schema: id, encoding: 'plain' },
      { name: 'thingId', in: 'path', required: true, schema: id, encoding: 'plain' },
    ],
    responses: [
      { status: '200', description: 'Events', events: { thingState: { description: 'A state', schema: 'things' } } },
    ],
    auth: { required: true, scopes: [] },
  },
];
const components = {
  things: { type: 'object' },
  error: { type: 'object' },
  thingQuery: { type: 'object' },
  thingPatch: { type: 'object' },
};
const doc = writeDocument({
  api: 'things',
  title: 'Things API',
  description: 'Things',
  apiVersion: '1.2.3',
  provenance: { openapiRevision: 'r1', docsIndexVersion: '1.2.3' },
  upstream: {},
  tags: [{ name: 'Things', description: 'All of them' }],
  operations,
  components,
});

describe('the reconciled document: write, then read back', () => {
  const model = readDocument(doc, 'things.json');

  it('gives back every operation as written (in path order)', () => {
    const byId = (ops: LosantOperation[]) => Object.fromEntries(ops.map((o) => [o.operationId, o]));
    expect(byId(model.operations)).toEqual(byId(operations));
    expect(model).toMatchObject({
      api: 'things',
      title: 'Things API',
      version: '1.2.3',
      openapiRevision: 'r1',
      docsIndexVersion: '1.2.3',
      tags: [{ name: 'Things', description: 'All of them' }],
      schemas: components,
    });
  });

  it('decides the wire location of every parameter in one place', () => {
    const get = model.operations.find((o) => o.operationId === 'things.get')!;
    expect(get.params.map(paramLocation)).toEqual(['path', 'query', 'query', 'query:json', 'query:brackets', 'header']);
    const upload = model.operations.find((o) => o.operationId === 'thing.upload')!;
    expect(upload.body?.kind === 'multipart' && upload.body.fields.map(fieldLocation)).toEqual([
      'form:file',
      'form:json',
      'form',
      'form',
    ]);
    expect(isPaginated(get)).toBe(true);
    expect(sseEvents(model.operations.find((o) => o.operationId === 'thing.stream')!)).toEqual({
      thingState: { description: 'A state', schema: 'things' },
    });
  });

  it('writes the vocabulary the reader relies on', () => {
    const op = (doc['paths'] as any)['/apps/{appId}/things']['get'];
    expect(op['x-losant-resource']).toBe('things');
    expect(op['parameters'][3]).toMatchObject({
      name: 'query',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/thingQuery' } } },
    });
    expect(op['parameters'][4]).toMatchObject({ style: 'deepObject', explode: true });
    expect((doc['paths'] as any)['/apps/{appId}/things/{thingId}/upload']['post']['security']).toEqual([]);
  });

  it('rejects a document whose path variables are not its path parameters, naming the pointer', () => {
    const bad = structuredClone(doc) as any;
    bad.paths['/apps/{appId}/things'].get.parameters.shift();
    try {
      readDocument(bad, 'bad.json');
      throw new Error('accepted');
    } catch (e) {
      expect(isGeneratorError(e) && [e.code, e.file, e.pointer]).toEqual([
        'INVALID_DOCUMENT',
        'bad.json',
        '/paths/~1apps~1{appId}~1things/get/parameters',
      ]);
    }
  });
});

/** The route data a view derives from an action's parameters: the enum values core checks and the time parameters it converts. */
import { describe, expect, it } from 'vitest';
import { enumValues, resourceView } from '../src/emit/views.js';
import type { SchemaObject } from '../src/json/index.js';
import { isEpochMillisParam, type LosantOperation, type LosantParam } from '../src/openapi/model.js';

const schemas: Record<string, SchemaObject> = {
  sortDirection: { type: 'string', enum: ['asc', 'desc', ''] },
  counts: { type: 'number', enum: [1, 2] },
};

describe('enumValues', () => {
  it.each<[string, SchemaObject, string[] | undefined]>([
    ['an inline string enum', { type: 'string', enum: ['name', 'id'] }, ['name', 'id']],
    ['a component it refers to', { $ref: '#/components/schemas/sortDirection' }, ['asc', 'desc', '']],
    ['a nullable enum, without the null', { type: 'string', enum: ['a', null] }, ['a']],
    ['a number enum: not checked', { $ref: '#/components/schemas/counts' }, undefined],
    ['an array of enum items: not checked', { type: 'array', items: { enum: ['a'] }, enum: ['a'] }, undefined],
    ['no enum', { type: 'string', pattern: '^a$' }, undefined],
    ['an empty enum', { type: 'string', enum: [] }, undefined],
  ])('%s', (_, schema, want) => {
    expect(enumValues(schema, schemas)).toEqual(want);
  });
});

describe('isEpochMillisParam', () => {
  const param = (p: Partial<LosantParam>): LosantParam => ({
    name: 'x',
    in: 'query',
    required: false,
    schema: { type: 'string' },
    encoding: 'plain',
    ...p,
  });
  it.each<[string, Partial<LosantParam>, boolean]>([
    [
      '"ms since epoch" in its description',
      { name: 'date', description: 'The date to archive (ms since epoch)' },
      true,
    ],
    ['"milliseconds since epoch"', { name: 'end', description: 'End of time range in milliseconds since epoch' }, true],
    ['a start whose example is a 13-digit timestamp', { name: 'start', example: '1465790400000' }, true],
    ['a start whose example is a small number', { name: 'start', example: '1' }, false],
    ['a duration in milliseconds', { name: 'duration', description: 'Duration of time range in milliseconds' }, false],
    ['a header', { in: 'header', description: 'ms since epoch' }, false],
    ['a JSON-encoded query', { encoding: 'json', description: 'ms since epoch' }, false],
  ])('%s: %s', (_, p, want) => {
    expect(isEpochMillisParam(param(p))).toBe(want);
  });
});

describe('file helpers: upload next to a create that answers with an upload form, download next to a get of a file', () => {
  const applicationId: LosantParam = {
    name: 'applicationId',
    in: 'path',
    required: true,
    schema: { type: 'string' },
    encoding: 'plain',
  };
  const op = (o: Partial<LosantOperation> & Pick<LosantOperation, 'action' | 'method'>): LosantOperation => ({
    operationId: `files.${o.action}`,
    resource: 'files',
    tag: 'Files',
    path: '/applications/{applicationId}/files',
    summary: 'An action',
    params: [applicationId],
    responses: [],
    auth: { required: true, scopes: [] },
    ...o,
  });
  const post = op({
    action: 'post',
    method: 'POST',
    body: { kind: 'json', name: 'file', required: true, schema: 'filePost' },
    responses: [{ status: '201', description: 'Created', schema: 'fileUploadPostResponse' }],
  });
  const get = op({
    action: 'get',
    method: 'GET',
    responses: [{ status: '200', description: 'A file', schema: 'file' }],
  });

  it('gives the views their helpers, and the resource its imports', () => {
    const view = resourceView('files', 'Files', [post, get]);
    expect(view.operations[0]!.upload).toEqual({
      key: '"file"',
      example:
        'await losant.files.upload({ applicationId: "575ec8687ae143cd83dc4a97", file: { name: "report.csv", parentDirectory: "/reports/" }, content: "a,b\\n1,2\\n" });',
    });
    expect(view.operations[1]!.download).toEqual({
      example: 'const stream = await losant.files.download({ applicationId: "575ec8687ae143cd83dc4a97" });',
    });
    expect([view.uploads, view.downloads]).toEqual([true, true]);
  });

  it('not for other shapes: a PATCH answering an upload form, a list, a JSON-less answer', () => {
    const patch = op({ ...post, action: 'patch', method: 'PATCH' });
    const list = op({
      action: 'list',
      method: 'GET',
      responses: [{ status: '200', description: 'Files', schema: 'files' }],
    });
    const view = resourceView('files', 'Files', [patch, list, op({ action: 'ping', method: 'GET' })]);
    expect(view.operations.map((v) => [v.upload, v.download])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
      [undefined, undefined],
    ]);
    expect([view.uploads, view.downloads]).toEqual([false, false]);
  });

  it('never shadows a documented action of that name, nor doubles a helper', () => {
    const upload = op({ action: 'upload', method: 'POST' });
    const view = resourceView('files', 'Files', [post, upload, get, op({ ...get, action: 'get2' })]);
    expect(view.operations.map((v) => [v.member, v.upload !== undefined, v.download !== undefined])).toEqual([
      ['post', false, false],
      ['upload', false, false],
      ['get', false, true],
      ['get2', false, false],
    ]);
  });
});

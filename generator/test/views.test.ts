/** The route data a view derives from an action's parameters: the enum values core checks and the time parameters it converts. */
import { describe, expect, it } from 'vitest';
import { enumValues } from '../src/emit/views.js';
import type { SchemaObject } from '../src/json/index.js';
import { isEpochMillisParam, type LosantParam } from '../src/openapi/model.js';

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

/** The route data a view derives from an action's parameters: the enum values core checks before sending. */
import { describe, expect, it } from 'vitest';
import { enumValues } from '../src/emit/views.js';
import type { SchemaObject } from '../src/json/index.js';

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

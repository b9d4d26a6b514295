import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  componentRefName,
  definitionName,
  getAt,
  parsePointer,
  pointer,
  reachable,
  refsIn,
  schemaCanonicalizer,
} from '../src/json/index.js';

describe('the JSON utilities', () => {
  it('escape and parse pointers (RFC 6901) and read values at them', () => {
    expect(pointer('paths', '/a/{b}', 'get', 0)).toBe('/paths/~1a~1{b}/get/0');
    expect(parsePointer('#/paths/~1a~0b')).toEqual(['paths', '/a~b']);
    expect(getAt({ a: [{ 'b/c': 1 }] }, '/a/0/b~1c')).toBe(1);
    expect(getAt({ a: [1] }, '/a/01')).toBeUndefined();
    expect(getAt({ a: {} }, '/a/toString')).toBeUndefined();
  });

  it('name refs in both spellings and find them', () => {
    expect(componentRefName('#/components/schemas/apiToken')).toBe('apiToken');
    expect(componentRefName('#/components/schemas/common/x')).toBeUndefined();
    expect(definitionName('#/definitions/apiToken')).toBe('apiToken');
    expect(refsIn({ a: { $ref: '#/x' }, b: [{ $ref: '#/y' }] })).toEqual([
      { pointer: '/a', ref: '#/x' },
      { pointer: '/b/0', ref: '#/y' },
    ]);
    expect([...reachable(['a'], { a: { $ref: '#/components/schemas/b' }, b: {}, c: {} })].sort()).toEqual(['a', 'b']);
  });

  it('canonical text ignores key order; schema canonical text also ignores annotations and set order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
    const canon = schemaCanonicalizer();
    expect(canon({ type: 'object', required: ['b', 'a'], description: 'x' })).toBe(
      canon({ required: ['a', 'b'], type: 'object' }),
    );
    expect(canon({ properties: { description: { type: 'string' } } })).not.toBe(canon({ properties: {} }));
  });
});

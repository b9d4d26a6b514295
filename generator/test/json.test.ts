import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  componentRefName,
  definitionName,
  followRefs,
  getAt,
  inlineRefs,
  parsePointer,
  pointer,
  reachable,
  refsIn,
  schemaCanonicalizer,
  type Json,
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

  describe('the one $ref resolver', () => {
    const components: Record<string, Json> = {
      alias: { $ref: '#/components/schemas/target' },
      target: { type: 'string', description: 'the end' },
      loopA: { $ref: '#/components/schemas/loopB' },
      loopB: { $ref: '#/components/schemas/loopA' },
      tree: { type: 'object', properties: { $ref: { type: 'string' }, child: { $ref: '#/components/schemas/tree' } } },
      broken: { $ref: '#/components/schemas/nowhere' },
    };
    const resolve = (name: string) => (Object.hasOwn(components, name) ? components[name] : undefined);
    const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

    it('follows a chain of aliases to the schema it ends at', () => {
      expect(followRefs(ref('alias'), resolve)).toEqual({ node: components['target'], name: 'target', cycle: false });
      expect(followRefs({ type: 'number' }, resolve)).toEqual({ node: { type: 'number' }, cycle: false });
    });

    it('stops at a cycle with the ref that closes it, and at a name that resolves to nothing', () => {
      expect(followRefs(ref('loopA'), resolve)).toEqual({ node: ref('loopA'), name: 'loopA', cycle: true });
      expect(followRefs(ref('broken'), resolve)).toEqual({ node: ref('nowhere'), name: 'nowhere', cycle: false });
      // `seen` is shared by a walk: a name met earlier is a cycle.
      expect(followRefs(ref('alias'), resolve, new Set(['alias'])).cycle).toBe(true);
    });

    it('inlines refs in schema positions only, marking cycles and what is missing', () => {
      const options = {
        cycle: (_ref: Json, name: string, depth: number) => ({ cycle: name, depth }),
        missing: () => 'missing',
      };
      expect(inlineRefs(ref('tree'), resolve, options)).toEqual({
        type: 'object',
        // A property *named* `$ref` is a property, not a ref.
        properties: { $ref: { type: 'string' }, child: { cycle: 'tree', depth: 1 } },
      });
      expect(inlineRefs({ items: ref('broken'), enum: [ref('alias')] }, resolve, options)).toEqual({
        items: 'missing',
        // `enum` holds data: a value shaped like a ref stays as it is.
        enum: [ref('alias')],
      });
      expect(inlineRefs({ $ref: '#/definitions/target' }, resolve, options)).toBe('missing');
    });
  });
});

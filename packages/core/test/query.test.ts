import { describe, expect, it } from 'vitest';
import { serializeQuery } from '../src/query.js';

describe('query strings, the way Losant reads them', () => {
  it('writes scalars as name=value, percent-encoded', () => {
    expect(serializeQuery([['filter', 'my * app', 'query'], ['page', 0, 'query'], ['flag', true, 'query']])).toBe('filter=my%20*%20app&page=0&flag=true');
  });

  it('JSON-encodes object-typed parameters', () => {
    expect(serializeQuery([['query', { $or: [{ name: 'a&b' }] }, 'query:json']])).toBe(`query=${encodeURIComponent('{"$or":[{"name":"a&b"}]}')}`);
  });

  it('spells out arrays of objects with indexed brackets', () => {
    const tags = [{ key: 'floor', value: '2' }, { key: 'zone', value: 'a b' }];
    expect(serializeQuery([['tagFilter', tags, 'query:brackets']])).toBe('tagFilter[0][key]=floor&tagFilter[0][value]=2&tagFilter[1][key]=zone&tagFilter[1][value]=a%20b');
    expect(serializeQuery([['keywords', ['gps', 'aws'], 'query:brackets']])).toBe('keywords[0]=gps&keywords[1]=aws');
  });

  it('nests objects, encodes keys, skips null and undefined, writes dates as ISO text', () => {
    const value = { primaryTarget: [{ id: 'x', 'a&b': 'y' }], skip: undefined, nope: null };
    expect(serializeQuery([['auditLogFilter', value, 'query:brackets'], ['gone', undefined, 'query'], ['when', new Date(0), 'query']])).toBe(
      'auditLogFilter[primaryTarget][0][id]=x&auditLogFilter[primaryTarget][0][a%26b]=y&when=1970-01-01T00%3A00%3A00.000Z',
    );
  });
});

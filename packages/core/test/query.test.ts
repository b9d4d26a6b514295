import { describe, expect, it } from 'vitest';
import { encodeQueryComponent, serializeParam, serializeQuery } from '../src/query.js';

describe('query strings, byte for byte as Losant’s own client (qs) writes them', () => {
  it('percent-encodes every byte but the RFC 3986 unreserved characters', () => {
    const unreserved = 'ABCXYZabcxyz0189-._~';
    expect(encodeQueryComponent(unreserved)).toBe(unreserved);
    expect(encodeQueryComponent(' !"#$%&\'()*+,/:;<=>?@[\\]^`{|}')).toBe(
      '%20%21%22%23%24%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E%60%7B%7C%7D',
    );
    expect(encodeQueryComponent('é€😀')).toBe('%C3%A9%E2%82%AC%F0%9F%98%80');
  });

  it('writes scalars as name=value; numbers and booleans as their strings', () => {
    expect(
      serializeQuery([
        ['filter', 'my * app (new)!', 'query'],
        ['page', 0, 'query'],
        ['flag', true, 'query'],
      ]),
    ).toBe('filter=my%20%2A%20app%20%28new%29%21&page=0&flag=true');
    expect(serializeParam('page', 2, 'query')).toBe(serializeParam('page', '2', 'query'));
    expect(serializeParam('flag', false, 'query')).toBe(serializeParam('flag', 'false', 'query'));
  });

  it('JSON-encodes object-typed parameters, keeping encodeURIComponent’s bytes', () => {
    const value = { $or: [{ name: 'a&b *(x)!' }] };
    expect(serializeQuery([['query', value, 'query:json']])).toBe(`query=${encodeURIComponent(JSON.stringify(value))}`);
    expect(serializeParam('query', value, 'query:json')).toBe(
      'query=%7B%22%24or%22%3A%5B%7B%22name%22%3A%22a%26b%20*(x)!%22%7D%5D%7D',
    );
  });

  it('spells out arrays and objects with indexed brackets, the brackets encoded too', () => {
    const tags = [
      { key: 'floor', value: '2' },
      { key: 'zone', value: 'a b' },
    ];
    expect(serializeQuery([['tagFilter', tags, 'query:brackets']])).toBe(
      'tagFilter%5B0%5D%5Bkey%5D=floor&tagFilter%5B0%5D%5Bvalue%5D=2&tagFilter%5B1%5D%5Bkey%5D=zone&tagFilter%5B1%5D%5Bvalue%5D=a%20b',
    );
    expect(serializeQuery([['keywords', ['gps', 'aws'], 'query:brackets']])).toBe(
      'keywords%5B0%5D=gps&keywords%5B1%5D=aws',
    );
    expect(serializeParam('auditLogFilter', { actor: [{ id: '575ec8687ae143cd83dc4a97' }] }, 'query:brackets')).toBe(
      'auditLogFilter%5Bactor%5D%5B0%5D%5Bid%5D=575ec8687ae143cd83dc4a97',
    );
  });

  it('nests objects, encodes keys, skips null and undefined, writes dates as ISO text', () => {
    const value = { primaryTarget: [{ id: 'x', 'a&b': 'y' }], skip: undefined, nope: null };
    expect(
      serializeQuery([
        ['auditLogFilter', value, 'query:brackets'],
        ['gone', undefined, 'query'],
        ['when', new Date(0), 'query'],
      ]),
    ).toBe(
      'auditLogFilter%5BprimaryTarget%5D%5B0%5D%5Bid%5D=x&auditLogFilter%5BprimaryTarget%5D%5B0%5D%5Ba%26b%5D=y&when=1970-01-01T00%3A00%3A00.000Z',
    );
  });
});

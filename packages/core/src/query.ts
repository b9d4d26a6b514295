import type { ParamIn } from './types.js';

const SUB_DELIMS = /[!'()*]/g;
const hex = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;

/**
 * Percent-encode every byte but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`), as
 * Losant's own client (qs) does: encodeURIComponent leaves `! ' ( ) *` alone, so those are added.
 * Throws a URIError on a lone surrogate.
 */
export function encodeQueryComponent(text: string): string {
  return encodeURIComponent(text).replace(SUB_DELIMS, hex);
}

/**
 * One parameter as `name=value` pairs joined by `&` ('' when it has no value), in Losant's
 * conventions: scalars as text (numbers and booleans as their string), object-typed parameters
 * (`query:json`) as JSON text, other objects and arrays spelled out with indexed brackets
 * (`tagFilter%5B0%5D%5Bkey%5D=k`), dates as ISO text. Null and undefined are left out.
 */
export function serializeParam(name: string, value: unknown, encoding: ParamIn): string {
  if (value === undefined || value === null) return '';
  // JSON text keeps encodeURIComponent's bytes: that is what the recorded exchanges show.
  if (encoding === 'query:json') return `${encodeQueryComponent(name)}=${encodeURIComponent(JSON.stringify(value))}`;
  if (typeof value !== 'object') return `${encodeQueryComponent(name)}=${encodeQueryComponent(String(value))}`;
  const out: string[] = [];
  brackets(name, value, out);
  return out.join('&');
}

/** Several parameters, in the order given. */
export function serializeQuery(
  entries: ReadonlyArray<readonly [name: string, value: unknown, encoding: ParamIn]>,
): string {
  let query = '';
  for (const [name, value, encoding] of entries) {
    const part = serializeParam(name, value, encoding);
    if (part) query = query ? `${query}&${part}` : part;
  }
  return query;
}

function brackets(key: string, value: unknown, out: string[]): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => brackets(`${key}[${i}]`, v, out));
  } else if (value instanceof Date) {
    out.push(`${encodeQueryComponent(key)}=${encodeQueryComponent(value.toISOString())}`);
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) brackets(`${key}[${k}]`, v, out);
  } else {
    out.push(`${encodeQueryComponent(key)}=${encodeQueryComponent(String(value))}`);
  }
}

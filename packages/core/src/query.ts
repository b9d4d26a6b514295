import type { ParamIn } from './types.js';

/**
 * Losant's query string conventions (those of its own client): scalars as `name=value`,
 * object-typed parameters as JSON text, and objects or arrays spelled out with brackets,
 * index by index (`tagFilter[0][key]=k&tagFilter[0][value]=v`). Keys and values are
 * percent-encoded; the brackets are kept literal, as Losant's docs write them.
 */
export function serializeQuery(entries: ReadonlyArray<readonly [name: string, value: unknown, encoding: ParamIn]>): string {
  const parts: string[] = [];
  for (const [name, value, encoding] of entries) {
    if (value === undefined || value === null) continue;
    if (encoding === 'query:json') parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(JSON.stringify(value))}`);
    else brackets(encodeURIComponent(name), value, parts);
  }
  return parts.join('&');
}

function brackets(key: string, value: unknown, out: string[]): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => brackets(`${key}[${i}]`, v, out));
  } else if (value instanceof Date) {
    out.push(`${key}=${encodeURIComponent(value.toISOString())}`);
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) brackets(`${key}[${encodeURIComponent(k)}]`, v, out);
  } else {
    out.push(`${key}=${encodeURIComponent(String(value))}`);
  }
}

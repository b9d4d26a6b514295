import { pointer as ptr } from '../../errors.js';
import type { Json, SchemaObject } from '../model.js';
import { isSchemaLike } from './convert.js';

/** Keywords that describe but do not constrain: two schemas differing only in these accept the same JSON. */
export const ANNOTATION_KEYWORDS = new Set(['title', 'description', 'example', 'examples', 'default', 'externalDocs', 'deprecated', 'readOnly', 'writeOnly', 'xml']);
const SET_VALUED = new Set(['required', 'enum', 'type']);
const COMPONENT_REF = /^#\/components\/schemas\/([^/]+)$/;

export function componentRefName(ref: unknown): string | undefined {
  return typeof ref === 'string' ? COMPONENT_REF.exec(ref)?.[1] : undefined;
}

/**
 * A canonical text for a schema's constraints: annotations dropped, object keys sorted,
 * set-valued keywords sorted. Equal text ⇔ the same schema, spelled the same way.
 */
export function canonical(node: Json): string {
  return JSON.stringify(strip(node));
}

function strip(node: Json, key?: string): Json {
  if (Array.isArray(node)) {
    const items = node.map((n) => strip(n));
    return key && SET_VALUED.has(key) ? items.map((i) => JSON.stringify(i)).sort().map((s) => JSON.parse(s) as Json) : items;
  }
  if (!isSchemaLike(node)) return node;
  const out: Record<string, Json> = {};
  for (const k of Object.keys(node).sort()) {
    if (ANNOTATION_KEYWORDS.has(k) || k.startsWith('x-')) continue;
    // Inside `properties` the keys are names, not keywords: keep them all.
    out[k] = k === 'properties' && isSchemaLike(node[k]) ? stripMap(node[k] as SchemaObject) : strip(node[k]!, k);
  }
  return out;
}

function stripMap(m: SchemaObject): Json {
  const out: Record<string, Json> = {};
  for (const k of Object.keys(m).sort()) out[k] = strip(m[k]!);
  return out;
}

/**
 * Does `actual` accept exactly what `expected` accepts? `$ref`s to components in either
 * are followed through `resolve` (cycles are assumed equal once seen). Returns the JSON
 * pointer of the first difference, or undefined when they agree.
 */
export function firstDifference(actual: Json, expected: Json, resolve: (name: string) => Json | undefined, at = '', seen = new Set<string>()): string | undefined {
  const a = follow(actual, resolve, seen);
  const e = follow(expected, resolve, seen);
  if (a.cycle || e.cycle) return undefined;
  const x = a.node;
  const y = e.node;
  if (isSchemaLike(x) && isSchemaLike(y)) {
    const keys = new Set([...Object.keys(x), ...Object.keys(y)].filter((k) => !ANNOTATION_KEYWORDS.has(k) && !k.startsWith('x-')));
    for (const k of [...keys].sort()) {
      if (!(k in x) || !(k in y)) return at + ptr(k);
      const d = k === 'properties' ? mapDifference(x[k]!, y[k]!, resolve, at + ptr(k), seen) : valueDifference(k, x[k]!, y[k]!, resolve, at + ptr(k), seen);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return JSON.stringify(x) === JSON.stringify(y) ? undefined : at;
}

function mapDifference(x: Json, y: Json, resolve: (n: string) => Json | undefined, at: string, seen: Set<string>): string | undefined {
  if (!isSchemaLike(x) || !isSchemaLike(y)) return at;
  for (const k of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) {
    if (!(k in x) || !(k in y)) return at + ptr(k);
    const d = firstDifference(x[k]!, y[k]!, resolve, at + ptr(k), new Set(seen));
    if (d !== undefined) return d;
  }
  return undefined;
}

function valueDifference(key: string, x: Json, y: Json, resolve: (n: string) => Json | undefined, at: string, seen: Set<string>): string | undefined {
  if (SET_VALUED.has(key)) return canonical({ [key]: x }) === canonical({ [key]: y }) ? undefined : at;
  if (Array.isArray(x) && Array.isArray(y)) {
    if (x.length !== y.length) return at;
    for (let i = 0; i < x.length; i++) {
      const d = firstDifference(x[i]!, y[i]!, resolve, at + ptr(i), new Set(seen));
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (isSchemaLike(x) || isSchemaLike(y)) return firstDifference(x, y, resolve, at, new Set(seen));
  return JSON.stringify(x) === JSON.stringify(y) ? undefined : at;
}

function follow(node: Json, resolve: (n: string) => Json | undefined, seen: Set<string>): { node: Json; cycle: boolean } {
  let current = node;
  for (;;) {
    const name = isSchemaLike(current) ? componentRefName(current['$ref']) : undefined;
    if (!name) return { node: current, cycle: false };
    if (seen.has(name)) return { node: current, cycle: true };
    seen.add(name);
    const target = resolve(name);
    if (target === undefined) return { node: current, cycle: false };
    current = target;
  }
}

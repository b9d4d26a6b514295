// Proving two schemas accept the same JSON, keyword by keyword, following component refs.
import {
  followRefs,
  isAnnotation,
  isObject as isSchemaLike,
  pointer as ptr,
  schemaCanonicalizer,
  SET_VALUED_KEYWORDS,
  type Json,
  type ResolveComponent,
} from '../../json/index.js';

const canonical = schemaCanonicalizer();

/**
 * Does `actual` accept exactly what `expected` accepts? `$ref`s to components in either
 * are followed through `resolve` (cycles are assumed equal once seen). Returns the JSON
 * pointer of the first difference, or undefined when they agree.
 */
export function firstDifference(
  actual: Json,
  expected: Json,
  resolve: ResolveComponent,
  at = '',
  seen = new Set<string>(),
): string | undefined {
  const a = followRefs(actual, resolve, seen);
  const e = followRefs(expected, resolve, seen);
  if (a.cycle || e.cycle) return undefined;
  const x = a.node;
  const y = e.node;
  if (isSchemaLike(x) && isSchemaLike(y)) {
    const keys = new Set([...Object.keys(x), ...Object.keys(y)].filter((k) => !isAnnotation(k)));
    for (const k of [...keys].sort()) {
      if (!(k in x) || !(k in y)) return at + ptr(k);
      const d =
        k === 'properties'
          ? mapDifference(x[k]!, y[k]!, resolve, at + ptr(k), seen)
          : valueDifference(k, x[k]!, y[k]!, resolve, at + ptr(k), seen);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return JSON.stringify(x) === JSON.stringify(y) ? undefined : at;
}

function mapDifference(x: Json, y: Json, resolve: ResolveComponent, at: string, seen: Set<string>): string | undefined {
  if (!isSchemaLike(x) || !isSchemaLike(y)) return at;
  for (const k of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) {
    if (!(k in x) || !(k in y)) return at + ptr(k);
    const d = firstDifference(x[k]!, y[k]!, resolve, at + ptr(k), new Set(seen));
    if (d !== undefined) return d;
  }
  return undefined;
}

function valueDifference(
  key: string,
  x: Json,
  y: Json,
  resolve: ResolveComponent,
  at: string,
  seen: Set<string>,
): string | undefined {
  if (SET_VALUED_KEYWORDS.has(key)) return canonical({ [key]: x }) === canonical({ [key]: y }) ? undefined : at;
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

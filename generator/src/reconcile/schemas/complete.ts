// Completing an upstream schema whose refs dangle, from the doc schema of the same name.
import {
  componentRefName,
  DATA_KEYWORDS,
  isObject as isSchemaLike,
  NAME_MAP_KEYWORDS,
  pointer as ptr,
  type Json,
  type SchemaObject,
} from '../../json/index.js';

/** A `$ref` in an upstream schema that pointed nowhere, and what now stands in its place. */
export interface FilledRef {
  pointer: string;
  ref: string;
  /** The doc schema's sub-schema at the same pointer (unconverted), or undefined if it has none. */
  filledWith: Json | undefined;
}

/**
 * Complete an upstream component schema from the doc schema of the same name: every
 * `$ref` that does not name an existing upstream component is replaced by what the doc
 * schema has at the same place. Everything else upstream wrote (titles, descriptions,
 * refs to other components) is kept; `firstDifference` then proves the result means
 * what the doc schema means.
 */
export function completeFromDoc(
  upstream: Json,
  doc: Json,
  upstreamComponents: Record<string, Json>,
): { schema: Json; filled: FilledRef[] } {
  const filled: FilledRef[] = [];
  const walk = (up: Json, d: Json | undefined, at: string): Json => {
    if (Array.isArray(up)) return up.map((u, i) => walk(u, Array.isArray(d) ? d[i] : undefined, at + ptr(i)));
    if (!isSchemaLike(up)) return up;
    if (typeof up['$ref'] === 'string') {
      const name = componentRefName(up['$ref']);
      if (name !== undefined && Object.hasOwn(upstreamComponents, name)) return up;
      filled.push({ pointer: at, ref: up['$ref'], filledWith: d });
      return d === undefined ? up : d;
    }
    const out: SchemaObject = {};
    for (const [k, v] of Object.entries(up)) {
      const sub = isSchemaLike(d) ? d[k] : undefined;
      if (NAME_MAP_KEYWORDS.has(k) && isSchemaLike(v)) out[k] = walkMap(v, sub, at + ptr(k));
      else if (DATA_KEYWORDS.has(k) || k.startsWith('x-') || !(isSchemaLike(v) || Array.isArray(v))) out[k] = v;
      else out[k] = walk(v, sub, at + ptr(k));
    }
    return out;
  };
  // In `properties` and its kin the keys are names (a property may well be called `type`).
  const walkMap = (up: SchemaObject, d: Json | undefined, at: string): SchemaObject =>
    Object.fromEntries(
      Object.entries(up).map(([name, s]) => [name, walk(s, isSchemaLike(d) ? d[name] : undefined, at + ptr(name))]),
    );
  return { schema: walk(upstream, doc, ''), filled };
}

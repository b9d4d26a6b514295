import { pointer as ptr } from '../../errors.js';
import type { Json, SchemaObject } from '../model.js';
import { componentRefName } from './compare.js';
import { isSchemaLike } from './convert.js';

/** A `$ref` in an upstream schema that pointed nowhere, and what now stands in its place. */
export interface FilledRef {
  pointer: string;
  ref: string;
  /** The doc schema's sub-schema at the same pointer (unconverted), or undefined if it has none. */
  filledWith: Json | undefined;
}

/** Values of these keywords are data, not sub-schemas. */
const DATA_KEYWORDS = new Set(['enum', 'default', 'example', 'examples', 'const', 'required', 'type']);
const NAME_MAPS = new Set(['properties', 'patternProperties', 'definitions']);

/**
 * Complete an upstream component schema from the doc schema of the same name: every
 * `$ref` that does not name an existing upstream component is replaced by what the doc
 * schema has at the same place. Everything else upstream wrote (titles, descriptions,
 * refs to other components) is kept; `firstDifference` then proves the result means
 * what the doc schema means.
 */
export function completeFromDoc(upstream: Json, doc: Json, upstreamComponents: Record<string, Json>): { schema: Json; filled: FilledRef[] } {
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
      if (NAME_MAPS.has(k) && isSchemaLike(v)) out[k] = walkMap(v, sub, at + ptr(k));
      else if (DATA_KEYWORDS.has(k) || k.startsWith('x-') || !(isSchemaLike(v) || Array.isArray(v))) out[k] = v;
      else out[k] = walk(v, sub, at + ptr(k));
    }
    return out;
  };
  // In `properties` and its kin the keys are names (a property may well be called `type`).
  const walkMap = (up: SchemaObject, d: Json | undefined, at: string): SchemaObject =>
    Object.fromEntries(Object.entries(up).map(([name, s]) => [name, walk(s, isSchemaLike(d) ? d[name] : undefined, at + ptr(name))]));
  return { schema: walk(upstream, doc, ''), filled };
}

/** Every `$ref` in a JSON tree with its pointer. */
export function refsIn(node: Json, at = ''): Array<{ pointer: string; ref: string }> {
  const out: Array<{ pointer: string; ref: string }> = [];
  const walk = (n: Json, p: string): void => {
    if (Array.isArray(n)) n.forEach((x, i) => walk(x, p + ptr(i)));
    else if (isSchemaLike(n)) {
      for (const [k, v] of Object.entries(n)) {
        if (k === '$ref' && typeof v === 'string') out.push({ pointer: p, ref: v });
        else walk(v, p + ptr(k));
      }
    }
  };
  walk(node, at);
  return out;
}

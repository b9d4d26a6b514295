// Walking schemas: which keywords hold sub-schemas, which hold data, which hold name maps.
import { isObject, setOwn, type Json, type SchemaObject } from './types.js';

/** Keywords whose value is one sub-schema or a list of them. */
export const SUBSCHEMA_KEYWORDS = new Set(['items', 'additionalProperties', 'not', 'allOf', 'oneOf', 'anyOf']);
/** Keywords whose value maps names (not keywords) to sub-schemas. */
export const NAME_MAP_KEYWORDS = new Set(['properties', 'patternProperties', 'definitions']);
/** Keywords whose value is data, never a schema (a property may well be called `type`). */
export const DATA_KEYWORDS = new Set(['enum', 'default', 'example', 'examples', 'const', 'required', 'type']);
/** Keywords that describe but do not constrain: two schemas differing only in these accept the same JSON. */
export const ANNOTATION_KEYWORDS = new Set([
  'title',
  'description',
  'example',
  'examples',
  'default',
  'externalDocs',
  'deprecated',
  'readOnly',
  'writeOnly',
  'xml',
]);
/** Keywords whose array value is a set: order does not matter. */
export const SET_VALUED_KEYWORDS = new Set(['required', 'enum', 'type']);

export function isAnnotation(keyword: string): boolean {
  return ANNOTATION_KEYWORDS.has(keyword) || keyword.startsWith('x-');
}

/**
 * A copy of a schema with `f` applied to each direct sub-schema (`properties` values, `items`,
 * compositions…); `name` is the property name or the index in a list of sub-schemas.
 */
export function mapSubschemas(
  node: SchemaObject,
  f: (sub: Json, keyword: string, name?: string | number) => Json,
): SchemaObject {
  const out: SchemaObject = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'properties' && isObject(v)) {
      const props: SchemaObject = {};
      for (const [p, s] of Object.entries(v)) setOwn(props, p, f(s, k, p));
      out[k] = props;
    } else if (SUBSCHEMA_KEYWORDS.has(k))
      out[k] = Array.isArray(v) ? v.map((s, i) => f(s, k, i)) : isObject(v) ? f(v, k) : v;
    else setOwn(out, k, v);
  }
  return out;
}

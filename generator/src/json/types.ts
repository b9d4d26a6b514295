// The JSON value types every stage shares.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
/** A (JSON or OpenAPI) schema object: a JSON object whose keys are keywords. */
export type SchemaObject = JsonObject;

/** A plain JSON object (not null, not an array). */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

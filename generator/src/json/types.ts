// The JSON value types every stage shares.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
/**
 * A (JSON or OpenAPI) schema object: a JSON object whose keys are keywords.
 *
 * Deliberately JSON, not openapi-typescript's `SchemaObject` (issue 24): every stage reads
 * schemas that are broken on purpose (the upstream documents, the doc schemas) and must walk
 * whatever is there, and openapi-typescript 7.13's type describes less than the OpenAPI 3.0 our
 * output contains (it has no `not`, `multipleOf`, `uniqueItems`, `maxLength`,
 * `exclusiveMinimum` or `minProperties`, and its security scheme no `bearerFormat`), so typing
 * with it would need a cast at every read. The typed floor is the one reader of a reconciled
 * document (openapi/read.ts), which checks shape as it reads and hands out typed models; the
 * keyword vocabulary lives once, in walk.ts.
 */
export type SchemaObject = JsonObject;

/** A plain JSON object (not null, not an array). */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Set an own property, whatever its name: plain assignment of `__proto__` would change the
 * object's prototype instead, and a schema property may well be called that.
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

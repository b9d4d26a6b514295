// The JSON value types every stage shares.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
/** A (JSON or OpenAPI) schema object: a JSON object whose keys are keywords. */
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

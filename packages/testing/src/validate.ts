// JSON Schema validation against the bundled spec (ajv; OpenAPI 3.0 `nullable` is understood).
// One ajv instance per process, each schema compiled once, on first use.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { SPEC } from './generated/spec.js';
import type { Schema } from './spec-types.js';

const DOCUMENT_ID = 'losant';
let ajv: Ajv | undefined;
let coercing: Ajv | undefined;
const byName = new Map<string, ValidateFunction>();
const inline = new WeakMap<object, ValidateFunction>();
const inlineCoercing = new WeakMap<object, ValidateFunction>();

function create(coerceTypes: boolean): Ajv {
  const instance = new Ajv({ strict: false, allErrors: true, validateFormats: true, coerceTypes });
  (addFormats as unknown as (a: Ajv) => void)(instance);
  instance.addSchema({ components: { schemas: SPEC.schemas } }, DOCUMENT_ID);
  return instance;
}

function instance(): Ajv {
  return (ajv ??= create(false));
}

/** Does the bundled spec have a component schema of this name? */
export function hasSchema(name: string): boolean {
  return Object.hasOwn(SPEC.schemas, name);
}

/** Why `value` is not valid against the named component schema ([] when it is valid). */
export function componentErrors(name: string, value: unknown): string[] {
  let validate = byName.get(name);
  if (!validate) {
    const pointer = `${DOCUMENT_ID}#/components/schemas/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    validate = instance().getSchema(pointer);
    if (!validate) throw new Error(`@losant-sdk/testing: no schema ${name} in the bundled spec`);
    byName.set(name, validate);
  }
  return validate(value) ? [] : describeAll(validate.errors);
}

/** Why `value` is not valid against an inline schema of the spec (a parameter's), [] when it is. */
export function schemaErrors(schema: Schema, value: unknown): string[] {
  return validateInline(instance(), inline, schema, value);
}

/**
 * As `schemaErrors`, for a value read from bracketed query text (`filter[responseCode][0]=200`),
 * whose leaves are all text: a leaf the schema types as a number or boolean is converted in
 * place when its text is one, as the API reads it.
 */
export function coerceBrackets(schema: Schema, value: unknown): { value: unknown; errors: string[] } {
  // Validate a holder, so that coercion can replace the value itself, not only its leaves.
  const holder = { value };
  const errors = validateInline((coercing ??= create(true)), inlineCoercing, schema, holder, (s) => ({
    type: 'object',
    properties: { value: s },
  }));
  return {
    value: holder.value,
    errors: errors.map((e) => e.replace(/^at \/value(?:(\/)| )/, (_, slash?: string) => (slash ? 'at /' : ''))),
  };
}

function validateInline(
  ajvInstance: Ajv,
  cache: WeakMap<object, ValidateFunction>,
  schema: Schema,
  value: unknown,
  wrap = (s: unknown) => s,
): string[] {
  let validate = cache.get(schema);
  if (!validate) {
    // Inline schemas refer to components of the document: point their refs at it.
    validate = ajvInstance.compile(
      wrap(JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, `"$ref":"${DOCUMENT_ID}#/`))) as object,
    );
    cache.set(schema, validate);
  }
  return validate(value) ? [] : describeAll(validate.errors);
}

function describeAll(errors: ErrorObject[] | null | undefined): string[] {
  return [...new Set((errors ?? []).map(describe))];
}

/** `at /items/0/id must match pattern "^[A-Fa-f\d]{24}$"`; the location is left out at the root. */
function describe(e: ErrorObject): string {
  const at = e.instancePath ? `at ${e.instancePath} ` : '';
  const params = e.params as Record<string, unknown>;
  let detail = '';
  if (Array.isArray(params['allowedValues']))
    detail = ` (${params['allowedValues'].map((v) => JSON.stringify(v)).join(', ')})`;
  else if (typeof params['additionalProperty'] === 'string')
    detail = ` (${JSON.stringify(params['additionalProperty'])})`;
  return `${at}${e.message ?? 'is invalid'}${detail}`;
}

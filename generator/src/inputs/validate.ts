import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { GeneratorError, type ErrorCode } from '../errors.js';

const ajv = new Ajv({ allErrors: false, strict: true });
const compiled = new WeakMap<object, ValidateFunction>();

/**
 * Validate a project-authored file (lock, overlay) against its JSON Schema.
 * The first violation becomes a GeneratorError naming the file and JSON pointer.
 */
export function assertValid<T>(
  schema: object,
  value: unknown,
  file: string,
  code: ErrorCode,
  hint: string,
): asserts value is T {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return;
  const err = validate.errors?.[0];
  throw new GeneratorError(code, describe(err), { file, pointer: err?.instancePath || '', hint });
}

function describe(err: ErrorObject | undefined): string {
  if (!err) return 'invalid document';
  if (err.keyword === 'additionalProperties') {
    return `unexpected property "${String(err.params['additionalProperty'])}"`;
  }
  if (err.keyword === 'required') return `missing required property "${String(err.params['missingProperty'])}"`;
  return err.message ?? 'invalid value';
}

// Validation against the bundled spec: one SchemaValidator over its component schemas, for the process.
import { SPEC } from './generated/spec.js';
import { SchemaValidator, type Schema } from './kit/validator.js';

const validator = new SchemaValidator(SPEC.schemas);

/** Does the bundled spec have a component schema of this name? */
export const hasSchema = (name: string): boolean => validator.hasSchema(name);

/** Why `value` is not valid against the named component schema ([] when it is valid). */
export const componentErrors = (name: string, value: unknown): string[] => validator.componentErrors(name, value);

/** Why `value` is not valid against an inline schema of the spec (a parameter's), [] when it is. */
export const schemaErrors = (schema: Schema, value: unknown): string[] => validator.schemaErrors(schema, value);

/** See SchemaValidator.coerceBrackets. */
export const coerceBrackets = (schema: Schema, value: unknown): { value: unknown; errors: string[] } =>
  validator.coerceBrackets(schema, value);

// JSON Schema validation against a set of component schemas (ajv; OpenAPI 3.0 `nullable` is
// understood, annotations are ignored): each schema compiled once, on first use. The testing kit
// validates against its bundled spec, the fixtures harness against one reconciled document.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** A JSON Schema object as the reconciled documents write it (OpenAPI 3.0 dialect). */
export type Schema = { readonly [keyword: string]: unknown };

const DOCUMENT_ID = 'losant';

export class SchemaValidator {
  readonly #schemas: Readonly<Record<string, Schema>>;
  #ajv: Ajv | undefined;
  #coercing: Ajv | undefined;
  readonly #byName = new Map<string, ValidateFunction>();
  readonly #inline = new InlineCache();
  readonly #inlineCoercing = new InlineCache();

  /** `schemas`: component schemas by name, as `#/components/schemas/<name>` refers to them. */
  constructor(schemas: Readonly<Record<string, Schema>>) {
    this.#schemas = schemas;
  }

  hasSchema(name: string): boolean {
    return Object.hasOwn(this.#schemas, name);
  }

  /** ajv's errors of `value` against the named component schema ([] when it is valid). */
  componentErrorObjects(name: string, value: unknown): ErrorObject[] {
    let validate = this.#byName.get(name);
    if (!validate) {
      const pointer = `${DOCUMENT_ID}#/components/schemas/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      validate = this.#instance().getSchema(pointer);
      if (!validate) throw new Error(`no component schema ${name}`);
      this.#byName.set(name, validate);
    }
    return validate(value) ? [] : [...(validate.errors ?? [])];
  }

  /** ajv's errors of `value` against an inline schema whose refs point at the components. */
  schemaErrorObjects(schema: Schema, value: unknown): ErrorObject[] {
    return validateInline(this.#instance(), this.#inline, schema, value);
  }

  /** Why `value` is not valid against the named component schema, one line each ([] when valid). */
  componentErrors(name: string, value: unknown): string[] {
    return describeAll(this.componentErrorObjects(name, value));
  }

  /** Why `value` is not valid against an inline schema (a parameter's), one line each. */
  schemaErrors(schema: Schema, value: unknown): string[] {
    return describeAll(this.schemaErrorObjects(schema, value));
  }

  /**
   * As `schemaErrors`, for a value read from bracketed query text (`filter[responseCode][0]=200`),
   * whose leaves are all text: a leaf the schema types as a number or boolean is converted in
   * place when its text is one, as the API reads it.
   */
  coerceBrackets(schema: Schema, value: unknown): { value: unknown; errors: string[] } {
    // Validate a holder, so that coercion can replace the value itself, not only its leaves.
    const holder = { value };
    this.#coercing ??= this.#create(true);
    const errors = validateInline(this.#coercing, this.#inlineCoercing, schema, holder, (s) => ({
      type: 'object',
      properties: { value: s },
    }));
    return {
      value: holder.value,
      errors: describeAll(errors).map((e) =>
        e.replace(/^at \/value(?:(\/)| )/, (_, slash?: string) => (slash ? 'at /' : '')),
      ),
    };
  }

  #instance(): Ajv {
    return (this.#ajv ??= this.#create(false));
  }

  #create(coerceTypes: boolean): Ajv {
    const instance = new Ajv({
      strict: false,
      allErrors: true,
      validateFormats: true,
      coerceTypes,
      // Compiling is most of the cost (a mock validates a handful of values per schema): a referenced
      // schema is compiled once, as its own function, not inlined again into every schema that refers
      // to it, and the generated code is not optimized. Same verdicts and the same errors, in the same
      // order (only an error's schemaPath, which nothing here reads, names the referenced schema);
      // compiling every schema of the nine documents takes a third to a quarter of the time.
      inlineRefs: false,
      code: { optimize: false },
    });
    (addFormats as unknown as (a: Ajv) => void)(instance);
    instance.addSchema({ components: { schemas: this.#schemas } }, DOCUMENT_ID);
    return instance;
  }
}

/**
 * Inline schemas compiled, by object and by text: callers build equal schemas as new objects (a
 * sampler's `{ type: 'array', items: { $ref } }` per value), and each text is compiled once.
 */
class InlineCache {
  readonly byObject = new WeakMap<object, ValidateFunction>();
  readonly byText = new Map<string, ValidateFunction>();
}

function validateInline(
  ajv: Ajv,
  cache: InlineCache,
  schema: Schema,
  value: unknown,
  wrap = (s: unknown) => s,
): ErrorObject[] {
  let validate = cache.byObject.get(schema);
  if (!validate) {
    const text = JSON.stringify(schema);
    validate = cache.byText.get(text);
    if (!validate) {
      // Inline schemas refer to components of the document: point their refs at it.
      validate = ajv.compile(wrap(JSON.parse(text.replace(/"\$ref":"#\//g, `"$ref":"${DOCUMENT_ID}#/`))) as object);
      cache.byText.set(text, validate);
    }
    cache.byObject.set(schema, validate);
  }
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

function describeAll(errors: readonly ErrorObject[]): string[] {
  return [...new Set(errors.map(describe))];
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

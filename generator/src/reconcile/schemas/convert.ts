// Converting JSON Schema (draft-04/07) into OpenAPI 3.0 Schema Objects.
import { isObject, pointer as ptr, setOwn, type Json, type SchemaObject } from '../../json/index.js';

/**
 * Convert a JSON Schema (draft-04/07, as Losant's doc schemas are written) into an
 * OpenAPI 3.0 Schema Object. What has no 3.0 spelling is rewritten to the closest
 * equivalent that accepts the same JSON (or, where 3.0 cannot say it, a superset);
 * every such rewrite is reported through `note`.
 */
export interface ConvertContext {
  /** Report a rewrite at a JSON pointer relative to the converted root. */
  note(kind: ConversionKind, at: string, detail: string): void;
  /** Rewrite a `$ref`; returns the OpenAPI ref, or undefined to keep it verbatim. */
  ref(ref: string, at: string): string | undefined;
  /** Something no OpenAPI 3.0 schema can say (a type that is no JSON type); throws. Default: the type is kept. */
  unsupported?(at: string, detail: string): never;
}

/** The JSON types a schema's `type` may name. */
const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']);

export type ConversionKind =
  | 'type-array'
  | 'null-type'
  | 'pattern-properties'
  | 'misplaced-properties'
  | 'unknown-keyword'
  | 'const'
  | 'exclusive-bound'
  | 'empty-required'
  | 'malformed-composition'
  | 'pattern'
  | 'unsupported-keyword';

/** Keywords OpenAPI 3.0 Schema Objects accept (besides `x-` extensions). */
const OAS30 = new Set([
  'title',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxProperties',
  'minProperties',
  'required',
  'enum',
  'type',
  'allOf',
  'oneOf',
  'anyOf',
  'not',
  'items',
  'properties',
  'additionalProperties',
  'description',
  'format',
  'default',
  'nullable',
  'discriminator',
  'readOnly',
  'writeOnly',
  'xml',
  'externalDocs',
  'example',
  'deprecated',
  '$ref',
]);
/** JSON Schema keywords that are meaningful but have no OpenAPI 3.0 form. */
const DRAFT_ONLY = new Set([
  '$schema',
  '$id',
  'id',
  'definitions',
  'const',
  'examples',
  'patternProperties',
  'dependencies',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'additionalItems',
  '$comment',
]);
const ANNOTATIONS = new Set(['$schema', '$id', 'id', '$comment']);

const TYPE_KEYWORDS: Record<string, string[]> = {
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  integer: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  array: ['items', 'minItems', 'maxItems', 'uniqueItems'],
  object: ['properties', 'required', 'additionalProperties', 'minProperties', 'maxProperties'],
  boolean: [],
};
const TYPED = new Set(Object.values(TYPE_KEYWORDS).flat());

const isSchemaLike = isObject;

export function convertSchema(node: Json, ctx: ConvertContext, at = ''): SchemaObject {
  return convert(node, ctx, new At(at));
}

/**
 * Where a node is, relative to the converted root: its JSON pointer is built only when something
 * is reported there (most nodes report nothing).
 */
class At {
  #text: string | undefined;

  constructor(
    private readonly parent: At | string,
    private readonly segments: ReadonlyArray<string | number> = [],
  ) {}

  child(...segments: Array<string | number>): At {
    return new At(this, segments);
  }

  toString(): string {
    return (this.#text ??= `${String(this.parent)}${this.segments.length ? ptr(...this.segments) : ''}`);
  }
}

function convert(node: Json, ctx: ConvertContext, at: At): SchemaObject {
  if (!isSchemaLike(node)) return {};
  if (typeof node['$ref'] === 'string') {
    const to = ctx.ref(node['$ref'], String(at));
    return { $ref: to ?? node['$ref'] };
  }
  const src: SchemaObject = { ...node };
  repairMisplacedProperties(src, ctx, at);
  for (const t of Array.isArray(src['type']) ? src['type'] : src['type'] === undefined ? [] : [src['type']]) {
    if (typeof t !== 'string' || !JSON_TYPES.has(t))
      ctx.unsupported?.(
        `${String(at)}/type`,
        `type ${JSON.stringify(t)} is no JSON type (${[...JSON_TYPES].join(', ')})`,
      );
  }

  // Null as a member of `type` or as a oneOf/anyOf alternative becomes `nullable`.
  if (Array.isArray(src['type'])) return convertTypeArray(src, ctx, at);
  for (const key of ['oneOf', 'anyOf'] as const) {
    const alts = src[key];
    if (Array.isArray(alts) && alts.some(isNullSchema)) return convertNullAlternative(src, key, ctx, at);
  }

  const out: SchemaObject = {};
  for (const [key, value] of Object.entries(src)) {
    if (ANNOTATIONS.has(key)) continue;
    if (key.startsWith('x-')) {
      out[key] = value;
      continue;
    }
    switch (key) {
      case 'properties': {
        const props: SchemaObject = {};
        for (const [name, sub] of Object.entries(value as SchemaObject))
          setOwn(props, name, convert(sub, ctx, at.child(key, name)));
        out[key] = props;
        break;
      }
      case 'items':
        if (Array.isArray(value)) {
          ctx.note('unsupported-keyword', String(at.child(key)), 'tuple `items` became a oneOf of the item schemas');
          out[key] = { oneOf: value.map((v, i) => convert(v, ctx, at.child(key, i))) };
        } else out[key] = convert(value, ctx, at.child(key));
        break;
      case 'additionalProperties':
        out[key] = typeof value === 'boolean' ? value : convert(value, ctx, at.child(key));
        break;
      case 'not':
        out[key] = convert(value, ctx, at.child(key));
        break;
      case 'allOf':
      case 'oneOf':
      case 'anyOf': {
        const alts = value as Json[];
        if (alts.some(Array.isArray))
          ctx.note(
            'malformed-composition',
            String(at.child(key)),
            `a nested array inside \`${key}\` was flattened into its alternatives`,
          );
        out[key] = alts.flat().map((v, i) => convert(v, ctx, at.child(key, i)));
        break;
      }
      case 'patternProperties':
        break; // handled below, after additionalProperties is known
      case 'const':
        ctx.note('const', String(at.child(key)), '`const` became a one-value `enum`');
        out['enum'] = [value];
        break;
      case 'examples':
        if (Array.isArray(value) && value.length) out['example'] = value[0]!;
        break;
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        if (typeof value === 'number') {
          ctx.note(
            'exclusive-bound',
            String(at.child(key)),
            `numeric ${key} became ${key === 'exclusiveMinimum' ? 'minimum' : 'maximum'} + ${key}: true`,
          );
          out[key === 'exclusiveMinimum' ? 'minimum' : 'maximum'] = value;
          out[key] = true;
        } else out[key] = value;
        break;
      case 'pattern': {
        const safe = typeof value === 'string' ? unicodeSafePattern(value) : value;
        if (safe !== value)
          ctx.note(
            'pattern',
            String(at.child(key)),
            `literal braces escaped (${String(value)} → ${String(safe)}): same meaning, and valid for Unicode-mode regex engines`,
          );
        out[key] = safe;
        break;
      }
      case 'required':
        if (Array.isArray(value) && value.length === 0)
          ctx.note(
            'empty-required',
            String(at.child(key)),
            'empty `required` removed (3.0 requires at least one name)',
          );
        else out[key] = value;
        break;
      default:
        if (OAS30.has(key)) out[key] = value;
        else if (DRAFT_ONLY.has(key))
          ctx.note('unsupported-keyword', String(at.child(key)), `\`${key}\` has no OpenAPI 3.0 form and was dropped`);
        else
          ctx.note(
            'unknown-keyword',
            String(at.child(key)),
            `non-standard keyword \`${key}\` dropped (JSON Schema validators ignore it too)`,
          );
    }
  }

  const patterns = src['patternProperties'];
  if (isSchemaLike(patterns)) {
    const entries = Object.entries(patterns);
    const schemas = entries.map(([p, s]) => convert(s, ctx, at.child('patternProperties', p)));
    out['additionalProperties'] = schemas.length === 1 ? schemas[0]! : { anyOf: schemas };
    const keys = entries.map(([p]) => p).join(', ');
    const loosened = entries.some(([p]) => p !== '.*' && p !== '^.*$');
    ctx.note(
      'pattern-properties',
      `${String(at)}/patternProperties`,
      `patternProperties (${keys}) became additionalProperties${loosened ? '; the key pattern is not expressible in 3.0' : ''}`,
    );
  }
  return out;
}

function isNullSchema(v: Json): boolean {
  return isSchemaLike(v) && v['type'] === 'null';
}

/** `{type: [string, number, null], …}` → one alternative per type, nullable on the first. */
function convertTypeArray(src: SchemaObject, ctx: ConvertContext, at: At): SchemaObject {
  const types = (src['type'] as Json[]).map(String);
  const nonNull = types.filter((t) => t !== 'null');
  const nullable = nonNull.length < types.length;
  const rest: SchemaObject = { ...src };
  delete rest['type'];
  if (nonNull.length === 0) {
    ctx.note(
      'null-type',
      `${String(at)}/type`,
      '`type: [null]` has no 3.0 form; became an unconstrained nullable schema',
    );
    return { ...convert(rest, ctx, at), nullable: true };
  }
  if (nonNull.length === 1) {
    if (types.length > 1)
      ctx.note('type-array', `${String(at)}/type`, `type [${types.join(', ')}] became type ${nonNull[0]} + nullable`);
    return withNullable(convert({ ...rest, type: nonNull[0]! }, ctx, at), nullable);
  }
  ctx.note(
    'type-array',
    `${String(at)}/type`,
    `type [${types.join(', ')}] became oneOf ${nonNull.join(' | ')}${nullable ? ' (nullable)' : ''}`,
  );
  const shared: SchemaObject = {};
  for (const [k, v] of Object.entries(rest)) if (!TYPED.has(k) && k !== 'enum') shared[k] = v;
  const alternatives = nonNull.map((type, i) => {
    const alt: SchemaObject = { type };
    for (const k of TYPE_KEYWORDS[type] ?? []) if (k in rest) alt[k] = rest[k]!;
    if (Array.isArray(rest['enum'])) alt['enum'] = rest['enum'].filter((v) => matchesType(v, type));
    return withNullable(convert(alt, ctx, at), nullable && i === 0);
  });
  return { ...convert(shared, ctx, at), oneOf: alternatives };
}

/** `oneOf: [X, {type: null}]` → X + nullable; with more alternatives, nullable moves onto the first typed one. */
function convertNullAlternative(src: SchemaObject, key: 'oneOf' | 'anyOf', ctx: ConvertContext, at: At): SchemaObject {
  const alts = src[key] as Json[];
  const rest = alts.filter((a) => !isNullSchema(a));
  const others: SchemaObject = { ...src };
  delete others[key];
  ctx.note('null-type', String(at.child(key)), '`{type: null}` alternative became `nullable: true`');
  if (rest.length === 1) {
    const merged = convert({ ...others, ...(rest[0] as SchemaObject) }, ctx, at);
    if (typeof merged['$ref'] === 'string') return { allOf: [merged], nullable: true };
    return withNullable(merged, true);
  }
  const converted = rest.map((a, i) => convert(a, ctx, at.child(key, i)));
  const target = converted.findIndex((c) => typeof c['type'] === 'string');
  if (target >= 0) converted[target] = withNullable(converted[target]!, true);
  else converted.push({ type: 'object', nullable: true, enum: [null] });
  return { ...convert(others, ctx, at), [key]: converted };
}

function withNullable(s: SchemaObject, nullable: boolean): SchemaObject {
  if (!nullable) return s;
  const out: SchemaObject = { ...s, nullable: true };
  if (Array.isArray(out['enum']) && !out['enum'].includes(null)) out['enum'] = [...out['enum'], null];
  return out;
}

function matchesType(v: Json, type: string): boolean {
  if (type === 'integer') return Number.isInteger(v);
  if (type === 'array') return Array.isArray(v);
  if (type === 'object') return isSchemaLike(v);
  return typeof v === type;
}

/**
 * Some doc schemas list properties directly on an object schema, without `properties`
 * (`input: { callbackUrl: {...}, emails: {...} }`). Read them as properties: that only
 * adds information, since no `required` or `additionalProperties: false` comes with it.
 * On a schema that is not an object schema (`type: array`), `properties` would mean nothing
 * and is not valid OpenAPI: there the member is dropped, as every validator ignores it.
 */
function repairMisplacedProperties(src: SchemaObject, ctx: ConvertContext, at: At): void {
  const misplaced = Object.keys(src).filter(
    (k) =>
      !OAS30.has(k) &&
      !DRAFT_ONLY.has(k) &&
      !k.startsWith('x-') &&
      isSchemaLike(src[k]) &&
      looksLikeSchema(src[k] as SchemaObject),
  );
  if (!misplaced.length) return;
  const type = src['type'];
  if (type !== undefined && type !== 'object' && !(Array.isArray(type) && type.includes('object'))) {
    for (const k of misplaced) delete src[k];
    ctx.note(
      'unknown-keyword',
      String(at),
      `members ${misplaced.join(', ')} sat beside the keywords of a \`${String(type)}\` schema, where they constrain nothing; dropped (a correction in spec/corrections.yaml can say where they belong)`,
    );
    return;
  }
  const props: SchemaObject = isSchemaLike(src['properties']) ? { ...src['properties'] } : {};
  for (const k of misplaced) {
    if (!Object.hasOwn(props, k)) setOwn(props, k, src[k]!);
    delete src[k];
  }
  src['properties'] = props;
  ctx.note(
    'misplaced-properties',
    String(at),
    `members ${misplaced.join(', ')} sat beside the schema keywords; read as properties`,
  );
}

function looksLikeSchema(s: SchemaObject): boolean {
  return Object.keys(s).some((k) => OAS30.has(k) || k === 'patternProperties' || k === 'const');
}

/**
 * Patterns that only parse under Annex B (a lone `{` or `}` as a literal) are rejected by
 * Unicode-mode engines such as ajv. Escape those braces; real quantifiers stay as they are.
 */
export function unicodeSafePattern(pattern: string): string {
  try {
    new RegExp(pattern, 'u');
    return pattern;
  } catch {
    /* rewrite below */
  }
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      out += c + (pattern[i + 1] ?? '');
      i++;
    } else if (c === '{') {
      const quantifier = /^\{\d+(,\d*)?\}/.exec(pattern.slice(i));
      if (quantifier) {
        out += quantifier[0];
        i += quantifier[0].length - 1;
      } else out += '\\{';
    } else if (c === '}') out += '\\}';
    else out += c;
  }
  return out;
}

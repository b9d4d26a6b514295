// The typed path map of each package: its tag's operations, written as a small OpenAPI document
// and typed by openapi-typescript, so a consumer type-checks only the tags it imports.
import { GeneratorError } from '../errors.js';
import { isObject, reachable, setOwn, type Json, type SchemaObject } from '../json/index.js';
import { isEpochMillisParam, operationRefs, type LosantApiModel, type LosantOperation } from '../openapi/model.js';
import { writeDocument, type OpenApiDocument } from '../openapi/write.js';
import { DATE_MARKER, type EmitWorkers } from './workers.js';

/**
 * The document of one tag, as openapi-typescript should read it for types (the published spec
 * is unchanged): its operations and only the component schemas they reach; a JSON-encoded
 * query parameter is typed by its schema (openapi-typescript types `content` parameters as
 * `string`), and composition alternatives that only constrain
 * (`oneOf: [{required: [a]}, {required: [b]}]`) are dropped, since they would render as
 * `unknown` and swallow the object type: the types then accept a superset. An object with both
 * `properties` and an `additionalProperties` schema has its index signature widened to the named
 * properties' types, or the named ones could never be given (see `widenAdditionalProperties`).
 */
export function tagDocument(
  model: LosantApiModel,
  tag: string,
  /** Component schemas already transformed for typing, by name (shared by an API's tags). */
  typed: Map<string, SchemaObject> = new Map(),
): OpenApiDocument {
  const operations: LosantOperation[] = model.operations.filter((o) => o.tag === tag).map(forTyping);
  const used = reachable(
    operations.flatMap((o) => [...operationRefs(o)]),
    model.schemas,
  );
  const forTypes = (n: string): SchemaObject => {
    let schema = typed.get(n);
    if (!schema) typed.set(n, (schema = schemaForTyping(model.schemas[n]!) as SchemaObject));
    return schema;
  };
  const components = Object.fromEntries(
    Object.keys(model.schemas)
      .filter((n) => used.has(n))
      .map((n) => [n, forTypes(n)]),
  );
  return writeDocument({
    api: model.api,
    title: model.title,
    description: model.description,
    apiVersion: model.version,
    provenance: { openapiRevision: model.openapiRevision, docsIndexVersion: model.docsIndexVersion },
    upstream: {},
    tags: model.tags.filter((t) => t.name === tag),
    operations,
    components,
  });
}

/**
 * An operation as its types should read: JSON-encoded query parameters typed by their schema,
 * a documented string that means a number or a flag typed as either, and a time in
 * milliseconds since the epoch typed as a `Date` too.
 */
function forTyping(o: LosantOperation): LosantOperation {
  const widen = <T extends { schema: SchemaObject; accepts?: Array<'number' | 'boolean'> }>(p: T): T =>
    p.accepts ? { ...p, schema: { oneOf: [p.schema, ...p.accepts.map((type) => ({ type }))] } } : p;
  // A time in ms since the epoch also takes a Date (core sends its milliseconds).
  const dated = <T extends { schema: SchemaObject }>(p: T, date: boolean): T =>
    date ? { ...p, schema: { oneOf: [p.schema, { type: 'object', [DATE_MARKER]: true }] } } : p;
  return {
    ...o,
    params: o.params.map((p) =>
      dated(widen(p.encoding === 'json' ? { ...p, encoding: 'plain' as const } : p), isEpochMillisParam(p)),
    ),
    ...(o.body?.kind === 'multipart' ? { body: { ...o.body, fields: o.body.fields.map(widen) } } : {}),
  };
}

/** The typed path map (`paths`, `components`, `operations`) of a document, via openapi-typescript. */
export async function pathMapTypes(workers: EmitWorkers, doc: OpenApiDocument, label: string): Promise<string> {
  try {
    const printed = await workers.pathMap(doc);
    // Raw line/paragraph separators are legal in comments and strings, but some tools
    // still treat them as line ends; the escape means the same in both places.
    return printed.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  } catch (cause) {
    throw new GeneratorError(
      'EMIT_FAILED',
      `openapi-typescript rejected the ${label} spec: ${(cause as Error).message}`,
      { file: label, cause },
    );
  }
}

/** A component schema as its types should read: the transforms below, everywhere in it. */
export function schemaForTyping(node: Json): Json {
  return widenAdditionalProperties(freeFormObjects(dropConstraintOnly(node)));
}

/**
 * An object schema that names no property is free-form: a workflow node's `config`, an audit
 * log's `requestBody`. openapi-typescript types it `Record<string, never>` (an object that must be
 * empty, which no real value is); typed here as `{ [key: string]: unknown }`, whatever its
 * `additionalProperties` says (`false` with no properties is how Losant's docs leave a shape
 * undescribed, and the types accept a superset, as elsewhere). Only `maxProperties: 0` says
 * "nothing, ever": a correction with its evidence adds it where that is what Losant sends
 * (spec/corrections.yaml), and it stays an empty object.
 */
export function freeFormObjects(node: Json): Json {
  if (Array.isArray(node)) return node.map(freeFormObjects);
  if (!isObject(node)) return node;
  const out: SchemaObject = {};
  for (const [k, v] of Object.entries(node)) setOwn(out, k, freeFormObjects(v));
  if (out['type'] !== 'object' || !namesNoProperty(out)) return out;
  const extra = out['additionalProperties'];
  if (out['maxProperties'] === 0) out['additionalProperties'] = false;
  else if (extra === undefined || extra === false) out['additionalProperties'] = {};
  return out;
}

function namesNoProperty(schema: SchemaObject): boolean {
  const properties = schema['properties'];
  const composed = ['oneOf', 'anyOf', 'allOf'].some((k) => Array.isArray(schema[k]));
  return !composed && (properties === undefined || (isObject(properties) && Object.keys(properties).length === 0));
}

/**
 * openapi-typescript types `{ properties: P, additionalProperties: X }` as `{ …P } & { [key: string]: X }`,
 * where a named property must also be an `X`: Losant's `advancedQuery` (`$and`/`$or`/`$nor` arrays
 * beside per-column value queries) could then never have an `$or`. Widening the index signature to
 * `X` or any named property's type keeps every named property as documented and every other key an `X`
 * or one of those types (TypeScript cannot say "the other keys").
 */
export function widenAdditionalProperties(node: Json): Json {
  if (Array.isArray(node)) return node.map(widenAdditionalProperties);
  if (!isObject(node)) return node;
  const out: SchemaObject = {};
  for (const [k, v] of Object.entries(node)) setOwn(out, k, widenAdditionalProperties(v));
  const named = isObject(out['properties']) ? Object.values(out['properties']) : [];
  const extra = out['additionalProperties'];
  if (named.length && isObject(extra) && Object.keys(extra).length)
    out['additionalProperties'] = { anyOf: [extra, ...named] };
  return out;
}

/** Keywords that constrain without saying what shape a value has. */
const CONSTRAINT_ONLY = new Set(['required', 'not', 'minProperties', 'maxProperties', 'description', 'title']);

export function dropConstraintOnly(node: Json): Json {
  if (Array.isArray(node)) return node.map(dropConstraintOnly);
  if (!isObject(node)) return node;
  const out: SchemaObject = {};
  for (const [k, v] of Object.entries(node)) {
    if ((k === 'oneOf' || k === 'anyOf') && Array.isArray(v)) {
      const kept = v
        .filter((a) => !(isObject(a) && Object.keys(a).every((x) => CONSTRAINT_ONLY.has(x))))
        .map(dropConstraintOnly);
      if (kept.length) out[k] = kept;
    } else setOwn(out, k, dropConstraintOnly(v));
  }
  return out;
}

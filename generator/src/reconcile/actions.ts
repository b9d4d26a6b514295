// Every documented action of the docs index becomes one operation model: its method and full
// path, parameters, body, responses, auth and scopes, as the docs index says.
import { GeneratorError } from '../errors.js';
import { definitionName, pointer, type Json, type SchemaObject } from '../json/index.js';
import type { LosantBody, LosantFormField, LosantParam, LosantResponse } from '../openapi/model.js';
import type { DocsAction, DocsIndex, DocsParam, DocsResource } from './docs-index.js';
import type { ActionModel } from './model.js';
import type { LoadedOverlay } from './overlay.js';

export interface BuildContext {
  index: DocsIndex;
  /** How to name the docs index in errors. */
  indexFile: string;
  overlays: LoadedOverlay[];
  /** Documented example values by schema name (the docs' apiExamples), for request bodies. */
  examples: Record<string, Json>;
}

/** A place where the docs index was normalized on the way into the model. */
export interface ActionNote {
  /** Pointer into the docs index. */
  pointer: string;
  detail: string;
}

/** Every documented action of every mapped resource, in docs-index order. */
export function buildActions(ctx: BuildContext): { actions: ActionModel[]; notes: ActionNote[] } {
  const actions: ActionModel[] = [];
  const notes: ActionNote[] = [];
  const ids = new Map<string, string>();
  const owners = new Map<string, { overlay: LoadedOverlay; tag: string }>();
  for (const o of ctx.overlays)
    for (const [resource, tag] of Object.entries(o.resources)) owners.set(resource, { overlay: o, tag });
  for (const [resourceName, resource] of Object.entries(ctx.index)) {
    const owner = owners.get(resourceName);
    if (owner === undefined) continue;
    for (const [actionName, action] of Object.entries(resource.actions)) {
      const model = buildAction(ctx, owner.overlay, resourceName, resource, actionName, action, owner.tag, notes);
      const key = `${model.method} ${model.path}`;
      const other = ids.get(key);
      if (other) {
        throw new GeneratorError(
          'DUPLICATE_OPERATION',
          `${other} and ${model.operationId} are both documented at ${key}`,
          {
            file: ctx.indexFile,
            pointer: model.source,
            hint: 'the docs index documents two actions at one method and path; add a correction to the overlay or report it upstream',
          },
        );
      }
      ids.set(key, model.operationId);
      actions.push(model);
    }
  }
  assertUniqueOperationIds(actions, ctx.indexFile);
  return { actions, notes };
}

export function assertUniqueOperationIds(actions: ActionModel[], file: string): void {
  const seen = new Map<string, ActionModel>();
  for (const a of actions) {
    const first = seen.get(a.operationId);
    if (first) {
      throw new GeneratorError(
        'DUPLICATE_OPERATION_ID',
        `operationId "${a.operationId}" is derived for both ${first.method} ${first.path} and ${a.method} ${a.path}`,
        {
          file,
          pointer: a.source,
          hint: 'operationIds are <resource>.<action>; two resources or actions with the same names cannot both be in scope',
        },
      );
    }
    seen.set(a.operationId, a);
  }
}

function buildAction(
  ctx: BuildContext,
  overlay: LoadedOverlay,
  resourceName: string,
  resource: DocsResource,
  actionName: string,
  action: DocsAction,
  tag: string,
  notes: ActionNote[],
): ActionModel {
  const source = pointer(resourceName, 'actions', actionName);
  const path = resource.path + (action.path ?? '');
  const allParams = [...(resource.params ?? []), ...(action.params ?? [])];
  const fail = (message: string, at: string, hint: string): never => {
    throw new GeneratorError('UNSUPPORTED_INPUT', message, { file: ctx.indexFile, pointer: at, hint });
  };

  const params: LosantParam[] = [];
  const bodyParams: DocsParam[] = [];
  const formParams: DocsParam[] = [];
  allParams.forEach((p, i) => {
    const own = i >= (resource.params ?? []).length;
    const at = own
      ? pointer(resourceName, 'actions', actionName, 'params', i - (resource.params ?? []).length)
      : pointer(resourceName, 'params', i);
    const note = (detail: string) =>
      notes.push({ pointer: at, detail: `${resourceName}.${actionName} "${p.name}": ${detail}` });
    if (p.in === 'body') bodyParams.push(p);
    else if (p.in === 'multipart') formParams.push(p);
    else params.push(toParam(p, note));
  });

  const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  for (const name of templated) {
    if (!params.some((p) => p.in === 'path' && p.name === name)) {
      fail(
        `path ${path} has {${name}} but no path parameter of that name is documented`,
        source,
        'report the docs index inconsistency; an overlay correction can add the parameter',
      );
    }
  }
  for (const p of params) {
    if (p.in === 'path' && !templated.includes(p.name)) {
      fail(`path parameter "${p.name}" is not in the path ${path}`, source, 'report the docs index inconsistency');
    }
  }
  // Path parameters in URL order, then the rest in documented order.
  params.sort((a, b) => rank(a, templated) - rank(b, templated));

  if (bodyParams.length > 1)
    fail(`${bodyParams.length} body parameters documented`, source, 'an action has at most one JSON body');
  if (bodyParams.length && formParams.length)
    fail('both a JSON body and multipart fields are documented', source, 'an action has one kind of body');

  let body: LosantBody | undefined;
  const bodyParam = bodyParams[0];
  if (bodyParam) {
    const schema = bodyParam.schema && definitionName(bodyParam.schema.$ref);
    if (!schema)
      fail(
        `body parameter "${bodyParam.name}" has no schema reference`,
        source,
        'every JSON body must name a doc schema',
      );
    const example = ctx.examples[schema!];
    body = {
      kind: 'json',
      name: bodyParam.name,
      required: bodyParam.required === true,
      schema: schema!,
      ...(bodyParam.description ? { description: bodyParam.description } : {}),
      ...(example !== undefined ? { example } : {}),
    };
  } else if (formParams.length) {
    const fields = formParams.map((p) =>
      toFormField(p, source, fail, (detail) =>
        notes.push({ pointer: source, detail: `${resourceName}.${actionName} "${p.name}": ${detail}` }),
      ),
    );
    body = { kind: 'multipart', required: fields.some((f) => f.required), fields };
  }

  const responses: LosantResponse[] = Object.entries(action.responses)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, r]) => {
      const model: LosantResponse = { status, description: r.description };
      if (r.schema) {
        const name = definitionName(r.schema.$ref);
        if (!name)
          fail(
            `response ${status} refers to ${r.schema.$ref}, which is not a doc schema`,
            `${source}/responses/${status}`,
            'refer to #/definitions/<name>',
          );
        model.schema = name!;
      }
      if (r.sseEvents) {
        model.events = {};
        for (const [event, e] of Object.entries(r.sseEvents)) {
          const name = definitionName(e.schema.$ref);
          if (!name)
            fail(
              `SSE event ${event} refers to ${e.schema.$ref}`,
              `${source}/responses/${status}`,
              'refer to #/definitions/<name>',
            );
          model.events[event] = { schema: name!, ...(e.description ? { description: e.description } : {}) };
        }
      }
      return model;
    });

  const requiresAuth = action.auth !== undefined;
  // In ASCII order, as Losant's documentation lists them (all.* first, then device.*, device.get).
  const scopes = requiresAuth ? unique([...(resource.auth ?? []), ...(action.auth ?? [])]).sort() : [];
  const summary = (action.summary ?? action.description ?? `${resourceName}.${actionName}`).trim();
  const description =
    action.description && action.description.trim() !== summary ? action.description.trim() : undefined;

  return {
    api: overlay.api,
    operationId: `${resourceName}.${actionName}`,
    resource: resourceName,
    action: actionName,
    tag,
    method: action.method.toUpperCase(),
    path,
    summary,
    ...(description ? { description } : {}),
    params,
    ...(body ? { body } : {}),
    responses,
    auth: { required: requiresAuth, scopes },
    docsUrl: `${overlay.overlay.docs.base}${resourceName.toLowerCase()}/`,
    source,
  };
}

function rank(p: LosantParam, templated: string[]): number {
  return p.in === 'path' ? templated.indexOf(p.name) : templated.length;
}

/** The docs type a query or path parameter has, as an OpenAPI 3.0 schema. */
function toParam(p: DocsParam, note: (detail: string) => void): LosantParam {
  const location = p.in === 'path' ? 'path' : p.in === 'header' ? 'header' : 'query';
  const ref = p.schema ? definitionName(p.schema.$ref) : undefined;
  let schema: SchemaObject;
  let encoding: LosantParam['encoding'] = 'plain';
  if (ref && (p.type === 'object' || p.type === undefined)) {
    // `type: object` is JSON text on the wire; a bare schema (arrays of tag pairs, filters) is bracket-encoded.
    schema = { $ref: `#/components/schemas/${ref}` };
    encoding = p.type === 'object' ? 'json' : 'brackets';
  } else if (p.type === 'object') {
    schema = { type: 'object' };
    encoding = 'json';
  } else if (p.type === 'array') {
    schema = { type: 'array', items: { type: 'string' } };
    encoding = 'brackets';
  } else {
    schema = { type: primitiveType(p.type) };
    if (p.enum) schema['enum'] = p.enum.map((v) => wireValue(v, schema, note)) as Json[];
    if (p.pattern !== undefined) schema['pattern'] = p.pattern;
    if (p.minLength !== undefined) schema['minLength'] = p.minLength;
    if (p.default !== undefined) schema['default'] = wireValue(p.default, schema, note);
  }
  const model: LosantParam = {
    name: p.name,
    in: location,
    required: location === 'path' ? true : p.required === true,
    schema,
    encoding,
  };
  if (p.description) model.description = p.description;
  if (p.example !== undefined) {
    const example = encoding === 'plain' ? wireValue(p.example, schema, note) : (p.example as Json);
    if (Array.isArray(schema['enum']) && !schema['enum'].includes(example)) {
      note(
        `example ${JSON.stringify(example)} is not one of the documented values ${JSON.stringify(schema['enum'])}; example dropped`,
      );
    } else model.example = example;
  }
  if (p.deprecated) model.deprecated = true;
  const accepts = acceptsOf(p, schema);
  if (accepts.length) model.accepts = accepts;
  return model;
}

/**
 * A parameter the docs type `string` but whose own example or default is a number or a flag
 * (`page: 0`, `tagsAsObject: true`) means one: callers may pass the number or boolean, and it
 * travels as its text. Driven by the docs index, not a hand list.
 */
function acceptsOf(p: DocsParam, schema: SchemaObject): Array<'number' | 'boolean'> {
  if (schema['type'] !== 'string' || Array.isArray(schema['enum'])) return [];
  const kinds = new Set<'number' | 'boolean'>();
  for (const v of [p.example, p.default])
    if (typeof v === 'number' || typeof v === 'boolean') kinds.add(typeof v as 'number' | 'boolean');
  return [...kinds].sort();
}

function toFormField(
  p: DocsParam,
  source: string,
  fail: (m: string, at: string, h: string) => never,
  note: (detail: string) => void,
): LosantFormField {
  const field: LosantFormField = { name: p.name, required: p.required === true, kind: 'text', schema: {} };
  if (p.description) field.description = p.description;
  if (p.type === 'file') {
    field.kind = 'file';
    field.schema = { type: 'string', format: 'binary' };
  } else if (p.type === 'object' || p.schema) {
    const ref = p.schema && definitionName(p.schema.$ref);
    if (!ref) fail(`multipart field "${p.name}" is an object without a schema`, source, 'name its doc schema');
    field.kind = 'json';
    field.schema = { $ref: `#/components/schemas/${ref}` };
  } else {
    field.schema = { type: primitiveType(p.type) };
    if (p.enum) field.schema['enum'] = p.enum as Json[];
    if (p.pattern !== undefined) field.schema['pattern'] = p.pattern;
    if (p.default !== undefined) field.schema['default'] = wireValue(p.default, field.schema, note);
    if (p.example !== undefined) field.example = wireValue(p.example, field.schema, note);
    const accepts = acceptsOf(p, field.schema);
    if (accepts.length) field.accepts = accepts;
  }
  return field;
}

/** Parameters the index leaves untyped are plain text on the wire. */
function primitiveType(type: string | undefined): string {
  return type === 'number' || type === 'integer' || type === 'boolean' ? type : 'string';
}

/**
 * Values travel as text in a query string or form field; the index sometimes writes a
 * string parameter's default or example as a number or boolean (`date=1518556791829`).
 * Give them the parameter's own type so the document is consistent.
 */
export function wireValue(value: unknown, schema: SchemaObject, note?: (detail: string) => void): Json {
  if (schema['type'] === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    note?.(`${typeof value} ${JSON.stringify(value)} written as the string it is on the wire`);
    return String(value);
  }
  return value as Json;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

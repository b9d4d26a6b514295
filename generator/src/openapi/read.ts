// The one typed reader of a reconciled document: every consumer (emit, the API surface, the
// fixtures harness, the SDK tests) gets `LosantOperation`s from here instead of walking JSON.
import { GeneratorError } from '../errors.js';
import { componentRefName, isObject, pointer, type Json, type JsonObject, type SchemaObject } from '../json/index.js';
import type {
  Evolution,
  LosantApiModel,
  LosantBody,
  LosantFormField,
  LosantOperation,
  LosantParam,
  LosantResponse,
  QueryEncoding,
  StreamBackfill,
} from './model.js';
import { HTTP_METHODS, MEDIA, X } from './vocabulary.js';
import type { OpenApiDocument } from './write.js';

/** Read a reconciled document; `file` names it in errors. */
export function readDocument(doc: OpenApiDocument, file: string): LosantApiModel {
  const fail = (
    message: string,
    at: string,
    hint = 'regenerate it with `pnpm generate`; documents are written by the generator',
  ): never => {
    throw new GeneratorError('INVALID_DOCUMENT', message, { file, pointer: at, hint });
  };
  const info = isObject(doc['info']) ? doc['info'] : fail('the document has no `info`', '/info');
  const paths = isObject(doc['paths']) ? doc['paths'] : fail('the document has no `paths`', '/paths');
  const components = isObject(doc['components']) ? doc['components'] : {};
  const schemas = (isObject(components['schemas']) ? components['schemas'] : {}) as Record<string, SchemaObject>;
  const operations: LosantOperation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (isObject(op)) operations.push(readOperation(path, method, op, pointer('paths', path, method), fail));
    }
  }
  const text = (v: Json | undefined) => (typeof v === 'string' ? v : '');
  return {
    api: text(info[X.api]),
    title: text(info['title']) || 'API',
    version: text(info['version']),
    description: text(info['description']),
    openapiRevision: text(info[X.openapiRevision]),
    docsIndexVersion: text(info[X.docsIndexVersion]),
    tags: (Array.isArray(doc['tags']) ? doc['tags'] : [])
      .filter(isObject)
      .map((t) => ({ name: text(t['name']), description: text(t['description']) })),
    operations,
    schemas,
  };
}

type Fail = (message: string, at: string, hint?: string) => never;

function readOperation(path: string, method: string, op: JsonObject, at: string, fail: Fail): LosantOperation {
  const operationId =
    typeof op['operationId'] === 'string' ? op['operationId'] : fail('an operation has no operationId', at);
  const tags = Array.isArray(op['tags']) ? op['tags'] : [];
  const tag = typeof tags[0] === 'string' ? tags[0] : fail(`${operationId} has no tag`, `${at}/tags`);
  const params = (Array.isArray(op['parameters']) ? op['parameters'] : []).map((p, i) =>
    readParam(p, `${at}/parameters/${i}`, fail),
  );

  const templated = [...path.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!).sort();
  const pathParams = params
    .filter((p) => p.in === 'path')
    .map((p) => p.name)
    .sort();
  if (JSON.stringify(templated) !== JSON.stringify(pathParams) || /[{}]/.test(path.replace(/\{[^{}]*\}/g, ''))) {
    fail(
      `${operationId}: the path's template variables (${templated.join(', ') || 'none'}) do not match its path parameters (${pathParams.join(', ') || 'none'})`,
      `${at}/parameters`,
      'declare one `in: path` parameter per {variable} in the path',
    );
  }

  const summary = typeof op['summary'] === 'string' ? op['summary'] : operationId;
  const security = op['security'];
  const docs =
    isObject(op['externalDocs']) && typeof op['externalDocs']['url'] === 'string'
      ? op['externalDocs']['url']
      : undefined;
  const body = readBody(op, at, operationId, fail);
  return {
    operationId,
    resource: typeof op[X.resource] === 'string' ? (op[X.resource] as string) : tag,
    action: typeof op[X.action] === 'string' ? (op[X.action] as string) : operationId,
    tag,
    method: method.toUpperCase(),
    path,
    summary,
    ...(typeof op['description'] === 'string' ? { description: op['description'] } : {}),
    params,
    ...(body ? { body } : {}),
    responses: Object.entries(isObject(op['responses']) ? op['responses'] : {}).map(([status, r]) =>
      readResponse(status, r),
    ),
    auth: {
      required: !(Array.isArray(security) && security.length === 0),
      scopes: (Array.isArray(op[X.scopes]) ? (op[X.scopes] as Json[]) : []).map(String),
    },
    ...(docs ? { docsUrl: docs } : {}),
    ...(isObject(op[X.evolution]) ? { evolution: readEvolution(op[X.evolution] as JsonObject) } : {}),
    ...(isObject(op[X.backfill]) ? { backfill: readBackfill(op[X.backfill] as JsonObject) } : {}),
  };
}

function readBackfill(b: JsonObject): StreamBackfill {
  const text = (v: Json | undefined) => (typeof v === 'string' ? v : '');
  const pair = <V>(v: Json | undefined, value: (x: Json | undefined) => V | undefined) => {
    if (!isObject(v) || typeof v['param'] !== 'string') return undefined;
    const x = value(v['value']);
    return x === undefined ? undefined : { param: v['param'], value: x };
  };
  const limit = pair(b['limit'], (x) => (typeof x === 'number' ? x : undefined));
  const sort = pair(b['sort'], (x) => (typeof x === 'string' ? x : undefined));
  return {
    history: text(b['history']),
    carry: Array.isArray(b['carry']) ? b['carry'].filter((x): x is string => typeof x === 'string') : [],
    start: text(b['start']),
    end: text(b['end']),
    ...(limit ? { limit } : {}),
    ...(sort ? { sort } : {}),
    event: text(b['event']),
    time: text(b['time']),
  };
}

function readEvolution(e: JsonObject): Evolution {
  const names = (v: Json | undefined) =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
  const text = (v: Json | undefined) => (typeof v === 'string' ? v : undefined);
  const out: Evolution = {};
  const aliases = names(e['aliases']);
  const resourceAliases = names(e['resourceAliases']);
  if (aliases?.length) out.aliases = aliases;
  if (text(e['deprecation'])) out.deprecation = text(e['deprecation'])!;
  if (resourceAliases?.length) out.resourceAliases = resourceAliases;
  if (text(e['resourceDeprecation'])) out.resourceDeprecation = text(e['resourceDeprecation'])!;
  return out;
}

function readParam(p: Json, at: string, fail: Fail): LosantParam {
  if (!isObject(p) || typeof p['name'] !== 'string') return fail('a parameter has no name', at);
  const location = p['in'];
  if (location !== 'path' && location !== 'query' && location !== 'header')
    return fail(`parameter "${p['name']}" is in ${String(location)}, which Losant does not use`, `${at}/in`);
  const media = isObject(p['content']) ? p['content'][MEDIA.json] : undefined;
  const content = isObject(media) ? media : undefined;
  const encoding: QueryEncoding = content ? 'json' : p['style'] === 'deepObject' ? 'brackets' : 'plain';
  const schema = (content ? content['schema'] : p['schema']) ?? {};
  const example = content ? content['example'] : p['example'];
  return {
    name: p['name'],
    in: location,
    ...(typeof p['description'] === 'string' ? { description: p['description'] } : {}),
    required: p['required'] === true,
    schema: isObject(schema) ? schema : {},
    encoding,
    ...(example !== undefined ? { example } : {}),
    ...(p['deprecated'] === true ? { deprecated: true } : {}),
    ...(Array.isArray(p[X.accepts]) ? { accepts: p[X.accepts] as Array<'number' | 'boolean'> } : {}),
    ...(isObject(p[X.evolution]) ? { evolution: readEvolution(p[X.evolution] as JsonObject) } : {}),
  };
}

function readBody(op: JsonObject, at: string, operationId: string, fail: Fail): LosantBody | undefined {
  const requestBody = op['requestBody'];
  if (!isObject(requestBody)) return undefined;
  const content = isObject(requestBody['content']) ? requestBody['content'] : {};
  const required = requestBody['required'] === true;
  const json = content[MEDIA.json];
  if (isObject(json)) {
    const schema = isObject(json['schema']) ? componentRefName(json['schema']['$ref']) : undefined;
    if (schema === undefined)
      fail(
        `${operationId}: the JSON request body must refer to a component schema`,
        `${at}/requestBody/content/application~1json/schema`,
      );
    return {
      kind: 'json',
      name: typeof op[X.bodyName] === 'string' ? (op[X.bodyName] as string) : 'body',
      required,
      schema: schema!,
      ...(typeof requestBody['description'] === 'string' ? { description: requestBody['description'] } : {}),
      ...(json['example'] !== undefined ? { example: json['example'] } : {}),
    };
  }
  const form = content[MEDIA.multipart];
  if (isObject(form)) {
    const schema = isObject(form['schema']) ? form['schema'] : {};
    const requiredFields = new Set((Array.isArray(schema['required']) ? schema['required'] : []).map(String));
    const encoding = isObject(form['encoding']) ? form['encoding'] : {};
    const fields = Object.entries(isObject(schema['properties']) ? schema['properties'] : {}).map(
      ([name, s]): LosantFormField => {
        const node = isObject(s) ? s : {};
        const isJson = isObject(encoding[name]) && encoding[name]['contentType'] === MEDIA.json;
        const { description, example, [X.accepts]: accepts, ...rest } = node;
        const wrapped =
          Array.isArray(rest['allOf']) && rest['allOf'].length === 1 && Object.keys(rest).length === 1
            ? rest['allOf'][0]
            : undefined;
        return {
          name,
          required: requiredFields.has(name),
          kind: node['format'] === 'binary' ? 'file' : isJson ? 'json' : 'text',
          schema: isObject(wrapped) ? wrapped : rest,
          ...(typeof description === 'string' ? { description } : {}),
          ...(example !== undefined ? { example } : {}),
          ...(Array.isArray(accepts) ? { accepts: accepts as Array<'number' | 'boolean'> } : {}),
        };
      },
    );
    return { kind: 'multipart', required, fields };
  }
  if (Object.keys(content).length)
    fail(
      `${operationId}: request body media types ${Object.keys(content).join(', ')} are not supported`,
      `${at}/requestBody/content`,
      'Losant bodies are JSON or multipart/form-data',
    );
  return undefined;
}

function readResponse(status: string, r: Json): LosantResponse {
  const node = isObject(r) ? r : {};
  const out: LosantResponse = {
    status,
    description: typeof node['description'] === 'string' ? node['description'] : '',
  };
  const events = node[X.sseEvents];
  if (isObject(events)) {
    out.events = {};
    for (const [name, e] of Object.entries(events)) {
      const ev = isObject(e) ? e : {};
      const schema = isObject(ev['schema']) ? componentRefName(ev['schema']['$ref']) : undefined;
      out.events[name] = {
        schema: schema ?? '',
        ...(typeof ev['description'] === 'string' ? { description: ev['description'] } : {}),
      };
    }
    return out;
  }
  const content = isObject(node['content']) ? node['content'] : {};
  const json = content[MEDIA.json];
  const schema = isObject(json) && isObject(json['schema']) ? componentRefName(json['schema']['$ref']) : undefined;
  if (schema !== undefined) out.schema = schema;
  return out;
}

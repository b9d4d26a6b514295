// Write reconciled operations out as an OpenAPI 3.0.3 document (the vocabulary is in vocabulary.ts).
import { componentRef, setOwn, type Json, type SchemaObject } from '../json/index.js';
import type { Evolution, LosantFormField, LosantOperation, LosantParam, LosantResponse } from './model.js';
import { HTTP_METHODS, MEDIA, SECURITY_SCHEME, X } from './vocabulary.js';

export type OpenApiDocument = { [key: string]: Json };

export interface DocumentInputs {
  api: string;
  title: string;
  description: string;
  apiVersion: string;
  provenance: { openapiRevision: string; docsIndexVersion: string };
  /** Upstream `info` and `servers`, kept where they are facts (contact, license, server URL). */
  upstream: { info?: Record<string, Json>; servers?: Json; bearerDescription?: string };
  tags: Array<{ name: string; description: string }>;
  operations: LosantOperation[];
  components: Record<string, SchemaObject>;
}

/** The document; key order is fixed, so the output is stable. */
export function writeDocument(input: DocumentInputs): OpenApiDocument {
  const info: Record<string, Json> = { title: input.title, version: input.apiVersion, description: input.description };
  if (input.upstream.info?.['contact']) info['contact'] = input.upstream.info['contact'];
  if (input.upstream.info?.['license']) info['license'] = input.upstream.info['license'];
  info[X.api] = input.api;
  info[X.openapiRevision] = input.provenance.openapiRevision;
  info[X.docsIndexVersion] = input.provenance.docsIndexVersion;

  const byPath = new Map<string, LosantOperation[]>();
  for (const op of input.operations) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op]);
  const paths: Record<string, Json> = {};
  for (const path of [...byPath.keys()].sort()) {
    const item: Record<string, Json> = {};
    const order = (op: LosantOperation) =>
      HTTP_METHODS.indexOf(op.method.toLowerCase() as (typeof HTTP_METHODS)[number]);
    for (const op of byPath.get(path)!.sort((a, b) => order(a) - order(b)))
      item[op.method.toLowerCase()] = operation(op);
    setOwn(paths, path, item);
  }
  return {
    openapi: '3.0.3',
    info,
    servers: input.upstream.servers ?? [{ url: 'https://api.losant.com' }],
    security: [{ [SECURITY_SCHEME]: [] }],
    tags: input.tags.map((t) => ({ name: t.name, description: t.description })),
    paths,
    components: {
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            input.upstream.bearerDescription ?? 'A Losant API access token, sent as `Authorization: Bearer <token>`.',
        },
      },
      schemas: input.components,
    },
  };
}

function operation(a: LosantOperation): Record<string, Json> {
  const op: Record<string, Json> = { operationId: a.operationId, summary: a.summary };
  if (a.description) op['description'] = a.description;
  op['tags'] = [a.tag];
  if (a.docsUrl) op['externalDocs'] = { description: `Losant docs: ${a.resource}`, url: a.docsUrl };
  if (a.params.length) op['parameters'] = a.params.map(parameter);
  if (a.body?.kind === 'json') {
    op['requestBody'] = {
      ...(a.body.description ? { description: a.body.description } : {}),
      required: a.body.required,
      content: {
        [MEDIA.json]: {
          schema: componentRef(a.body.schema),
          ...(a.body.example !== undefined ? { example: a.body.example } : {}),
        },
      },
    };
    op[X.bodyName] = a.body.name;
  } else if (a.body?.kind === 'multipart') {
    op['requestBody'] = { required: a.body.required, content: { [MEDIA.multipart]: multipart(a.body.fields) } };
  }
  op['responses'] = Object.fromEntries(a.responses.map((r) => [r.status, response(r)]));
  op['security'] = a.auth.required ? [{ [SECURITY_SCHEME]: [] }] : [];
  op[X.resource] = a.resource;
  op[X.action] = a.action;
  op[X.scopes] = a.auth.scopes;
  if (a.evolution) {
    if (a.evolution.deprecation) op['deprecated'] = true;
    op[X.evolution] = evolutionJson(a.evolution);
  }
  if (a.backfill) op[X.backfill] = a.backfill as unknown as Json;
  return op;
}

function evolutionJson(e: Evolution): Json {
  return Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as Json;
}

function parameter(p: LosantParam): Record<string, Json> {
  const out: Record<string, Json> = { name: p.name, in: p.in };
  if (p.description) out['description'] = p.description;
  out['required'] = p.required;
  if (p.deprecated) out['deprecated'] = true;
  if (p.accepts) out[X.accepts] = p.accepts;
  if (p.evolution) out[X.evolution] = evolutionJson(p.evolution);
  if (p.encoding === 'json') {
    // Sent as JSON text: the standard spelling is a `content` map on the parameter.
    out['content'] = { [MEDIA.json]: { schema: p.schema, ...(p.example !== undefined ? { example: p.example } : {}) } };
    return out;
  }
  if (p.encoding === 'brackets') {
    out['style'] = 'deepObject';
    out['explode'] = true;
  }
  out['schema'] = p.schema;
  if (p.example !== undefined) out['example'] = p.example;
  return out;
}

function multipart(fields: LosantFormField[]): Record<string, Json> {
  const properties: Record<string, Json> = {};
  const encoding: Record<string, Json> = {};
  for (const f of fields) {
    let schema: SchemaObject = f.schema;
    if (f.description)
      schema =
        typeof schema['$ref'] === 'string'
          ? { description: f.description, allOf: [schema] }
          : { ...schema, description: f.description };
    if (f.example !== undefined) schema = { ...schema, example: f.example };
    if (f.accepts) schema = { ...schema, [X.accepts]: f.accepts };
    setOwn(properties, f.name, schema);
    if (f.kind === 'json') setOwn(encoding, f.name, { contentType: MEDIA.json });
  }
  const required = fields.filter((f) => f.required).map((f) => f.name);
  return {
    schema: { type: 'object', properties, ...(required.length ? { required } : {}) },
    ...(Object.keys(encoding).length ? { encoding } : {}),
  };
}

function response(r: LosantResponse): Record<string, Json> {
  const out: Record<string, Json> = { description: r.description };
  if (r.events) {
    out['content'] = { [MEDIA.sse]: { schema: { type: 'string' } } };
    out[X.sseEvents] = Object.fromEntries(
      Object.entries(r.events).map(([name, e]) => [
        name,
        { ...(e.description ? { description: e.description } : {}), schema: componentRef(e.schema) },
      ]),
    );
  } else if (r.schema) {
    out['content'] = { [MEDIA.json]: { schema: componentRef(r.schema) } };
  }
  return out;
}

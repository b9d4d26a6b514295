import type { ActionModel, FormFieldModel, Json, ParamModel, ResponseModel, SchemaObject } from './model.js';
import type { ApiOverlay } from './overlay.js';

export type OpenApiDocument = { [key: string]: Json };

export interface DocumentInputs {
  overlay: ApiOverlay;
  apiVersion: string;
  /** Provenance written into `info`. */
  provenance: { openapiRevision: string; docsIndexVersion: string };
  /** Upstream `info` and `servers`, kept where they are facts (contact, license, server URL). */
  upstream: { info?: Record<string, Json>; servers?: Json; bearerDescription?: string };
  actions: ActionModel[];
  components: Record<string, SchemaObject>;
  /** Documented example values by schema name (the docs' apiExamples), for request bodies. */
  examples: Record<string, Json>;
}

const METHOD_ORDER = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` });

/** Write the reconciled model out as an OpenAPI 3.0.3 document. Key order is fixed, so output is stable. */
export function buildDocument(input: DocumentInputs): OpenApiDocument {
  const { overlay, actions } = input;
  const info: Record<string, Json> = {
    title: overlay.title,
    version: input.apiVersion,
    description: overlay.description,
  };
  if (input.upstream.info?.['contact']) info['contact'] = input.upstream.info['contact'];
  if (input.upstream.info?.['license']) info['license'] = input.upstream.info['license'];
  info['x-losant-openapi-revision'] = input.provenance.openapiRevision;
  info['x-losant-docs-index-version'] = input.provenance.docsIndexVersion;

  const paths: Record<string, Record<string, Json>> = {};
  for (const path of [...new Set(actions.map((a) => a.path))].sort()) {
    const item: Record<string, Json> = {};
    const here = actions.filter((a) => a.path === path).sort((a, b) => METHOD_ORDER.indexOf(a.method.toLowerCase()) - METHOD_ORDER.indexOf(b.method.toLowerCase()));
    for (const a of here) item[a.method.toLowerCase()] = operation(a, input.examples);
    paths[path] = item;
  }

  return {
    openapi: '3.0.3',
    info,
    servers: input.upstream.servers ?? [{ url: 'https://api.losant.com' }],
    security: [{ BearerAuth: [] }],
    tags: Object.entries(overlay.tags).map(([name, t]) => ({ name, description: t.description })),
    paths,
    components: {
      securitySchemes: {
        BearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: input.upstream.bearerDescription ?? 'A Losant API access token, sent as `Authorization: Bearer <token>`.',
        },
      },
      schemas: input.components,
    },
  };
}

function operation(a: ActionModel, examples: Record<string, Json>): Record<string, Json> {
  const op: Record<string, Json> = {
    operationId: a.operationId,
    summary: a.summary,
  };
  if (a.description) op['description'] = a.description;
  op['tags'] = [a.tag];
  op['externalDocs'] = { description: `Losant docs: ${a.resource}`, url: a.docsUrl };
  if (a.params.length) op['parameters'] = a.params.map(parameter);
  if (a.body?.kind === 'json') {
    op['requestBody'] = {
      ...(a.body.description ? { description: a.body.description } : {}),
      required: a.body.required,
      content: { 'application/json': { schema: ref(a.body.schema), ...(examples[a.body.schema] !== undefined ? { example: examples[a.body.schema]! } : {}) } },
    };
    op['x-codegen-request-body-name'] = a.body.name;
  } else if (a.body?.kind === 'multipart') {
    op['requestBody'] = { required: a.body.required, content: { 'multipart/form-data': multipart(a.body.fields) } };
  }
  op['responses'] = Object.fromEntries(a.responses.map((r) => [r.status, response(r)]));
  op['security'] = a.requiresAuth ? [{ BearerAuth: [] }] : [];
  op['x-losant-resource'] = a.resource;
  op['x-losant-action'] = a.action;
  op['x-losant-scopes'] = a.scopes;
  if (a.sse) op['x-losant-sse'] = true;
  return op;
}

function parameter(p: ParamModel): Record<string, Json> {
  const out: Record<string, Json> = { name: p.name, in: p.in };
  if (p.description) out['description'] = p.description;
  out['required'] = p.required;
  if (p.deprecated) out['deprecated'] = true;
  if (p.encoding === 'json') {
    // Sent as JSON text: the standard spelling is a `content` map on the parameter.
    out['content'] = { 'application/json': { schema: p.schema, ...(p.example !== undefined ? { example: p.example } : {}) } };
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

function multipart(fields: FormFieldModel[]): Record<string, Json> {
  const properties: Record<string, Json> = {};
  const encoding: Record<string, Json> = {};
  for (const f of fields) {
    let schema: SchemaObject = f.schema;
    if (f.description) schema = typeof schema['$ref'] === 'string' ? { description: f.description, allOf: [schema] } : { ...schema, description: f.description };
    if (f.example !== undefined) schema = { ...schema, example: f.example };
    properties[f.name] = schema;
    if (f.kind === 'json') encoding[f.name] = { contentType: 'application/json' };
  }
  const required = fields.filter((f) => f.required).map((f) => f.name);
  return {
    schema: { type: 'object', properties, ...(required.length ? { required } : {}) },
    ...(Object.keys(encoding).length ? { encoding } : {}),
  };
}

function response(r: ResponseModel): Record<string, Json> {
  const out: Record<string, Json> = { description: r.description };
  if (r.events) {
    out['content'] = { 'text/event-stream': { schema: { type: 'string' } } };
    out['x-sse-events'] = Object.fromEntries(
      Object.entries(r.events).map(([name, e]) => [name, { ...(e.description ? { description: e.description } : {}), schema: ref(e.schema) }]),
    );
  } else if (r.schema) {
    out['content'] = { 'application/json': { schema: ref(r.schema) } };
  }
  return out;
}

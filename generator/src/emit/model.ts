import { GeneratorError } from '../errors.js';
import type { OpenApiDocument } from '../reconcile/document.js';
import type { Json } from '../reconcile/model.js';
import { isBindingIdentifier, pascalCase, packageSegment } from './safe.js';

/**
 * What to emit, read from a reconciled OpenAPI document: packages (one per tag),
 * resources, operations and how each parameter travels. How it looks is up to the
 * templates. Names here are raw spec text; the view layer makes them safe.
 */
export type Location = 'path' | 'query' | 'query:json' | 'query:brackets' | 'header' | 'body' | 'form' | 'form:json' | 'form:file';

export interface EmitParam {
  name: string;
  in: Location;
  required: boolean;
  description?: string;
  pattern?: string;
  example?: Json;
}

export interface EmitOperation {
  operationId: string;
  resource: string;
  action: string;
  method: string;
  path: string;
  summary: string;
  description?: string;
  scopes: string[];
  requiresAuth: boolean;
  docsUrl?: string;
  params: EmitParam[];
  /** JSON body: the documented parameter name; multipart: undefined (fields are params). */
  body?: { kind: 'json'; name: string; required: boolean; description?: string; example?: Json } | { kind: 'multipart'; required: boolean };
  /** 2xx statuses with a JSON body, and every documented status with its description. */
  successStatuses: string[];
  errorStatuses: string[];
  responses: Array<{ status: string; description: string }>;
  /** SSE event name → component schema name. */
  sseEvents?: Record<string, string>;
  /** Has `page` and `perPage` query parameters. */
  paginated: boolean;
}

export interface EmitResource {
  name: string;
  className: string;
  operations: EmitOperation[];
}

export interface EmitPackage {
  tag: string;
  description: string;
  /** `dashboards` in `@losant-sdk/dashboards` and `packages/dashboards`. */
  dir: string;
  /** `createDashboardsApi` */
  factory: string;
  resources: EmitResource[];
}

export interface EmitModel {
  title: string;
  apiVersion: string;
  packages: EmitPackage[];
}

const HTTP = ['get', 'put', 'post', 'delete', 'patch'] as const;
type Obj = Record<string, any>;

export function buildEmitModel(doc: OpenApiDocument, file: string): EmitModel {
  const info = doc['info'] as Obj;
  const tags = ((doc['tags'] ?? []) as Obj[]).map((t) => ({ name: String(t['name']), description: String(t['description'] ?? '') }));
  const ops: EmitOperation[] = [];
  for (const [path, item] of Object.entries(doc['paths'] as Record<string, Obj>)) {
    for (const method of HTTP) {
      const op = item[method] as Obj | undefined;
      if (op) ops.push(toOperation(path, method, op, file));
    }
  }
  const packages: EmitPackage[] = [];
  for (const tag of tags) {
    const tagged = ops.filter((o) => (o as EmitOperation & { tag: string }).tag === tag.name);
    if (!tagged.length) continue;
    const resources = new Map<string, EmitOperation[]>();
    for (const o of tagged) resources.set(o.resource, [...(resources.get(o.resource) ?? []), o]);
    const dir = packageSegment(tag.name);
    packages.push({
      tag: tag.name,
      description: tag.description,
      dir,
      factory: `create${pascalCase(tag.name)}Api`,
      resources: [...resources.entries()].map(([name, operations]) => ({ name, className: pascalCase(name), operations })),
    });
  }
  checkNames(packages, file);
  const apiVersion = String(info['version']);
  // It is sent as the Accept-Version header: it must be a plain version string.
  if (!/^[0-9A-Za-z.+-]{1,64}$/.test(apiVersion)) {
    throw new GeneratorError('EMIT_FAILED', `info.version ${JSON.stringify(apiVersion.slice(0, 80))} is not a version string`, { file, pointer: '/info/version', hint: 'use a semver-like version, e.g. 1.29.4' });
  }
  return { title: String(info['title'] ?? 'API'), apiVersion, packages };
}

function toOperation(path: string, method: string, op: Obj, file: string): EmitOperation & { tag: string } {
  const operationId = String(op['operationId'] ?? `${method}${path}`);
  const [resource, action] = [String(op['x-losant-resource'] ?? op['tags']?.[0] ?? 'api'), String(op['x-losant-action'] ?? operationId)];
  const params: EmitParam[] = ((op['parameters'] ?? []) as Obj[]).map((p) => {
    const location: Location = p['in'] === 'query' ? (p['content'] ? 'query:json' : p['style'] === 'deepObject' ? 'query:brackets' : 'query') : (p['in'] as Location);
    const schema = (p['schema'] ?? {}) as Obj;
    return {
      name: String(p['name']),
      in: location,
      required: p['required'] === true,
      ...(p['description'] ? { description: String(p['description']) } : {}),
      ...(typeof schema['pattern'] === 'string' ? { pattern: schema['pattern'] } : {}),
      ...(p['example'] !== undefined ? { example: p['example'] as Json } : p['content']?.['application/json']?.example !== undefined ? { example: p['content']['application/json'].example as Json } : {}),
    };
  });
  const templated = [...path.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!).sort();
  const pathParams = params.filter((p) => p.in === 'path').map((p) => p.name).sort();
  if (JSON.stringify(templated) !== JSON.stringify(pathParams) || /[{}]/.test(path.replace(/\{[^{}]*\}/g, ''))) {
    throw new GeneratorError('EMIT_FAILED', `${operationId}: the path's template variables (${templated.join(', ') || 'none'}) do not match its path parameters (${pathParams.join(', ') || 'none'})`, {
      file,
      pointer: `/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/parameters`,
      hint: 'declare one `in: path` parameter per {variable} in the path',
    });
  }
  let body: EmitOperation['body'];
  const content = op['requestBody']?.['content'] as Obj | undefined;
  if (content?.['application/json']) {
    body = {
      kind: 'json',
      name: String(op['x-codegen-request-body-name'] ?? 'body'),
      required: op['requestBody']['required'] === true,
      ...(op['requestBody']['description'] ? { description: String(op['requestBody']['description']) } : {}),
      ...(content['application/json'].example !== undefined ? { example: content['application/json'].example as Json } : {}),
    };
  } else if (content?.['multipart/form-data']) {
    const form = content['multipart/form-data'];
    const required = new Set((form.schema?.required ?? []) as string[]);
    for (const [name, s] of Object.entries((form.schema?.properties ?? {}) as Record<string, Obj>)) {
      const kind: Location = s['format'] === 'binary' ? 'form:file' : form.encoding?.[name]?.contentType === 'application/json' ? 'form:json' : 'form';
      params.push({ name, in: kind, required: required.has(name), ...(s['description'] ? { description: String(s['description']) } : {}), ...(s['example'] !== undefined ? { example: s['example'] as Json } : {}) });
    }
    body = { kind: 'multipart', required: op['requestBody']['required'] === true };
  } else if (content) {
    throw new GeneratorError('EMIT_FAILED', `${operationId}: request body media types ${Object.keys(content).join(', ')} are not supported`, { file, pointer: `/paths/${path}/${method}/requestBody` });
  }
  const responses = Object.entries((op['responses'] ?? {}) as Record<string, Obj>);
  const ok = responses.filter(([s]) => /^2/.test(s));
  const sse = ok.map(([, r]) => r['x-sse-events'] as Record<string, Obj> | undefined).find(Boolean);
  return {
    tag: String(op['tags']?.[0] ?? 'API'),
    operationId,
    resource,
    action,
    method: method.toUpperCase(),
    path,
    summary: String(op['summary'] ?? operationId),
    ...(op['description'] ? { description: String(op['description']) } : {}),
    scopes: ((op['x-losant-scopes'] ?? []) as unknown[]).map(String),
    requiresAuth: !(Array.isArray(op['security']) && op['security'].length === 0),
    ...(op['externalDocs']?.url ? { docsUrl: String(op['externalDocs'].url) } : {}),
    params,
    ...(body ? { body } : {}),
    successStatuses: ok.filter(([, r]) => r['content']?.['application/json']).map(([s]) => s),
    errorStatuses: responses.filter(([s, r]) => !/^2/.test(s) && r['content']?.['application/json']).map(([s]) => s),
    responses: responses.map(([status, r]) => ({ status, description: String(r['description'] ?? '') })),
    ...(sse ? { sseEvents: Object.fromEntries(Object.entries(sse).map(([name, e]) => [name, String(e['schema']?.['$ref'] ?? '').split('/').pop()!])) } : {}),
    paginated: params.some((p) => p.name === 'page' && p.in === 'query') && params.some((p) => p.name === 'perPage' && p.in === 'query'),
  };
}

/** Generated names must not collide: packages, classes, and the types derived from actions. */
function checkNames(packages: EmitPackage[], file: string): void {
  const fail = (what: string) => {
    throw new GeneratorError('EMIT_FAILED', what, { file, hint: 'rename the tag or resource in the overlay so the generated names differ' });
  };
  const dirs = new Set<string>();
  const classes = new Set<string>();
  for (const p of packages) {
    if (dirs.has(p.dir) || p.dir === 'core' || p.dir === 'sdk') fail(`tag "${p.tag}" maps to the package directory "${p.dir}", which is taken`);
    dirs.add(p.dir);
    const types = new Set<string>();
    for (const r of p.resources) {
      if (classes.has(r.className) || !isBindingIdentifier(r.className)) fail(`resource "${r.name}" maps to the class name "${r.className}", which is taken`);
      classes.add(r.className);
      const actions = new Set(r.operations.map((o) => o.action));
      for (const o of r.operations) {
        if (o.paginated && actions.has(o.action === 'get' ? 'iterate' : `iterate${pascalCase(o.action)}`)) fail(`resource "${r.name}" has an action named like the iterator of ${o.action}`);
        const base = `${r.className}${pascalCase(o.action)}`;
        if (types.has(base)) fail(`actions of "${r.name}" map to the same type name "${base}"`);
        types.add(base);
      }
    }
  }
}

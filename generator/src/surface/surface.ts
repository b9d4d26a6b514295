import { createHash } from 'node:crypto';
import type { EmitModel } from '../emit/model.js';
import type { OpenApiDocument } from '../reconcile/document.js';
import type { Json } from '../reconcile/model.js';
import { ANNOTATION_KEYWORDS } from '../reconcile/schemas/compare.js';
import type { Anchor } from '../reconcile/schemas/factor.js';

/**
 * The API surface, committed as spec/surface/<api>.json: facts only, in our own format.
 * It is what `spec:bump` diffs to decide each package's semver bump, and it carries the
 * anchors that keep generated type names stable from one run to the next.
 */
export interface SurfaceParam {
  name: string;
  in: string;
  required: boolean;
  type: string;
  enum?: Json[];
  pattern?: string;
}

export interface SurfaceOperation {
  method: string;
  path: string;
  params: SurfaceParam[];
  body?: { kind: 'json' | 'multipart'; name: string; required: boolean; schema: string };
  /** status → fingerprint of its JSON body schema (or of its SSE events); null when it has none */
  responses: Record<string, string | null>;
  /** Fingerprint of everything descriptive: summary, description, parameter and response descriptions. */
  docs: string;
}

export interface PackageSurface {
  /** Exported schema name (`Schemas[name]`) → fingerprints of what it accepts and of its descriptions. */
  schemas: Record<string, { shape: string; docs: string }>;
  operations: Record<string, SurfaceOperation>;
}

export interface ApiSurface {
  api: string;
  apiVersion: string;
  sources: { openapi: string; docsIndex: string };
  /** Factored component name → where it is defined, so later runs give it the same name. */
  anchors: Record<string, { owner: string; pointer: string }>;
  packages: Record<string, PackageSurface>;
}

type Obj = Record<string, any>;

export function buildSurface(api: string, doc: OpenApiDocument, model: EmitModel, anchors: Anchor[], sources: ApiSurface['sources']): ApiSurface {
  const schemas = (doc['components'] as Obj)['schemas'] as Record<string, Json>;
  const fp = fingerprinter(schemas);
  const packages: Record<string, PackageSurface> = {};
  const ops = new Map<string, Obj>();
  for (const item of Object.values(doc['paths'] as Record<string, Obj>)) for (const op of Object.values(item)) ops.set(op['operationId'], op);

  for (const pkg of model.packages) {
    const operations: Record<string, SurfaceOperation> = {};
    const reached = new Set<string>();
    for (const r of pkg.resources) {
      for (const o of r.operations) {
        const op = ops.get(o.operationId)!;
        operations[o.operationId] = operationSurface(op, o.method, o.path, fp, reached);
      }
    }
    const exported: PackageSurface['schemas'] = {};
    for (const name of closure(reached, schemas)) exported[name] = { shape: fp.shape({ $ref: `#/components/schemas/${name}` }), docs: fp.docs(schemas[name]!) };
    packages[`@losant-sdk/${pkg.dir}`] = { schemas: exported, operations };
  }
  return {
    api,
    apiVersion: model.apiVersion,
    sources,
    anchors: Object.fromEntries([...anchors].sort((a, b) => (a.name < b.name ? -1 : 1)).map((a) => [a.name, { owner: a.owner, pointer: a.pointer }])),
    packages: Object.fromEntries(Object.keys(packages).sort().map((k) => [k, packages[k]!])),
  };
}

function operationSurface(op: Obj, method: string, path: string, fp: Fingerprinter, reached: Set<string>): SurfaceOperation {
  const note = (schema: Json) => collectRefs(schema, reached);
  const params: SurfaceParam[] = ((op['parameters'] ?? []) as Obj[]).map((p) => {
    const schema = (p['schema'] ?? p['content']?.['application/json']?.schema ?? {}) as Obj;
    note(schema);
    return {
      name: p['name'],
      in: p['content'] ? 'query:json' : p['style'] === 'deepObject' ? 'query:brackets' : p['in'],
      required: p['required'] === true,
      type: schema['$ref'] ? `schema:${fp.shape(schema)}` : String(schema['type'] ?? 'any') + (schema['items'] ? `<${String((schema['items'] as Obj)['type'])}>` : ''),
      ...(schema['enum'] ? { enum: schema['enum'] as Json[] } : {}),
      ...(schema['pattern'] ? { pattern: schema['pattern'] as string } : {}),
    };
  });
  let body: SurfaceOperation['body'];
  const content = op['requestBody']?.content as Obj | undefined;
  if (content?.['application/json']) {
    note(content['application/json'].schema);
    body = { kind: 'json', name: op['x-codegen-request-body-name'], required: op['requestBody'].required === true, schema: fp.shape(content['application/json'].schema) };
  } else if (content?.['multipart/form-data']) {
    note(content['multipart/form-data'].schema);
    body = { kind: 'multipart', name: 'form', required: op['requestBody'].required === true, schema: fp.shape(content['multipart/form-data'].schema) };
  }
  const responses: Record<string, string | null> = {};
  for (const [status, r] of Object.entries((op['responses'] ?? {}) as Record<string, Obj>)) {
    const events = r['x-sse-events'] as Record<string, Obj> | undefined;
    const schema = r['content']?.['application/json']?.schema;
    if (events) for (const e of Object.values(events)) note(e['schema']);
    if (schema) note(schema);
    responses[status] = events ? fp.shape(Object.fromEntries(Object.entries(events).map(([k, e]) => [k, e['schema']]))) : schema ? fp.shape(schema) : null;
  }
  const docs = {
    summary: op['summary'],
    description: op['description'] ?? null,
    params: ((op['parameters'] ?? []) as Obj[]).map((p) => [p['name'], p['description'] ?? null]),
    body: op['requestBody']?.description ?? null,
    responses: Object.entries((op['responses'] ?? {}) as Record<string, Obj>).map(([s, r]) => [s, r['description']]),
    scopes: op['x-losant-scopes'] ?? [],
  };
  return { method, path, params, ...(body ? { body } : {}), responses, docs: hash(JSON.stringify(docs)) };
}

interface Fingerprinter {
  /** What a schema accepts: refs followed, annotations dropped, keys sorted. */
  shape(schema: Json): string;
  /** Its descriptive text only. */
  docs(schema: Json): string;
}

function fingerprinter(components: Record<string, Json>): Fingerprinter {
  const memo = new Map<string, string>();
  const expand = (node: Json, stack: string[]): Json => {
    if (Array.isArray(node)) return node.map((n) => expand(n, stack));
    if (!node || typeof node !== 'object') return node;
    const ref = node['$ref'];
    if (typeof ref === 'string') {
      const name = ref.slice('#/components/schemas/'.length);
      if (stack.includes(name)) return { $cycle: stack.length - stack.indexOf(name) };
      return expand(components[name] ?? null, [...stack, name]);
    }
    const out: Record<string, Json> = {};
    for (const k of Object.keys(node).sort()) {
      if (ANNOTATION_KEYWORDS.has(k) || k.startsWith('x-')) continue;
      out[k] = k === 'properties' ? Object.fromEntries(Object.keys(node[k] as Obj).sort().map((p) => [p, expand((node[k] as Obj)[p], stack)])) : expand(node[k]!, stack);
      if ((k === 'required' || k === 'enum') && Array.isArray(out[k])) out[k] = [...(out[k] as Json[])].map((x) => JSON.stringify(x)).sort() as Json;
    }
    return out;
  };
  return {
    shape(schema) {
      const key = JSON.stringify(schema);
      let v = memo.get(key);
      if (v === undefined) {
        v = hash(JSON.stringify(expand(schema, [])));
        memo.set(key, v);
      }
      return v;
    },
    docs(schema) {
      const texts: string[] = [];
      const walk = (n: Json, at: string): void => {
        if (Array.isArray(n)) n.forEach((x, i) => walk(x, `${at}/${i}`));
        else if (n && typeof n === 'object') {
          for (const [k, v] of Object.entries(n)) {
            if (k === 'title' || k === 'description') texts.push(`${at}/${k}=${JSON.stringify(v)}`);
            else walk(v, `${at}/${k}`);
          }
        }
      };
      walk(schema, '');
      return hash(texts.join('\n'));
    },
  };
}

function collectRefs(node: Json, into: Set<string>): void {
  JSON.stringify(node, (k, v) => {
    if (k === '$ref' && typeof v === 'string') into.add(v.slice('#/components/schemas/'.length));
    return v;
  });
}

/** Every component reachable from the given names. */
function closure(names: Set<string>, components: Record<string, Json>): string[] {
  const out = new Set<string>();
  const queue = [...names];
  while (queue.length) {
    const name = queue.pop()!;
    if (out.has(name) || !components[name]) continue;
    out.add(name);
    const refs = new Set<string>();
    collectRefs(components[name]!, refs);
    queue.push(...refs);
  }
  return [...out].sort();
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Stable text: keys in the order built, two-space indent. */
export function formatSurface(s: ApiSurface): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}

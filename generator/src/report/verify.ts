// Check the finished document against the docs index (with its corrections), fact by fact,
// without using the reconcile model: it reads the index and the output document only.
// Everything it lists is a documented fact the output disagrees with.
//
// Decision (issue 24): the schema check imports reconcile's one doc-schema converter
// (`docSchemaToComponent`) and comparison (`firstDifference`) instead of keeping its own copies.
// What it checks independently is everything reconcile does *after* converting a doc schema:
// completing upstream schemas, replacing them, factoring shared parts into components, naming
// them and applying corrections; a slip in any of those changes what a component accepts, and
// the comparison (which follows refs) catches it. The conversion itself (draft-04 → OpenAPI 3.0,
// keyword by keyword) is proven on its own by test/schemas.test.ts, and against real payloads
// by the replay tests, which validate every recorded response (fixtures/) with ajv against the
// output's schemas. A second converter here would be a copy that drifts (the issue found two,
// with different ref rules), not an independent proof.
import {
  componentRefName,
  definitionName,
  getAt,
  isObject as isSchemaLike,
  refsIn,
  type Json,
  type SchemaObject,
} from '../json/index.js';
import { HTTP_METHODS as HTTP, MEDIA, X } from '../openapi/vocabulary.js';
import type { OpenApiDocument } from '../openapi/write.js';
import type { DocsIndex, DocsParam } from '../reconcile/docs-index.js';
import { firstDifference } from '../reconcile/schemas/compare.js';
import { docSchemaToComponent } from '../reconcile/schemas/doc-schema.js';

export interface CoverageRow {
  operationId: string;
  method: string;
  path: string;
  /** `name (in, required?)` for every documented parameter. */
  params: string[];
  ok: boolean;
}

export interface Verification {
  coverage: CoverageRow[];
  disagreements: string[];
  /** `$ref`s in the output that resolve to nothing. */
  danglingRefs: string[];
  /** Component schemas named after a doc schema, proven to accept the same JSON. */
  schemasProven: number;
}

export function verifyDocument(
  doc: OpenApiDocument,
  index: DocsIndex,
  overlay: { resources: Record<string, string> },
  docSchemas: Record<string, Json>,
  /** Doc schemas already converted, by name (the APIs of a run share them and their conversions). */
  converted: Map<string, SchemaObject> = new Map(),
): Verification {
  const disagreements: string[] = [];
  const coverage: CoverageRow[] = [];
  const paths = doc['paths'] as Record<string, Record<string, Record<string, Json>>>;
  const components = ((doc['components'] as SchemaObject)['schemas'] ?? {}) as Record<string, SchemaObject>;

  const seen = new Map<string, number>();
  for (const [path, item] of Object.entries(paths)) {
    for (const m of HTTP)
      if (item[m]) seen.set(`${m.toUpperCase()} ${path}`, (seen.get(`${m.toUpperCase()} ${path}`) ?? 0) + 1);
  }
  const documentedKeys = new Set<string>();
  for (const [resource, tag] of Object.entries(overlay.resources)) {
    const r = index[resource];
    if (!r) continue;
    for (const [action, a] of Object.entries(r.actions)) {
      const method = a.method.toUpperCase();
      const path = r.path + (a.path ?? '');
      const id = `${resource}.${action}`;
      documentedKeys.add(`${method} ${path}`);
      const problems: string[] = [];
      const op = paths[path]?.[a.method.toLowerCase()];
      const params = [...(r.params ?? []), ...(a.params ?? [])];
      if (!op) problems.push(`${id}: no operation at ${method} ${path}`);
      else {
        if (op['operationId'] !== id) problems.push(`${id}: operationId is ${String(op['operationId'])}`);
        if (JSON.stringify(op['tags']) !== JSON.stringify([tag]))
          problems.push(`${id}: tags ${JSON.stringify(op['tags'])}, expected ["${tag}"]`);
        problems.push(...checkParams(id, op, params));
        problems.push(...checkResponses(id, op, a.responses));
        const security = op['security'];
        const noAuth = Array.isArray(security) && security.length === 0;
        if (noAuth !== (a.auth === undefined))
          problems.push(
            `${id}: security says auth ${noAuth ? 'not ' : ''}required, docs say ${a.auth === undefined ? 'not ' : ''}required`,
          );
        const scopes = new Set([...(a.auth ? (r.auth ?? []) : []), ...(a.auth ?? [])]);
        const declared = new Set((op[X.scopes] as string[] | undefined) ?? []);
        if ([...scopes].some((s) => !declared.has(s)) || declared.size !== scopes.size)
          problems.push(`${id}: scopes ${[...declared].join(',')} ≠ documented ${[...scopes].join(',')}`);
      }
      if ((seen.get(`${method} ${path}`) ?? 0) !== 1)
        problems.push(`${id}: ${method} ${path} appears ${seen.get(`${method} ${path}`) ?? 0} times`);
      disagreements.push(...problems);
      coverage.push({
        operationId: id,
        method,
        path,
        params: params.map((p) => `${p.name} (${p.in}${p.in === 'path' || p.required ? ', required' : ''})`),
        ok: problems.length === 0,
      });
    }
  }
  for (const key of seen.keys()) if (!documentedKeys.has(key)) disagreements.push(`${key}: not a documented action`);

  const danglingRefs = [
    ...new Set(
      refsIn(doc as Json)
        .map((r) => r.ref)
        .filter((r) => !r.startsWith('#/') || getAt(doc as Json, r) === undefined),
    ),
  ].sort();

  // Every component named after a doc schema must accept exactly what the doc schema accepts.
  const resolve = (name: string): Json | undefined => components[name];
  let schemasProven = 0;
  for (const [name, component] of Object.entries(components)) {
    const docSchema = docSchemas[name];
    if (docSchema === undefined) continue;
    let expected = converted.get(name);
    if (!expected) converted.set(name, (expected = docSchemaToComponent(docSchema)));
    const at = firstDifference(component, expected, resolve);
    if (at === undefined) schemasProven++;
    else disagreements.push(`schema ${name}: differs from the doc schema at ${at || '/'}`);
  }
  return { coverage, disagreements, danglingRefs, schemasProven };
}

function checkParams(id: string, op: Record<string, Json>, documented: DocsParam[]): string[] {
  const out: string[] = [];
  const params = ((op['parameters'] ?? []) as SchemaObject[]).filter(isSchemaLike);
  const body = op['requestBody'] as SchemaObject | undefined;
  const bodyContent = (body?.['content'] ?? {}) as Record<string, SchemaObject>;
  const form = bodyContent[MEDIA.multipart]?.['schema'] as SchemaObject | undefined;
  const formProps = (form?.['properties'] ?? {}) as Record<string, SchemaObject>;
  const formRequired = new Set((form?.['required'] as string[] | undefined) ?? []);
  for (const d of documented) {
    const label = `${id} ${d.in} "${d.name}"`;
    if (d.in === 'body') {
      const ref = (bodyContent[MEDIA.json]?.['schema'] as SchemaObject | undefined)?.['$ref'];
      if (op[X.bodyName] !== d.name) out.push(`${label}: body name is ${String(op[X.bodyName])}`);
      if (d.schema && componentRefName(ref) !== definitionName(d.schema.$ref))
        out.push(`${label}: body schema ${String(ref)} ≠ ${d.schema.$ref}`);
      if ((body?.['required'] === true) !== (d.required === true))
        out.push(`${label}: required ${String(body?.['required'])}`);
      continue;
    }
    if (d.in === 'multipart') {
      const f = formProps[d.name];
      if (!f) out.push(`${label}: missing from the multipart body`);
      else if (formRequired.has(d.name) !== (d.required === true)) out.push(`${label}: required mismatch`);
      else if (d.type === 'file' && f['format'] !== 'binary') out.push(`${label}: file field is not binary`);
      continue;
    }
    const p = params.find((x) => x['name'] === d.name && x['in'] === d.in);
    if (!p) {
      out.push(`${label}: missing`);
      continue;
    }
    if ((p['required'] === true) !== (d.in === 'path' || d.required === true))
      out.push(`${label}: required ${String(p['required'])}`);
    const schema = (p['schema'] ??
      (p['content'] as Record<string, SchemaObject> | undefined)?.[MEDIA.json]?.['schema']) as SchemaObject | undefined;
    if (!schema) {
      out.push(`${label}: no schema`);
      continue;
    }
    if (d.schema) {
      if (componentRefName(schema['$ref']) !== definitionName(d.schema.$ref))
        out.push(`${label}: schema ${String(schema['$ref'])} ≠ ${d.schema.$ref}`);
      const json = p['content'] !== undefined;
      if (json !== (d.type === 'object'))
        out.push(`${label}: ${json ? 'JSON-encoded' : 'not JSON-encoded'} but documented type is ${String(d.type)}`);
      continue;
    }
    const type =
      d.type === 'number' || d.type === 'integer' || d.type === 'boolean' || d.type === 'array' || d.type === 'object'
        ? d.type
        : 'string';
    if (schema['type'] !== type) out.push(`${label}: type ${String(schema['type'])} ≠ ${type}`);
    if (d.pattern !== undefined && schema['pattern'] !== d.pattern)
      out.push(`${label}: pattern ${String(schema['pattern'])} ≠ ${d.pattern}`);
    if (
      d.enum &&
      JSON.stringify((schema['enum'] as Json[] | undefined)?.map(String)) !== JSON.stringify(d.enum.map(String))
    )
      out.push(`${label}: enum differs`);
    if (d.default !== undefined && String(schema['default']) !== String(d.default))
      out.push(`${label}: default ${String(schema['default'])} ≠ ${String(d.default)}`);
    if (d.description && p['description'] !== d.description) out.push(`${label}: description differs`);
  }
  const names = new Set(documented.map((d) => `${d.in === 'multipart' || d.in === 'body' ? 'body' : d.in} ${d.name}`));
  for (const p of params)
    if (!names.has(`${String(p['in'])} ${String(p['name'])}`))
      out.push(`${id}: undocumented parameter ${String(p['in'])} "${String(p['name'])}"`);
  for (const name of Object.keys(formProps))
    if (!names.has(`body ${name}`)) out.push(`${id}: undocumented multipart field "${name}"`);
  if (body && !documented.some((d) => d.in === 'body' || d.in === 'multipart'))
    out.push(`${id}: has a request body the docs do not document`);
  return out;
}

function checkResponses(
  id: string,
  op: Record<string, Json>,
  documented: Record<
    string,
    { description: string; schema?: { $ref: string }; sseEvents?: Record<string, { schema: { $ref: string } }> }
  >,
): string[] {
  const out: string[] = [];
  const responses = (op['responses'] ?? {}) as Record<string, SchemaObject>;
  for (const [status, d] of Object.entries(documented)) {
    const r = responses[status];
    if (!r) {
      out.push(`${id}: documented response ${status} is missing`);
      continue;
    }
    if (r['description'] !== d.description) out.push(`${id} ${status}: description differs`);
    const content = (r['content'] ?? {}) as Record<string, SchemaObject>;
    if (d.sseEvents) {
      if (!content[MEDIA.sse]) out.push(`${id} ${status}: SSE response is not text/event-stream`);
      const events = (r[X.sseEvents] ?? {}) as Record<string, SchemaObject>;
      for (const [name, e] of Object.entries(d.sseEvents)) {
        const ref = (events[name]?.['schema'] as SchemaObject | undefined)?.['$ref'];
        if (componentRefName(ref) !== definitionName(e.schema.$ref))
          out.push(`${id} ${status}: SSE event ${name} schema ${String(ref)} ≠ ${e.schema.$ref}`);
      }
    } else if (d.schema) {
      const ref = (content[MEDIA.json]?.['schema'] as SchemaObject | undefined)?.['$ref'];
      if (componentRefName(ref) !== definitionName(d.schema.$ref))
        out.push(`${id} ${status}: schema ${String(ref)} ≠ ${d.schema.$ref}`);
    }
  }
  for (const status of Object.keys(responses))
    if (!(status in documented)) out.push(`${id}: undocumented response ${status}`);
  return out;
}

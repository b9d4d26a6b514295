import { GeneratorError } from '../errors.js';
import type { OpenApiDocument } from '../reconcile/document.js';
import type { Json } from '../reconcile/model.js';
import { emitWorkers } from './workers.js';

const HTTP = ['get', 'put', 'post', 'delete', 'patch'];

/**
 * The document cut down to one tag: its operations and only the component schemas they
 * reach. Each package gets its own path map, so a consumer type-checks only the
 * operations and schemas of the tags it imports.
 */
export function subsetForTag(doc: OpenApiDocument, tag: string): OpenApiDocument {
  const paths: Record<string, Record<string, Json>> = {};
  for (const [path, item] of Object.entries(doc['paths'] as Record<string, Record<string, Json>>)) {
    const kept: Record<string, Json> = {};
    for (const m of HTTP) {
      const op = item[m] as { tags?: string[] } | undefined;
      if (op?.tags?.[0] === tag) kept[m] = op as Json;
    }
    if (Object.keys(kept).length) paths[path] = kept;
  }
  const components = doc['components'] as { schemas: Record<string, Json>; securitySchemes?: Json };
  const reached = new Set<string>();
  const queue: Json[] = [paths as Json];
  while (queue.length) {
    const node = queue.pop();
    if (Array.isArray(node)) queue.push(...node);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
          const name = v.slice('#/components/schemas/'.length);
          if (!reached.has(name)) {
            reached.add(name);
            queue.push(components.schemas[name]!);
          }
        } else queue.push(v);
      }
    }
  }
  const schemas = Object.fromEntries(Object.keys(components.schemas).filter((n) => reached.has(n)).map((n) => [n, components.schemas[n]!]));
  return {
    ...doc,
    tags: ((doc['tags'] ?? []) as Array<{ name: string }>).filter((t) => t.name === tag) as Json,
    paths: paths as Json,
    components: { ...(components.securitySchemes ? { securitySchemes: components.securitySchemes } : {}), schemas },
  };
}

/** The typed path map (`paths`, `components`, `operations`) of a document, via openapi-typescript. */
export async function pathMapTypes(doc: OpenApiDocument, label: string): Promise<string> {
  try {
    const printed = await emitWorkers().pathMap(forTyping(doc));
    // Raw line/paragraph separators are legal in comments and strings, but some tools
    // still treat them as line ends; the escape means the same in both places.
    return printed.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  } catch (cause) {
    throw new GeneratorError('EMIT_FAILED', `openapi-typescript rejected the ${label} spec: ${(cause as Error).message}`, { file: label, cause });
  }
}

/** Keywords that constrain without saying what shape a value has. */
const CONSTRAINT_ONLY = new Set(['required', 'not', 'minProperties', 'maxProperties', 'description', 'title']);

/**
 * The document as openapi-typescript should read it for types (the published spec is
 * unchanged): a JSON-encoded query parameter is typed by its content schema (openapi-
 * typescript types `content` parameters as `string`), and composition alternatives that
 * only constrain (`oneOf: [{required: [a]}, {required: [b]}]`) are dropped, since they
 * would render as `unknown` and swallow the object type; the types then accept a superset.
 */
export function forTyping(doc: OpenApiDocument): OpenApiDocument {
  const copy = structuredClone(doc) as Record<string, any>;
  for (const item of Object.values(copy['paths'] as Record<string, Record<string, any>>)) {
    for (const op of Object.values(item)) {
      for (const p of (op?.parameters ?? []) as Array<Record<string, any>>) {
        const schema = p['content']?.['application/json']?.schema;
        if (schema) {
          p['schema'] = schema;
          delete p['content'];
        }
      }
    }
  }
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const node = n as Record<string, unknown>;
    for (const key of ['oneOf', 'anyOf']) {
      const alts = node[key];
      if (!Array.isArray(alts)) continue;
      const kept = alts.filter((a) => !(a && typeof a === 'object' && !Array.isArray(a) && Object.keys(a).every((k) => CONSTRAINT_ONLY.has(k))));
      if (kept.length === 0) delete node[key];
      else node[key] = kept;
    }
    Object.values(node).forEach(walk);
  };
  walk(copy['components']);
  walk(copy['paths']);
  return copy as OpenApiDocument;
}

import openapiTS, { astToString } from 'openapi-typescript';
import { GeneratorError } from '../errors.js';
import type { OpenApiDocument } from '../reconcile/document.js';
import type { Json } from '../reconcile/model.js';

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
    const ast = await openapiTS(doc as never, { silent: true });
    return astToString(ast);
  } catch (cause) {
    throw new GeneratorError('EMIT_FAILED', `openapi-typescript rejected the ${label} spec: ${(cause as Error).message}`, { file: label, cause });
  }
}

// The upstream OpenAPI documents as reconcile reads them: parsed and checked to refer to nothing
// outside the pinned inputs, their component schemas pooled across APIs, their dangling refs counted.
import { GeneratorError } from '../errors.js';
import type { LockedInput, SourcesLock } from '../inputs/lock.js';
import type { UpstreamSource } from '../inputs/source.js';
import { canonicalJson, getAt, isObject, refsIn, setOwn, type Json } from '../json/index.js';
import type { LoadedOverlay } from './overlay.js';
import type { UpstreamSchema } from './schemas/build.js';

/** One upstream OpenAPI document, parsed. */
export interface UpstreamDocument {
  api: string;
  input: LockedInput;
  file: string;
  doc: Record<string, unknown>;
}

export async function readUpstream(
  overlay: LoadedOverlay,
  o: { lock: SourcesLock; source: UpstreamSource },
): Promise<UpstreamDocument> {
  const input = o.lock.openapi.documents[overlay.api];
  if (!input) {
    throw new GeneratorError('INVALID_OVERLAY', `API "${overlay.api}" has no OpenAPI document in the sources lock`, {
      file: overlay.file,
      pointer: '/api',
      hint: `use one of: ${Object.keys(o.lock.openapi.documents).join(', ')}, or add its document to spec/origins.json and run \`pnpm spec:bump\``,
    });
  }
  const file = o.source.describe(input);
  const doc = await o.source.readParsed(input);
  if (!isObject(doc) || !isObject(doc['paths'])) {
    throw new GeneratorError('PARSE_ERROR', 'not an OpenAPI document: no `paths` object', {
      file,
      pointer: '/paths',
      hint: 'check the lock points at the right file',
    });
  }
  return { api: overlay.api, input, file, doc };
}

/**
 * Every `$ref` of an upstream document must point inside it: the generator reads nothing but the
 * pinned inputs. A ref elsewhere (a file, a URL) inside a component schema the doc schemas also
 * define is repaired from the doc schema (and recorded, as dangling refs are); anywhere else it
 * is an error. Nothing ever follows it.
 */
export function assertPinnedRefs(u: UpstreamDocument, docs: Record<string, Json>): void {
  for (const r of refsIn(u.doc as Json)) {
    if (r.ref.startsWith('#')) continue;
    const component = /^\/components\/schemas\/([^/]+)(\/|$)/
      .exec(r.pointer)?.[1]
      ?.replace(/~1/g, '/')
      .replace(/~0/g, '~');
    if (component !== undefined && Object.hasOwn(docs, component)) continue;
    throw new GeneratorError(
      'UNPINNED_REF',
      `$ref ${JSON.stringify(r.ref.slice(0, 200))} points outside the pinned inputs`,
      {
        file: u.file,
        pointer: r.pointer,
        hint: 'the generator reads only the files pinned in spec/sources.lock.json and never follows a ref to another file or a URL: report the document upstream, or pin a revision without it',
      },
    );
  }
}

/** A copy of a document whose refs to anything outside it point nowhere instead (so no tool follows them). */
export function withoutExternalRefs<T extends Json>(doc: T): T {
  const walk = (n: Json): Json => {
    if (Array.isArray(n)) return n.map(walk);
    if (!isObject(n)) return n;
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(n))
      setOwn(out, k, k === '$ref' && typeof v === 'string' && !v.startsWith('#') ? '#/x-losant-unpinned-ref' : walk(v));
    return out;
  };
  return walk(doc) as T;
}

/**
 * Upstream component schemas by name, from every document (in API order). Documents that share a
 * schema define it identically today; if two ever differ, the first is used and it is reported.
 */
export function poolUpstreamSchemas(upstreams: UpstreamDocument[]): {
  schemas: Record<string, UpstreamSchema>;
  conflicts: string[];
} {
  const schemas: Record<string, UpstreamSchema> = {};
  const conflicts: string[] = [];
  for (const u of [...upstreams].sort((a, b) => (a.api < b.api ? -1 : 1))) {
    const components = (
      isObject(u.doc['components']) && isObject(u.doc['components']['schemas']) ? u.doc['components']['schemas'] : {}
    ) as Record<string, Json>;
    for (const [name, node] of Object.entries(components)) {
      const first = schemas[name];
      if (!first) schemas[name] = { node, file: u.file, components };
      else if (canonicalJson(first.node) !== canonicalJson(node))
        conflicts.push(`${name}: ${u.file} defines it differently from ${first.file}, whose definition is used`);
    }
  }
  return { schemas, conflicts };
}

/** Distinct `$ref`s in an upstream document that resolve to nothing → the component schemas containing them. */
export function danglingRefsOf(doc: Record<string, unknown>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const root = doc as Json;
  const resolves = (ref: string): boolean => ref.startsWith('#/') && getAt(root, ref) !== undefined;
  const schemas = (
    isObject(doc['components']) && isObject(doc['components']['schemas']) ? doc['components']['schemas'] : {}
  ) as Record<string, Json>;
  for (const [name, schema] of Object.entries(schemas)) {
    for (const r of refsIn(schema)) if (!resolves(r.ref)) out.set(r.ref, (out.get(r.ref) ?? new Set()).add(name));
  }
  for (const r of refsIn(doc['paths'] as Json))
    if (!resolves(r.ref)) out.set(r.ref, (out.get(r.ref) ?? new Set()).add('(paths)'));
  return out;
}

import { join } from 'node:path';
import { GeneratorError, pointer } from '../errors.js';
import type { SourcesLock } from '../inputs/lock.js';
import type { UpstreamSource } from '../inputs/source.js';
import { assertValid } from '../inputs/validate.js';
import { buildActions, type ActionNote } from './actions.js';
import { buildDocument, type OpenApiDocument } from './document.js';
import { docsIndexSchema, type DocsIndex } from './docs-index.js';
import type { ActionModel, Json, SchemaObject } from './model.js';
import { checkOverlay, loadOverlay, type ApiOverlay } from './overlay.js';
import { buildSchemas, type BuiltSchemas } from './schemas/build.js';
import { refsIn } from './schemas/complete.js';
import { tidyCompositions } from './schemas/compositions.js';
import { convertSchema } from './schemas/convert.js';
import { expandRefs, factorSchemas, type Anchor, type FactorResult } from './schemas/factor.js';
import { compareWithUpstream, type UpstreamComparison } from './upstream.js';
import { timed } from '../timings.js';

export interface ReconcileOptions {
  specDir: string;
  api: string;
  lock: SourcesLock;
  source: UpstreamSource;
  /** Skip factoring shared sub-schemas (used to measure what factoring saves). */
  noFactoring?: boolean;
  /** Names earlier runs gave to factored sub-schemas (from the API-surface snapshot). */
  anchors?: Anchor[];
}

export interface ReconcileResult {
  overlay: ApiOverlay;
  overlayFile: string;
  upstreamFile: string;
  upstream: Record<string, unknown>;
  actions: ActionModel[];
  /** Where docs-index values were normalized (examples written as wire strings, contradictory examples dropped). */
  actionNotes: ActionNote[];
  comparison: UpstreamComparison;
  schemas: BuiltSchemas;
  factoring: FactorResult | undefined;
  /** Upstream `$ref`s that resolve to nothing, with the component schemas they sit in. */
  danglingRefs: Map<string, Set<string>>;
  document: OpenApiDocument;
}

export async function reconcile(o: ReconcileOptions): Promise<ReconcileResult> {
  const overlayFile = join(o.specDir, 'apis', `${o.api}.yaml`);
  const overlay = await loadOverlay(overlayFile);
  const upstreamInput = o.lock.openapi.documents[overlay.api];
  if (!upstreamInput) {
    throw new GeneratorError('INVALID_OVERLAY', `API "${overlay.api}" has no OpenAPI document in the sources lock`, {
      file: overlayFile,
      pointer: '/api',
      hint: `use one of: ${Object.keys(o.lock.openapi.documents).join(', ')}`,
    });
  }
  const upstreamFile = o.source.describe(upstreamInput);
  const upstream = await o.source.readParsed(upstreamInput);
  if (!isObject(upstream) || !isObject(upstream['paths'])) {
    throw new GeneratorError('PARSE_ERROR', 'not an OpenAPI document: no `paths` object', { file: upstreamFile, pointer: '/paths', hint: 'check the lock points at the right file' });
  }
  const indexFile = o.source.describe(o.lock.docsIndex);
  const index = await o.source.readParsed(o.lock.docsIndex);
  assertValid<DocsIndex>(docsIndexSchema, index, indexFile, 'UNSUPPORTED_INPUT', 'the docs index does not have the shape the generator knows; check the lock points at api-info.json');

  checkOverlay(overlay, overlayFile, index, new Set(Object.keys(upstream['paths'])));
  const { actions, notes: actionNotes } = buildActions({ index, indexFile, overlay });
  const comparison = compareWithUpstream(upstream, actions);

  const docs = await timed('reconcile: load doc schemas', () => loadDocSchemas(o));
  const upstreamSchemas = (isObject(upstream['components']) && isObject(upstream['components']['schemas']) ? upstream['components']['schemas'] : {}) as Record<string, Json>;
  const schemas = await timed('reconcile: build schemas', () => buildSchemas({
    upstream: upstreamSchemas,
    upstreamFile,
    docs,
    docsDir: join(o.source.mirrorDir ?? '', `schemas/${o.lock.schemas.apiVersion}`),
    roots: schemaRoots(actions, indexFile),
  }));

  let components = schemas.components;
  let factoring: FactorResult | undefined;
  if (!o.noFactoring) {
    // Factor from the operations' own schemas, fully expanded; every other doc schema is a candidate name.
    const roots = new Set(schemaRoots(actions, indexFile).keys());
    const expanded = expandRefs(components);
    const toOasDoc = (n: Json) => tidyCompositions(convertSchema(n, { note: () => {}, ref: (r) => r.replace('#/definitions/', '#/components/schemas/') }), () => {}) as SchemaObject;
    const candidates: Record<string, SchemaObject> = {};
    for (const name of Object.keys(docs).sort()) {
      if (roots.has(name) || name === 'apiExamples') continue;
      const candidate = expanded[name] ?? toOasDoc(docs[name]!);
      // Only self-contained candidates: a ref to a schema that is not built would dangle.
      if (refsIn(candidate).every((r) => r.ref === `#/components/schemas/${name}` || Object.hasOwn(expanded, r.ref.split('/').pop()!))) candidates[name] = candidate;
    }
    const base = Object.fromEntries([...roots].sort().map((n) => [n, expanded[n]!]));
    const commons = new Map<string, SchemaObject[]>();
    for (const [name, nodes] of schemas.commons) {
      const toOas = (n: Json) => tidyCompositions(convertSchema(n, { note: () => {}, ref: (r) => r.replace('#/definitions/', '#/components/schemas/') }), () => {}) as SchemaObject;
      commons.set(name, nodes.map(toOas));
    }
    // Names settle at a fixpoint: anchors from one pass, fed to the next, until they stop changing.
    let anchors = o.anchors ?? [];
    for (let pass = 0; pass < 4; pass++) {
      factoring = await timed('reconcile: factor', () => factorSchemas(base, commons, anchors, candidates));
      const next = factoring.created.map((c) => c.anchor);
      if (sameAnchors(next, anchors)) break;
      anchors = next;
    }
    components = factoring!.components;
  }

  const info = isObject(upstream['info']) ? (upstream['info'] as Record<string, Json>) : undefined;
  const bearer = (upstream as { components?: { securitySchemes?: { BearerAuth?: { description?: string } } } }).components?.securitySchemes?.BearerAuth?.description;
  const document = buildDocument({
    overlay,
    apiVersion: o.lock.docsIndex.apiVersion,
    provenance: { openapiRevision: o.lock.openapi.revision, docsIndexVersion: o.lock.docsIndex.apiVersion },
    upstream: { ...(info ? { info } : {}), ...(upstream['servers'] ? { servers: upstream['servers'] as Json } : {}), ...(bearer ? { bearerDescription: bearer } : {}) },
    actions,
    components,
    examples: isObject(docs['apiExamples']) ? (docs['apiExamples'] as Record<string, Json>) : {},
  });
  return { overlay, overlayFile, upstreamFile, upstream, actions, actionNotes, comparison, schemas, factoring, danglingRefs: danglingRefsOf(upstream), document };
}

async function loadDocSchemas(o: ReconcileOptions): Promise<Record<string, Json>> {
  const entries = Object.entries(o.lock.schemas.files).sort(([a], [b]) => a.localeCompare(b));
  const loaded = await Promise.all(entries.map(async ([name, input]) => [name, (await o.source.readParsed(input)) as Json] as const));
  return Object.fromEntries(loaded);
}

/** Schema names the operations refer to, each with the docs-index pointer of its first referrer. */
function schemaRoots(actions: ActionModel[], indexFile: string): Map<string, string> {
  const roots = new Map<string, string>();
  const add = (name: string, at: string) => {
    if (!roots.has(name)) roots.set(name, `${indexFile}#${at}`);
  };
  for (const a of actions) {
    for (const p of a.params) for (const r of refsIn(p.schema)) add(r.ref.split('/').pop()!, a.source + '/params');
    if (a.body?.kind === 'json') add(a.body.schema, a.source + '/params');
    if (a.body?.kind === 'multipart') for (const f of a.body.fields) for (const r of refsIn(f.schema)) add(r.ref.split('/').pop()!, a.source + '/params');
    for (const r of a.responses) {
      if (r.schema) add(r.schema, `${a.source}${pointer('responses', r.status)}`);
      for (const e of Object.values(r.events ?? {})) add(e.schema, `${a.source}${pointer('responses', r.status)}`);
    }
  }
  return roots;
}

/** Distinct `$ref`s in the upstream document that resolve to nothing → the component schemas containing them. */
function danglingRefsOf(doc: Record<string, unknown>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const resolves = (ref: string): boolean => {
    if (!ref.startsWith('#/')) return false;
    let node: unknown = doc;
    for (const raw of ref.slice(2).split('/')) {
      const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (isObject(node) && Object.hasOwn(node, seg)) node = node[seg];
      else if (Array.isArray(node) && /^\d+$/.test(seg) && Number(seg) < node.length) node = node[Number(seg)];
      else return false;
    }
    return true;
  };
  const schemas = (isObject(doc['components']) && isObject(doc['components']['schemas']) ? doc['components']['schemas'] : {}) as Record<string, Json>;
  for (const [name, schema] of Object.entries(schemas)) {
    for (const r of refsIn(schema)) {
      if (!resolves(r.ref)) out.set(r.ref, (out.get(r.ref) ?? new Set()).add(name));
    }
  }
  for (const r of refsIn(doc['paths'] as Json)) {
    if (!resolves(r.ref)) out.set(r.ref, (out.get(r.ref) ?? new Set()).add('(paths)'));
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sameAnchors(a: Anchor[], b: Anchor[]): boolean {
  const key = (xs: Anchor[]) => JSON.stringify([...xs].sort((x, y) => (x.name < y.name ? -1 : 1)));
  return key(a) === key(b);
}

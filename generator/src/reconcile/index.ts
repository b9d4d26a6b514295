// Reconcile: every documented action of the docs index becomes exactly one operation, in the
// document of the API whose overlay maps its resource. All APIs are reconciled together:
// schemas are built and factored once, from every upstream document and doc schema, so a
// generated type's name never depends on which resources share a document.
import { join } from 'node:path';
import { GeneratorError } from '../errors.js';
import type { LockedInput, SourcesLock } from '../inputs/lock.js';
import type { UpstreamSource } from '../inputs/source.js';
import { assertValid } from '../inputs/validate.js';
import {
  canonicalJson,
  componentRefName,
  getAt,
  isObject,
  reachable,
  refsIn,
  setOwn,
  type Json,
  type SchemaObject,
} from '../json/index.js';
import { planNames, type NamePlan } from '../naming.js';
import { isPaginated, operationRefs } from '../openapi/model.js';
import { writeDocument, type OpenApiDocument } from '../openapi/write.js';
import { Timings } from '../context.js';
import { buildActions, type ActionNote } from './actions.js';
import { applyCorrections, loadCorrections, type CorrectionRecord } from './corrections.js';
import { docsIndexSchema, type DocsIndex } from './docs-index.js';
import type { ActionModel } from './model.js';
import { checkOverlays, loadOverlays, type LoadedOverlay } from './overlay.js';
import { applyTokenScopes, loadTokenScopes, tokenScopesFile } from './token-scopes.js';
import { buildSchemas, type BuiltSchemas, type UpstreamSchema } from './schemas/build.js';
import { tidyCompositions } from './schemas/compositions.js';
import { convertSchema } from './schemas/convert.js';
import { expandRefs, factorSchemas, type Anchor, type FactorResult } from './schemas/factor.js';
import { compareWithUpstream, type UpstreamComparison } from './upstream.js';

export interface ReconcileOptions {
  specDir: string;
  lock: SourcesLock;
  source: UpstreamSource;
  /** Build only these APIs (every overlay is still loaded and checked). */
  apis?: string[];
  /** Names earlier runs gave to factored sub-schemas (from the API-surface snapshot). */
  anchors?: Anchor[];
  /** Drop overlay entries for resources the docs index does not have (and tags left empty), instead of failing. */
  lenient?: boolean;
  /** Where the run records the time of each stage (default: nowhere). */
  timings?: Timings;
}

/** One upstream OpenAPI document, parsed. */
export interface UpstreamDocument {
  api: string;
  input: LockedInput;
  file: string;
  doc: Record<string, unknown>;
}

export interface ApiReconciled {
  api: string;
  overlay: LoadedOverlay;
  upstream: UpstreamDocument;
  actions: ActionModel[];
  comparison: UpstreamComparison;
  /** Upstream `$ref`s that resolve to nothing, with the component schemas they sit in. */
  danglingRefs: Map<string, Set<string>>;
  /** Mapped resources no upstream document describes: built from the docs index and doc schemas alone. */
  undescribed: string[];
  document: OpenApiDocument;
}

export interface ReconcileResult {
  apis: ApiReconciled[];
  overlays: LoadedOverlay[];
  names: NamePlan;
  /** The docs index with the corrections applied. */
  index: DocsIndex;
  indexFile: string;
  /** Doc schemas (corrections applied) by name. */
  docSchemas: Record<string, Json>;
  corrections: CorrectionRecord[];
  /** Where docs-index values were normalized (examples written as wire strings, contradictory examples dropped). */
  actionNotes: ActionNote[];
  schemas: BuiltSchemas;
  factoring: FactorResult;
  /** Schemas two upstream documents define differently (the first, in API order, is used). */
  upstreamConflicts: string[];
}

export const CORRECTIONS_FILE = 'corrections.yaml';

export async function reconcile(o: ReconcileOptions): Promise<ReconcileResult> {
  const timings = o.timings ?? new Timings();
  const timed = timings.timed.bind(timings);
  const indexFile = o.source.describe(o.lock.docsIndex);
  const rawIndex = await o.source.readParsed(o.lock.docsIndex);
  assertValid<DocsIndex>(
    docsIndexSchema,
    rawIndex,
    indexFile,
    'UNSUPPORTED_INPUT',
    'the docs index does not have the shape the generator knows; check the lock points at api-info.json',
  );
  const loaded = await loadOverlays(o.specDir);
  const overlays = o.lenient ? loaded.map((ov) => withoutUnknown(ov, rawIndex)) : loaded;
  const selected = selectApis(overlays, o.apis, o.specDir);
  if (!Object.keys(rawIndex).length)
    throw new GeneratorError('UNSUPPORTED_INPUT', 'the docs index documents no resources', {
      file: indexFile,
      pointer: '',
      hint: 'check the lock points at the real api-info.json',
    });
  const correctionsFile = join(o.specDir, CORRECTIONS_FILE);
  const corrections = await loadCorrections(correctionsFile);
  const corrected = applyCorrections('docs-index', rawIndex as unknown as Json, corrections, correctionsFile);
  const scopesFile = tokenScopesFile(o.specDir, o.lock.docsIndex.apiVersion);
  const scoped = applyTokenScopes(
    corrected.value as unknown as DocsIndex,
    await loadTokenScopes(scopesFile, o.lock.docsIndex.apiVersion),
    o.lock.docsIndex.apiVersion,
  );
  const index = scoped.index;
  const indexCorrections = [...corrected.records, scoped.record];

  const upstreams = await Promise.all(overlays.map((ov) => readUpstream(ov, o)));
  checkOverlays(
    overlays,
    index,
    indexFile,
    new Map(upstreams.map((u) => [u.api, new Set(Object.keys(u.doc['paths'] as object))])),
  );

  const { docs, records: schemaCorrections } = await timed('reconcile: load doc schemas', () =>
    loadDocSchemas(o, corrections, correctionsFile),
  );
  for (const u of upstreams) assertPinnedRefs(u, docs);
  const examples = isObject(docs['apiExamples']) ? (docs['apiExamples'] as Record<string, Json>) : {};
  const { actions, notes: actionNotes } = buildActions({ index, indexFile, overlays: selected, examples });
  const names = planNames(
    overlays,
    actions.map((a) => ({ resource: a.resource, action: a.action, paginated: isPaginated(a) })),
  );

  const pool = poolUpstreamSchemas(upstreams);
  const roots = schemaRoots(actions, indexFile);
  const schemas = await timed('reconcile: build schemas', () =>
    buildSchemas({
      upstream: pool.schemas,
      docs,
      docFile: (name) => (o.lock.schemas.files[name] ? o.source.describe(o.lock.schemas.files[name]!) : `${name}.json`),
      roots,
    }),
  );

  const factoring: FactorResult = await timed('reconcile: factor', () =>
    factorAll(schemas, docs, new Set(roots.keys()), o.anchors ?? []),
  );
  const components = factoring.components;

  const apis: ApiReconciled[] = [];
  for (const overlay of selected) {
    const upstream = upstreams.find((u) => u.api === overlay.api)!;
    const own = actions.filter((a) => a.api === overlay.api);
    const paths = new Set(Object.keys(upstream.doc['paths'] as object));
    const undescribed = Object.keys(overlay.resources).filter((r) => !paths.has(index[r]!.path));
    const used = reachable(
      own.flatMap((a) => [...operationRefs(a)]),
      components,
    );
    const info = isObject(upstream.doc['info']) ? (upstream.doc['info'] as Record<string, Json>) : undefined;
    const bearer = (upstream.doc as { components?: { securitySchemes?: { BearerAuth?: { description?: string } } } })
      .components?.securitySchemes?.BearerAuth?.description;
    const document = writeDocument({
      api: overlay.api,
      title: overlay.overlay.title,
      description: overlay.overlay.description,
      apiVersion: o.lock.docsIndex.apiVersion,
      provenance: { openapiRevision: o.lock.openapi.revision, docsIndexVersion: o.lock.docsIndex.apiVersion },
      upstream: {
        ...(info ? { info } : {}),
        ...(upstream.doc['servers'] ? { servers: upstream.doc['servers'] as Json } : {}),
        ...(bearer ? { bearerDescription: bearer } : {}),
      },
      tags: Object.entries(overlay.tags).map(([name, t]) => ({
        name,
        description: (t as { description: string }).description,
      })),
      operations: own,
      components: Object.fromEntries([...used].sort().map((n) => [n, components[n]!])),
    });
    apis.push({
      api: overlay.api,
      overlay,
      upstream,
      actions: own,
      comparison: compareWithUpstream(upstream.doc, own),
      danglingRefs: danglingRefsOf(upstream.doc),
      undescribed,
      document,
    });
  }
  return {
    apis,
    overlays,
    names,
    index,
    indexFile,
    docSchemas: docs,
    corrections: [...indexCorrections, ...schemaCorrections],
    actionNotes,
    schemas,
    factoring,
    upstreamConflicts: pool.conflicts,
  };
}

function withoutUnknown(ov: LoadedOverlay, index: DocsIndex): LoadedOverlay {
  const resources = Object.fromEntries(Object.entries(ov.resources).filter(([r]) => Object.hasOwn(index, r)));
  const used = new Set(Object.values(resources));
  const tags = Object.fromEntries(Object.entries(ov.overlay.tags).filter(([t]) => used.has(t)));
  return { ...ov, resources, tags, overlay: { ...ov.overlay, resources, tags } };
}

/**
 * Every `$ref` of an upstream document must point inside it: the generator reads nothing but the
 * pinned inputs. A ref elsewhere (a file, a URL) inside a component schema the doc schemas also
 * define is repaired from the doc schema (and recorded, as dangling refs are); anywhere else it
 * is an error. Nothing ever follows it.
 */
function assertPinnedRefs(u: UpstreamDocument, docs: Record<string, Json>): void {
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

function selectApis(overlays: LoadedOverlay[], wanted: string[] | undefined, specDir: string): LoadedOverlay[] {
  if (!wanted) return overlays;
  for (const api of wanted) {
    if (!overlays.some((ov) => ov.api === api)) {
      throw new GeneratorError('USAGE', `there is no API "${api}"`, {
        file: join(specDir, 'apis'),
        hint: `use one of: ${overlays.map((ov) => ov.api).join(', ')}`,
      });
    }
  }
  return overlays.filter((ov) => wanted.includes(ov.api));
}

async function readUpstream(overlay: LoadedOverlay, o: ReconcileOptions): Promise<UpstreamDocument> {
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

async function loadDocSchemas(
  o: ReconcileOptions,
  corrections: Awaited<ReturnType<typeof loadCorrections>>,
  correctionsFile: string,
): Promise<{ docs: Record<string, Json>; records: CorrectionRecord[] }> {
  const entries = Object.entries(o.lock.schemas.files).sort(([a], [b]) => (a < b ? -1 : 1));
  const loaded = await Promise.all(
    entries.map(async ([name, input]) => [name, (await o.source.readParsed(input)) as Json] as const),
  );
  const docs: Record<string, Json> = {};
  const records: CorrectionRecord[] = [];
  for (const [name, schema] of loaded) {
    const corrected = applyCorrections(`schema:${name}`, schema, corrections, correctionsFile);
    docs[name] = corrected.value;
    records.push(...corrected.records);
  }
  for (const [i, c] of corrections.entries()) {
    if (c.target.startsWith('schema:') && !Object.hasOwn(docs, c.target.slice('schema:'.length))) {
      records.push({
        id: c.id,
        target: c.target,
        why: c.why,
        evidence: c.evidence,
        changed: [],
        obsolete: `there is no doc schema ${c.target.slice(7)} (correction #${i})`,
      });
    }
  }
  return { docs, records };
}

/**
 * Upstream component schemas by name, from every document (in API order). Documents that share a
 * schema define it identically today; if two ever differ, the first is used and it is reported.
 */
function poolUpstreamSchemas(upstreams: UpstreamDocument[]): {
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

/** Schema names the operations refer to, each with the docs-index pointer of its first referrer. */
function schemaRoots(actions: ActionModel[], indexFile: string): Map<string, string> {
  const roots = new Map<string, string>();
  for (const a of actions)
    for (const name of operationRefs(a)) if (!roots.has(name)) roots.set(name, `${indexFile}#${a.source}`);
  return roots;
}

/** Factor over every component at once; the other doc schemas are candidate names for inline parts. */
function factorAll(
  schemas: BuiltSchemas,
  docs: Record<string, Json>,
  roots: Set<string>,
  initial: Anchor[],
): FactorResult {
  const expanded = expandRefs(schemas.components);
  const toOas = (n: Json) =>
    tidyCompositions(
      convertSchema(n, { note: () => {}, ref: (r) => r.replace('#/definitions/', '#/components/schemas/') }),
      () => {},
    ) as SchemaObject;
  const candidates: Record<string, SchemaObject> = {};
  for (const name of Object.keys(docs).sort()) {
    if (roots.has(name) || name === 'apiExamples') continue;
    const candidate = expanded[name] ?? toOas(docs[name]!);
    // Only self-contained candidates: a ref to a schema that is not built would dangle.
    if (
      refsIn(candidate).every(
        (r) => r.ref === `#/components/schemas/${name}` || Object.hasOwn(expanded, componentRefName(r.ref) ?? ''),
      )
    )
      candidates[name] = candidate;
  }
  const base = Object.fromEntries(
    Object.keys(schemas.components)
      .sort()
      .map((n) => [n, expanded[n]!]),
  );
  const commons = new Map<string, SchemaObject[]>();
  for (const [name, nodes] of schemas.commons) commons.set(name, nodes.map(toOas));
  // Names settle at a fixpoint: anchors from one pass, fed to the next, until they stop changing.
  let anchors = initial;
  let result = factorSchemas(base, commons, anchors, candidates);
  for (let pass = 1; pass < 4; pass++) {
    const next = result.created.map((c) => c.anchor);
    if (sameAnchors(next, anchors)) break;
    anchors = next;
    result = factorSchemas(base, commons, anchors, candidates);
  }
  return result;
}

/** Distinct `$ref`s in an upstream document that resolve to nothing → the component schemas containing them. */
function danglingRefsOf(doc: Record<string, unknown>): Map<string, Set<string>> {
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

function sameAnchors(a: Anchor[], b: Anchor[]): boolean {
  const key = (xs: Anchor[]) => JSON.stringify([...xs].sort((x, y) => (x.name < y.name ? -1 : 1)));
  return key(a) === key(b);
}

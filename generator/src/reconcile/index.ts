// Reconcile: every documented action of the docs index becomes exactly one operation, in the
// document of the API whose overlay maps its resource. All APIs are reconciled together:
// schemas are built and factored once, from every upstream document and doc schema, so a
// generated type's name never depends on which resources share a document.
import { join } from 'node:path';
import { GeneratorError } from '../errors.js';
import type { SourcesLock } from '../inputs/lock.js';
import type { UpstreamSource } from '../inputs/source.js';
import { assertValid } from '../inputs/validate.js';
import { isObject, reachable, setOwn, type Json } from '../json/index.js';
import { planNames, type NamePlan } from '../naming.js';
import { isPaginated, operationRefs } from '../openapi/model.js';
import { writeDocument, type OpenApiDocument } from '../openapi/write.js';
import type { ContentCache } from '../cache.js';
import { Timings } from '../context.js';
import { buildActions, type ActionNote } from './actions.js';
import { applyCorrections, loadCorrections, type CorrectionRecord } from './corrections.js';
import { docsIndexSchema, type DocsIndex } from './docs-index.js';
import { applyBackfill } from './backfill.js';
import { applyEvolution } from './evolution.js';
import type { ActionModel } from './model.js';
import { checkOverlays, loadOverlays, type LoadedOverlay } from './overlay.js';
import { applyTokenScopes, loadTokenScopes, tokenScopesFile } from './token-scopes.js';
import type { BuiltSchemas } from './schemas/build.js';
import { buildAndFactor } from './schemas/cached.js';
import type { Anchor, FactorResult } from './schemas/factor.js';
import { schemaRoots } from './schemas/factor-all.js';
import { loadDocSchemas } from './doc-schemas.js';
import {
  assertPinnedRefs,
  danglingRefsOf,
  poolUpstreamSchemas,
  readUpstream,
  type UpstreamDocument,
} from './upstream-documents.js';
import { compareWithUpstream, type UpstreamComparison } from './upstream.js';

export { withoutExternalRefs } from './upstream-documents.js';
export type { UpstreamDocument } from './upstream-documents.js';

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
  /** The run's step cache: building and factoring the schemas is one of its steps (default: always computed). */
  cache?: ContentCache;
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
  const { actions: built, notes: actionNotes } = buildActions({ index, indexFile, overlays: selected, examples });
  // Each overlay's renamed and deprecated SDK names, recorded on its actions (order kept).
  const evolved = new Map<ActionModel, ActionModel>();
  for (const ov of selected) {
    const own = built.filter((a) => a.api === ov.api);
    applyEvolution(ov, own).forEach((a, i) => evolved.set(own[i]!, a));
  }
  const actions = built.map((a) => evolved.get(a) ?? a);
  const names = planNames(
    overlays,
    actions.map((a) => ({ resource: a.resource, action: a.action, paginated: isPaginated(a) })),
  );

  const pool = poolUpstreamSchemas(upstreams);
  const roots = schemaRoots(actions, indexFile);
  const docFiles: Record<string, string> = {};
  for (const [name, input] of Object.entries(o.lock.schemas.files)) setOwn(docFiles, name, o.source.describe(input));
  const { schemas, factoring } = await buildAndFactor(
    {
      upstream: pool.schemas,
      docs,
      docFile: (name) => (Object.hasOwn(docFiles, name) ? docFiles[name]! : `${name}.json`),
      docFiles,
      roots,
      anchors: o.anchors ?? [],
    },
    o.cache,
    timed,
  );
  const components = factoring.components;

  const apis: ApiReconciled[] = [];
  for (const overlay of selected) {
    const upstream = upstreams.find((u) => u.api === overlay.api)!;
    // Each stream's backfill (overlay `backfill:`), checked against the actions and schemas it names.
    const own = applyBackfill(
      overlay,
      actions.filter((a) => a.api === overlay.api),
      components,
    );
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

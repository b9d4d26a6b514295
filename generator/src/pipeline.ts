// The pipeline: ingest → reconcile (all APIs together) → check (lint, verify) → emit, in memory;
// nothing touches the disk until `writeGenerated` (manifest.ts), and only when every check passed.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkAll, startInputLints, type LintConfig } from './check/index.js';
import { createRunContext, type RunContext } from './context.js';
import { buildEmitModel } from './emit/model.js';
import { emitPackages } from './emit/packages.js';
import { loadLock, type SourcesLock } from './inputs/lock.js';
import { parseJson } from './inputs/parse.js';
import type { UpstreamSource } from './inputs/source.js';
import { upstreamSource } from './inputs/upstream.js';
import { lintConfigError } from './lint/summary.js';
import { formatManifest, MANIFEST_PATH, readManifest, type Writable } from './manifest.js';
import type { LosantApiModel } from './openapi/model.js';
import { readDocument } from './openapi/read.js';
import type { OpenApiDocument } from './openapi/write.js';
import { reconcile, type ApiReconciled, type ReconcileResult } from './reconcile/index.js';
import { buildSummary, reportMarkdown, summaryMarkdown, type FidelityReport } from './report/fidelity.js';
import { ANCHORS_PATH, readAnchors, surfacePath } from './surface/files.js';
import { anchorsFile, buildSurface, formatSurface, type ApiSurface } from './surface/surface.js';

export { resolveUpstreamDir } from './inputs/upstream.js';
export { MANIFEST_PATH, writeGenerated } from './manifest.js';
export { ANCHORS_PATH, readSurface, surfacePath } from './surface/files.js';
export type { LintSummary } from './lint/summary.js';

export interface GenerateOptions {
  /** Repository root (holds spec/, packages/, generated/). */
  root: string;
  /** Upstream mirror; defaults to $LOSANT_UPSTREAM_DIR, then <root>/../shared/upstream if it exists. */
  upstreamDir?: string;
  /** Which APIs (spec/apis/<api>.yaml) to build; defaults to all. */
  apis?: string[];
  fetch?: typeof fetch;
  log?: (line: string) => void;
  /** Build from this lock instead of spec/sources.lock.json (spec:bump builds the new revision before writing it). */
  lock?: SourcesLock;
  /** Skip overlay entries for resources the docs index does not have (spec:bump's build of the current revision). */
  lenient?: boolean;
  /**
   * Where the content-addressed cache of prettier, openapi-typescript and lint results lives
   * (default `<root>/node_modules/.cache/losant-sdk/steps`); `false` runs every step.
   */
  cache?: string | false;
  /**
   * The run's context (cache, workers, timings, log). Without one, the run makes its own from the
   * options above and stops its workers at the end.
   */
  context?: RunContext;
}

export interface ApiBuild {
  api: string;
  reconciled: ApiReconciled;
  document: OpenApiDocument;
  model: LosantApiModel;
  report: FidelityReport;
}

export interface GenerateResult extends Writable {
  reconciled: ReconcileResult;
  builds: ApiBuild[];
  /** Generated files that are committed (scaffolding, replay tests, the API-surface snapshots): --check needs them present and equal. */
  committed: string[];
  /** Every other generated file outside generated/ (package sources): --check needs them equal where present. */
  uncommitted: string[];
  surfaces: Record<string, ApiSurface>;
}

/** Reconcile only (no checks, no emit): the documents as models, e.g. to compare a revision with another. */
export async function buildModels(
  o: GenerateOptions & { source?: UpstreamSource },
): Promise<{ reconciled: ReconcileResult; models: Map<string, LosantApiModel> }> {
  const specDir = join(o.root, 'spec');
  const lock = o.lock ?? (await loadLock(join(specDir, 'sources.lock.json')));
  const source = o.source ?? upstreamSource(o.root, o);
  const anchors = await readAnchors(specDir);
  const timings = o.context?.timings;
  const reconcileAll = () =>
    reconcile({
      specDir,
      lock,
      source,
      anchors,
      ...(timings ? { timings } : {}),
      ...(o.context ? { cache: o.context.cache } : {}),
      ...(o.apis ? { apis: o.apis } : {}),
      ...(o.lenient ? { lenient: true } : {}),
    });
  const reconciled = await (timings ? timings.timed('reconcile', reconcileAll) : reconcileAll());
  const models = new Map(
    reconciled.apis.map((a) => [a.api, readDocument(a.document, `generated/${a.api}/openapi.json`)] as const),
  );
  return { reconciled, models };
}

/**
 * The API surfaces of a build, without emitting or checking anything (cheap): what `spec:bump`
 * compares a new revision with, when no snapshot is committed.
 */
export async function buildSurfaces(o: GenerateOptions): Promise<Record<string, ApiSurface>> {
  const lock = o.lock ?? (await loadLock(join(o.root, 'spec', 'sources.lock.json')));
  const { reconciled, models } = await buildModels({ ...o, lock });
  const sources = { openapi: lock.openapi.revision, docsIndex: lock.docsIndex.apiVersion };
  return Object.fromEntries(
    [...models].map(([api, m]) => [api, buildSurface(m, buildEmitModel(m, reconciled.names, api), sources)]),
  );
}

/** Build every output in memory; nothing touches the disk until `writeGenerated`. */
export async function buildAll(o: GenerateOptions): Promise<GenerateResult> {
  const ctx =
    o.context ??
    createRunContext({
      cacheDir:
        o.cache === false ? undefined : (o.cache ?? join(o.root, 'node_modules', '.cache', 'losant-sdk', 'steps')),
      log: o.log,
    });
  try {
    return await build({ ...o, context: ctx }, ctx);
  } finally {
    if (!o.context) await ctx.close();
  }
}

async function build(o: GenerateOptions, ctx: RunContext): Promise<GenerateResult> {
  // With no step cache or an empty one, the workers start now (TypeScript and Redocly load on their
  // threads while this one reconciles); with a filled cache, on the first miss (emit/workers.ts).
  const workers = ctx.workers();
  const specDir = join(o.root, 'spec');
  const lint = await lintConfig(specDir);
  const lock = o.lock ?? (await loadLock(join(specDir, 'sources.lock.json')));

  // The inputs' lints (for the report) start as soon as their documents are read, on the lint
  // worker, while this thread reconciles (the same documents: the source reads each once).
  const source = upstreamSource(o.root, o);
  const inputLints = startInputLints(
    ctx,
    lint,
    (o.apis ?? Object.keys(lock.openapi.documents)).flatMap((api) => {
      const input = lock.openapi.documents[api];
      return input ? [[api, source.readParsed(input)] as const] : [];
    }),
  );
  // 1–4. Ingest and reconcile every API together.
  const { reconciled: r, models } = await buildModels({ ...o, lock, source });
  // 5–7. Check (lint, verify) while emitting: the checks gate the write, not the emit.
  const labelled = [...models.values()].map((model) => ({ model, label: `generated/${model.api}/openapi.json` }));
  const repository = await rootRepository(o.root);
  const [reports, emitted] = await Promise.all([
    checkAll(ctx, r, lock, lint, inputLints),
    ctx.timings.timed('emit', () => emitPackages(labelled, r.names, { root: o.root, repository, workers })),
  ]);

  const builds: ApiBuild[] = r.apis.map((a) => ({
    api: a.api,
    reconciled: a,
    document: a.document,
    model: models.get(a.api)!,
    report: reports.get(a.api)!,
  }));
  const files = new Map<string, string>();
  for (const b of builds) {
    files.set(`generated/${b.api}/openapi.json`, JSON.stringify(b.document, null, 2) + '\n');
    files.set(`generated/${b.api}/fidelity.json`, JSON.stringify(b.report, null, 2) + '\n');
    files.set(`generated/${b.api}/fidelity.md`, reportMarkdown(b.report));
  }
  const whole = !o.apis;
  if (whole) {
    const summary = buildSummary([...reports.values()], r, lock);
    files.set('generated/fidelity.json', JSON.stringify(summary, null, 2) + '\n');
    files.set('generated/fidelity.md', summaryMarkdown(summary));
    files.set(ANCHORS_PATH, formatSurface(anchorsFile(r.factoring.created.map((c) => c.anchor))));
  }
  for (const [path, content] of emitted.files) files.set(path, content);
  const surfaces: Record<string, ApiSurface> = {};
  const sources = { openapi: lock.openapi.revision, docsIndex: lock.docsIndex.apiVersion };
  for (const b of builds) {
    surfaces[b.api] = buildSurface(b.model, emitted.models.get(b.api)!, sources);
    files.set(surfacePath(b.api), formatSurface(surfaces[b.api]!));
  }
  ctx.log(
    `packages: ${[...emitted.models.values()].flatMap((m) => m.packages).length} tag packages + the umbrella, ${emitted.files.size} files`,
  );

  // What a write replaces wholesale, and what --check compares.
  const ownedDirs = whole ? ['generated'] : builds.map((b) => `generated/${b.api}`);
  const outside = [...files.keys()]
    .filter((f) => !emitted.createOnly.has(f) && !ownedDirs.some((d) => f.startsWith(`${d}/`)))
    .sort();
  const isSource = (f: string) => /^packages\/[^/]+\/src\//.test(f);
  files.set(MANIFEST_PATH, formatManifest([...files.keys(), MANIFEST_PATH], whole ? [] : await readManifest(o.root)));
  return {
    reconciled: r,
    builds,
    files,
    ownedDirs,
    createOnly: emitted.createOnly,
    committed: outside.filter((f) => !isSource(f)),
    uncommitted: outside.filter(isSource),
    surfaces,
  };
}

/** spec/redocly.yaml, for the lint worker to load (the main thread never loads Redocly). */
async function lintConfig(specDir: string): Promise<LintConfig> {
  const path = join(specDir, 'redocly.yaml');
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw lintConfigError(path, cause);
  });
  return { path, text };
}

async function rootRepository(root: string): Promise<{ type: string; url: string } | undefined> {
  const file = join(root, 'package.json');
  const text = await readFile(file, 'utf8').catch(() => undefined);
  return text === undefined
    ? undefined
    : (parseJson(text, file) as { repository?: { type: string; url: string } }).repository;
}

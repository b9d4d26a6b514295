// The pipeline: ingest → reconcile (all APIs together) → lint → verify → emit, in memory; nothing
// touches the disk until `writeGenerated`, and only when every check passed.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { contentCache, toolVersion, useContentCache } from './cache.js';
import { buildEmitModel } from './emit/model.js';
import { emitPackages } from './emit/packages.js';
import { emitWorkers } from './emit/workers.js';
import { GeneratorError } from './errors.js';
import { loadLock, type SourcesLock } from './inputs/lock.js';
import { UpstreamSource } from './inputs/source.js';
import { lintDocument, loadLintConfig, type LintSummary } from './lint/redocly.js';
import type { LosantApiModel } from './openapi/model.js';
import { readDocument } from './openapi/read.js';
import type { OpenApiDocument } from './openapi/write.js';
import { writeTree, type OutputTree } from './output/write.js';
import { reconcile, withoutExternalRefs, type ApiReconciled, type ReconcileResult } from './reconcile/index.js';
import type { Anchor } from './reconcile/schemas/factor.js';
import { buildReport, buildSummary, reportMarkdown, summaryMarkdown, type FidelityReport } from './report/fidelity.js';
import { verifyDocument } from './report/verify.js';
import { anchorsFile, buildSurface, formatSurface, type AnchorsFile, type ApiSurface } from './surface/surface.js';
import { timed } from './timings.js';

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
}

export interface ApiBuild {
  api: string;
  reconciled: ApiReconciled;
  document: OpenApiDocument;
  model: LosantApiModel;
  report: FidelityReport;
}

export interface GenerateResult {
  reconciled: ReconcileResult;
  builds: ApiBuild[];
  files: OutputTree;
  /** Directories the run owns outright (generated/): replaced wholesale. */
  ownedDirs: string[];
  /** Files written only when absent (changesets maintains them afterwards). */
  createOnly: Set<string>;
  /** Generated files that are committed (scaffolding, replay tests, the API-surface snapshots): --check needs them present and equal. */
  committed: string[];
  /** Every other generated file outside generated/ (package sources): --check needs them equal where present. */
  uncommitted: string[];
  surfaces: Record<string, ApiSurface>;
}

export function resolveUpstreamDir(root: string, explicit?: string): string | undefined {
  const chosen = explicit ?? process.env['LOSANT_UPSTREAM_DIR'];
  if (chosen) {
    const dir = resolve(chosen);
    if (!existsSync(dir)) {
      throw new GeneratorError('INPUT_NOT_FOUND', `the upstream mirror ${dir} does not exist`, {
        file: dir,
        hint: 'point --upstream / LOSANT_UPSTREAM_DIR at a mirror, or unset it to download from the origins in spec/sources.lock.json',
      });
    }
    return dir;
  }
  const beside = resolve(root, '..', 'shared', 'upstream');
  return existsSync(beside) ? beside : undefined;
}

/** Reconcile only (no checks, no emit): the documents as models, e.g. to compare a revision with another. */
export async function buildModels(
  o: GenerateOptions,
): Promise<{ reconciled: ReconcileResult; models: LosantApiModel[] }> {
  const { lock, source, specDir } = await inputsOf(o);
  const anchors = await readAnchors(specDir);
  const reconciled = await timed('reconcile', () =>
    reconcile({
      specDir,
      lock,
      source,
      anchors,
      ...(o.apis ? { apis: o.apis } : {}),
      ...(o.lenient ? { lenient: true } : {}),
    }),
  );
  return {
    reconciled,
    models: reconciled.apis.map((a) => readDocument(a.document, `generated/${a.api}/openapi.json`)),
  };
}

/**
 * The API surfaces of a build, without emitting or checking anything (cheap): what `spec:bump`
 * compares a new revision with, when no snapshot is committed.
 */
export async function buildSurfaces(o: GenerateOptions): Promise<Record<string, ApiSurface>> {
  const lock = o.lock ?? (await loadLock(join(o.root, 'spec', 'sources.lock.json')));
  const { reconciled, models } = await buildModels({ ...o, lock });
  return Object.fromEntries(
    models.map((m) => [
      m.api,
      buildSurface(m, buildEmitModel(m, reconciled.names, m.api), {
        openapi: lock.openapi.revision,
        docsIndex: lock.docsIndex.apiVersion,
      }),
    ]),
  );
}

async function inputsOf(o: GenerateOptions): Promise<{ lock: SourcesLock; source: UpstreamSource; specDir: string }> {
  const specDir = join(o.root, 'spec');
  const lock = o.lock ?? (await loadLock(join(specDir, 'sources.lock.json')));
  const source = new UpstreamSource({
    mirrorDir: resolveUpstreamDir(o.root, o.upstreamDir),
    cacheDir: join(o.root, 'node_modules', '.cache', 'losant-sdk', 'upstream'),
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
  o.log?.(
    source.mirrorDir
      ? `upstream mirror: ${source.mirrorDir}`
      : 'no upstream mirror: downloading from the origins in the lock',
  );
  return { lock, source, specDir };
}

/** Build every output in memory; nothing touches the disk until `writeGenerated`. */
export async function buildAll(o: GenerateOptions): Promise<GenerateResult> {
  const log = o.log ?? (() => {});
  useContentCache(
    o.cache === false ? undefined : (o.cache ?? join(o.root, 'node_modules', '.cache', 'losant-sdk', 'steps')),
  );
  emitWorkers(); // start loading prettier and openapi-typescript on worker threads while the main thread reconciles
  const specDir = join(o.root, 'spec');
  const lintConfigPath = join(specDir, 'redocly.yaml');
  const lintConfig = await loadLintConfig(lintConfigPath);
  const lintConfigText = await readFile(lintConfigPath, 'utf8');
  const lock = o.lock ?? (await loadLock(join(specDir, 'sources.lock.json')));
  const { reconciled: r, models } = await buildModels({ ...o, lock });
  const repository = await rootRepository(o.root);
  // The checks (lint, verify) gate the write, not the emit: they run while prettier formats on its workers.
  const [checked, emittedOrFailure] = await Promise.allSettled([
    checkAll(r, lock, { config: lintConfig, text: lintConfigText }, log),
    timed('emit', () =>
      emitPackages(
        models.map((model) => ({ model, label: `generated/${model.api}/openapi.json` })),
        r.names,
        { root: o.root, repository },
      ),
    ),
  ]);
  if (checked.status === 'rejected') throw checked.reason;
  if (emittedOrFailure.status === 'rejected') throw emittedOrFailure.reason;
  const reports = checked.value;
  const emitted = emittedOrFailure.value;

  const files: OutputTree = new Map();
  const builds: ApiBuild[] = r.apis.map((a, i) => ({
    api: a.api,
    reconciled: a,
    document: a.document,
    model: models[i]!,
    report: reports[i]!,
  }));
  for (const b of builds) {
    const dir = `generated/${b.api}`;
    files.set(`${dir}/openapi.json`, JSON.stringify(b.document, null, 2) + '\n');
    files.set(`${dir}/fidelity.json`, JSON.stringify(b.report, null, 2) + '\n');
    files.set(`${dir}/fidelity.md`, reportMarkdown(b.report));
  }
  const whole = !o.apis;
  if (whole) {
    const summary = buildSummary(reports, r, lock);
    files.set('generated/fidelity.json', JSON.stringify(summary, null, 2) + '\n');
    files.set('generated/fidelity.md', summaryMarkdown(summary));
    files.set(ANCHORS_PATH, formatSurface(anchorsFile(r.factoring?.created.map((c) => c.anchor) ?? [])));
  }
  for (const [path, content] of emitted.files) files.set(path, content);
  const surfaces: Record<string, ApiSurface> = {};
  builds.forEach((b, i) => {
    const surface = buildSurface(b.model, emitted.models[i]!, {
      openapi: lock.openapi.revision,
      docsIndex: lock.docsIndex.apiVersion,
    });
    surfaces[b.api] = surface;
    files.set(surfacePath(b.api), formatSurface(surface));
  });
  log(
    `packages: ${emitted.models.flatMap((m) => m.packages).length} tag packages + the umbrella, ${emitted.files.size} files`,
  );
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

export const ANCHORS_PATH = 'spec/surface/anchors.json';

export function surfacePath(api: string): string {
  return `spec/surface/${api}.json`;
}

export async function readSurface(specDir: string, api: string): Promise<ApiSurface | undefined> {
  const text = await readFile(join(specDir, 'surface', `${api}.json`), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as ApiSurface);
}

async function readAnchors(specDir: string): Promise<Anchor[]> {
  const text = await readFile(join(specDir, 'surface', 'anchors.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return [];
  const file = JSON.parse(text) as AnchorsFile;
  return Object.entries(file.anchors ?? {}).map(([name, a]) => ({ name, ...a }));
}

async function rootRepository(root: string): Promise<{ type: string; url: string } | undefined> {
  const pkg = await readFile(join(root, 'package.json'), 'utf8').then(
    (t) => JSON.parse(t) as { repository?: { type: string; url: string } },
    () => undefined,
  );
  return pkg?.repository;
}

/**
 * Write a build: generated/ wholesale, every other file one by one. A file an earlier run wrote
 * (it is in that run's manifest) and this one does not is removed; a file the generator never
 * wrote (a hand-written test beside the generated one) is never touched.
 */
export async function writeGenerated(root: string, result: GenerateResult): Promise<void> {
  const previous = await readManifest(root);
  const remove = previous.filter(
    (f) => !result.files.has(f) && !f.startsWith('generated/') && !result.createOnly.has(f),
  );
  await writeTree({ root, files: result.files, ownedDirs: result.ownedDirs, remove });
}

/** generated/manifest.json: every file the last run wrote, so the next can remove what it no longer writes. */
export const MANIFEST_PATH = 'generated/manifest.json';

async function readManifest(root: string): Promise<string[]> {
  const text = await readFile(join(root, MANIFEST_PATH), 'utf8').catch(() => undefined);
  if (text === undefined) return [];
  try {
    const files = (JSON.parse(text) as { files?: unknown }).files;
    return Array.isArray(files)
      ? files.filter((f): f is string => typeof f === 'string' && !f.startsWith('/') && !f.split('/').includes('..'))
      : [];
  } catch {
    return [];
  }
}

function formatManifest(files: string[], alsoKeep: string[]): string {
  return `${JSON.stringify({ $comment: 'Every file the last `pnpm generate` wrote (see writeGenerated).', files: [...new Set([...files, ...alsoKeep])].sort() }, null, 2)}\n`;
}

/** Lint every output (must be clean), lint every input (for the report), verify against the docs index. */
async function checkAll(
  r: ReconcileResult,
  lock: SourcesLock,
  lint: LintConfig,
  log: (l: string) => void,
): Promise<FidelityReport[]> {
  const reports: FidelityReport[] = [];
  for (const a of r.apis) {
    const outputLint = await timed('lint output', () => lintCached(a.document, a.api, lint));
    if (outputLint.errors || outputLint.warnings) {
      const shown = outputLint.problems
        .slice(0, 20)
        .map((p) => `  ${p.severity} ${p.ruleId} at #${p.pointer}: ${p.message}`);
      throw new GeneratorError(
        'LINT_FAILED',
        `the reconciled ${a.api} spec has ${outputLint.errors} lint errors and ${outputLint.warnings} warnings:\n${shown.join('\n')}`,
        {
          file: `generated/${a.api}/openapi.json`,
          pointer: outputLint.problems[0]?.pointer ?? '',
          hint: 'this is a generator bug: the reconcile step must produce a document that lints clean (a rule may only be relaxed in spec/redocly.yaml with a written justification); nothing was written',
        },
      );
    }
    // Refs outside the document never reach the linter, which would follow them (read a file, fetch a URL).
    const inputLint = await timed('lint input (report)', () =>
      lintCached(withoutExternalRefs(a.upstream.doc as OpenApiDocument), `upstream-${a.api}`, lint),
    );
    const verification = await timed('verify', () => verifyDocument(a.document, r.index, a.overlay, r.docSchemas));
    if (verification.disagreements.length || verification.danglingRefs.length) {
      throw new GeneratorError(
        'EMIT_FAILED',
        `the reconciled ${a.api} spec disagrees with the docs index:\n${[
          ...verification.disagreements,
          ...verification.danglingRefs.map((ref) => `dangling ${ref}`),
        ]
          .slice(0, 30)
          .map((d) => '  ' + d)
          .join('\n')}`,
        {
          file: r.indexFile,
          hint: 'this is a generator bug: the reconcile step must produce every documented fact',
        },
      );
    }
    const report = buildReport(a, r, lock, inputLint, outputLint, verification);
    log(
      `${a.api}: ${a.actions.length} operations, ${verification.coverage.filter((c) => c.ok).length}/${verification.coverage.length} actions covered, lint 0/0, ${report.input.danglingRefs.count} dangling refs repaired`,
    );
    reports.push(report);
  }
  return reports;
}

interface LintConfig {
  config: Awaited<ReturnType<typeof loadLintConfig>>;
  /** spec/redocly.yaml as written: with redocly's version, it decides every result. */
  text: string;
}

/** A document's lint result, from the content cache when the same document was linted with the same rules. */
async function lintCached(doc: OpenApiDocument, name: string, lint: LintConfig): Promise<LintSummary> {
  const key = ['redocly lint', toolVersion('@redocly/openapi-core'), lint.text, name, JSON.stringify(doc)];
  return JSON.parse(
    await contentCache().memo(key, async () => JSON.stringify(await lintDocument({ doc, name }, lint.config))),
  ) as LintSummary;
}

export type { LintSummary };

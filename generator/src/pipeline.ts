import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { emitPackages } from './emit/packages.js';
import { emitWorkers } from './emit/workers.js';
import { timed } from './timings.js';
import type { Anchor } from './reconcile/schemas/factor.js';
import { buildSurface, formatSurface, type ApiSurface } from './surface/surface.js';
import { GeneratorError } from './errors.js';
import { loadLock, type SourcesLock } from './inputs/lock.js';
import { UpstreamSource } from './inputs/source.js';
import { bundleDocument, lintDocument, loadLintConfig, type LintSummary } from './lint/redocly.js';
import { writeTree, type OutputTree } from './output/write.js';
import { reconcile, type ReconcileResult } from './reconcile/index.js';
import type { DocsIndex } from './reconcile/docs-index.js';
import type { OpenApiDocument } from './reconcile/document.js';
import type { Json } from './reconcile/model.js';
import { buildReport, reportMarkdown, type FidelityReport } from './report/fidelity.js';
import { verifyDocument } from './report/verify.js';

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
}

export interface ApiBuild {
  api: string;
  result: ReconcileResult;
  document: OpenApiDocument;
  report: FidelityReport;
}

export interface GenerateResult {
  builds: ApiBuild[];
  files: OutputTree;
  /** Directories the run owns outright. */
  ownedDirs: string[];
  /** Files written only when absent (changesets maintains them afterwards). */
  createOnly: Set<string>;
  /** Generated files that are committed (scaffolding, the API-surface snapshot): what --check compares. */
  committed: string[];
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

/** Build every output in memory; nothing touches the disk until `writeGenerated`. */
export async function buildAll(o: GenerateOptions): Promise<GenerateResult> {
  const log = o.log ?? (() => {});
  emitWorkers(); // start loading prettier and openapi-typescript on worker threads while the main thread reconciles
  const specDir = join(o.root, 'spec');
  const lock = o.lock ?? (await loadLock(join(specDir, 'sources.lock.json')));
  const source = new UpstreamSource({
    mirrorDir: resolveUpstreamDir(o.root, o.upstreamDir),
    cacheDir: join(o.root, 'node_modules', '.cache', 'losant-sdk', 'upstream'),
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
  log(source.mirrorDir ? `upstream mirror: ${source.mirrorDir}` : 'no upstream mirror: downloading from the origins in the lock');
  const lintConfig = await loadLintConfig(join(specDir, 'redocly.yaml'));
  const apis = o.apis ?? (await listApis(specDir));
  const files: OutputTree = new Map();
  const reconciled: Reconciled[] = [];
  for (const api of apis) {
    const previous = await readSurface(specDir, api);
    const anchors = Object.entries(previous?.anchors ?? {}).map(([name, a]) => ({ name, ...a }));
    reconciled.push(await reconcileApi(api, specDir, lock, source, lintConfig, anchors));
  }
  const repository = await rootRepository(o.root);
  // The checks (lint, verify) gate the write, not the emit: they run while prettier formats on its workers.
  const [checked, emittedOrFailure] = await Promise.allSettled([
    Promise.all(reconciled.map((r) => checkApi(r, specDir, lock, source, lintConfig, log))),
    timed('emit', () =>
      emitPackages(
        reconciled.map((r) => ({ api: r.api, doc: r.bundled, label: `generated/${r.api}/openapi.json`, provenance: { openapiRevision: lock.openapi.revision, docsIndexVersion: lock.docsIndex.apiVersion } })),
        { root: o.root, repository },
      ),
    ),
  ]);
  if (checked.status === 'rejected') throw checked.reason;
  if (emittedOrFailure.status === 'rejected') throw emittedOrFailure.reason;
  const builds = checked.value;
  const emitted = emittedOrFailure.value;
  for (const build of builds) {
    const dir = `generated/${build.api}`;
    files.set(`${dir}/openapi.json`, JSON.stringify(build.document, null, 2) + '\n');
    files.set(`${dir}/fidelity.json`, JSON.stringify(build.report, null, 2) + '\n');
    files.set(`${dir}/fidelity.md`, reportMarkdown(build.report));
  }
  for (const [path, content] of emitted.files) files.set(path, content);
  const surfaces: Record<string, ApiSurface> = {};
  builds.forEach((b, i) => {
    const surface = buildSurface(b.api, b.document, emitted.models[i]!, b.result.factoring?.created.map((c) => c.anchor) ?? [], { openapi: lock.openapi.revision, docsIndex: lock.docsIndex.apiVersion });
    surfaces[b.api] = surface;
    files.set(surfacePath(b.api), formatSurface(surface));
  });
  log(`packages: ${emitted.models.flatMap((m) => m.packages).length} tag packages + the umbrella, ${emitted.files.size} files`);
  const ownedDirs = ['generated', ...emitted.ownedDirs];
  const committed = [...files.keys()].filter((f) => !emitted.createOnly.has(f) && !ownedDirs.some((d) => f.startsWith(`${d}/`))).sort();
  return { builds, files, ownedDirs, createOnly: emitted.createOnly, committed, surfaces };
}

export function surfacePath(api: string): string {
  return `spec/surface/${api}.json`;
}

export async function readSurface(specDir: string, api: string): Promise<ApiSurface | undefined> {
  const text = await readFile(join(specDir, 'surface', `${api}.json`), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as ApiSurface);
}

async function rootRepository(root: string): Promise<{ type: string; url: string } | undefined> {
  const pkg = await readFile(join(root, 'package.json'), 'utf8').then((t) => JSON.parse(t) as { repository?: { type: string; url: string } }, () => undefined);
  return pkg?.repository;
}

export async function writeGenerated(root: string, result: GenerateResult): Promise<void> {
  await writeTree({ root, files: result.files, ownedDirs: result.ownedDirs });
}

interface Reconciled {
  api: string;
  result: ReconcileResult;
  bundled: OpenApiDocument;
}

async function reconcileApi(
  api: string,
  specDir: string,
  lock: SourcesLock,
  source: UpstreamSource,
  lintConfig: Awaited<ReturnType<typeof loadLintConfig>>,
  anchors: Anchor[],
): Promise<Reconciled> {
  const result = await timed('reconcile', () => reconcile({ specDir, api, lock, source, anchors }));
  const { bundled } = await timed('bundle', () => bundleDocument(result.document, lintConfig, api));
  return { api, result, bundled };
}

/** Lint the output (must be clean), lint the input (for the report), verify against the docs index. */
async function checkApi(
  { api, result, bundled }: Reconciled,
  specDir: string,
  lock: SourcesLock,
  source: UpstreamSource,
  lintConfig: Awaited<ReturnType<typeof loadLintConfig>>,
  log: (l: string) => void,
): Promise<ApiBuild> {
  const outputLint = await timed('lint output', () => lintDocument({ doc: bundled, name: api }, lintConfig));
  if (outputLint.errors || outputLint.warnings) {
    const shown = outputLint.problems.slice(0, 20).map((p) => `  ${p.severity} ${p.ruleId} at #${p.pointer}: ${p.message}`);
    throw new GeneratorError('LINT_FAILED', `the reconciled ${api} spec has ${outputLint.errors} lint errors and ${outputLint.warnings} warnings:\n${shown.join('\n')}`, {
      file: join(specDir, 'redocly.yaml'),
      hint: 'fix the reconcile step (or, with a written justification, the redocly config); nothing was written',
    });
  }
  const upstreamInput = lock.openapi.documents[result.overlay.api]!;
  const inputLint = await timed('lint input (report)', () => lintDocument({ doc: result.upstream as OpenApiDocument, name: `upstream-${api}` }, lintConfig));
  const index = (await source.readParsed(lock.docsIndex)) as DocsIndex;
  const docSchemas: Record<string, Json> = {};
  for (const name of Object.keys(result.schemas.components)) {
    const input = lock.schemas.files[name];
    if (input) docSchemas[name] = (await source.readParsed(input)) as Json;
  }
  const verification = await timed('verify', () => verifyDocument(bundled, index, result.overlay, docSchemas));
  if (verification.disagreements.length || verification.danglingRefs.length) {
    throw new GeneratorError('EMIT_FAILED', `the reconciled ${api} spec disagrees with the docs index:\n${[...verification.disagreements, ...verification.danglingRefs.map((r) => `dangling ${r}`)].slice(0, 30).map((d) => '  ' + d).join('\n')}`, {
      file: source.describe(upstreamInput),
      hint: 'this is a generator bug: the reconcile step must produce every documented fact',
    });
  }
  const before = JSON.stringify(result.schemas.components).length;
  const after = JSON.stringify((bundled['components'] as { schemas: Json }).schemas).length;
  const report = buildReport(result, lock, inputLint, outputLint, verification, before, after);
  log(`${api}: ${result.actions.length} operations, ${verification.coverage.filter((c) => c.ok).length}/${verification.coverage.length} actions covered, lint 0/0, ${report.input.danglingRefs.count} dangling refs repaired`);
  return { api, result, document: bundled, report };
}

async function listApis(specDir: string): Promise<string[]> {
  const entries = await readdir(join(specDir, 'apis')).catch(() => [] as string[]);
  return entries.filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();
}

export type { LintSummary };

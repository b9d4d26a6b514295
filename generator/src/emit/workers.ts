import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { toolVersion, type ContentCache } from '../cache.js';
import { GeneratorError } from '../errors.js';
import { lintConfigError, type LintFindings } from '../lint/summary.js';

export const PRETTIER_OPTIONS = { printWidth: 120, singleQuote: true, trailingComma: 'all' } as const;

/** A schema marked so is typed `Date` in the path map (a time parameter's extra alternative; see emit/path-map.ts). */
export const DATE_MARKER = 'x-losant-typed-as-date';

type Job =
  | { kind: 'format'; source: string; parser: 'typescript' | 'markdown' }
  | { kind: 'pathMap'; doc: unknown }
  | { kind: 'lint'; doc: unknown; absoluteRef: string; configPath: string };

/**
 * The workers, by role: the types worker runs openapi-typescript (it loads the TypeScript
 * compiler, the slowest import of the run, while the main thread reconciles), the lint worker
 * runs Redocly over every document (the checks' costliest part, off the main thread), the format
 * worker runs prettier on the few files emit cannot print itself (started only then).
 */
const TYPES = 0;
const LINT = 1;
const FORMAT = 2;

/** How the lint worker says the configuration itself failed to load (not a document's lint). */
const LINT_CONFIG = 'lint configuration: ';

/**
 * Worker body (plain JS: it runs the same under tsx, vitest and the compiled CLI). Each job kind
 * loads what it needs on first use; a worker's role loads its own at start.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
let prettier, ots, ts, redocly;
const configs = new Map();
// openapi-typescript's transforms and printer, not its entry module (which loads Redocly for the
// bundle this worker does not run).
function loadTypes() {
  ts ??= require(workerData.typescript);
  ots ??= { transformSchema: require(workerData.otsTransform), ...require(workerData.otsUtils), astToString: require(workerData.otsTs).astToString };
}
const loadRedocly = () => (redocly ??= import(workerData.redocly));
if (workerData.role === ${TYPES}) loadTypes();
if (workerData.role === ${LINT}) loadRedocly();
// A time parameter's extra alternative (emit/path-map.ts): the type \`Date\`.
const transform = (schema) => (schema && schema[workerData.dateMarker] === true ? ts.factory.createTypeReferenceNode('Date') : undefined);
async function run(job) {
  // babel-ts, not typescript: the same output for everything emit gives prettier (every
  // generated file compared), in about two thirds of the CPU time.
  if (job.kind === 'format') {
    prettier ??= require(workerData.prettier);
    return prettier.format(job.source, { ...workerData.options, parser: job.parser === 'typescript' ? 'babel-ts' : job.parser });
  }
  if (job.kind === 'lint') return lint(job);
  loadTypes();
  return pathMap(job.doc);
}
// What lint/redocly.ts's lintDocument finds, the same calls.
async function lint(job) {
  const { BaseResolver, getTotals, lintDocument, loadConfig, Source } = await loadRedocly();
  if (!configs.has(job.configPath)) configs.set(job.configPath, loadConfig({ configPath: job.configPath }));
  let config;
  try {
    config = await configs.get(job.configPath);
  } catch (e) {
    throw new Error(${JSON.stringify(LINT_CONFIG)} + String((e && e.message) || e));
  }
  const document = { source: new Source(job.absoluteRef, JSON.stringify(job.doc)), parsed: job.doc };
  const problems = await lintDocument({ document, config, externalRefResolver: new BaseResolver(config.resolve) });
  const totals = getTotals(problems);
  return {
    errors: totals.errors,
    warnings: totals.warnings,
    problems: problems.map((p) => ({ ruleId: p.ruleId, severity: p.severity, message: p.message, pointer: (p.location[0]?.pointer ?? '').replace(/^#/, '') })),
  };
}
// What openapiTS(doc, { silent: true, defaultNonNullable: false, transform }) prints, without its
// Redocly lint and bundle (two thirds of its time): a tag document is already one file whose refs
// all point inside it, which the bundle returns unchanged (test/path-map.test.ts compares both
// over every real tag document). Its context is openapiTS's, field for field.
function pathMap(doc) {
  const dangling = danglingRef(doc, doc, new Set());
  if (dangling !== undefined) throw new Error('$ref ' + dangling + ' points nowhere in the document');
  const ctx = {
    additionalProperties: false, alphabetize: false, arrayLength: false,
    // Defaults are filled in by the server: a field with a default is still optional to send.
    defaultNonNullable: false,
    // Its two walks of the whole document find nothing where no object names a discriminator.
    discriminators: hasDiscriminator(doc) ? ots.scanDiscriminators(doc, { silent: true }) : { objects: {}, refsHandled: [] },
    emptyObjectsUnknown: false, enum: false, enumValues: false, conditionalEnums: false, dedupeEnums: false,
    excludeDeprecated: false, exportType: false, immutable: false, rootTypes: false, rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false, injectFooter: [], pathParamsAsTypes: false, postTransform: undefined,
    propertiesRequiredByDefault: false, redoc: undefined, silent: true, inject: undefined, transform,
    transformProperty: undefined, makePathsEnum: false, generatePathParams: false, readWriteMarkers: false,
    resolve: ($ref) => ots.resolveRef(doc, $ref, { silent: true }),
  };
  return ots.astToString(ots.transformSchema(doc, ctx));
}
// Whether an object under node has a discriminator with a propertyName (what scanDiscriminators looks for).
function hasDiscriminator(node) {
  if (Array.isArray(node)) return node.some(hasDiscriminator);
  if (!node || typeof node !== 'object') return false;
  if (node.discriminator && node.discriminator.propertyName) return true;
  for (const k of Object.keys(node)) if (hasDiscriminator(node[k])) return true;
  return false;
}
// The first local $ref under node that does not resolve in doc (what the bundle would reject);
// resolved: the refs already found to resolve.
function danglingRef(node, doc, resolved) {
  if (Array.isArray(node)) {
    for (const x of node) { const d = danglingRef(x, doc, resolved); if (d !== undefined) return d; }
  } else if (node && typeof node === 'object') {
    for (const k in node) {
      if (!Object.hasOwn(node, k)) continue;
      const v = node[k];
      if (k === '$ref' && typeof v === 'string') {
        if (resolved.has(v)) continue;
        if (!resolves(doc, v)) return v;
        resolved.add(v);
      } else if (v !== null && typeof v === 'object') {
        const d = danglingRef(v, doc, resolved);
        if (d !== undefined) return d;
      }
    }
  }
  return undefined;
}
function resolves(doc, ref) {
  if (!ref.startsWith('#/')) return false;
  let node = doc;
  for (const part of ref.slice(2).split('/')) {
    const key = decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, key)) return false;
    node = node[key];
  }
  return true;
}
// One job at a time, in the order sent (a lint awaits inside; its results come back in order).
let queue = Promise.resolve();
parentPort.on('message', ({ id, job }) => {
  queue = queue.then(async () => {
    try {
      parentPort.postMessage({ id, output: await run(job) });
    } catch (e) {
      parentPort.postMessage({ id, error: String((e && e.message) || e) });
    }
  });
});
`;

/**
 * The worker body's own version, in the cache key of every step it computes: a change to how it
 * runs a tool (not only the tool's version) must not be answered from the cache. A hash of the
 * text, not the generator's fingerprint, so a run from the sources and one from the build share
 * their entries (the worker's text is the same string in both).
 */
export const WORKER_VERSION = createHash('sha256').update(WORKER).digest('hex').slice(0, 16);

interface Pending {
  worker: number;
  resolve: (output: unknown) => void;
  reject: (e: Error) => void;
}

/**
 * The CPU-heavy, independent steps of a run (openapi-typescript, Redocly's lint, prettier where
 * needed) on worker threads, while the main thread reconciles, emits and verifies. Results are
 * the same as running them in-process, so the output does not depend on scheduling.
 */
export class EmitWorkers {
  private readonly workers: Array<Worker | undefined> = [undefined, undefined, undefined];
  private readonly modules: Record<string, string>;
  private readonly pending = new Map<number, Pending>();
  private next = 0;
  private closing = false;

  constructor(private readonly cache: ContentCache) {
    // Resolved here, where the generator's dependencies are (an eval'd worker has no location of its own).
    const require = createRequire(import.meta.url);
    this.modules = {
      prettier: require.resolve('prettier'),
      otsTransform: require.resolve('openapi-typescript/dist/transform/index.cjs'),
      otsUtils: require.resolve('openapi-typescript/dist/lib/utils.cjs'),
      otsTs: require.resolve('openapi-typescript/dist/lib/ts.cjs'),
      typescript: require.resolve('typescript'),
      redocly: pathToFileURL(require.resolve('@redocly/openapi-core')).href,
      dateMarker: DATE_MARKER,
    };
    // A run that will compute its steps (no cache, or an empty one) starts the types and lint
    // workers now, so TypeScript and Redocly load on their threads while the main one reconciles.
    // A run with a filled cache starts a worker on its first miss: a run whose steps all hit, or
    // one that stops at a bad input, never loads them (each costs about a CPU-second).
    if (!startsCold(cache)) return;
    this.spawn(TYPES);
    this.spawn(LINT);
  }

  private spawn(role: number): Worker {
    const started = this.workers[role];
    if (started) return started;
    const w = new Worker(WORKER, {
      eval: true,
      workerData: { ...this.modules, role, options: PRETTIER_OPTIONS },
    });
    w.on('message', ({ id, output, error }: { id: number; output?: unknown; error?: string }) =>
      this.settle(id, output, error),
    );
    // A worker that dies takes its jobs with it: fail them rather than hang.
    w.on('error', (e) => this.failAll(e));
    w.on(
      'exit',
      (code) => !this.closing && code !== 0 && this.failAll(new Error(`emit worker exited with code ${code}`)),
    );
    w.unref();
    this.workers[role] = w;
    return w;
  }

  /** prettier's print of a source (or its cached copy), for a file emit cannot print itself. */
  format(source: string, parser: 'typescript' | 'markdown'): Promise<string> {
    const key = ['prettier', toolVersion('prettier'), WORKER_VERSION, JSON.stringify(PRETTIER_OPTIONS), parser, source];
    return this.cache
      .memo(key, () => this.run<string>(FORMAT, { kind: 'format', source, parser }))
      .catch((e: Error) => {
        throw new GeneratorError('EMIT_FAILED', `generated code does not parse: ${e.message.split('\n')[0]}`, {
          cause: e,
          hint: 'this is a generator bug',
        });
      });
  }

  /** openapi-typescript's printed types for a document, or their cached copy. */
  pathMap(doc: unknown): Promise<string> {
    const key = () => [
      'openapi-typescript',
      toolVersion('openapi-typescript'),
      WORKER_VERSION,
      DATE_MARKER,
      JSON.stringify(doc),
    ];
    return this.cache.memo(key, () => this.run<string>(TYPES, { kind: 'pathMap', doc }));
  }

  /** Redocly's lint of a document (named `absoluteRef` in its findings) with the configuration at `configPath`. */
  lint(doc: unknown, absoluteRef: string, configPath: string): Promise<LintFindings> {
    return this.run<LintFindings>(LINT, { kind: 'lint', doc, absoluteRef, configPath }).catch((e: Error) => {
      throw e.message.startsWith(LINT_CONFIG)
        ? lintConfigError(configPath, new Error(e.message.slice(LINT_CONFIG.length)))
        : e;
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w?.terminate()));
  }

  private run<T>(worker: number, job: Job): Promise<T> {
    const id = this.next++;
    const w = this.spawn(worker);
    w.ref();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { worker, resolve: resolve as (output: unknown) => void, reject });
      w.postMessage({ id, job });
    });
  }

  private settle(id: number, output: unknown, error: string | undefined): void {
    const job = this.pending.get(id);
    if (!job) return;
    this.pending.delete(id);
    if (this.load(job.worker) === 0) this.workers[job.worker]?.unref();
    if (error !== undefined) job.reject(new Error(error));
    else job.resolve(output);
  }

  private load(worker: number): number {
    let n = 0;
    for (const p of this.pending.values()) if (p.worker === worker) n++;
    return n;
  }

  private failAll(cause: Error): void {
    for (const job of this.pending.values()) job.reject(cause);
    this.pending.clear();
  }
}

/** Whether a run with this cache will compute its steps: no cache, or one with no entry yet. */
function startsCold(cache: ContentCache): boolean {
  if (!cache.dir) return true;
  try {
    return readdirSync(cache.dir).length === 0;
  } catch {
    return true;
  }
}

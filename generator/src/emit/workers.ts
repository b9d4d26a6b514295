import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { toolVersion, type ContentCache } from '../cache.js';
import { GeneratorError } from '../errors.js';

export const PRETTIER_OPTIONS = { printWidth: 120, singleQuote: true, trailingComma: 'all' } as const;

/** A schema marked so is typed `Date` in the path map (a time parameter's extra alternative; see emit/path-map.ts). */
export const DATE_MARKER = 'x-losant-typed-as-date';

type Job = { kind: 'format'; source: string; parser: 'typescript' | 'markdown' } | { kind: 'pathMap'; doc: unknown };

/**
 * Worker body (plain JS: it runs the same under tsx, vitest and the compiled CLI). The first
 * worker owns openapi-typescript, which loads the TypeScript compiler (the slowest import of
 * the run) off the main thread while it reconciles; every worker formats with prettier.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const prettier = require(workerData.prettier);
// openapi-typescript's transforms and printer, not its entry module (which loads Redocly for the
// bundle this worker does not run).
const ots = workerData.pathMaps
  ? { transformSchema: require(workerData.otsTransform), ...require(workerData.otsUtils), astToString: require(workerData.otsTs).astToString }
  : undefined;
const ts = workerData.pathMaps ? require(workerData.typescript) : undefined;
// A time parameter's extra alternative (emit/path-map.ts): the type \`Date\`.
const transform = (schema) => (schema && schema[workerData.dateMarker] === true ? ts.factory.createTypeReferenceNode('Date') : undefined);
async function run(job) {
  // babel-ts, not typescript: the same output for everything the templates produce (every
  // generated file compared), in about two thirds of the CPU time.
  if (job.kind === 'format') return prettier.format(job.source, { ...workerData.options, parser: job.parser === 'typescript' ? 'babel-ts' : job.parser });
  return pathMap(job.doc);
}
// What openapiTS(doc, { silent: true, defaultNonNullable: false, transform }) prints, without its
// Redocly lint and bundle (two thirds of its time): a tag document is already one file whose refs
// all point inside it, which the bundle returns unchanged (test/path-map.test.ts compares both
// over every real tag document). Its context is openapiTS's, field for field.
function pathMap(doc) {
  const dangling = danglingRef(doc, doc);
  if (dangling !== undefined) throw new Error('$ref ' + dangling + ' points nowhere in the document');
  const ctx = {
    additionalProperties: false, alphabetize: false, arrayLength: false,
    // Defaults are filled in by the server: a field with a default is still optional to send.
    defaultNonNullable: false,
    discriminators: ots.scanDiscriminators(doc, { silent: true }),
    emptyObjectsUnknown: false, enum: false, enumValues: false, conditionalEnums: false, dedupeEnums: false,
    excludeDeprecated: false, exportType: false, immutable: false, rootTypes: false, rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false, injectFooter: [], pathParamsAsTypes: false, postTransform: undefined,
    propertiesRequiredByDefault: false, redoc: undefined, silent: true, inject: undefined, transform,
    transformProperty: undefined, makePathsEnum: false, generatePathParams: false, readWriteMarkers: false,
    resolve: ($ref) => ots.resolveRef(doc, $ref, { silent: true }),
  };
  return ots.astToString(ots.transformSchema(doc, ctx));
}
// The first local $ref under node that does not resolve in doc (what the bundle would reject).
function danglingRef(node, doc) {
  if (Array.isArray(node)) {
    for (const x of node) { const d = danglingRef(x, doc); if (d !== undefined) return d; }
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') { if (!resolves(doc, v)) return v; }
      else { const d = danglingRef(v, doc); if (d !== undefined) return d; }
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
parentPort.on('message', async ({ id, job }) => {
  try {
    parentPort.postMessage({ id, output: await run(job) });
  } catch (e) {
    parentPort.postMessage({ id, error: String((e && e.message) || e) });
  }
});
`;

interface Pending {
  worker: number;
  resolve: (s: string) => void;
  reject: (e: Error) => void;
}

/**
 * The CPU-heavy, independent steps of emit (prettier, openapi-typescript) on worker threads,
 * while the main thread renders templates and runs the checks. Results are the same as running
 * them in-process, so the output does not depend on scheduling.
 */
export class EmitWorkers {
  private readonly workers: Array<Worker | undefined>;
  private readonly modules: Record<string, string>;
  private readonly pending = new Map<number, Pending>();
  private next = 0;
  private closing = false;

  constructor(
    private readonly cache: ContentCache,
    size = Math.max(1, Math.min(4, availableParallelism())),
  ) {
    // Resolved here, where the generator's dependencies are (an eval'd worker has no location of its own).
    const require = createRequire(import.meta.url);
    this.modules = {
      prettier: require.resolve('prettier'),
      otsTransform: require.resolve('openapi-typescript/dist/transform/index.cjs'),
      otsUtils: require.resolve('openapi-typescript/dist/lib/utils.cjs'),
      otsTs: require.resolve('openapi-typescript/dist/lib/ts.cjs'),
      typescript: require.resolve('typescript'),
      dateMarker: DATE_MARKER,
    };
    this.workers = Array.from({ length: size }, () => undefined);
    // A run that will compute its steps (no cache, or an empty one) starts every worker now, so
    // prettier and the TypeScript compiler load on their threads while the main one reconciles.
    // A run with a filled cache starts a worker on its first miss: a run whose steps all hit, or
    // one that stops at a bad input, never loads them (each costs about a CPU-second).
    if (!startsCold(cache)) return;
    for (let i = 0; i < size; i++) this.spawn(i);
  }

  private spawn(i: number): Worker {
    const started = this.workers[i];
    if (started) return started;
    const w = new Worker(WORKER, {
      eval: true,
      workerData: { ...this.modules, pathMaps: i === 0, options: PRETTIER_OPTIONS },
    });
    w.on('message', ({ id, output, error }: { id: number; output?: string; error?: string }) =>
      this.settle(id, output, error),
    );
    // A worker that dies takes its jobs with it: fail them rather than hang.
    w.on('error', (e) => this.failAll(e));
    w.on(
      'exit',
      (code) => !this.closing && code !== 0 && this.failAll(new Error(`emit worker exited with code ${code}`)),
    );
    w.unref();
    this.workers[i] = w;
    return w;
  }

  /** prettier on the least busy worker (or its cached output for the same source). */
  format(source: string, parser: 'typescript' | 'markdown'): Promise<string> {
    const key = ['prettier', toolVersion('prettier'), JSON.stringify(PRETTIER_OPTIONS), parser, source];
    return this.cache
      .memo(key, () => this.run(this.leastBusy(), { kind: 'format', source, parser }))
      .catch((e: Error) => {
        throw new GeneratorError('EMIT_FAILED', `generated code does not parse: ${e.message.split('\n')[0]}`, {
          cause: e,
          hint: 'this is a generator bug',
        });
      });
  }

  /** openapi-typescript's printed types for a document (always the first worker: it has the compiler loaded), or their cached copy. */
  pathMap(doc: unknown): Promise<string> {
    const key = ['openapi-typescript', toolVersion('openapi-typescript'), DATE_MARKER, JSON.stringify(doc)];
    return this.cache.memo(key, () => this.run(0, { kind: 'pathMap', doc }));
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w?.terminate()));
  }

  private run(worker: number, job: Job): Promise<string> {
    const id = this.next++;
    const w = this.spawn(worker);
    w.ref();
    return new Promise<string>((resolve, reject) => {
      this.pending.set(id, { worker, resolve, reject });
      w.postMessage({ id, job });
    });
  }

  private settle(id: number, output: string | undefined, error: string | undefined): void {
    const job = this.pending.get(id);
    if (!job) return;
    this.pending.delete(id);
    if (this.load(job.worker) === 0) this.workers[job.worker]?.unref();
    if (error !== undefined) job.reject(new Error(error));
    else job.resolve(output!);
  }

  private load(worker: number): number {
    let n = 0;
    for (const p of this.pending.values()) if (p.worker === worker) n++;
    return n;
  }

  private leastBusy(): number {
    let best = 0;
    for (let i = 1; i < this.workers.length; i++) if (this.load(i) < this.load(best)) best = i;
    return best;
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

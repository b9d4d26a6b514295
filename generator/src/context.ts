// What one run of the generator carries: its step cache, its worker pool, where its time went and
// where it logs. Created by whoever starts the run (the CLI, a test, spec:bump) and passed down;
// nothing of a run lives in module state, so two runs in one process never share anything.
import { ContentCache } from './cache.js';
import { EmitWorkers } from './emit/workers.js';

/** Wall-clock time spent per pipeline stage, summed over the run (`generate --timings` prints it). */
export class Timings {
  readonly #spent = new Map<string, number>();

  async timed<T>(stage: string, work: () => T | Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.#spent.set(stage, (this.#spent.get(stage) ?? 0) + performance.now() - started);
    }
  }

  entries(): Array<[stage: string, ms: number]> {
    return [...this.#spent.entries()].map(([k, v]) => [k, Math.round(v)]);
  }
}

export interface RunContext {
  /** The content-addressed cache of the costly pure steps (off when it has no directory). */
  readonly cache: ContentCache;
  readonly timings: Timings;
  readonly log: (line: string) => void;
  /** The run's worker threads (openapi-typescript, Redocly's lint, prettier), started on first use. */
  workers(): EmitWorkers;
  /** Stop the workers, if they were started. */
  close(): Promise<void>;
}

export function createRunContext(
  o: { cacheDir?: string | undefined; log?: ((line: string) => void) | undefined } = {},
): RunContext {
  const cache = new ContentCache(o.cacheDir);
  let workers: EmitWorkers | undefined;
  return {
    cache,
    timings: new Timings(),
    log: o.log ?? (() => {}),
    workers: () => (workers ??= new EmitWorkers(cache)),
    async close() {
      const started = workers;
      workers = undefined;
      await started?.close();
    },
  };
}

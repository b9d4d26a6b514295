/** Wall-clock time spent per pipeline stage, summed over the run (`generate --timings` prints it). */
const spent = new Map<string, number>();

export async function timed<T>(stage: string, work: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    spent.set(stage, (spent.get(stage) ?? 0) + performance.now() - started);
  }
}

export function timings(): Array<[stage: string, ms: number]> {
  return [...spent.entries()].map(([k, v]) => [k, Math.round(v)]);
}

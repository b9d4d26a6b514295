/**
 * Shared against own deadlines on Node (issue 20: workerd gets its own per attempt; is sharing
 * still worth it on Node?): batches of 2,000 fetches of a loopback server, 64 at a time, each with
 * the signal of `deadline(60_000, …, shared)`, the two kinds interleaved, median of 10 batches; then
 * the time to create 10,000 live deadlines and the heap each holds. Run by hand:
 *
 *   pnpm build && pnpm --filter @losant-sdk/bench exec node --expose-gc --import tsx deadlines.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deadline } from '../packages/core/dist/deadline.js';

const body = JSON.stringify({ x: 'y'.repeat(2900) });
const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
const gc = (globalThis as { gc?: () => void }).gc;

async function batch(shared: boolean, n: number, concurrency: number): Promise<number> {
  let i = 0;
  const worker = async () => {
    while (i++ < n) {
      const d = deadline(60_000, undefined, false, shared);
      const response = await fetch(url, d.signal ? { signal: d.signal } : {});
      await response.json();
      d.release();
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return performance.now() - start;
}

await batch(true, 1000, 64);
await batch(false, 1000, 64);
const times: Record<'shared' | 'own', number[]> = { shared: [], own: [] };
for (let round = 0; round < 10; round++)
  for (const shared of round % 2 ? [true, false] : [false, true])
    times[shared ? 'shared' : 'own'].push(await batch(shared, 2000, 64));
const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
console.log(
  `2,000 fetches, 64 at a time, median of 10 batches: shared ${median(times.shared).toFixed(0)} ms, own ${median(times.own).toFixed(0)} ms`,
);
if (!gc) console.log('(run with node --expose-gc for the heap figures)');
for (const shared of [true, false, true, false]) {
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const start = performance.now();
  const live = Array.from({ length: 10_000 }, () => deadline(60_000, undefined, false, shared));
  const ms = performance.now() - start;
  gc?.();
  const perDeadline = (process.memoryUsage().heapUsed - before) / live.length;
  for (const d of live) d.release();
  console.log(
    `10,000 live deadlines, ${shared ? 'shared' : 'own'}: ${ms.toFixed(1)} ms to create, ${(perDeadline / 1024).toFixed(2)} KiB of heap each`,
  );
}
server.close();

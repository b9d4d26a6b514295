/**
 * Request overhead on a loopback server (its own process): the SDK vs raw fetch vs bare
 * openapi-fetch vs Losant's losant-rest (axios). Each round is a fresh process that runs every
 * client interleaved (see requests/client.ts); memory is one process per client. Medians of
 * BENCH_ROUNDS rounds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { BENCH_DIR, median, ratio, runTimed, table } from './lib/measure.js';
import type { Section } from './lib/report.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const CLIENTS = [
  'fetch',
  'openapi-fetch',
  'sdk',
  'sdk-detached',
  'sdk-unbound',
  'sdk-timeout-0',
  'sdk+undici',
  'compat',
  'losant-rest',
] as const;
type Client = (typeof CLIENTS)[number];
const LABEL: Record<Client, string> = {
  fetch: 'raw `fetch` (Node 20 undici)',
  'openapi-fetch': 'bare openapi-fetch 0.17',
  sdk: '`@losant-sdk/applications` (defaults: 60 s timeout, 2 retries)',
  'sdk-detached': '`@losant-sdk/applications`, the method taken off its object',
  'sdk-unbound': "`@losant-sdk/applications`, the class's unbound method (as before binding)",
  'sdk-timeout-0': '`@losant-sdk/applications`, `timeout: 0` (no per-request deadline)',
  compat: '`@losant-sdk/sdk/compat` (losant-rest drop-in: no timeout, no retries)',
  'sdk+undici': '`@losant-sdk/applications`, `fetch` option = undici 7.30 fetch',
  'losant-rest': 'losant-rest 2.8.1 (axios 0.21)',
};
const TSX = ['--import', 'tsx'];

async function startServer(): Promise<{ child: ChildProcess; port: number; control: number }> {
  const child = spawn(process.execPath, [...TSX, join(BENCH_DIR, 'requests', 'server.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  return { child, ...(JSON.parse(first) as { port: number; control: number }) };
}

async function measure<T>(
  mode: string,
  server: { port: number; control: number },
  clients: readonly Client[],
): Promise<T> {
  const { stdout } = await runTimed(
    process.execPath,
    [
      ...TSX,
      '--expose-gc',
      join(BENCH_DIR, 'requests', 'client.ts'),
      mode,
      String(server.port),
      String(server.control),
      ...clients,
    ],
    { cwd: BENCH_DIR },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
}

export async function requests(): Promise<Section> {
  const server = await startServer();
  try {
    const results = Object.fromEntries(
      CLIENTS.map((c) => [c, { sequential: [] as number[], concurrent: [] as number[], heap: [] as number[] }]),
    );
    let requestsPerRun = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const order = CLIENTS.map((_, i) => CLIENTS[(i + round) % CLIENTS.length]!);
      type Speed = { ms: Record<Client, number>; requests: number };
      const seq = await measure<Speed>('sequential', server, order);
      const con = await measure<Speed>('concurrent', server, order);
      requestsPerRun = seq.requests;
      for (const c of order) {
        const mem = await measure<{ heapBytes: number; inFlight: number }>('memory', server, [c]);
        results[c]!.sequential.push(seq.ms[c]);
        results[c]!.concurrent.push(con.ms[c]);
        results[c]!.heap.push(mem.heapBytes / mem.inFlight);
      }
    }
    const med = Object.fromEntries(
      CLIENTS.map((c) => [
        c,
        { seq: median(results[c]!.sequential), con: median(results[c]!.concurrent), heap: median(results[c]!.heap) },
      ]),
    ) as Record<Client, { seq: number; con: number; heap: number }>;
    const perReq = (totalMs: number) => `${((totalMs * 1000) / requestsPerRun).toFixed(1)} µs`;
    const rps = (totalMs: number) => Math.round(requestsPerRun / (totalMs / 1000)).toLocaleString('en-US');
    const sdk = med.sdk;
    const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
    const goals: Array<[string, string, boolean]> = [];
    for (const [mode, key] of [
      ['sequential', 'seq'],
      ['64-way concurrent', 'con'],
    ] as const) {
      const toFetch = sdk[key] / med.fetch[key];
      const toOpenapiFetch = sdk[key] / med['openapi-fetch'][key];
      const toLosantRest = sdk[key] / med['losant-rest'][key];
      goals.push([`${mode}: SDK ≤ 1.10× raw fetch`, ratio(toFetch), toFetch <= 1.1]);
      goals.push([`${mode}: SDK ≤ 1.05× bare openapi-fetch`, ratio(toOpenapiFetch), toOpenapiFetch <= 1.05]);
      goals.push([`${mode}: SDK faster than losant-rest`, ratio(toLosantRest), toLosantRest < 1]);
    }
    for (const [mode, key] of [
      ['sequential', 'seq'],
      ['64-way concurrent', 'con'],
    ] as const) {
      const bound = Math.max(sdk[key], med['sdk-detached'][key]) / med['sdk-unbound'][key];
      goals.push([
        `${mode}: bound methods (called or detached) ≤ 1.02× the unbound method`,
        ratio(bound),
        bound <= 1.02,
      ]);
    }
    const heapGoal = med['openapi-fetch'].heap + 1024;
    goals.push([
      "JS heap per in-flight request ≤ bare openapi-fetch's + 1 KiB",
      `${kib(sdk.heap)} (goal ${kib(heapGoal)})`,
      sdk.heap <= heapGoal,
    ]);
    const markdown = [
      `${requestsPerRun.toLocaleString('en-US')} GETs of \`/applications/{applicationId}\` (2.9 KB JSON body, parsed) per client per round, after 1,000 warm-up requests; the clients interleaved in 20 batches within one process per round, order rotating; median of ${ROUNDS} rounds. Memory: JS heap held per request while 1,000 are in flight on already-open connections, one process per client.`,
      '',
      table(
        [
          'client',
          'sequential: total',
          'per request',
          'ratio to fetch',
          '64 concurrent: total',
          'req/s',
          'ratio to fetch',
          'JS heap per in-flight request',
        ],
        CLIENTS.map((c) => [
          LABEL[c],
          `${Math.round(med[c].seq)} ms`,
          perReq(med[c].seq),
          ratio(med[c].seq / med.fetch.seq),
          `${Math.round(med[c].con)} ms`,
          rps(med[c].con),
          ratio(med[c].con / med.fetch.con),
          kib(med[c].heap),
        ]),
      ),
    ].join('\n');
    return {
      name: 'requests',
      markdown,
      goals: goals.map(([goal, measured, met]) => ({ goal, measured, met })),
      data: { rounds: ROUNDS, requestsPerRun, raw: results, medians: med },
    };
  } finally {
    server.child.kill('SIGTERM');
  }
}

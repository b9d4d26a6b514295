/**
 * `client.ts <mode> <port> <controlPort> <client>...`, in a fresh process; prints one JSON line.
 * sequential: 10,000 GETs per client, one after another; concurrent: 10,000 per client, 64 in
 * flight (both interleave the clients in batches); memory: the JS heap held by 1,000 in-flight
 * GETs of one client (needs --expose-gc).
 */
import { request } from 'node:http';
import { createRequire } from 'node:module';
import createClient from 'openapi-fetch';
import { fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';
import { createApplicationsApi, type paths } from '@losant-sdk/applications';
import { createClient as createCompatClient } from '@losant-sdk/sdk/compat';

const [mode, port, controlPort, ...names] = process.argv.slice(2) as [string, string, string, ...string[]];
const baseUrl = `http://127.0.0.1:${port}`;
const APPLICATION_ID = '575ec8687ae143cd83dc4a97';
const TOKEN = 'bench-token';
const COUNT = Number(process.env['BENCH_REQUESTS'] ?? 10_000);
const BATCHES = 20;
const CONCURRENCY = 64;
const IN_FLIGHT = 1_000;
// What the SDK sends, so the bare clients do the same work on the wire.
const HEADERS = { authorization: `Bearer ${TOKEN}`, accept: 'application/json', 'accept-version': '^1.29.4' };

type Get = () => Promise<unknown>;

function makeClient(name: string): Get {
  switch (name) {
    case 'fetch':
      return async () => {
        const res = await fetch(`${baseUrl}/applications/${APPLICATION_ID}`, { headers: HEADERS });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return res.json();
      };
    case 'openapi-fetch': {
      const client = createClient<paths>({ baseUrl, headers: HEADERS });
      return async () => {
        const { data, error } = await client.GET('/applications/{applicationId}', {
          params: { path: { applicationId: APPLICATION_ID } },
        });
        if (error !== undefined) throw new Error(JSON.stringify(error));
        return data;
      };
    }
    case 'sdk': {
      const api = createApplicationsApi({ token: TOKEN, baseUrl });
      return () => api.application.get({ applicationId: APPLICATION_ID });
    }
    case 'sdk-detached': {
      // A method taken off its resource (bound once, when the client is made).
      const get = createApplicationsApi({ token: TOKEN, baseUrl }).application.get;
      return () => get({ applicationId: APPLICATION_ID });
    }
    case 'sdk-unbound': {
      // The class's own method, called on its object as before methods were bound: the baseline
      // for the cost of binding.
      const resource = createApplicationsApi({ token: TOKEN, baseUrl }).application;
      const method = (Object.getPrototypeOf(resource) as typeof resource).get;
      return () => method.call(resource, { applicationId: APPLICATION_ID });
    }
    case 'compat': {
      const client = createCompatClient({ accessToken: TOKEN, url: baseUrl });
      return () => client.application.get({ applicationId: APPLICATION_ID });
    }
    case 'sdk-timeout-0': {
      // No timeout and no caller signal: the SDK gives fetch no AbortSignal at all.
      const api = createApplicationsApi({ token: TOKEN, baseUrl, timeout: 0 });
      return () => api.application.get({ applicationId: APPLICATION_ID });
    }
    case 'sdk+undici': {
      // The `fetch` option with undici 7's fetch, which is faster than the one Node 20 bundles.
      const api = createApplicationsApi({
        token: TOKEN,
        baseUrl,
        fetch: (req) => {
          // The global and undici 7's web types are the same at runtime but distinct to TypeScript.
          const init = {
            method: req.method,
            headers: req.headers,
            body: req.body,
            signal: req.signal,
            duplex: 'half',
          } as unknown as UndiciRequestInit;
          return undiciFetch(req.url, init) as unknown as Promise<Response>;
        },
      });
      return () => api.application.get({ applicationId: APPLICATION_ID });
    }
    case 'losant-rest': {
      const { createClient: createLosantRest } = createRequire(import.meta.url)('losant-rest') as {
        createClient(o: { accessToken: string; url: string }): {
          application: { get(p: { applicationId: string }): Promise<unknown> };
        };
      };
      const client = createLosantRest({ accessToken: TOKEN, url: baseUrl });
      return () => client.application.get({ applicationId: APPLICATION_ID });
    }
    default:
      throw new Error(`unknown client ${name}`);
  }
}

function control(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: Number(controlPort), path, agent: false }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d));
      res.on('end', () => resolve(text));
    })
      .on('error', reject)
      .end();
  });
}

async function sequential(get: Get, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await get();
}

async function concurrent(get: Get, n: number): Promise<void> {
  let started = 0;
  const lane = async () => {
    while (started < n) {
      started++;
      await get();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
}

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('memory mode needs node --expose-gc');
  g();
  g();
}

const clients = names.map((name) => ({ name, get: makeClient(name) }));
for (const { name, get } of clients) {
  // Every client must hand back the parsed body, or it is not doing the same work.
  const check = (await get()) as { applicationId?: unknown };
  if (typeof check.applicationId !== 'string')
    throw new Error(`${name}: unexpected body ${JSON.stringify(check).slice(0, 200)}`);
  await sequential(get, 1_000); // warm-up: JIT, connection pool
}

if (mode === 'sequential' || mode === 'concurrent') {
  // Interleaved: COUNT requests per client in BATCHES batches, the client order rotating per
  // batch, so drift in machine speed (a shared VM) falls on every client alike.
  const totals = Object.fromEntries(clients.map((c) => [c.name, 0]));
  for (let batch = 0; batch < BATCHES; batch++) {
    for (let i = 0; i < clients.length; i++) {
      const { name, get } = clients[(i + batch) % clients.length]!;
      const t = performance.now();
      await (mode === 'sequential' ? sequential(get, COUNT / BATCHES) : concurrent(get, COUNT / BATCHES));
      totals[name]! += performance.now() - t;
    }
  }
  console.log(JSON.stringify({ ms: totals, requests: COUNT }));
} else if (mode === 'memory') {
  if (clients.length !== 1) throw new Error('memory mode measures one client per process');
  const { get } = clients[0]!;
  // A first held burst opens the IN_FLIGHT connections the measured burst reuses: what is
  // counted is the client's per-request cost, not the sockets every client needs alike.
  const burst = async (measure: boolean) => {
    await control('/hold');
    gc();
    const before = process.memoryUsage();
    const inFlight = Array.from({ length: IN_FLIGHT }, () => get());
    while (Number(await control('/pending')) < IN_FLIGHT) await new Promise((r) => setTimeout(r, 20));
    if (measure) gc();
    const during = process.memoryUsage();
    await control('/release');
    await Promise.all(inFlight);
    return { before, during };
  };
  await burst(false);
  const { before, during } = await burst(true);
  console.log(JSON.stringify({ heapBytes: during.heapUsed - before.heapUsed, inFlight: IN_FLIGHT }));
} else throw new Error(`unknown mode ${mode}`);
process.exit(0);

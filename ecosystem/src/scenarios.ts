/**
 * The scenario program: one run per runtime, in that runtime, importing the SDK as a user would
 * (the packages installed from the packed tarballs). It runs every scenario of its runtime in
 * turn and reports each one as passed or failed with a reason; it never throws.
 *
 * Compiled by the suite with esbuild: as ESM for Node, Deno and Bun, as CommonJS for Node's
 * `require()`, and bundled for Chromium and workerd.
 */
import {
  LosantAbortError,
  LosantApiError,
  LosantTimeoutError,
  createLosantClient,
  type ClientOptions,
  type LosantApi,
} from '@losant-sdk/sdk';
import { createDevicesApi } from '@losant-sdk/devices';
import {
  CUSTOM_HEADER,
  EARLY_MS,
  LATE_MS,
  LEGS,
  TOKEN,
  applicationIdOf,
  scenariosFor,
  type ScenarioConfig,
  type ScenarioName,
  type ScenarioResult,
} from './plan.js';

/** Thrown by a check: the scenario fails with this reason. */
class Failed extends Error {
  override name = 'Failed';
}

function check(condition: unknown, reason: string): asserts condition {
  if (!condition) throw new Failed(reason);
}

const describe = (error: unknown): string =>
  error instanceof LosantApiError
    ? `${error.name} ${error.status} ${error.type}: ${error.message}`
    : error instanceof Error
      ? `${error.name}: ${error.message}`
      : String(error);

/** A device ID per use: never-answered requests are told apart by it. */
const heldId = (n: number) => `c${String(n).padStart(23, '0')}`;

type Scenario = (c: Context) => Promise<string>;

interface Context {
  readonly config: ScenarioConfig;
  readonly applicationId: string;
  readonly losant: LosantApi;
  client(options?: ClientOptions): LosantApi;
  /** Whether the server holds a request of `key`, unanswered (waits up to `waitMs` for it to arrive). */
  arrived(key: string, waitMs?: number): Promise<boolean>;
  /** Whether the server saw the connection of `key` close (waits up to `waitMs`). */
  closed(key: string, waitMs?: number): Promise<{ closed: boolean; ms?: number }>;
}

/** How long until `promise` settles, and with what error. */
async function timed(promise: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const start = Date.now();
  try {
    await promise;
    return { ms: Date.now() - start, error: undefined };
  } catch (error) {
    return { ms: Date.now() - start, error };
  }
}

/** One leg of `mixed-timeouts`: a call to a route that never answers, with its own timeout. */
export async function leg(config: ScenarioConfig, index: number): Promise<{ ms: number; error: string }> {
  const losant = createLosantClient({ baseUrl: config.api, token: TOKEN, maxRetries: 0 });
  const { timeout, answered } = LEGS[index]!;
  const applicationId = applicationIdOf(config.runtime);
  const deviceId = answered ? `b${heldId(100 + index).slice(1)}` : heldId(100 + index);
  const { ms, error } = await timed(losant.device.get({ applicationId, deviceId }, { timeout }));
  return {
    ms,
    error: error === undefined ? 'none' : error instanceof LosantTimeoutError ? 'LosantTimeoutError' : describe(error),
  };
}

/** The earliest a timeout may be seen to fire: never assert a duration tightly. */
const earliest = (timeout: number) => Math.min(timeout - EARLY_MS, timeout / 2);

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const SCENARIOS: Record<ScenarioName, Scenario> = {
  async 'query-get'(c) {
    const { devices } = createDevicesApi({
      baseUrl: c.config.api,
      token: TOKEN,
      headers: { [CUSTOM_HEADER]: c.config.runtime },
    });
    const result = await devices.get({
      applicationId: c.applicationId,
      filter: 'pump *',
      perPage: 50,
      sortField: 'name',
      tagFilter: [{ key: 'floor', value: '8' }],
      query: { name: 'x' },
    });
    check(result.items?.[0]?.name === `pump of ${c.config.runtime}`, `got ${JSON.stringify(result)}`);
    return 'the tag package sent the exact query and headers';
  },

  async 'json-post'(c) {
    const result = await c.losant.data.timeSeriesQuery({
      applicationId: c.applicationId,
      query: {
        aggregation: 'MEAN',
        attributes: ['voltage'],
        deviceTags: [{ key: 'floor', value: '8' }],
        duration: 600000,
        end: 0,
        resolution: 300000,
      },
    });
    check(result.resolution === 300000, `got ${JSON.stringify(result)}`);
    return 'exact body';
  },

  async 'multipart-upload'(c) {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const file = new File([bytes], 'readings.bin', { type: 'application/octet-stream' });
    const result = await c.losant.file.upload({ applicationId: c.applicationId, fileId: 'f'.repeat(24), file });
    check((result as { success?: boolean }).success === true, `got ${JSON.stringify(result)}`);
    return '256 bytes as readings.bin';
  },

  async 'file-round-trip'(c) {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => 255 - i);
    const read = async (stream: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(stream).arrayBuffer());
    const same = (got: Uint8Array) => got.length === bytes.length && got.every((b, i) => b === bytes[i]);
    const seen: string[] = [];
    for (const [name, content] of [
      ['blob.bin', new Blob([bytes], { type: 'application/octet-stream' })],
      [
        'stream.bin',
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(bytes.slice(0, 100));
            controller.enqueue(bytes.slice(100));
            controller.close();
          },
        }),
      ],
    ] as const) {
      const created = await c.losant.files.upload({ applicationId: c.applicationId, file: { name }, content });
      check(created.id !== undefined, `created ${JSON.stringify(created)}`);
      const stream = await c.losant.file.download({ applicationId: c.applicationId, fileId: created.id });
      const got = await read(stream);
      check(same(got), `${name}: downloaded ${got.length} bytes that differ`);
      seen.push(name);
    }
    return `256 bytes up and down, as ${seen.join(' and ')}`;
  },

  async 'sse-caller-closes'(c) {
    const stream = await c.losant.application.mqttSubscriptionStream({
      applicationId: c.applicationId,
      topic: 'caller-closes',
    });
    const got: string[] = [];
    for await (const { event, data } of stream) {
      got.push(`${event}:${data.message}`);
      if (got.length === 2) stream.close();
    }
    check(got.join(',') === 'mqttMessage:m1,mqttMessage:m2', `events ${got.join(',')}`);
    const seen = await c.closed(`${c.applicationId}/sse`);
    check(seen.closed, 'the server did not see the stream close within 5 s');
    return `2 events, then the server saw the connection close`;
  },

  async 'sse-server-closes'(c) {
    const stream = await c.losant.application.mqttSubscriptionStream({
      applicationId: c.applicationId,
      topic: 'server-closes',
    });
    const got: string[] = [];
    for await (const { data } of stream) got.push(String(data.message));
    check(got.join(',') === 'm1,m2', `events ${got.join(',')}`);
    return 'both events, then the loop ended';
  },

  async 'error-404'(c) {
    const { error } = await timed(c.losant.application.get({ applicationId: c.applicationId }));
    check(error instanceof LosantApiError, `not a LosantApiError: ${describe(error)}`);
    check(error.status === 404 && error.type === 'NotFound', describe(error));
    check(error.serverMessage === 'Application was not found', `serverMessage ${error.serverMessage}`);
    return `LosantApiError 404 NotFound`;
  },

  async timeout(c) {
    const { ms, error } = await timed(
      c.losant.device.get({ applicationId: c.applicationId, deviceId: heldId(1) }, { timeout: 400, maxRetries: 0 }),
    );
    check(error instanceof LosantTimeoutError, `not a LosantTimeoutError: ${describe(error)}`);
    check(ms >= earliest(400) && ms <= 400 + LATE_MS, `timed out after ${ms} ms`);
    return `LosantTimeoutError after ${ms} ms`;
  },

  async 'mixed-timeouts'(c) {
    // In workerd each leg is a request of its own to the worker: a timer belongs to one request there.
    const run = (i: number): Promise<{ ms: number; error: string }> => {
      const result = c.config.self
        ? fetch(`${c.config.self}/leg?i=${i}`).then((r) => r.json() as Promise<{ ms: number; error: string }>)
        : leg(c.config, i);
      // A leg whose deadline never fires is reported as such, not left to the scenario's cap.
      const hang = LEGS[i]!.timeout + LATE_MS + 500;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const hung = new Promise<{ ms: number; error: string }>((resolve) => {
        timer = setTimeout(() => resolve({ ms: hang, error: `still waiting after ${hang} ms` }), hang);
      });
      return Promise.race([result, hung]).finally(() => clearTimeout(timer));
    };
    const start = Date.now();
    const settled = await Promise.all(
      LEGS.map(async ({ at }, i) => {
        if (at) await delay(at);
        const result = await run(i);
        return { ...result, end: Date.now() - start };
      }),
    );
    const problems = settled.flatMap((r, i) => {
      const { timeout, at, answered } = LEGS[i]!;
      if (answered) return r.error === 'none' ? [] : [`leg ${i} (answered at once): ${r.error}`];
      if (r.error !== 'LosantTimeoutError') return [`leg ${i} (${timeout} ms): ${r.error}`];
      // A leg must time out on its own deadline: not before it, nor long after it.
      return r.ms < earliest(timeout) || r.end > at + timeout + LATE_MS
        ? [`leg ${i} (${timeout} ms) after ${r.ms} ms`]
        : [];
    });
    check(problems.length === 0, problems.join('; '));
    // The timed-out legs end in the order of their deadlines.
    const ends = settled.filter((_, i) => !LEGS[i]!.answered).map((r) => r.end);
    check(
      ends.every((end, i) => i === 0 || end > ends[i - 1]!),
      `out of order: ${ends.join(', ')} ms`,
    );
    return settled
      .map((r, i) => `${LEGS[i]!.timeout} ms → ${r.error === 'none' ? 'answered' : `${r.ms} ms`}`)
      .join(', ');
  },

  async abort(c) {
    const controller = new AbortController();
    const reason = new Error('the caller gave up');
    const key = `${c.applicationId}/${heldId(2)}`;
    const call = timed(
      c.losant.device.get({ applicationId: c.applicationId, deviceId: heldId(2) }, { signal: controller.signal }),
    );
    // Abort once the server holds the request: a fixed delay raced a slow start (a busy browser).
    check(await c.arrived(key), 'the request never reached the server within 5 s');
    controller.abort(reason);
    const { ms, error } = await call;
    check(error instanceof LosantAbortError, `not a LosantAbortError: ${describe(error)}`);
    check(error.reason === reason, `reason ${describe(error.reason)}`);
    const seen = await c.closed(key);
    check(seen.closed, 'the server did not see the aborted request close within 5 s');
    return `LosantAbortError after ${ms} ms; the server saw the connection close`;
  },

  async 'retry-503'(c) {
    const losant = c.client({ maxRetries: 3 });
    const [state] = await losant.device.getState({ applicationId: c.applicationId, deviceId: 'a'.repeat(24) });
    const attempts = (state?.data as { attempts?: number } | undefined)?.attempts;
    check(attempts === 3, `the server counted ${attempts} attempts`);
    return 'answered on the third attempt';
  },

  async 'cross-origin-redirect'(c) {
    const losant = c.client({ headers: { [CUSTOM_HEADER]: c.config.runtime } });
    const seen = (await losant.device.get({ applicationId: c.applicationId, deviceId: 'd'.repeat(24) })) as {
      sentAuthorization?: boolean;
      sentCustom?: string | null;
    };
    check(seen.sentAuthorization === false, 'origin B got an Authorization header');
    check(seen.sentCustom === null, `origin B got ${CUSTOM_HEADER}: ${seen.sentCustom}`);
    return 'origin A got both headers; origin B neither';
  },

  async 'http-proxy'(c) {
    const proxyFetch = await proxiedFetch(c.config.proxy);
    const losant = c.client({ fetch: proxyFetch });
    const { error } = await timed(losant.application.get({ applicationId: c.applicationId }));
    check(error instanceof LosantApiError && error.status === 404, `through the proxy: ${describe(error)}`);
    // The server tells which of this runtime's requests reached it on a connection the proxy opened.
    const { paths } = (await (await fetch(`${c.config.api}/_eco/proxied?app=${c.applicationId}`)).json()) as {
      paths: string[];
    };
    check(paths.length === 1, `requests through the proxy: ${JSON.stringify(paths)}`);
    return `the server got ${paths[0]} through the proxy`;
  },

  async 'testing-mock'() {
    const { createMockLosant } = await import('@losant-sdk/testing');
    const mock = await createMockLosant();
    try {
      const applicationId = '575ec8687ae143cd83dc4a97';
      mock.on(
        'devices.get',
        { applicationId },
        { items: [{ id: '575ecf887ae143cd83dc4aa2', name: 'pump 1' }], count: 1 },
      );
      const result = await mock.client().devices.get({ applicationId });
      check(result.items?.[0]?.name === 'pump 1', `got ${JSON.stringify(result)}`);
      const calls = mock.calls('devices.get');
      check(calls.length === 1 && calls[0]!.params.applicationId === applicationId, `calls ${JSON.stringify(calls)}`);
    } finally {
      await mock.close();
    }
    return 'programmed reply and recorded call';
  },
};

/** This runtime's way of sending through an HTTP proxy, as the fetch option. */
async function proxiedFetch(proxy: string): Promise<(request: Request) => Promise<Response>> {
  const g = globalThis as {
    Deno?: { createHttpClient(options: { proxy: { url: string } }): unknown };
    Bun?: unknown;
  };
  if (g.Deno) {
    const client = g.Deno.createHttpClient({ proxy: { url: proxy } });
    return (request) => fetch(request, { client } as RequestInit);
  }
  if (g.Bun) return (request) => fetch(request, { proxy } as RequestInit);
  // undici's own fetch, given the request's parts (Node's global Request is another undici's class).
  const undici = await import('undici');
  const dispatcher = new undici.ProxyAgent(proxy);
  return (request) =>
    undici.fetch(request.url, {
      method: request.method,
      headers: [...request.headers],
      body: request.body as never, // the same web ReadableStream, typed by undici's own d.ts
      duplex: 'half',
      redirect: request.redirect, // 'manual': the SDK follows redirects itself
      signal: request.signal,
      dispatcher,
    }) as unknown as Promise<Response>;
}

/** Run every scenario of this runtime, in turn; each one is stopped after `capMs`. */
export async function runScenarios(config: ScenarioConfig, capMs = 15_000): Promise<ScenarioResult[]> {
  const applicationId = applicationIdOf(config.runtime);
  const client = (options: ClientOptions = {}) => createLosantClient({ baseUrl: config.api, token: TOKEN, ...options });
  const context: Context = {
    config,
    applicationId,
    losant: client(),
    client,
    async arrived(key, waitMs = 5000) {
      const response = await fetch(`${config.api}/_eco/arrived?key=${encodeURIComponent(key)}&wait=${waitMs}`);
      return ((await response.json()) as { arrived: boolean }).arrived;
    },
    async closed(key, waitMs = 5000) {
      const response = await fetch(`${config.api}/_eco/closed?key=${encodeURIComponent(key)}&wait=${waitMs}`);
      return (await response.json()) as { closed: boolean; ms?: number };
    },
  };
  const results: ScenarioResult[] = [];
  for (const { name } of scenariosFor(config.runtime)) {
    const start = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const cap = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Failed(`still running after ${capMs} ms`)), capMs);
    });
    try {
      const reason = await Promise.race([SCENARIOS[name](context), cap]);
      results.push({ name, ok: true, reason, ms: Date.now() - start });
    } catch (error) {
      results.push({ name, ok: false, reason: describe(error), ms: Date.now() - start });
    } finally {
      clearTimeout(timer);
    }
  }
  return results;
}

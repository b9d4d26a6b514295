/**
 * Fault injection: for every way a network or server misbehaves, a call ends in a typed
 * result or a typed error, retries are counted and bounded, nothing hangs (each test has
 * a time limit), no promise rejection goes unhandled, and no error shows the token.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ClientOptions } from '../src/client.js';
import {
  LosantAbortError,
  LosantApiError,
  LosantError,
  LosantNetworkError,
  LosantTimeoutError,
} from '../src/errors.js';
import type { HttpMethod, Route } from '../src/types.js';
import { logging } from '../src/log.js';
import type { Middleware } from 'openapi-fetch';
import { startFaultServer, type FaultServer } from './fault-server.js';
import { openStream } from '../src/stream.js';

const TOKEN = 'fault-token-do-not-leak';
let server: FaultServer;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  server = await startFaultServer();
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  await server.close();
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

const route = (path: string, method: HttpMethod = 'GET'): Route => ({
  id: `fault.${path.slice(1)}`,
  method,
  path,
  params: {},
  version: '1.29.4',
});
const client = (o: ClientOptions = {}) => createClient({ token: TOKEN, baseUrl: server.url, maxRetryDelay: 50, ...o });

async function outcome(
  promise: PromiseLike<unknown>,
): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(TOKEN);
    return { ok: false, error };
  }
}

describe('fault injection', () => {
  it('429 with Retry-After in seconds: waits as told, then succeeds (1 retry)', async () => {
    const started = performance.now();
    expect(await client({ maxRetryDelay: 5_000 }).request(route('/rate-limited'), {})).toEqual({ ok: true });
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.count('/rate-limited')).toBe(2);
  });

  it('429 with Retry-After as an HTTP date: waits until then, then succeeds', async () => {
    const started = performance.now();
    expect(await client({ maxRetryDelay: 5_000 }).request(route('/rate-limited-date'), {})).toEqual({ ok: true });
    // HTTP dates have second resolution: the wait is up to a second.
    expect(performance.now() - started).toBeGreaterThanOrEqual(1);
    expect(server.count('/rate-limited-date')).toBe(2);
  });

  // Uncapped, the wait would outlast the test's time limit by far.
  it('429 asking for an hour: the wait is capped by maxRetryDelay', async () => {
    expect(await client({ maxRetryDelay: 100 }).request(route('/rate-limited-long'), {})).toEqual({ ok: true });
    expect(server.count('/rate-limited-long')).toBe(2);
  });

  it('a burst of 503s: retried up to maxRetries, success when the burst ends', async () => {
    expect(await client({ maxRetries: 3 }).request(route('/unavailable-burst'), {})).toEqual({ ok: true });
    expect(server.count('/unavailable-burst')).toBe(4);
  });

  it('a burst longer than maxRetries: LosantApiError 503 after maxRetries + 1 attempts', async () => {
    const before = server.count('/unavailable');
    const r = await outcome(client({ maxRetries: 2 }).request(route('/unavailable'), {}));
    expect(r.ok).toBe(false);
    expect((r as { error: LosantApiError }).error).toMatchObject({
      name: 'LosantApiError',
      status: 503,
      type: 'ServiceUnavailable',
    });
    expect(server.count('/unavailable') - before).toBe(3);
  });

  it('connection reset mid-body: LosantNetworkError; GET retried, POST not (unless allowed)', async () => {
    let r = await outcome(client({ maxRetries: 2 }).request(route('/reset-mid-body'), {}));
    expect((r as { error: unknown }).error).toBeInstanceOf(LosantNetworkError);
    expect(server.count('/reset-mid-body')).toBe(3);
    r = await outcome(client({ maxRetries: 2 }).request(route('/reset-mid-body', 'POST'), {}));
    expect((r as { error: unknown }).error).toBeInstanceOf(LosantNetworkError);
    expect(server.count('/reset-mid-body')).toBe(4);
    r = await outcome(
      client({ maxRetries: 2 }).request(route('/reset-mid-body', 'POST'), {}, { retryNonIdempotent: true }),
    );
    expect(server.count('/reset-mid-body')).toBe(7);
  });

  it('headers that never come: LosantTimeoutError per attempt, retries bounded', async () => {
    const r = await outcome(client({ timeout: 200, maxRetries: 1 }).request(route('/no-headers'), {}));
    expect((r as { error: unknown }).error).toBeInstanceOf(LosantTimeoutError);
    expect((r as { error: LosantTimeoutError }).error.message).toBe(
      'fault.no-headers: no complete response within 200 ms',
    );
    expect(server.count('/no-headers')).toBe(2);
  });

  it('a body slower than the timeout: LosantTimeoutError, the connection is dropped', async () => {
    const r = await outcome(client({ timeout: 300, maxRetries: 0 }).request(route('/slow-body'), {}));
    expect((r as { error: unknown }).error).toBeInstanceOf(LosantTimeoutError);
    await expect.poll(() => server.closedByClient('/slow-body'), { timeout: 10_000 }).toBe(1);
  });

  it('with middleware (which may rewrite the request), the deadline and the caller’s signal still apply', async () => {
    const trace: Middleware = { onRequest: ({ request }) => (request.headers.set('x-trace', 't1'), request) };
    const echo = (await client({ middleware: [trace] }).request(route('/echo'), {})) as {
      headers: Record<string, string>;
    };
    expect(echo.headers['x-trace']).toBe('t1');
    const r = await outcome(
      client({ timeout: 200, maxRetries: 0 }).request(route('/no-headers'), {}, { middleware: [trace] }),
    );
    expect((r as { error: unknown }).error).toBeInstanceOf(LosantTimeoutError);
    const controller = new AbortController();
    const pending = client({ middleware: [trace] }).request(route('/no-headers'), {}, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 50);
    expect((await outcome(pending)) as { error: unknown }).toMatchObject({ error: { name: 'LosantAbortError' } });
  });

  it('truncated JSON: LosantApiError, not retried', async () => {
    const r = await outcome(client().request(route('/truncated-json'), {}));
    expect((r as { error: LosantApiError }).error).toMatchObject({
      name: 'LosantApiError',
      status: 200,
      body: '{"id":"575ec8687ae143cd83dc4a97","name":"Pla',
    });
    expect((r as { error: Error }).error.message).toMatch(/not valid JSON/);
    expect(server.count('/truncated-json')).toBe(1);
  });

  it("a proxy's HTML 502 page: retried, then LosantApiError 502 with the page as body", async () => {
    const r = await outcome(client({ maxRetries: 1 }).request(route('/html-502'), {}));
    expect((r as { error: LosantApiError }).error).toMatchObject({
      status: 502,
      type: undefined,
      body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
    });
    expect(server.count('/html-502')).toBe(2);
  });

  it('a 2xx HTML page is a LosantApiError, even when it parses as JSON; not retried', async () => {
    for (const path of ['/wrong-type-json', '/wrong-type-html']) {
      const r = await outcome(client().request(route(path), {}));
      expect((r as { error: unknown }).error).toBeInstanceOf(LosantApiError);
      expect((r as { error: LosantApiError }).error).toMatchObject({ status: 200, type: undefined });
      expect(server.count(path)).toBe(1);
    }
  });

  it('other content types: an empty body is undefined, text a string, anything else a Blob', async () => {
    expect(await client().request(route('/empty'), {})).toBeUndefined();
    expect(await client().request(route('/text'), {})).toBe('hello, world');
    const blob = (await client().request(route('/binary'), {})) as Blob;
    expect(blob.type).toBe('application/zip');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([80, 75, 3, 4, 0, 255]);
  });

  // Its limit is generous: this is about parsing a big body whole, not speed, and CI runs every package's tests at once.
  it('a very large body (~24 MB): parsed', { timeout: 60_000 }, async () => {
    const data = (await client().request(route('/large-body'), {})) as { count: number; items: unknown[] };
    expect(data.count).toBe(200_000);
    expect(data.items).toHaveLength(200_000);
    expect(data.items[199_999]).toEqual({
      id: '575ec8687ae143cd83dc4a97',
      name: 'x'.repeat(80),
      tags: [{ key: 'floor', value: '2' }],
    });
  });

  // Each wait would be a minute: only the abort can end the call within the test's time limit.
  it('aborting during a backoff wait: ends it with a LosantAbortError carrying the reason, no more requests', async () => {
    const before = server.count('/unavailable');
    const controller = new AbortController();
    // The caller gives up once the wait has begun (the client logs the retry as it starts to wait),
    // not after a fixed time: on a busy machine the first answer alone may take longer.
    const quiet = () => {};
    const logger = {
      debug: quiet,
      info: quiet,
      error: quiet,
      warn: () => void setTimeout(() => controller.abort(new Error('caller gave up')), 20),
    };
    const pending = client({ maxRetries: 5, maxRetryDelay: 60_000, log: logging({ level: 'warn', logger }) }).request(
      route('/unavailable'),
      {},
      { signal: controller.signal },
    );
    const r = await outcome(pending);
    expect((r as { error: unknown }).error).toBeInstanceOf(LosantAbortError);
    expect((r as { error: LosantAbortError }).error.reason).toEqual(new Error('caller gave up'));
    expect((r as { error: Error }).error.message).toBe('fault.unavailable: aborted: caller gave up');
    expect(server.count('/unavailable') - before).toBe(1);
  });

  it('aborting a request in flight: a LosantAbortError (a LosantError) carrying the reason, not a timeout', async () => {
    const controller = new AbortController();
    const pending = client({ timeout: 10_000 }).request(route('/no-headers'), {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const r = await outcome(pending);
    expect((r as { error: unknown }).error).toBeInstanceOf(LosantAbortError);
    expect((r as { error: unknown }).error).toBeInstanceOf(LosantError);
    expect(((r as { error: LosantAbortError }).error.reason as Error).name).toBe('AbortError');
  });

  it('a signal aborted before the call: LosantAbortError, nothing sent', async () => {
    const before = server.count('/ok');
    const r = await outcome(client().request(route('/ok'), {}, { signal: AbortSignal.abort('never mind') }));
    expect((r as { error: LosantAbortError }).error).toMatchObject({ name: 'LosantAbortError', reason: 'never mind' });
    expect(server.count('/ok')).toBe(before);
  });

  it('timeout 0: no deadline at all, yet a caller signal still aborts in flight and a stream still closes', async () => {
    const controller = new AbortController();
    const pending = client({ timeout: 0, maxRetries: 0 }).request(
      route('/slow-body'),
      {},
      { signal: controller.signal },
    );
    await new Promise((r) => setTimeout(r, 500)); // past any short deadline: still waiting, not failed
    controller.abort(new Error('caller gave up'));
    const r = await outcome(pending);
    expect((r as { error: LosantAbortError }).error.reason).toEqual(new Error('caller gave up'));
    const before = server.closedByClient('/stream');
    const stream = await openStream(client({ timeout: 0 }), route('/stream'), {}, ['mqttMessage']);
    stream.close();
    await expect.poll(() => server.closedByClient('/stream') - before, { timeout: 5_000 }).toBe(1);
  });

  it('an SSE stream: the timeout ends at the headers; closing or aborting drops the connection', async () => {
    const before = server.closedByClient('/stream');
    const stream = await openStream<{ mqttMessage: { topic: string; message: string } }>(
      client({ timeout: 500 }),
      route('/stream'),
      {},
      ['mqttMessage'],
    );
    const events: unknown[] = [];
    await new Promise((r) => setTimeout(r, 1_500)); // longer than the timeout: the stream lives on
    for await (const e of stream) {
      events.push(e);
      stream.close();
    }
    expect(events).toEqual([{ event: 'mqttMessage', data: { topic: 't', message: 'first' } }]);
    const controller = new AbortController();
    const second = await openStream(client(), route('/stream'), {}, ['mqttMessage'], { signal: controller.signal });
    controller.abort();
    const iterator = second[Symbol.asyncIterator]();
    expect(await iterator.next().catch((e: unknown) => e)).toBeInstanceOf(LosantAbortError);
    await expect.poll(() => server.closedByClient('/stream') - before, { timeout: 5_000 }).toBe(2);
  });
});

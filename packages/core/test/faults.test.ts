/**
 * Fault injection: for every way a network or server misbehaves, a call ends in a typed
 * result or a typed error, retries are counted and bounded, nothing hangs (each test has
 * a time limit), no promise rejection goes unhandled, and no error shows the token.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ClientOptions } from '../src/client.js';
import { LosantApiError, LosantError, LosantNetworkError, LosantTimeoutError } from '../src/errors.js';
import type { HttpMethod, Route } from '../src/types.js';
import { startFaultServer, type FaultServer } from './fault-server.js';

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

const route = (path: string, method: HttpMethod = 'GET'): Route => ({ id: `fault.${path.slice(1)}`, method, path, params: {}, version: '1.29.4' });
const client = (o: ClientOptions = {}) => createClient({ token: TOKEN, baseUrl: server.url, maxRetryDelay: 50, ...o });

async function outcome(promise: PromiseLike<unknown>): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown; ms: number }> {
  const started = performance.now();
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(TOKEN);
    return { ok: false, error, ms: performance.now() - started };
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

  it('429 asking for an hour: the wait is capped by maxRetryDelay', async () => {
    const started = performance.now();
    expect(await client({ maxRetryDelay: 100 }).request(route('/rate-limited-long'), {})).toEqual({ ok: true });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('a burst of 503s: retried up to maxRetries, success when the burst ends', async () => {
    expect(await client({ maxRetries: 3 }).request(route('/unavailable-burst'), {})).toEqual({ ok: true });
    expect(server.count('/unavailable-burst')).toBe(4);
  });

  it('a burst longer than maxRetries: LosantApiError 503 after maxRetries + 1 attempts', async () => {
    const before = server.count('/unavailable');
    const r = await outcome(client({ maxRetries: 2 }).request(route('/unavailable'), {}));
    expect(r.ok).toBe(false);
    expect((r as { error: LosantApiError }).error).toMatchObject({ name: 'LosantApiError', status: 503, type: 'ServiceUnavailable' });
    expect(server.count('/unavailable') - before).toBe(3);
  });

  it('connection reset mid-body: LosantNetworkError; GET retried, POST not (unless allowed)', async () => {
    let r = await outcome(client({ maxRetries: 2 }).request(route('/reset-mid-body'), {}));
    expect((r as { error: unknown }).error).toBeInstanceOf(LosantNetworkError);
    expect(server.count('/reset-mid-body')).toBe(3);
    r = await outcome(client({ maxRetries: 2 }).request(route('/reset-mid-body', 'POST'), {}));
    expect((r as { error: unknown }).error).toBeInstanceOf(LosantNetworkError);
    expect(server.count('/reset-mid-body')).toBe(4);
    r = await outcome(client({ maxRetries: 2 }).request(route('/reset-mid-body', 'POST'), {}, { retryNonIdempotent: true }));
    expect(server.count('/reset-mid-body')).toBe(7);
  });

  it('headers that never come: LosantTimeoutError per attempt, retries bounded', async () => {
    const r = await outcome(client({ timeout: 200, maxRetries: 1 }).request(route('/no-headers'), {}));
    expect((r as { error: unknown }).error).toBeInstanceOf(LosantTimeoutError);
    expect((r as { error: LosantTimeoutError }).error.message).toBe('fault.no-headers: no complete response within 200 ms');
    expect(server.count('/no-headers')).toBe(2);
    expect((r as { ms: number }).ms).toBeLessThan(2_000);
  });

  it('a body slower than the timeout: LosantTimeoutError, the connection is dropped', async () => {
    const r = await outcome(client({ timeout: 300, maxRetries: 0 }).request(route('/slow-body'), {}));
    expect((r as { error: unknown }).error).toBeInstanceOf(LosantTimeoutError);
    expect((r as { ms: number }).ms).toBeLessThan(2_000);
  });

  it('truncated JSON: LosantApiError, not retried', async () => {
    const r = await outcome(client().request(route('/truncated-json'), {}));
    expect((r as { error: LosantApiError }).error).toMatchObject({ name: 'LosantApiError', status: 200, body: '{"id":"575ec8687ae143cd83dc4a97","name":"Pla' });
    expect((r as { error: Error }).error.message).toMatch(/not valid JSON/);
    expect(server.count('/truncated-json')).toBe(1);
  });

  it("a proxy's HTML 502 page: retried, then LosantApiError 502 with the page as body", async () => {
    const r = await outcome(client({ maxRetries: 1 }).request(route('/html-502'), {}));
    expect((r as { error: LosantApiError }).error).toMatchObject({ status: 502, type: undefined, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' });
    expect(server.count('/html-502')).toBe(2);
  });

  it('a wrong content type: JSON is still read as JSON; anything else is a LosantApiError', async () => {
    expect(await client().request(route('/wrong-type-json'), {})).toEqual({ ok: true });
    const r = await outcome(client().request(route('/wrong-type-html'), {}));
    expect((r as { error: unknown }).error).toBeInstanceOf(LosantApiError);
  });

  // Its limit is generous: this is about parsing a big body whole, not speed, and CI runs every package's tests at once.
  it('a very large body (~24 MB): parsed', { timeout: 60_000 }, async () => {
    const data = (await client().request(route('/large-body'), {})) as { count: number; items: unknown[] };
    expect(data.count).toBe(200_000);
    expect(data.items).toHaveLength(200_000);
    expect(data.items[199_999]).toEqual({ id: '575ec8687ae143cd83dc4a97', name: 'x'.repeat(80), tags: [{ key: 'floor', value: '2' }] });
  });

  it('aborting during a backoff wait: rejects at once with the abort reason, no more requests', async () => {
    const before = server.count('/unavailable');
    const controller = new AbortController();
    const started = performance.now();
    const pending = client({ maxRetries: 5, maxRetryDelay: 10_000 }).request(route('/unavailable'), {}, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('caller gave up')), 150);
    const r = await outcome(pending);
    expect((r as { error: Error }).error.message).toBe('caller gave up');
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(server.count('/unavailable') - before).toBe(1);
  });

  it('aborting a request in flight: rejects with the abort reason, not a timeout', async () => {
    const controller = new AbortController();
    const pending = client({ timeout: 10_000 }).request(route('/no-headers'), {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const r = await outcome(pending);
    expect((r as { error: Error }).error.name).toBe('AbortError');
    expect((r as { error: unknown }).error).not.toBeInstanceOf(LosantError);
  });

  it('timeout 0: no deadline at all, yet a caller signal still aborts in flight and a stream still closes', async () => {
    const controller = new AbortController();
    const pending = client({ timeout: 0, maxRetries: 0 }).request(route('/slow-body'), {}, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 500)); // past any short deadline: still waiting, not failed
    controller.abort(new Error('caller gave up'));
    const r = await outcome(pending);
    expect((r as { error: Error }).error.message).toBe('caller gave up');
    const before = server.closedByClient('/stream');
    const stream = await client({ timeout: 0 }).stream({ ...route('/stream'), sse: true }, {}, ['mqttMessage']);
    stream.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(server.closedByClient('/stream') - before).toBe(1);
  });

  it('an SSE stream: the timeout ends at the headers; closing or aborting drops the connection', async () => {
    const before = server.closedByClient('/stream');
    const stream = await client({ timeout: 100 }).stream<{ mqttMessage: { topic: string; message: string } }>({ ...route('/stream'), sse: true }, {}, ['mqttMessage']);
    const events: unknown[] = [];
    await new Promise((r) => setTimeout(r, 300)); // longer than the timeout: the stream lives on
    for await (const e of stream) {
      events.push(e);
      stream.close();
    }
    expect(events).toEqual([{ event: 'mqttMessage', data: { topic: 't', message: 'first' } }]);
    const controller = new AbortController();
    const second = await client().stream({ ...route('/stream'), sse: true }, {}, ['mqttMessage'], { signal: controller.signal });
    controller.abort();
    const iterator = second[Symbol.asyncIterator]();
    await iterator.next().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.closedByClient('/stream') - before).toBe(2);
  });
});

/**
 * Client-side rate limits and 429s, on the wire against a loopback server that counts what it
 * receives and answers 429 on purpose; the window arithmetic on a fake clock.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../src/client.js';
import { LosantAbortError, LosantApiError, LosantValidationError } from '../src/errors.js';
import { LOSANT_RATE_LIMITS, RateLimiter, rateLimits, type RateLimitInfo } from '../src/rate-limit.js';
import type { Route } from '../src/types.js';
import { rejection } from './helpers.js';

const APP = '575ec8687ae143cd83dc4a97';
const A = '575ecf887ae143cd83dc4aa2';
const B = '575ecf887ae143cd83dc4aa3';

const sendState: Route = {
  id: 'device.sendState',
  method: 'POST',
  path: '/applications/{applicationId}/devices/{deviceId}/state',
  params: { applicationId: 'path', deviceId: 'path', deviceState: 'body' },
  version: '1.30.0',
};
const getDevice: Route = {
  id: 'device.get',
  method: 'GET',
  path: '/applications/{applicationId}/devices/{deviceId}',
  params: { applicationId: 'path', deviceId: 'path' },
  version: '1.30.0',
};
const postEvent: Route = {
  id: 'events.post',
  method: 'POST',
  path: '/applications/{applicationId}/events',
  params: { applicationId: 'path', event: 'body' },
  version: '1.30.0',
};
const throttled: Route = { id: 'thing.throttled', method: 'POST', path: '/throttled', params: {}, version: '1.30.0' };

let server: Server;
let baseUrl: string;
const received: string[] = [];
let throttledCalls = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(`${req.method} ${req.url!.split('?')[0]}`);
      if (req.url!.startsWith('/throttled') && ++throttledCalls === 1) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' });
        return res.end(JSON.stringify({ type: 'TooManyRequests', message: 'Over rate limit' }));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"success":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  received.length = 0;
  throttledCalls = 0;
});

const state = (deviceId: string) => ({ applicationId: APP, deviceId, deviceState: { data: { v: 1 } } });

describe('the limiter on a fake clock', () => {
  it('allows capacity calls in any window of perMs per key, queueing the rest in order', () => {
    let now = 0;
    const limiter = new RateLimiter({ key: (_, p) => String(p['id']), capacity: 2, perMs: 1_000 }, () => now);
    const wait = (id: string) => limiter.reserve(limiter.keys(getDevice, { id })!);
    expect([wait('a'), wait('a'), wait('a'), wait('a'), wait('a')].map((r) => r.waitMs)).toEqual([
      0, 0, 1_000, 1_000, 2_000,
    ]);
    expect(wait('a').key).toBe('a');
    expect(wait('b').waitMs).toBe(0); // another key has its own window
    now = 2_500;
    expect(wait('a').waitMs).toBe(500); // the slots booked at 2000 and 3000 (2000 + 1000) are the last two
    now = 10_000;
    expect(wait('a').waitMs).toBe(0);
  });

  it('a call limited by several buckets waits for the longest; a bucket that does not key it does not count', () => {
    const now = 0;
    const limiter = new RateLimiter(
      [
        { key: () => 'all', capacity: 3, perMs: 100 },
        { key: (route) => (route.id === 'device.get' ? 'gets' : undefined), capacity: 1, perMs: 1_000 },
      ],
      () => now,
    );
    expect(limiter.keys(sendState, {})).toEqual(['all', undefined]);
    const w = [getDevice, getDevice, sendState].map((r) => limiter.reserve(limiter.keys(r, {})!));
    expect(w).toEqual([
      { waitMs: 0, key: '' },
      { waitMs: 1_000, key: 'gets' },
      { waitMs: 0, key: '' },
    ]);
    expect(new RateLimiter({ key: () => undefined, capacity: 1, perMs: 1 }).keys(getDevice, undefined)).toBeUndefined();
  });

  it("'losant' keys device state per device and event creation per application, nothing else", () => {
    const limiter = new RateLimiter('losant');
    expect(limiter.keys(sendState, state(A))).toEqual([`device:${A}`, undefined]);
    expect(limiter.keys(postEvent, { applicationId: APP })).toEqual([undefined, `events:${APP}`]);
    expect(limiter.keys(getDevice, state(A))).toBeUndefined();
    expect(limiter.keys(sendState, { applicationId: APP })).toBeUndefined(); // no device: not keyed
    expect(LOSANT_RATE_LIMITS.map((b) => [b.capacity, b.perMs])).toEqual([
      [30, 15_000],
      [15, 15_000],
    ]);
  });

  it('refuses a bucket that cannot limit anything', () => {
    expect(() => new RateLimiter({ key: () => 'x', capacity: 0, perMs: 1 })).toThrow(TypeError);
    expect(() => rateLimits({ key: () => 'x', capacity: 1, perMs: 0 })).toThrow(TypeError);
  });

  it('sweeping stale keys (once it holds many) keeps every key still inside its window', () => {
    let now = 0;
    const limiter = new RateLimiter({ key: (_, p) => String(p['id']), capacity: 1, perMs: 10 }, () => now);
    for (let i = 0; i < 1_100; i++) limiter.reserve([`k${i}`]);
    now = 5;
    limiter.reserve(['fresh']); // sweeps: nothing has expired yet
    expect(limiter.reserve(['k3']).waitMs).toBe(5);
    now = 20;
    limiter.reserve(['fresher']); // sweeps the expired keys
    expect(limiter.reserve(['k4']).waitMs).toBe(0);
    expect(limiter.reserve(['k4']).waitMs).toBe(10);
  });
});

describe('rateLimit on the wire', () => {
  it("a value not made by rateLimits (the former 'losant'): every call fails with a LosantValidationError, nothing sent", async () => {
    const client = createClient({ baseUrl, rateLimit: 'losant' as never });
    const error = await rejection(client.request(sendState, state(A)));
    expect(error).toBeInstanceOf(LosantValidationError);
    expect((error as LosantValidationError).param).toBe('rateLimit');
    expect(received).toHaveLength(0);
  });

  it('each client starts its own windows from one rateLimits value (withToken too)', async () => {
    const limits = rateLimits({ key: (route) => route.id, capacity: 1, perMs: 60_000 });
    const told: RateLimitInfo[] = [];
    const first = createClient({ baseUrl, rateLimit: limits, onRateLimit: (i) => told.push(i) });
    await first.request(getDevice, { applicationId: APP, deviceId: A });
    await first.withToken('other').request(getDevice, { applicationId: APP, deviceId: A });
    await createClient({ baseUrl, rateLimit: limits }).request(getDevice, { applicationId: APP, deviceId: A });
    expect(told).toEqual([]);
    expect(received).toHaveLength(3);
  });

  it("'losant': the 31st state of one device within 15 s waits; other devices and other actions do not", async () => {
    const told: RateLimitInfo[] = [];
    const client = createClient({ baseUrl, rateLimit: rateLimits('losant'), onRateLimit: (i) => told.push(i) });
    await Promise.all(Array.from({ length: 30 }, () => client.request(sendState, state(A))));
    expect(received).toHaveLength(30);
    expect(told).toEqual([]);
    const controller = new AbortController();
    const waiting = client.request(sendState, state(A), { signal: controller.signal });
    await client.request(sendState, state(B));
    await client.request(getDevice, { applicationId: APP, deviceId: A });
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ source: 'limiter', operationId: 'device.sendState', key: `device:${A}` });
    const { waitMs } = told[0] as { waitMs: number };
    expect(waitMs).toBeGreaterThan(0);
    expect(waitMs).toBeLessThanOrEqual(15_000);
    controller.abort(new Error('shutting down'));
    expect(await rejection(waiting)).toBeInstanceOf(LosantAbortError);
    expect(received.filter((r) => r.endsWith(`/devices/${A}/state`))).toHaveLength(30);
    expect(received.filter((r) => r.endsWith(`/devices/${B}/state`))).toHaveLength(1);
    expect(received.filter((r) => r.startsWith('GET'))).toHaveLength(1);
  });

  it("'losant': the 16th event of one application within 15 s waits", async () => {
    const told: RateLimitInfo[] = [];
    const client = createClient({ baseUrl, rateLimit: rateLimits('losant'), onRateLimit: (i) => told.push(i) });
    const event = { applicationId: APP, event: { subject: 's', level: 'info' } };
    for (let i = 0; i < 15; i++) await client.request(postEvent, event);
    const controller = new AbortController();
    const waiting = client.request(postEvent, event, { signal: controller.signal });
    await expect.poll(() => told.length).toBe(1);
    expect(told[0]).toMatchObject({ source: 'limiter', key: `events:${APP}` });
    controller.abort();
    await rejection(waiting);
    expect(received).toHaveLength(15);
  });

  it('own buckets: a short window delays, then sends; every call is delivered once', async () => {
    const told: RateLimitInfo[] = [];
    const client = createClient({
      baseUrl,
      rateLimit: rateLimits({ key: (route) => route.id, capacity: 1, perMs: 30 }),
      onRateLimit: (i) => {
        told.push(i);
        throw new Error('a broken hook does not break the call');
      },
    });
    await Promise.all([
      client.request(getDevice, { applicationId: APP, deviceId: A }),
      client.request(getDevice, { applicationId: APP, deviceId: A }),
    ]);
    expect(received).toEqual([`GET /applications/${APP}/devices/${A}`, `GET /applications/${APP}/devices/${A}`]);
    expect(told.map((i) => [i.source, i.operationId])).toEqual([['limiter', 'device.get']]);
  });
});

describe('429 from the server', () => {
  it('a POST answered 429 is not retried unless retryOn429; onRateLimit hears it either way', async () => {
    const told: RateLimitInfo[] = [];
    const plain = createClient({ baseUrl, onRateLimit: (i) => told.push(i) });
    const error = await rejection(plain.request(throttled, undefined));
    expect(error).toBeInstanceOf(LosantApiError);
    expect((error as LosantApiError).status).toBe(429);
    expect(received).toEqual(['POST /throttled']);
    expect(told).toEqual([
      { source: 'server', operationId: 'thing.throttled', status: 429, retryAfter: '0', willRetry: false },
    ]);

    received.length = 0;
    throttledCalls = 0;
    told.length = 0;
    const retrying = createClient({ baseUrl, retryOn429: true, onRateLimit: (i) => told.push(i) });
    await expect(retrying.request(throttled, undefined)).resolves.toEqual({ success: true });
    expect(received).toEqual(['POST /throttled', 'POST /throttled']);
    expect(told).toEqual([
      { source: 'server', operationId: 'thing.throttled', status: 429, retryAfter: '0', willRetry: true },
    ]);
  });

  it('retryOn429 retries nothing else for a POST (a 503 is still not retried)', async () => {
    let calls = 0;
    const counting = createClient({
      baseUrl,
      retryOn429: true,
      fetch: async () => {
        calls++;
        return new Response('{}', { status: 503, headers: { 'content-type': 'application/json' } });
      },
    });
    expect(((await rejection(counting.request(throttled, undefined))) as LosantApiError).status).toBe(503);
    expect(calls).toBe(1);
  });
});

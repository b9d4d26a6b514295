/**
 * Reconnecting event streams, on the wire: a loopback SSE server whose connections drop, go
 * silent, answer 503 or 404 on purpose. Assertions count the connections the server saw and the
 * events delivered, in order.
 */
import { createServer, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../src/client.js';
import { LosantAbortError, LosantApiError } from '../src/errors.js';
import { keepAliveOf, LosantReconnectError, type GapEvents } from '../src/reconnect.js';
import type { Route } from '../src/types.js';
import { rejection } from './helpers.js';
import { openStream } from '../src/stream.js';

const route: Route = {
  id: 'device.stateStream',
  method: 'GET',
  path: '/stream/{script}',
  params: { script: 'path', keepAliveInterval: 'query' },
  version: '1.30.0',
  flags: false,
};
type Events = { deviceState: { n: number } } & GapEvents;

/** What the n-th connection (1-based) of a script does. */
type Step = (res: ServerResponse, n: number) => void;
const event = (res: ServerResponse, n: number) => res.write(`event: deviceState\ndata: {"n":${n}}\n\n`);
const open = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'text/event-stream' });
const fail = (res: ServerResponse, status: number) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ type: 'Error', message: `status ${status}` }));
};

const scripts: Record<string, Step> = {
  /** One event, then the connection drops; the next connection sends one and stays. */
  drop: (res, n) => {
    open(res);
    event(res, n);
    if (n === 1) setTimeout(() => res.socket?.destroy(), 5);
  },
  /** One event, then silence (no keep-alives); the next connection sends one and stays. */
  silent: (res, n) => {
    open(res);
    event(res, n);
  },
  /** One event, keep-alive comments every 10 ms for 200 ms, a second event, then the end of the response. */
  keepalive: (res) => {
    open(res);
    event(res, 1);
    let k = 0;
    const timer = setInterval(() => {
      if (++k < 20) return void res.write(':keepalive\n\n');
      clearInterval(timer);
      event(res, 2);
      res.end();
    }, 10);
    res.on('close', () => clearInterval(timer));
  },
  /** One event and a drop; the reconnect answers only after 100 ms. */
  slow: (res, n) => {
    if (n === 1) {
      open(res);
      event(res, n);
      return void setTimeout(() => res.socket?.destroy(), 5);
    }
    setTimeout(() => {
      open(res);
      event(res, n);
    }, 100);
  },
  /** One event and a drop; every reconnect is a 503. */
  unavailable: (res, n) => {
    if (n > 1) return fail(res, 503);
    open(res);
    event(res, n);
    setTimeout(() => res.socket?.destroy(), 5);
  },
  /** One event and a drop; the reconnect is a 404. */
  gone: (res, n) => {
    if (n > 1) return fail(res, 404);
    open(res);
    event(res, n);
    setTimeout(() => res.socket?.destroy(), 5);
  },
};

let server: Server;
let baseUrl: string;
const connections: Record<string, number> = {};
const closed: Record<string, number> = {};
const open_: Set<ServerResponse> = new Set();

beforeAll(async () => {
  server = createServer((req, res) => {
    const script = req.url!.split('?')[0]!.split('/')[2]!;
    const n = (connections[script] = (connections[script] ?? 0) + 1);
    open_.add(res);
    res.on('close', () => {
      open_.delete(res);
      closed[script] = (closed[script] ?? 0) + 1;
    });
    scripts[script]!(res, n);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  for (const res of open_) res.socket?.destroy();
  return new Promise<void>((r) => server.close(() => r()));
});
afterEach(() => {
  for (const key of Object.keys(connections)) delete connections[key];
  for (const key of Object.keys(closed)) delete closed[key];
});

const client = () => createClient({ baseUrl, maxRetries: 0 });
const fast = { initialDelayMs: 5, maxDelayMs: 10, budgetMs: 5_000 };

describe('reconnecting event streams', () => {
  it('a dropped connection is reopened, with a gap event between the two', async () => {
    const stream = await openStream<Events>(client(), route, { script: 'drop' }, ['deviceState'], { reconnect: fast });
    const seen: unknown[] = [];
    for await (const e of stream) {
      seen.push(e.event === 'gap' ? 'gap' : e.data);
      if (seen.length === 3) stream.close();
    }
    expect(seen).toEqual([{ n: 1 }, 'gap', { n: 2 }]);
    expect(connections['drop']).toBe(2);
    await expect.poll(() => closed['drop']).toBe(2); // close() dropped the second connection too
  });

  it('the gap tells from the last sign of life to the new connection', async () => {
    const before = Date.now();
    const stream = await openStream<Events>(client(), route, { script: 'drop' }, ['deviceState'], { reconnect: fast });
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    const gap = (await it.next()).value as { event: string; data: { from: number; to: number } };
    expect(gap.event).toBe('gap');
    expect(gap.data.from).toBeGreaterThanOrEqual(before);
    expect(gap.data.to).toBeGreaterThanOrEqual(gap.data.from);
    stream.close();
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it('a connection silent for idleKeepAlives keep-alive intervals is dropped and reopened', async () => {
    const stream = await openStream<Events>(client(), route, { script: 'silent' }, ['deviceState'], {
      reconnect: { ...fast, keepAliveMs: 20, idleKeepAlives: 2 },
    });
    const seen: unknown[] = [];
    for await (const e of stream) {
      seen.push(e.event === 'gap' ? 'gap' : e.data);
      if (seen.length === 3) stream.close();
    }
    expect(seen).toEqual([{ n: 1 }, 'gap', { n: 2 }]);
    expect(connections['silent']).toBe(2);
    await expect.poll(() => closed['silent']).toBe(2); // the silent one was dropped by the client
  });

  it('keep-alive comments keep a connection alive past the idle limit', async () => {
    // Idle after 3 × 100 ms; the server sends a comment every 10 ms for 200 ms, then an event.
    const stream = await openStream<Events>(client(), route, { script: 'keepalive' }, ['deviceState'], {
      reconnect: { ...fast, keepAliveMs: 100 },
    });
    const seen: unknown[] = [];
    for await (const e of stream) {
      seen.push(e.event === 'gap' ? 'gap' : e.data);
      if (seen.length === 2) stream.close();
    }
    expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
    expect(connections['keepalive']).toBe(1);
  });

  it('a stream that cannot reconnect within its budget ends with a LosantReconnectError saying how long it tried', async () => {
    const stream = await openStream<Events>(client(), route, { script: 'unavailable' }, ['deviceState'], {
      reconnect: { initialDelayMs: 5, maxDelayMs: 10, budgetMs: 150 },
    });
    const seen: unknown[] = [];
    const error = await rejection(
      (async () => {
        for await (const e of stream) seen.push(e.data);
      })(),
    );
    expect(seen).toEqual([{ n: 1 }]);
    expect(error).toBeInstanceOf(LosantReconnectError);
    const r = error as LosantReconnectError;
    expect(r.attempts).toBeGreaterThan(0);
    expect(connections['unavailable']).toBe(1 + r.attempts); // each attempt one request: no hidden retries
    expect(r.message).toContain(`device.stateStream: the event stream could not reconnect: tried for ${r.triedMs} ms`);
    expect(r.cause).toBeInstanceOf(LosantApiError);
    expect((r.cause as LosantApiError).status).toBe(503);
  });

  it('a reconnect answered with a 4xx ends the stream with that error at once', async () => {
    const stream = await openStream<Events>(client(), route, { script: 'gone' }, ['deviceState'], { reconnect: fast });
    const error = await rejection(
      (async () => {
        for await (const _ of stream);
      })(),
    );
    expect(error).toBeInstanceOf(LosantApiError);
    expect((error as LosantApiError).status).toBe(404);
    expect(connections['gone']).toBe(2);
  });

  it('close() stops a pending reconnect', async () => {
    const stream = await openStream<Events>(client(), route, { script: 'drop' }, ['deviceState'], {
      reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    const it = stream[Symbol.asyncIterator]();
    expect((await it.next()).value).toMatchObject({ data: { n: 1 } });
    const pending = it.next();
    await expect.poll(() => closed['drop']).toBe(1); // the connection dropped: the client now waits to reconnect
    stream.close();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(connections['drop']).toBe(1);
  });

  it('close() while a reconnect is connecting drops the new connection', async () => {
    const stream = await openStream<Events>(client(), route, { script: 'slow' }, ['deviceState'], { reconnect: fast });
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    const pending = it.next();
    await expect.poll(() => connections['slow']).toBe(2); // the reconnect request has arrived
    stream.close();
    expect(await pending).toEqual({ value: undefined, done: true });
    await expect.poll(() => closed['slow']).toBe(2); // and its connection was dropped once it opened
  });

  it("the caller's signal ends a reconnecting stream with a LosantAbortError, waits included", async () => {
    const controller = new AbortController();
    const stream = await openStream<Events>(client(), route, { script: 'drop' }, ['deviceState'], {
      reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
      signal: controller.signal,
    });
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    const pending = it.next();
    await expect.poll(() => closed['drop']).toBe(1);
    controller.abort(new Error('shutting down'));
    expect(await rejection(pending)).toBeInstanceOf(LosantAbortError);
    expect(connections['drop']).toBe(1);
  });

  it('reads the keep-alive interval from keepAliveInterval (seconds)', () => {
    expect(keepAliveOf({ keepAliveInterval: '5' })).toBe(5_000);
    expect(keepAliveOf({ keepAliveInterval: 2 })).toBe(2_000);
    expect(keepAliveOf({ keepAliveInterval: 'soon' })).toBeUndefined();
    expect(keepAliveOf(undefined)).toBeUndefined();
  });

  it('without reconnect, a dropped stream just ends (no gap, one connection)', async () => {
    const stream = await openStream<Events>(client(), route, { script: 'drop' }, ['deviceState']);
    const seen: unknown[] = [];
    await (async () => {
      for await (const e of stream) seen.push(e.data);
    })().catch(() => undefined);
    expect(seen).toEqual([{ n: 1 }]);
    expect(connections['drop']).toBe(1);
  });
});

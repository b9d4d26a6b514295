/**
 * Backfill on reconnect, on the wire: a loopback server whose event streams drop or go silent on
 * purpose, and whose history action answers what the stream missed (with duplicates of what was
 * delivered, out of order, in every time format Losant's schemas allow), too much of it, or an
 * error. Assertions: which events were delivered, in what order, marked how, and which history
 * requests were sent (path and query, as the server received them).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { timeOf } from '../src/backfill.js';
import { createClient } from '../src/client.js';
import { LosantAbortError, LosantApiError } from '../src/errors.js';
import type { GapEvents, ReconnectOptions } from '../src/reconnect.js';
import type { Route, RouteBackfill } from '../src/types.js';
import { rejection } from './helpers.js';
import { openStream } from '../src/stream.js';

type State = { time?: number | string | { $date: string }; data: Record<string, number> };
type Events = { deviceState: State } & GapEvents;

const history: Route = {
  id: 'device.getState',
  method: 'GET',
  path: '/history/{script}',
  params: { script: 'path', deviceId: 'query', limit: 'query', sortDirection: 'query', start: 'query', end: 'query' },
  required: ['script'],
  enums: { sortDirection: ['asc', 'desc'] },
  times: ['start', 'end'],
  version: '1.30.0',
};
const backfill: RouteBackfill = {
  route: history,
  carry: ['script', 'deviceId'],
  start: 'start',
  end: 'end',
  limit: { param: 'limit', value: 1000 },
  sort: { param: 'sortDirection', value: 'asc' },
  event: 'deviceState',
  time: 'time',
};
const plain: Route = {
  id: 'device.stateStream',
  method: 'GET',
  path: '/stream/{script}',
  params: { script: 'path', deviceId: 'query', keepAliveInterval: 'query' },
  version: '1.30.0',
  flags: false,
};
const route: Route = { ...plain, backfill };

// Every response says what the server's clock is, so that the range a backfill asks is exact.
const FIRST_DATE = 'Wed, 01 Jan 2020 00:00:00 GMT'; // the first connection's
const LATER_DATE = 'Tue, 01 Jan 2030 00:00:00 GMT'; // every later one's
const FIRST_MS = Date.UTC(2020, 0, 1);
const LATER_END = Date.UTC(2030, 0, 1) + 999; // the latest moment a Date header to the second may mean

const open = (res: ServerResponse, n: number) => {
  res.writeHead(200, { 'content-type': 'text/event-stream', date: n === 1 ? FIRST_DATE : LATER_DATE });
  res.flushHeaders(); // established, even before a first event
};
const send = (res: ServerResponse, state: State) => res.write(`event: deviceState\ndata: ${JSON.stringify(state)}\n\n`);
const drop = (res: ServerResponse) => setTimeout(() => res.socket?.destroy(), 5);
const reply = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json', date: LATER_DATE });
  res.end(JSON.stringify(body));
};
/** A stream whose first connection sends `before` and drops; every later one sends `after`. */
const dropThen =
  (before: State[], after: State[]) =>
  (res: ServerResponse, n: number): void => {
    open(res, n);
    for (const state of n === 1 ? before : after) send(res, state);
    if (n === 1) drop(res);
  };

interface Script {
  /** The n-th connection (1-based) of the stream. */
  stream: (res: ServerResponse, n: number) => void;
  /** The n-th history request (1-based). */
  history?: (res: ServerResponse, n: number) => void;
}

const scripts: Record<string, Script> = {
  /**
   * Two states, then a drop. The history has: an older state, the two delivered ones again (one
   * with its time as `{ $date }` and its keys in another order), two missed ones (out of order,
   * one with an ISO time). The new connection repeats the last missed one, then sends a new one.
   */
  drop: {
    stream: dropThen(
      [
        { time: 1000, data: { n: 1 } },
        { time: 2000, data: { n: 2, m: 0 } },
      ],
      [
        { time: 4000, data: { n: 4 } },
        { time: 5000, data: { n: 5 } },
      ],
    ),
    history: (res) =>
      reply(res, 200, [
        { time: 500, data: { n: 0 } },
        { time: 1000, data: { n: 1 } },
        { data: { m: 0, n: 2 }, time: { $date: '1970-01-01T00:00:02.000Z' } },
        { time: 4000, data: { n: 4 } },
        { time: '1970-01-01T00:00:03.000Z', data: { n: 3 } },
      ]),
  },
  /** A state at 1000, then a drop; the history has another state at 1000 (different data) and one at 1500. */
  same: {
    stream: dropThen([{ time: 1000, data: { n: 1 } }], [{ time: 3000, data: { n: 3 } }]),
    history: (res) =>
      reply(res, 200, [
        { time: 1000, data: { n: 1 } },
        { time: 1000, data: { n: 10 } },
        { time: 1500, data: { n: 2 } },
      ]),
  },
  /** One state, then silence (no keep-alives); the history has one missed state. */
  silent: {
    stream: (res, n) => {
      open(res, n);
      send(res, { time: n === 1 ? 1000 : 3000, data: { n: n === 1 ? 1 : 3 } });
    },
    history: (res) => reply(res, 200, [{ time: 2000, data: { n: 2 } }]),
  },
  /** One state and a drop; the history answers exactly as many items as asked for (2). */
  truncated: {
    stream: dropThen([{ time: 1000, data: { n: 1 } }], [{ time: 9000, data: { n: 9 } }]),
    history: (res) =>
      reply(res, 200, [
        { time: 2000, data: { n: 2 } },
        { time: 3000, data: { n: 3 } },
      ]),
  },
  /** One state and a drop; every history request is a 404. */
  failing: {
    stream: dropThen([{ time: 1000, data: { n: 1 } }], [{ time: 9000, data: { n: 9 } }]),
    history: (res) => reply(res, 404, { type: 'NotFound', message: 'Device was not found' }),
  },
  /** One state and a drop; the first history request is a 503, the retry answers. */
  flaky: {
    stream: dropThen([{ time: 1000, data: { n: 1 } }], [{ time: 9000, data: { n: 9 } }]),
    history: (res, n) =>
      n === 1
        ? reply(res, 503, { type: 'Unavailable', message: 'try again' })
        : reply(res, 200, [{ time: 2000, data: { n: 2 } }]),
  },
  /** Nothing, then a drop: no event was delivered before the reconnect. */
  empty: {
    stream: dropThen([], [{ time: FIRST_MS + 9000, data: { n: 9 } }]),
    history: (res) => reply(res, 200, [{ time: FIRST_MS + 7000, data: { n: 7 } }]),
  },
  /** One state and a drop; the history never answers. */
  hanging: {
    stream: (res, n) => {
      open(res, n);
      if (n === 1) {
        send(res, { time: 1000, data: { n: 1 } });
        drop(res);
      }
    },
    history: () => undefined,
  },
};

let server: Server;
let baseUrl: string;
const connections: Record<string, number> = {};
/** Every history request as the server received it: path and query. */
const historyRequests: Record<string, string[]> = {};
const historyClosed: Record<string, number> = {};
const live = new Set<ServerResponse>();

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    const [, kind, name] = req.url!.split('?')[0]!.split('/') as [string, string, string];
    const script = scripts[name]!;
    live.add(res);
    res.on('close', () => live.delete(res));
    if (kind === 'stream') return script.stream(res, (connections[name] = (connections[name] ?? 0) + 1));
    const seen = (historyRequests[name] ??= []);
    seen.push(req.url!);
    res.on('close', () => (historyClosed[name] = (historyClosed[name] ?? 0) + 1));
    script.history!(res, seen.length);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  for (const res of live) res.socket?.destroy();
  return new Promise<void>((r) => server.close(() => r()));
});
afterEach(() => {
  for (const record of [connections, historyRequests, historyClosed])
    for (const key of Object.keys(record)) delete record[key];
});

const client = (maxRetries = 0) => createClient({ baseUrl, maxRetries, maxRetryDelay: 10 });
const fast: ReconnectOptions = { initialDelayMs: 5, maxDelayMs: 10, budgetMs: 5_000 };
const FLAGS = '_actions=false&_links=true&_embedded=true';

/** Read a stream until `count` events have arrived, then close it. */
async function take(stream: AsyncIterable<unknown> & { close(): void }, count: number): Promise<unknown[]> {
  const seen: unknown[] = [];
  for await (const e of stream) {
    seen.push(e);
    if (seen.length === count) stream.close();
  }
  return seen;
}

describe('backfill after a reconnect', () => {
  it('delivers the missed events in time order, marked, without what was delivered, then resumes live without repeats', async () => {
    const stream = await openStream<Events>(client(), route, { script: 'drop', deviceId: 'd1' }, ['deviceState'], {
      reconnect: fast,
    });
    expect(await take(stream, 5)).toEqual([
      { event: 'deviceState', data: { time: 1000, data: { n: 1 } } },
      { event: 'deviceState', data: { time: 2000, data: { n: 2, m: 0 } } },
      { event: 'deviceState', data: { time: '1970-01-01T00:00:03.000Z', data: { n: 3 } }, backfilled: true },
      { event: 'deviceState', data: { time: 4000, data: { n: 4 } }, backfilled: true },
      // the live repeat of n: 4 was dropped
      { event: 'deviceState', data: { time: 5000, data: { n: 5 } } },
    ]);
    expect(connections['drop']).toBe(2);
    // From the last event delivered (time 2000) to the new connection's Date, rounded up to its last ms.
    expect(historyRequests['drop']).toEqual([
      `/history/drop?${FLAGS}&deviceId=d1&limit=1000&sortDirection=asc&start=2000&end=${LATER_END}`,
    ]);
  });

  it('carries a stream parameter given by its earlier name (a deprecated alias) under its name', async () => {
    const aliased: Route = { ...route, aliases: { device: 'deviceId' } };
    const stream = await openStream<Events>(client(), aliased, { script: 'same', device: 'd2' }, ['deviceState'], {
      reconnect: fast,
    });
    expect(await take(stream, 4)).toHaveLength(4);
    expect(historyRequests['same']).toEqual([
      `/history/same?${FLAGS}&deviceId=d2&limit=1000&sortDirection=asc&start=1000&end=${LATER_END}`,
    ]);
  });

  it('delivers a history item at the last live time when its data differs, once', async () => {
    const stream = await openStream<Events>(client(), route, { script: 'same' }, ['deviceState'], { reconnect: fast });
    expect(await take(stream, 4)).toEqual([
      { event: 'deviceState', data: { time: 1000, data: { n: 1 } } },
      { event: 'deviceState', data: { time: 1000, data: { n: 10 } }, backfilled: true },
      { event: 'deviceState', data: { time: 1500, data: { n: 2 } }, backfilled: true },
      { event: 'deviceState', data: { time: 3000, data: { n: 3 } } },
    ]);
    expect(historyRequests['same']).toEqual([
      `/history/same?${FLAGS}&limit=1000&sortDirection=asc&start=1000&end=${LATER_END}`,
    ]);
  });

  it('fills the gap of a connection that went silent', async () => {
    const stream = await openStream<Events>(client(), route, { script: 'silent' }, ['deviceState'], {
      reconnect: { ...fast, keepAliveMs: 20, idleKeepAlives: 2 },
    });
    expect(await take(stream, 3)).toEqual([
      { event: 'deviceState', data: { time: 1000, data: { n: 1 } } },
      { event: 'deviceState', data: { time: 2000, data: { n: 2 } }, backfilled: true },
      { event: 'deviceState', data: { time: 3000, data: { n: 3 } } },
    ]);
    expect(historyRequests['silent']).toEqual([
      `/history/silent?${FLAGS}&limit=1000&sortDirection=asc&start=1000&end=${LATER_END}`,
    ]);
  });

  it('a history answering as many items as asked for is followed by a truncated gap for the rest', async () => {
    const stream = await openStream<Events>(client(), route, { script: 'truncated' }, ['deviceState'], {
      reconnect: { ...fast, backfillLimit: 2 },
    });
    expect(await take(stream, 5)).toEqual([
      { event: 'deviceState', data: { time: 1000, data: { n: 1 } } },
      { event: 'deviceState', data: { time: 2000, data: { n: 2 } }, backfilled: true },
      { event: 'deviceState', data: { time: 3000, data: { n: 3 } }, backfilled: true },
      { event: 'gap', data: { from: 3000, to: LATER_END, reason: 'truncated' } },
      { event: 'deviceState', data: { time: 9000, data: { n: 9 } } },
    ]);
    expect(historyRequests['truncated']).toEqual([
      `/history/truncated?${FLAGS}&limit=2&sortDirection=asc&start=1000&end=${LATER_END}`,
    ]);
  });

  it('a failing history call becomes a gap saying so, and the stream goes on', async () => {
    const before = Date.now();
    const stream = await openStream<Events>(client(), route, { script: 'failing' }, ['deviceState'], {
      reconnect: fast,
    });
    const seen = await take(stream, 3);
    expect(seen[0]).toEqual({ event: 'deviceState', data: { time: 1000, data: { n: 1 } } });
    const gap = seen[1] as { event: string; data: { from: number; to: number; reason: string; error: unknown } };
    expect(gap.event).toBe('gap');
    expect(Object.keys(gap.data).sort()).toEqual(['error', 'from', 'reason', 'to']);
    expect(gap.data.reason).toBe('failed');
    expect(gap.data.error).toBeInstanceOf(LosantApiError);
    expect((gap.data.error as LosantApiError).status).toBe(404);
    expect(gap.data.from).toBeGreaterThanOrEqual(before);
    expect(gap.data.to).toBeGreaterThanOrEqual(gap.data.from);
    expect(seen[2]).toEqual({ event: 'deviceState', data: { time: 9000, data: { n: 9 } } });
    expect(historyRequests['failing']).toHaveLength(1);
  });

  it("the history call is retried as any call, by the client's maxRetries", async () => {
    const stream = await openStream<Events>(client(1), route, { script: 'flaky' }, ['deviceState'], {
      reconnect: fast,
    });
    expect(await take(stream, 3)).toEqual([
      { event: 'deviceState', data: { time: 1000, data: { n: 1 } } },
      { event: 'deviceState', data: { time: 2000, data: { n: 2 } }, backfilled: true },
      { event: 'deviceState', data: { time: 9000, data: { n: 9 } } },
    ]);
    const asked = `/history/flaky?${FLAGS}&limit=1000&sortDirection=asc&start=1000&end=${LATER_END}`;
    expect(historyRequests['flaky']).toEqual([asked, asked]);
  });

  it('with no event delivered yet, the range starts when the stream was opened (the earlier clock)', async () => {
    const stream = await openStream<Events>(client(), route, { script: 'empty' }, ['deviceState'], { reconnect: fast });
    expect(await take(stream, 2)).toEqual([
      { event: 'deviceState', data: { time: FIRST_MS + 7000, data: { n: 7 } }, backfilled: true },
      { event: 'deviceState', data: { time: FIRST_MS + 9000, data: { n: 9 } } },
    ]);
    // The first connection's Date (2020) is earlier than this machine's clock.
    expect(historyRequests['empty']).toEqual([
      `/history/empty?${FLAGS}&limit=1000&sortDirection=asc&start=${FIRST_MS}&end=${LATER_END}`,
    ]);
  });

  it('close() while the history call is pending ends the stream and drops that request', async () => {
    const stream = await openStream<Events>(client(), route, { script: 'hanging' }, ['deviceState'], {
      reconnect: fast,
    });
    const it = stream[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual({ event: 'deviceState', data: { time: 1000, data: { n: 1 } } });
    const pending = it.next();
    await expect.poll(() => historyRequests['hanging']?.length).toBe(1);
    stream.close();
    expect(await pending).toEqual({ value: undefined, done: true });
    await expect.poll(() => historyClosed['hanging']).toBe(1);
  });

  it("the caller's signal during the history call ends the stream with a LosantAbortError", async () => {
    const controller = new AbortController();
    const stream = await openStream<Events>(client(), route, { script: 'hanging' }, ['deviceState'], {
      reconnect: fast,
      signal: controller.signal,
    });
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    const pending = it.next();
    await expect.poll(() => historyRequests['hanging']?.length).toBe(1);
    controller.abort(new Error('shutting down'));
    expect(await rejection(pending)).toBeInstanceOf(LosantAbortError);
    await expect.poll(() => historyClosed['hanging']).toBe(1);
  });

  it('reconnect: { backfill: false } keeps the plain gap event, and asks no history', async () => {
    const stream = await openStream<Events>(client(), route, { script: 'drop' }, ['deviceState'], {
      reconnect: { ...fast, backfill: false },
    });
    const seen = (await take(stream, 4)) as Array<{ event: string; data: unknown }>;
    expect(seen.map((e) => e.event)).toEqual(['deviceState', 'deviceState', 'gap', 'deviceState']);
    expect(Object.keys(seen[2]!.data as object).sort()).toEqual(['from', 'to']);
    expect(seen[3]).toEqual({ event: 'deviceState', data: { time: 4000, data: { n: 4 } } });
    expect(historyRequests['drop']).toBeUndefined();
  });

  it('a stream whose route has no history keeps the plain gap event', async () => {
    const stream = await openStream<Events>(client(), plain, { script: 'drop' }, ['deviceState'], { reconnect: fast });
    const seen = (await take(stream, 4)) as Array<{ event: string; data: unknown }>;
    expect(seen.map((e) => e.event)).toEqual(['deviceState', 'deviceState', 'gap', 'deviceState']);
    expect(Object.keys(seen[2]!.data as object).sort()).toEqual(['from', 'to']);
    expect(historyRequests['drop']).toBeUndefined();
  });

  it('without reconnect, nothing is backfilled: the stream just ends', async () => {
    const stream = await openStream<Events>(client(), route, { script: 'drop' }, ['deviceState']);
    const seen: unknown[] = [];
    await (async () => {
      for await (const e of stream) seen.push(e);
    })().catch(() => undefined);
    expect(seen).toHaveLength(2);
    expect(connections['drop']).toBe(1);
    expect(historyRequests['drop']).toBeUndefined();
  });
});

describe('timeOf', () => {
  it('reads every time format the schemas allow, in ms since the epoch', () => {
    expect(timeOf({ time: 1465790400000 }, 'time')).toBe(1465790400000);
    expect(timeOf({ time: '1465790400000' }, 'time')).toBe(1465790400000);
    expect(timeOf({ time: '2016-06-13T04:00:00.000Z' }, 'time')).toBe(1465790400000);
    expect(timeOf({ time: { $date: '2016-06-13T04:00:00.000Z' } }, 'time')).toBe(1465790400000);
    expect(timeOf({ time: 'soon' }, 'time')).toBeUndefined();
    expect(timeOf({ data: {} }, 'time')).toBeUndefined();
    expect(timeOf('text', 'time')).toBeUndefined();
  });
});

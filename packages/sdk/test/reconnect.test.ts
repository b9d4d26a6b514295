/**
 * `reconnect` on a generated stream action, on the wire against a loopback server that drops the
 * first connection: device.stateStream fills the gap from device.getState through the route data
 * the generator emitted (typed backfilled events), and with `backfill: false` delivers a typed gap.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { DeviceStateStreamEvents } from '@losant-sdk/devices';
import { createLosantClient, type EventStream, type GapEvents, type SseEvent, type StreamGap } from '../src/index.js';

const APP = '575ec8687ae143cd83dc4a97';
const DEVICE = '575ecf887ae143cd83dc4aa2';
// The server's clock on every answer, so that the range the backfill asks is exact.
const DATE = 'Tue, 01 Jan 2030 00:00:00 GMT';
const END = Date.UTC(2030, 0, 1) + 999;
const requests: string[] = [];
let streams = 0;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.url} ${req.headers.authorization}`);
    if (req.url!.split('?')[0]!.endsWith('/state')) {
      res.writeHead(200, { 'content-type': 'application/json', date: DATE });
      return void res.end(JSON.stringify([{ time: 2000, data: { n: 2 } }]));
    }
    const n = ++streams;
    res.writeHead(200, { 'content-type': 'text/event-stream', date: DATE });
    res.write(`event: deviceState\ndata: {"time":${n === 1 ? 1000 : 3000},"data":{"n":${n === 1 ? 1 : 3}}}\n\n`);
    if (n === 1) setTimeout(() => res.socket?.destroy(), 5);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  requests.length = 0;
  streams = 0;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((r) => server.close(() => r()));
});

const params = { applicationId: APP, deviceId: DEVICE, keepAliveInterval: 2 };
const streamLine = `/applications/${APP}/devices/${DEVICE}/stateStream?keepAliveInterval=2 Bearer t`;

describe('device.stateStream with reconnect', () => {
  it('reconnects with the same request and fills the gap from device.getState, marked backfilled', async () => {
    const losant = createLosantClient({ baseUrl, token: 't' });
    const stream = await losant.device.stateStream(params, { reconnect: { initialDelayMs: 5, maxDelayMs: 10 } });
    expectTypeOf(stream).toEqualTypeOf<EventStream<DeviceStateStreamEvents & GapEvents>>();
    const plain = () => losant.device.stateStream(params); // not called: its type only
    expectTypeOf(plain).returns.resolves.toEqualTypeOf<EventStream<DeviceStateStreamEvents>>();
    const seen: SseEvent<DeviceStateStreamEvents & GapEvents>[] = [];
    for await (const e of stream) {
      seen.push(e);
      expectTypeOf(e.backfilled).toEqualTypeOf<true | undefined>();
      if (seen.length === 3) stream.close();
    }
    expect(seen).toEqual([
      { event: 'deviceState', data: { time: 1000, data: { n: 1 } } },
      { event: 'deviceState', data: { time: 2000, data: { n: 2 } }, backfilled: true },
      { event: 'deviceState', data: { time: 3000, data: { n: 3 } } },
    ]);
    // The history call: the stream's path parameters, the range from the last event to the new connection.
    const history = `/applications/${APP}/devices/${DEVICE}/state?_actions=false&_links=true&_embedded=true&limit=1000&sortDirection=asc&start=1000&end=${END} Bearer t`;
    expect(requests).toEqual([streamLine, streamLine, history]);
  });

  it('with backfill: false, delivers a typed gap between the two connections and asks no history', async () => {
    const losant = createLosantClient({ baseUrl, token: 't' });
    const stream = await losant.device.stateStream(params, {
      reconnect: { initialDelayMs: 5, maxDelayMs: 10, backfill: false },
    });
    const seen: SseEvent<DeviceStateStreamEvents & GapEvents>[] = [];
    for await (const e of stream) {
      seen.push(e);
      if (e.event === 'gap') expectTypeOf(e.data).toEqualTypeOf<StreamGap>();
      if (seen.length === 3) stream.close();
    }
    expect(seen.map((e) => (e.event === 'gap' ? Object.keys(e.data).sort() : e.data.data))).toEqual([
      { n: 1 },
      ['from', 'to'],
      { n: 3 },
    ]);
    expect(requests).toEqual([streamLine, streamLine]);
  });
});

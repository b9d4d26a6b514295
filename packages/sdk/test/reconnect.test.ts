/** `reconnect` on a generated stream action: typed gap events, on the wire against a loopback server that drops the first connection. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { DeviceStateStreamEvents } from '@losant-sdk/devices';
import { createLosantClient, type EventStream, type GapEvents, type SseEvent } from '../src/index.js';

const APP = '575ec8687ae143cd83dc4a97';
const DEVICE = '575ecf887ae143cd83dc4aa2';
const requests: string[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.url} ${req.headers.authorization}`);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(`event: deviceState\ndata: {"data":{"n":${requests.length}}}\n\n`);
    if (requests.length === 1) setTimeout(() => res.socket?.destroy(), 5);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((r) => server.close(() => r()));
});

describe('device.stateStream with reconnect', () => {
  it('reconnects with the same request and delivers a typed gap between', async () => {
    const losant = createLosantClient({ baseUrl, token: 't' });
    const params = { applicationId: APP, deviceId: DEVICE, keepAliveInterval: 2 };
    const stream = await losant.device.stateStream(params, { reconnect: { initialDelayMs: 5, maxDelayMs: 10 } });
    expectTypeOf(stream).toEqualTypeOf<EventStream<DeviceStateStreamEvents & GapEvents>>();
    const plain = () => losant.device.stateStream(params); // not called: its type only
    expectTypeOf(plain).returns.resolves.toEqualTypeOf<EventStream<DeviceStateStreamEvents>>();
    const seen: SseEvent<DeviceStateStreamEvents & GapEvents>[] = [];
    for await (const e of stream) {
      seen.push(e);
      if (e.event === 'gap') expectTypeOf(e.data).toEqualTypeOf<{ from: number; to: number }>();
      if (seen.length === 3) stream.close();
    }
    expect(seen.map((e) => (e.event === 'gap' ? 'gap' : e.data.data))).toEqual([{ n: 1 }, 'gap', { n: 2 }]);
    const line = `/applications/${APP}/devices/${DEVICE}/stateStream?keepAliveInterval=2 Bearer t`;
    expect(requests).toEqual([line, line]);
  });
});

/** `rateLimit: rateLimits('losant')` and `retryOn429` on the generated actions, against a loopback server that counts and throttles. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLosantClient, LosantAbortError, rateLimits, type RateLimitInfo } from '../src/index.js';

const APP = '575ec8687ae143cd83dc4a97';
const DEVICE = '575ecf887ae143cd83dc4aa2';
const received: string[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(`${req.method} ${req.url!.split('?')[0]}`);
      // The first state of the "throttled" device is refused with a 429.
      if (req.url!.includes('/devices/575ecf887ae143cd83dc4aa9/') && received.length === 1) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' });
        return res.end('{"type":"TooManyRequests","message":"Over rate limit"}');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"success":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('rate limits on generated actions', () => {
  it('sendState with retryOn429 is sent again after a 429', async () => {
    received.length = 0;
    const told: RateLimitInfo[] = [];
    const losant = createLosantClient({ baseUrl, token: 't', retryOn429: true, onRateLimit: (i) => told.push(i) });
    const deviceId = '575ecf887ae143cd83dc4aa9';
    await losant.device.sendState({ applicationId: APP, deviceId, deviceState: { data: { v: 1 } } });
    expect(received).toEqual([
      `POST /applications/${APP}/devices/${deviceId}/state`,
      `POST /applications/${APP}/devices/${deviceId}/state`,
    ]);
    expect(told).toEqual([
      { source: 'server', operationId: 'device.sendState', status: 429, retryAfter: '0', willRetry: true },
    ]);
  });

  it("'losant' holds the 31st state of a device back", async () => {
    received.length = 0;
    const told: RateLimitInfo[] = [];
    const losant = createLosantClient({
      baseUrl,
      token: 't',
      rateLimit: rateLimits('losant'),
      onRateLimit: (i) => told.push(i),
    });
    const params = { applicationId: APP, deviceId: DEVICE, deviceState: { data: { v: 1 } } };
    for (let i = 0; i < 30; i++) await losant.device.sendState(params);
    const controller = new AbortController();
    const held = losant.device.sendState(params, { signal: controller.signal });
    await expect.poll(() => told.length).toBe(1);
    expect(told[0]).toMatchObject({ source: 'limiter', operationId: 'device.sendState', key: `device:${DEVICE}` });
    controller.abort();
    await expect(held).rejects.toBeInstanceOf(LosantAbortError);
    expect(received).toHaveLength(30);
  });
});

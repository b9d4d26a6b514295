import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_VERSION } from '@losant-sdk/devices';
import { applicationReport } from '../src/report.js';

const APP = '575ec8687ae143cd83dc4a97';
const TOKEN = 'consumer-token';

/** A loopback stand-in for api.losant.com: canned answers for the calls the example makes. */
let server: Server;
let baseUrl: string;
const seen: Array<{
  method: string;
  url: string;
  auth: string | undefined;
  version: string | undefined;
  body: string;
}> = [];

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    req.on('data', (c) => (body += c)).on('end', () => resolve(body));
  });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await read(req);
    seen.push({
      method: req.method!,
      url: req.url!,
      auth: req.headers.authorization,
      version: req.headers['accept-version'] as string | undefined,
      body,
    });
    const url = new URL(req.url!, 'http://stub');
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (req.method === 'GET' && url.pathname === '/dashboards')
      return send(200, {
        items: [
          { id: 'd1', name: 'Floor 1' },
          { id: 'd2', name: 'Floor 2' },
        ],
        count: 2,
        totalCount: 2,
      });
    if (req.method === 'GET' && url.pathname === `/applications/${APP}`)
      return send(200, { id: APP, name: 'Plant monitor' });
    if (req.method === 'GET' && url.pathname === `/applications/${APP}/devices`) {
      const page = Number(url.searchParams.get('page'));
      const items = [
        { id: '575ecf887ae143cd83dc4aa2', name: 'Pump' },
        { id: '575ecf887ae143cd83dc4aa3', name: 'Valve' },
      ].slice(page, page + 1);
      return send(200, { items, count: items.length, totalCount: 2, perPage: 1, page });
    }
    const state = /^\/applications\/[0-9a-f]{24}\/devices\/([0-9a-f]{24})\/state$/.exec(url.pathname);
    if (req.method === 'GET' && state)
      return send(200, state[1]!.endsWith('2') ? [{ time: '2026-11-22T00:01:00.000Z', data: { running: true } }] : []);
    if (req.method === 'POST' && url.pathname === `/applications/${APP}/data/time-series-query`) {
      return send(200, {
        devices: {
          d: {
            name: 'Sensor',
            points: [
              { time: '2026-11-22T00:00:00.000Z', data: { voltage: 11.9 } },
              { time: '2026-11-22T00:01:00.000Z', data: { voltage: 12.1 } },
            ],
          },
        },
      });
    }
    return send(404, { type: 'NotFound', message: 'Application was not found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('the consumer example against a stub server', () => {
  it('lists dashboards, reads the application, queries data and handles a 404', async () => {
    const report = await applicationReport(APP, { token: TOKEN, baseUrl });
    expect(report).toEqual({
      application: 'Plant monitor',
      dashboards: ['Floor 1', 'Floor 2'],
      devices: [
        { name: 'Pump', state: { running: true } },
        { name: 'Valve', state: undefined },
      ],
      lastVoltage: 12.1,
      missing: '404 NotFound',
    });
  });

  it('sent what Losant expects', () => {
    // Losant's own client sends the response-shape flags first, then the params in the docs' order.
    const flags = '_actions=false&_links=true&_embedded=true';
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      `GET /dashboards?${flags}&sortField=name&sortDirection=asc&perPage=100&applicationId=${APP}`,
      `GET /applications/${APP}/devices?${flags}&page=0&perPage=50`,
      `GET /applications/${APP}/devices/575ecf887ae143cd83dc4aa2/state?${flags}&limit=1`,
      `GET /applications/${APP}/devices?${flags}&page=1&perPage=50`,
      `GET /applications/${APP}/devices/575ecf887ae143cd83dc4aa3/state?${flags}&limit=1`,
      `GET /applications/${APP}?${flags}`,
      `POST /applications/${APP}/data/time-series-query?${flags}`,
      `GET /applications/000000000000000000000000?${flags}`,
    ]);
    for (const s of seen) {
      expect(s.auth).toBe(`Bearer ${TOKEN}`);
      expect(s.version).toBe(`^${API_VERSION}`);
    }
    expect(JSON.parse(seen[6]!.body)).toEqual({
      attributes: ['voltage'],
      deviceIds: ['575ecf887ae143cd83dc4aa2'],
      aggregation: 'LAST',
      resolution: 60000,
    });
  });
});

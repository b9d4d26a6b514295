/**
 * Iterators on the wire: data table rows by `offset`/`limit` (GET and the POST query), and every
 * iterator's `toArray`, `pages` and `prefetch`, against a loopback server that records each request
 * and answers slowly enough for look-ahead to show.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { DataTableRowsGetResult } from '@losant-sdk/data-tables';
import { createLosantClient } from '../src/index.js';

const APP = '575ec8687ae143cd83dc4a97';
const TABLE = '596f83d571fe3b0007a4a5d3';
const TOTAL = 7;
const seen: { method: string; query: URLSearchParams; body: string }[] = [];
let inFlight = 0;
let maxInFlight = 0;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      seen.push({ method: req.method!, query: url.searchParams, body: Buffer.concat(chunks).toString() });
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      const reply = (payload: unknown) =>
        setTimeout(() => {
          inFlight--;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(payload));
        }, 5);
      if (url.pathname.endsWith('/rows') || url.pathname.endsWith('/rows/query')) {
        const offset = Number(url.searchParams.get('offset') ?? 0);
        const limit = Number(url.searchParams.get('limit') ?? 1000);
        const items = Array.from({ length: Math.max(0, Math.min(limit, TOTAL - offset)) }, (_, i) => ({
          id: `row${offset + i}`,
          n: offset + i,
        }));
        return reply({ items, count: items.length, totalCount: TOTAL, limit, offset, dataTableId: TABLE });
      }
      const page = Number(url.searchParams.get('page') ?? 0);
      const perPage = Number(url.searchParams.get('perPage') ?? 100);
      const items = Array.from({ length: Math.max(0, Math.min(perPage, TOTAL - page * perPage)) }, (_, i) => ({
        id: `d${page * perPage + i}`,
        name: `Dashboard ${page * perPage + i}`,
      }));
      reply({ items, count: items.length, totalCount: TOTAL, perPage, page });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  seen.length = 0;
  inFlight = 0;
  maxInFlight = 0;
});

const losant = () => createLosantClient({ baseUrl, token: 't' });
const offsets = () => seen.map((s) => s.query.get('offset'));

describe('offset iteration', () => {
  it('dataTableRows.iterate walks offset by limit and stops at totalCount', async () => {
    const rows = [];
    for await (const row of losant().dataTableRows.iterate({ applicationId: APP, dataTableId: TABLE, limit: '3' }))
      rows.push(row.id);
    expect(rows).toEqual(['row0', 'row1', 'row2', 'row3', 'row4', 'row5', 'row6']);
    expect(offsets()).toEqual(['0', '3', '6']);
    expect(seen.every((s) => s.method === 'GET' && s.query.get('limit') === '3')).toBe(true);
  });

  it('dataTableRows.iterateQuery posts the same query for each slice', async () => {
    const query = { $or: [{ n: { $gt: 0 } }] };
    const rows = await losant()
      .dataTableRows.iterateQuery({ applicationId: APP, dataTableId: TABLE, limit: '4', query }, { startOffset: 1 })
      .toArray();
    expect(rows.map((r) => r.id)).toEqual(['row1', 'row2', 'row3', 'row4', 'row5', 'row6']);
    expect(offsets()).toEqual(['1', '5']);
    expect(seen.map((s) => [s.method, JSON.parse(s.body)])).toEqual([
      ['POST', query],
      ['POST', query],
    ]);
  });

  it('the item type is the result’s item', () => {
    const pager = losant().dataTableRows.iterate({ applicationId: APP, dataTableId: TABLE });
    expectTypeOf(pager.toArray).returns.resolves.toEqualTypeOf<NonNullable<DataTableRowsGetResult['items']>>();
    expect(seen).toEqual([]); // iterating starts nothing until read
  });
});

describe('toArray, pages and prefetch', () => {
  it('toArray({ limit }) asks for no page past the one holding the last item wanted', async () => {
    const names = await losant().dashboards.iterate({ perPage: '2' }).toArray({ limit: 3 });
    expect(names.map((d) => d.name)).toEqual(['Dashboard 0', 'Dashboard 1', 'Dashboard 2']);
    expect(seen.map((s) => s.query.get('page'))).toEqual(['0', '1']);
  });

  it('pages() yields each response', async () => {
    const pages = [];
    for await (const page of losant()
      .dataTableRows.iterate({ applicationId: APP, dataTableId: TABLE, limit: '5' })
      .pages())
      pages.push([page.offset, page.count, page.totalCount]);
    expect(pages).toEqual([
      [0, 5, 7],
      [5, 2, 7],
    ]);
  });

  it('prefetch keeps n pages in flight ahead, and never asks past totalCount', async () => {
    // What the client has sent by the time each item is handed over, counted as fetch is called.
    const issued: string[] = [];
    const fetch = (req: Request) => {
      issued.push(new URL(req.url).searchParams.get('page')!);
      return globalThis.fetch(req);
    };
    const pager = createLosantClient({ baseUrl, token: 't', fetch }).dashboards.iterate(
      { perPage: '1' },
      { prefetch: 3 },
    );
    expect((await pager.next()).value).toMatchObject({ name: 'Dashboard 0' });
    expect(issued).toEqual(['0', '1', '2', '3']);
    const rest = [];
    for await (const d of pager) rest.push(d.name);
    expect(rest).toHaveLength(TOTAL - 1);
    expect(issued).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    expect(seen.map((s) => s.query.get('page')).sort()).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    expect(maxInFlight).toBeLessThanOrEqual(3);
  });
});

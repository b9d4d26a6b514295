/** `.withResponse()`'s request id, `.asResponse()` and `.asStream()`: the Response as it arrives, body unread. */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ClientOptions } from '../src/client.js';
import {
  LosantAbortError,
  LosantApiError,
  LosantError,
  LosantResponseTooLargeError,
  LosantTimeoutError,
} from '../src/errors.js';
import type { Route } from '../src/types.js';
import { archiveData, ID, json, recordingFetch, rejection } from './helpers.js';
import { openStream } from '../src/stream.js';

const exportRoute: Route = {
  id: 'data.export',
  method: 'GET',
  path: '/export',
  params: {},
  version: '1.30.0',
  flags: false,
};

/** A loopback server whose `/export` sends its first chunk, then waits until the test says `more()`. */
let server: Server;
let baseUrl: string;
let pending: ServerResponse | undefined;
let first: Promise<void>;
let firstSent: () => void;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/export') {
      res.writeHead(200, { 'content-type': 'text/csv', 'x-request-id': 'req-export-1' });
      res.write('id,value\n');
      pending = res;
      firstSent();
    } else {
      res.writeHead(404, { 'content-type': 'application/json', 'x-request-id': 'req-404' });
      res.end('{"type":"NotFound","message":"no such thing"}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((r) => server.close(() => r()));
});
const expectFirstChunk = () => {
  first = new Promise((r) => (firstSent = r));
};

const reply = (response: () => Response, o: ClientOptions = {}) =>
  createClient({ fetch: async () => response(), maxRetryDelay: 1, ...o });

describe('withResponse()', () => {
  it('gives the request id Losant sends (X-Request-Id) next to the data and the response', async () => {
    const r = await reply(() => json(200, { ok: 1 }, { 'x-request-id': 'b2c9e7a0-req' }))
      .request(archiveData, { applicationId: ID, date: '1' })
      .withResponse();
    expect(r.data).toEqual({ ok: 1 });
    expect(r.response.status).toBe(200);
    expect(r.requestId).toBe('b2c9e7a0-req');
  });

  it('requestId is undefined when the server sent none, and errors carry the same header', async () => {
    const r = await reply(() => json(200, {}))
      .request(archiveData, { applicationId: ID, date: '1' })
      .withResponse();
    expect(r.requestId).toBeUndefined();
    const error = await rejection(
      reply(() => json(404, { type: 'NotFound' }, { 'x-request-id': 'req-77' })).request(archiveData, {
        applicationId: ID,
        date: '1',
      }),
    );
    expect((error as LosantApiError).requestId).toBe('req-77');
  });
});

describe('the call as a promise', () => {
  it("catch() gets the failed call's error, finally() runs either way and passes the result through", async () => {
    const ran: string[] = [];
    const ok = await reply(() => json(200, { ok: 1 }))
      .request(archiveData, { applicationId: ID, date: '1' })
      .finally(() => ran.push('ok'));
    expect(ok).toEqual({ ok: 1 });
    const call = reply(() => json(404, { type: 'NotFound', message: 'no such thing' })).request(archiveData, {
      applicationId: ID,
      date: '1',
    });
    const caught = await call.finally(() => ran.push('failed')).catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(LosantApiError);
    expect((caught as LosantApiError).status).toBe(404);
    expect(ran).toEqual(['ok', 'failed']);
    // catch() with no handler rethrows, as a promise's does.
    await expect(call.catch(null)).rejects.toBeInstanceOf(LosantApiError);
    expect(Object.prototype.toString.call(call)).toBe('[object ApiPromise]');
  });
});

describe('asResponse() and asStream()', () => {
  it('resolves with the Response as soon as its headers arrive, the body unread, then streams it as sent', async () => {
    expectFirstChunk();
    const client = createClient({ baseUrl });
    const response = await client.request(exportRoute, {}).asResponse();
    await first;
    expect(response.status).toBe(200);
    expect(response.bodyUsed).toBe(false);
    expect(response.headers.get('content-type')).toBe('text/csv');
    expect(response.url).toBe(`${baseUrl}/export`);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    // The first line is readable while the server still holds the rest back: nothing was buffered.
    expect(decoder.decode((await reader.read()).value)).toBe('id,value\n');
    pending!.end('1,42\n');
    let rest = '';
    for (let next = await reader.read(); !next.done; next = await reader.read()) rest += decoder.decode(next.value);
    expect(rest).toBe('1,42\n');
  });

  it('asStream() is the body itself: exact bytes, as many as were sent', async () => {
    const bytes = new Uint8Array([0, 1, 2, 253, 254, 255, 10, 13]);
    const stream = await reply(() => new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } }))
      .request(exportRoute, {})
      .asStream();
    expect(new Uint8Array(await new Response(stream).arrayBuffer())).toEqual(bytes);
  });

  it('a JSON answer is not parsed either, and an empty one is an empty stream', async () => {
    const response = await reply(() => new Response('{"broken', { headers: { 'content-type': 'application/json' } }))
      .request(archiveData, { applicationId: ID, date: '1' })
      .asResponse();
    expect(await response.text()).toBe('{"broken');
    const empty = await reply(() => new Response(null, { status: 204 }))
      .request(exportRoute, {})
      .asStream();
    expect((await empty.getReader().read()).done).toBe(true);
  });

  it('a non-2xx answer is the usual LosantApiError, after the usual retries', async () => {
    const { fetch, requests } = recordingFetch(() => json(503, { type: 'Unavailable' }));
    const error = await rejection(
      createClient({ fetch, maxRetries: 1, maxRetryDelay: 1 }).request(exportRoute, {}).asResponse(),
    );
    expect(error).toBeInstanceOf(LosantApiError);
    expect((error as LosantApiError).status).toBe(503);
    expect(requests).toHaveLength(2);
    const notFound = await rejection(
      createClient({ baseUrl }).request(archiveData, { applicationId: ID, date: '1' }).asStream(),
    );
    expect((notFound as LosantApiError).serverMessage).toBe('no such thing');
    expect((notFound as LosantApiError).requestId).toBe('req-404');
  });

  it('comes too late once the data was read: a LosantError that says so', async () => {
    const call = reply(() => json(200, { a: 1 })).request(archiveData, { applicationId: ID, date: '1' });
    expect(await call).toEqual({ a: 1 });
    const error = await rejection(call.asResponse());
    expect(error).toBeInstanceOf(LosantError);
    expect((error as Error).message).toMatch(/came after the response was read/);
  });

  it('the timeout goes on while the body is read: a stalled body fails with LosantTimeoutError', async () => {
    expectFirstChunk();
    const stream = await createClient({ baseUrl, timeout: 150 }).request(exportRoute, {}).asStream();
    const reader = stream.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('id,value\n');
    const error = await rejection(reader.read());
    expect(error).toBeInstanceOf(LosantTimeoutError);
    expect((error as Error).message).toMatch(/^data\.export/);
    pending!.destroy();
  });

  it('the call’s signal cancels the read: LosantAbortError with its reason', async () => {
    expectFirstChunk();
    const controller = new AbortController();
    const stream = await createClient({ baseUrl, timeout: 0 })
      .request(exportRoute, {}, { signal: controller.signal })
      .asStream();
    const reader = stream.getReader();
    await reader.read();
    controller.abort('user went away');
    const error = await rejection(reader.read());
    expect(error).toBeInstanceOf(LosantAbortError);
    expect((error as LosantAbortError).reason).toBe('user went away');
    pending!.destroy();
  });

  it('maxResponseBytes still applies to the streamed body', async () => {
    const big = new Uint8Array(2048);
    const stream = await reply(
      () =>
        new Response(
          new ReadableStream({
            start(c) {
              c.enqueue(big);
              c.enqueue(big);
              c.close();
            },
          }),
        ),
      { maxResponseBytes: 3000 },
    )
      .request(exportRoute, {})
      .asStream();
    expect(await rejection(new Response(stream).arrayBuffer())).toBeInstanceOf(LosantResponseTooLargeError);
  });

  it('cancelling the stream cancels the response body', async () => {
    let cancelled: unknown;
    const stream = await reply(
      () =>
        new Response(
          new ReadableStream({
            pull(c) {
              c.enqueue(new Uint8Array([1]));
            },
            cancel(reason) {
              cancelled = reason;
            },
          }),
        ),
    )
      .request(exportRoute, {})
      .asStream();
    await stream.cancel('enough');
    expect(cancelled).toBe('enough');
  });

  it('works on an event stream too: the raw text/event-stream body', async () => {
    const body = 'event: state\ndata: {"a":1}\n\n';
    const response = await openStream(
      reply(() => new Response(body, { headers: { 'content-type': 'text/event-stream' } })),
      exportRoute,
      {},
      ['state'],
    ).asResponse();
    expect(await response.text()).toBe(body);
    const error = await rejection(
      openStream(
        reply(() => new Response(body, { headers: { 'content-type': 'text/event-stream' } })),
        exportRoute,
        {},
        ['state'],
        { reconnect: true },
      ).asResponse(),
    );
    expect((error as Error).message).toMatch(/not available on a reconnecting stream/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../src/client.js';
import { LosantAbortError, LosantNetworkError, LosantStreamError } from '../src/errors.js';
import { SseParser, type RawEvent } from '../src/sse.js';
import type { Route } from '../src/types.js';
import { startFaultServer, type FaultServer } from './fault-server.js';
import { ID, recordingFetch, rejection } from './helpers.js';
import { openStream } from '../src/stream.js';

const route: Route = {
  id: 'application.mqttSubscriptionStream',
  method: 'GET',
  path: '/applications/{applicationId}/mqttSubscriptionStream',
  params: { applicationId: 'path', topic: 'query' },
  required: ['applicationId', 'topic'],
  version: '1.29.4',
};
type Events = { mqttMessage: { topic: string; message: string } };

function streamOf(chunks: Array<string | Uint8Array>, onCancel?: () => void): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(typeof c === 'string' ? encoder.encode(c) : c);
      controller.close();
    },
    ...(onCancel ? { cancel: onCancel } : {}),
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

/** Parse chunks with a parser of the given limits. */
function parse(chunks: string[], limits = { maxLineLength: 1 << 20, maxEventLength: 8 << 20 }): RawEvent[] {
  const parser = new SseParser('op', limits);
  const out: RawEvent[] = [];
  for (const c of chunks) parser.push(c, out);
  return out;
}

describe('the event-stream parser', () => {
  it('handles LF, CR and CRLF line ends, even a CRLF split across chunks', () => {
    const whole = 'event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\rdata: 3\n\n';
    const expected = [
      { event: 'a', data: '1', id: undefined },
      { event: 'b', data: '2', id: undefined },
      { event: 'message', data: '3', id: undefined },
    ];
    expect(parse([whole])).toEqual(expected);
    // every split point, and one character at a time
    for (let i = 1; i < whole.length; i++)
      expect(parse([whole.slice(0, i), '', whole.slice(i)]), `split at ${i}`).toEqual(expected);
    expect(parse([...whole])).toEqual(expected);
  });

  it('joins data lines with LF, keeps the last id, skips comments and unknown fields', () => {
    expect(parse([': hi\n', 'id: 7\nretry: 10\nfoo\ndata\ndata:x\ndata:  y\n\n', 'data: z\n\n'])).toEqual([
      { event: 'message', data: '\nx\n y', id: '7' },
      { event: 'message', data: 'z', id: '7' },
    ]);
  });

  it('ends with a LosantStreamError when a line or an event passes its cap', () => {
    expect(() =>
      parse(['data: ', 'x'.repeat(60), 'x'.repeat(60)], { maxLineLength: 100, maxEventLength: 1000 }),
    ).toThrow(LosantStreamError);
    expect(() => parse(['data: ' + 'x'.repeat(200) + '\n'], { maxLineLength: 100, maxEventLength: 1000 })).toThrow(
      /a line longer than maxSseLineLength \(100\)/,
    );
    const lines = Array.from({ length: 20 }, () => `data: ${'x'.repeat(60)}\n`);
    expect(() => parse(lines, { maxLineLength: 100, maxEventLength: 1000 })).toThrow(
      /an event longer than maxSseEventLength \(1000\)/,
    );
    expect(parse([...lines.slice(0, 10), '\n'], { maxLineLength: 100, maxEventLength: 1000 })).toHaveLength(1);
  });

  it('parses a long line sent in many small chunks', () => {
    const data = 'z'.repeat(500_000);
    const text = `data: ${data}\n\n`;
    const chunks = Array.from({ length: Math.ceil(text.length / 1000) }, (_, i) =>
      text.slice(i * 1000, (i + 1) * 1000),
    );
    expect(parse(chunks)).toEqual([{ event: 'message', data, id: undefined }]);
  });
});

describe('Server-Sent Events', () => {
  it('yields the documented events, typed, and skips keepalives and comments; no flags in the query', async () => {
    const chunks = [
      ': keepalive\n\n',
      'event: keepAlive\ndata: {}\n\n',
      'event: mqttMessage\nid: 1\ndata: {"topic":"a/b",',
      '"message":"hi"}\n\n',
      'event: mqttMessage\r\ndata: {"topic":"c","message":"x"}\r\n\r\n',
    ];
    const { fetch, requests } = recordingFetch(() => streamOf(chunks));
    const stream = await openStream<Events>(
      createClient({ fetch }),
      route,
      { applicationId: ID, topic: 'a/b', _links: true },
      ['mqttMessage'],
    );
    const got = [];
    for await (const e of stream) got.push(e);
    expect(got).toEqual([
      { event: 'mqttMessage', id: '1', data: { topic: 'a/b', message: 'hi' } },
      { event: 'mqttMessage', id: '1', data: { topic: 'c', message: 'x' } },
    ]);
    expect(requests[0]!.headers.get('accept')).toBe('text/event-stream');
    expect(requests[0]!.url).toBe(`https://api.losant.com/applications/${ID}/mqttSubscriptionStream?topic=a%2Fb`);
  });

  it('decodes a multi-byte character split across chunks', async () => {
    const bytes = new TextEncoder().encode('event: mqttMessage\ndata: {"topic":"t","message":"€"}\n\n');
    const at = bytes.indexOf(0xe2) + 1;
    const { fetch } = recordingFetch(() => streamOf([bytes.slice(0, at), bytes.slice(at)]));
    const got = [];
    for await (const e of await openStream<Events>(createClient({ fetch }), route, { applicationId: ID, topic: 't' }, [
      'mqttMessage',
    ]))
      got.push(e);
    expect(got).toEqual([{ event: 'mqttMessage', data: { topic: 't', message: '€' } }]);
  });

  it('closing the stream cancels the connection', async () => {
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode('event: mqttMessage\ndata: {"topic":"t","message":"m"}\n\n'));
        return new Promise((r) => setTimeout(r, 5));
      },
      cancel() {
        cancelled = true;
      },
    });
    const { fetch } = recordingFetch(() => new Response(endless, { status: 200 }));
    const stream = await openStream<Events>(createClient({ fetch }), route, { applicationId: ID, topic: 't' }, [
      'mqttMessage',
    ]);
    let n = 0;
    for await (const _ of stream) if (++n === 3) stream.close();
    expect(n).toBe(3);
    expect(cancelled).toBe(true);
  });

  it('a connection that breaks mid-stream: LosantNetworkError', async () => {
    const broken = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('event: mqttMessage\ndata: {"topic":"t","message":"m"}\n\n'));
        setTimeout(() => controller.error(new TypeError('terminated')), 10);
      },
    });
    const { fetch } = recordingFetch(() => new Response(broken, { status: 200 }));
    const stream = await openStream<Events>(createClient({ fetch }), route, { applicationId: ID, topic: 't' }, [
      'mqttMessage',
    ]);
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ event: 'mqttMessage' });
    expect(await rejection(iterator.next())).toBeInstanceOf(LosantNetworkError);
  });
});

describe('event streams from a server', () => {
  let server: FaultServer;
  beforeAll(async () => {
    server = await startFaultServer();
  });
  afterAll(() => server.close());
  const sseRoute = (path: string): Route => ({
    id: `fault.${path.slice(1)}`,
    method: 'GET',
    path,
    params: {},
    version: '1',
  });

  it('a line that never ends: LosantStreamError at the cap, the connection dropped', { timeout: 30_000 }, async () => {
    const stream = await openStream(
      createClient({ baseUrl: server.url, maxSseLineLength: 256 * 1024 }),
      sseRoute('/sse-endless-line'),
      {},
      ['message'],
    );
    const error = await rejection(stream[Symbol.asyncIterator]().next());
    expect(error).toBeInstanceOf(LosantStreamError);
    expect((error as Error).message).toBe(
      'fault.sse-endless-line: the event stream sent a line longer than maxSseLineLength (262144) characters',
    );
    await expect.poll(() => server.closedByClient('/sse-endless-line'), { timeout: 10_000 }).toBe(1);
  });

  it(
    'a large legal event (~4 MB in 4 KiB chunks) with the default caps: parsed whole',
    { timeout: 30_000 },
    async () => {
      const stream = await openStream<{ big: unknown }>(
        createClient({ baseUrl: server.url }),
        sseRoute('/sse-large-event'),
        {},
        ['big'],
      );
      const got: unknown[] = [];
      for await (const e of stream) got.push(e.data);
      expect(got).toHaveLength(2);
      const first = got[0] as string[];
      expect(first).toHaveLength(9);
      expect(first.slice(0, 8).every((s) => s === 'y'.repeat(512 * 1024))).toBe(true);
      expect(first[8]).toBe('end');
      expect(got[1]).toEqual({ last: true });
    },
  );

  it('the caller’s signal aborting mid-stream: LosantAbortError carrying its reason', { timeout: 30_000 }, async () => {
    const controller = new AbortController();
    const stream = await openStream(createClient({ baseUrl: server.url }), sseRoute('/stream'), {}, ['mqttMessage'], {
      signal: controller.signal,
    });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    const reason = new Error('user left');
    controller.abort(reason);
    const error = await rejection(iterator.next());
    expect(error).toBeInstanceOf(LosantAbortError);
    expect((error as LosantAbortError).reason).toBe(reason);
  });
});

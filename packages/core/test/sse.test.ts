import { describe, expect, it } from 'vitest';
import { createClient } from '../src/client.js';
import type { Route } from '../src/types.js';
import { ID, recordingFetch } from './helpers.js';

const route: Route = {
  id: 'application.mqttSubscriptionStream',
  method: 'GET',
  path: '/applications/{applicationId}/mqttSubscriptionStream',
  params: { applicationId: 'path', topic: 'query' },
  required: ['applicationId', 'topic'],
  sse: true,
  version: '1.29.4',
};
type Events = { mqttMessage: { topic: string; message: string } };

function streamOf(chunks: string[], onCancel?: () => void): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
    cancel: onCancel,
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

describe('Server-Sent Events', () => {
  it('yields the documented events, typed, and skips keepalives and comments', async () => {
    const chunks = [': keepalive\n\n', 'event: keepAlive\ndata: {}\n\n', 'event: mqttMessage\nid: 1\ndata: {"topic":"a/b",', '"message":"hi"}\n\n', 'event: mqttMessage\r\ndata: {"topic":"c","message":"x"}\r\n\r\n'];
    const { fetch, requests } = recordingFetch(() => streamOf(chunks));
    const stream = await createClient({ fetch }).stream<Events>(route, { applicationId: ID, topic: 'a/b' }, ['mqttMessage']);
    const got = [];
    for await (const e of stream) got.push(e);
    expect(got).toEqual([
      { event: 'mqttMessage', id: '1', data: { topic: 'a/b', message: 'hi' } },
      { event: 'mqttMessage', id: '1', data: { topic: 'c', message: 'x' } },
    ]);
    expect(requests[0]!.headers.get('accept')).toBe('text/event-stream');
    expect(new URL(requests[0]!.url).search).toBe('?topic=a%2Fb');
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
    const stream = await createClient({ fetch }).stream<Events>(route, { applicationId: ID, topic: 't' }, ['mqttMessage']);
    let n = 0;
    for await (const _ of stream) if (++n === 3) stream.close();
    expect(n).toBe(3);
    expect(cancelled).toBe(true);
  });
});

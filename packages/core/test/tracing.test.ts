/** OpenTelemetry: a span per call, a child per attempt, traceparent on the wire; loaded only once OpenTelemetry is there. */
import * as otel from '@opentelemetry/api';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../src/client.js';
import { LosantApiError } from '../src/errors.js';
import { disableTracing, enableTracing } from '../src/tracing.js';
import type { Route } from '../src/types.js';
import { ID, json, recordingFetch, rejection } from './helpers.js';

const route: Route = {
  id: 'devices.get',
  method: 'GET',
  path: '/applications/{applicationId}/devices',
  params: { applicationId: 'path', filter: 'query' },
  version: '1.30.0',
};
const HOOK = Symbol.for('losant-sdk.tracing');
const OTEL = Symbol.for('opentelemetry.js.api.1');
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;
const g = globalThis as Record<symbol, unknown>;

describe('without OpenTelemetry registered', () => {
  it('nothing is loaded or wrapped: no hook, no traceparent, the middleware untouched', async () => {
    expect(OTEL in g).toBe(false);
    const { fetch, requests } = recordingFetch(() => json(200, {}));
    await createClient({ fetch }).request(route, { applicationId: ID });
    expect(requests[0]!.headers.get('traceparent')).toBeNull();
    expect(HOOK in g).toBe(false);
  });
});

describe('with OpenTelemetry registered', () => {
  beforeAll(() => {
    trace.setGlobalTracerProvider(provider);
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  afterAll(() => {
    trace.disable();
    context.disable();
    propagation.disable();
    delete g[HOOK];
  });
  beforeEach(() => exporter.reset());
  const spans = () => exporter.getFinishedSpans();
  const byName = (list: ReadableSpan[]) => ({
    call: list.filter((s) => s.name === 'devices.get'),
    attempts: list.filter((s) => s.name === 'GET'),
  });

  it('loads the tracing module by itself; one call span, one child per attempt, traceparent of that attempt on the wire', async () => {
    const answers = [json(503, {}, { 'retry-after': '0' }), json(200, { items: [] })];
    const { fetch, requests } = recordingFetch(() => answers.shift()!);
    const client = createClient({ fetch, baseUrl: 'https://api.losant.example', maxRetryDelay: 1 });
    const parent = trace.getTracer('test').startSpan('job');
    await context.with(trace.setSpan(context.active(), parent), () =>
      client.request(route, { applicationId: ID, filter: 'SECRET-FILTER-VALUE' }),
    );
    parent.end();
    expect(typeof g[HOOK]).toBe('function');
    const { call, attempts } = byName(spans());
    expect(call).toHaveLength(1);
    expect(attempts).toHaveLength(2);
    const [c] = call;
    expect(c!.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(c!.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(c!.attributes).toEqual({
      'http.request.method': 'GET',
      'server.address': 'api.losant.example',
      'url.template': '/applications/{applicationId}/devices',
      'losant.action': 'devices.get',
      'losant.retries': 1,
      'http.response.status_code': 200,
    });
    expect(
      attempts.map((a) => [
        a.attributes['http.request.resend_count'],
        a.attributes['http.response.status_code'],
        a.status.code,
      ]),
    ).toEqual([
      [0, 503, 2],
      [1, 200, 0],
    ]);
    for (const [i, a] of attempts.entries()) {
      expect(a.parentSpanContext?.spanId).toBe(c!.spanContext().spanId);
      expect(a.kind).toBe(2); // CLIENT
      const header = TRACEPARENT.exec(requests[i]!.headers.get('traceparent') ?? '');
      expect(header?.[1]).toBe(parent.spanContext().traceId);
      expect(header?.[2]).toBe(a.spanContext().spanId);
    }
    expect(JSON.stringify(spans().map((s) => s.attributes))).not.toContain('SECRET-FILTER-VALUE');
  });

  it('a failed call: the span is an error with the error’s class and status, never its message', async () => {
    const { fetch } = recordingFetch(() => json(404, { type: 'NotFound', message: 'device SECRET-NAME not found' }));
    const error = await rejection(createClient({ fetch }).request(route, { applicationId: ID }));
    expect(error).toBeInstanceOf(LosantApiError);
    const { call, attempts } = byName(spans());
    expect(call[0]!.status).toEqual({ code: 2, message: 'LosantApiError 404' });
    expect(call[0]!.attributes['error.type']).toBe('LosantApiError 404');
    expect(call[0]!.attributes['http.response.status_code']).toBe(404);
    expect(attempts[0]!.attributes['http.response.status_code']).toBe(404);
    expect(JSON.stringify(spans().map((s) => [s.attributes, s.status, s.events]))).not.toContain('SECRET-NAME');
  });

  it('a network error ends the attempt span with its class; tracing: false traces nothing', async () => {
    const fetch = async () => {
      throw new TypeError('fetch failed');
    };
    await rejection(createClient({ fetch, maxRetries: 0 }).request(route, { applicationId: ID }));
    const { attempts } = byName(spans());
    expect(attempts[0]!.attributes['error.type']).toBe('TypeError');
    exporter.reset();
    const { fetch: plain, requests } = recordingFetch(() => json(200, {}));
    await createClient({ fetch: plain, tracing: false }).request(route, { applicationId: ID });
    expect(spans()).toEqual([]);
    expect(requests[0]!.headers.get('traceparent')).toBeNull();
  });

  it('enableTracing(api) installs it explicitly (a bundle), disableTracing() stops it for every client', async () => {
    disableTracing();
    const { fetch, requests } = recordingFetch(() => json(200, {}));
    await createClient({ fetch }).request(route, { applicationId: ID });
    expect(spans()).toEqual([]);
    enableTracing(otel);
    await createClient({ fetch }).request(route, { applicationId: ID });
    expect(byName(spans()).call).toHaveLength(1);
    expect(requests.map((r) => r.headers.get('traceparent') !== null)).toEqual([false, true]);
  });
});

/**
 * The losant-rest adapter (`@losant-sdk/core/compat`) and detachable methods, on a hand-made
 * resource: what reaches the wire, what the caller gets back, and how errors are shaped.
 * (packages/sdk/test/compat.test.ts runs the same against the generated umbrella on a loopback server.)
 */
import { describe, expect, it } from 'vitest';
import {
  bindMethods,
  createClient,
  LosantApiError,
  LosantValidationError,
  type LosantClient,
  type Route,
} from '../src/index.js';
import { adaptLosantRest, asLosantRestError, CompatEventSource, type CompatCallback } from '../src/compat.js';
import { ID, json, recordingFetch, rejection } from './helpers.js';
import { openStream } from '../src/stream.js';

const getThing: Route = {
  id: 'thing.get',
  method: 'GET',
  path: '/things/{thingId}',
  params: { thingId: 'path', sortDirection: 'query' },
  required: ['thingId'],
  patterns: { thingId: '^[A-Fa-f\\d]{24}$' },
  version: '1.2.3',
};
const postThing: Route = {
  id: 'thing.post',
  method: 'POST',
  path: '/things',
  params: { thing: 'body' },
  required: ['thing'],
  version: '1.2.3',
};
const streamThing: Route = { id: 'thing.stream', method: 'GET', path: '/things/stream', params: {}, version: '1.2.3' };

class Thing {
  readonly #client: LosantClient;
  constructor(client: LosantClient) {
    this.#client = client;
    bindMethods(this);
  }
  get(params: { thingId: string; sortDirection?: string }, options?: object) {
    return this.#client.request<{ id: string }>(getThing, params, options);
  }
  post(params: { thing?: object }, options?: object) {
    return this.#client.request<{ ok: boolean }>(postThing, params, options);
  }
  stream(params?: object, options?: object) {
    return openStream<{ thing: unknown }>(this.#client, streamThing, params, ['thing'], options);
  }
  async *iterate(params: { thingId: string }) {
    yield await this.get(params);
  }
}
const create = (client: LosantClient) => ({ client, withToken: () => undefined, thing: new Thing(client) });

describe('bindMethods', () => {
  it('makes every method work detached, as own non-enumerable properties', async () => {
    const { fetch, requests } = recordingFetch(() => json(200, { id: ID }));
    const thing = create(createTestClient(fetch)).thing;
    const get = thing.get;
    expect(await get({ thingId: ID })).toEqual({ id: ID });
    expect(await Promise.all([ID, ID].map((thingId) => thing.get({ thingId })))).toHaveLength(2);
    expect(requests).toHaveLength(3);
    expect(Object.keys(thing)).toEqual([]);
    expect(Object.getOwnPropertyNames(thing).sort()).toEqual(['get', 'iterate', 'post', 'stream']);
  });
});

function createTestClient(fetch: (r: Request) => Promise<Response>): LosantClient {
  return createClient({ fetch, token: 't' });
}

describe('adaptLosantRest', () => {
  it('sends what losant-rest sends: no local checks, {} for a left-out body, no retries, the token', async () => {
    const { fetch, requests } = recordingFetch((req) =>
      req.method === 'POST' ? json(503, { type: 'Busy', message: 'busy' }) : json(200, { id: 'x' }),
    );
    const api = adaptLosantRest(create, { accessToken: 'tok', url: 'http://losant.test', fetch }, '1.2.3');
    await api.thing.get({ thingId: 'not-hex', sortDirection: 'sideways', extra: 1 } as never);
    const error = await rejection(api.thing.post({}));
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET http://losant.test/things/not-hex?_actions=false&_links=true&_embedded=true&sortDirection=sideways',
      'POST http://losant.test/things?_actions=false&_links=true&_embedded=true',
    ]);
    expect(requests[0]!.headers.get('authorization')).toBe('Bearer tok');
    expect(await requests[1]!.text()).toBe('{}');
    expect(requests[1]!.headers.get('content-type')).toBe('application/json');
    expect(error).toMatchObject({ message: 'busy', statusCode: 503, type: 'Busy' });
  });

  it('setOption and getOption; a change reaches methods taken before it; per-call options win for that call', async () => {
    const { fetch, requests } = recordingFetch(() => json(200, {}));
    const api = adaptLosantRest(create, { fetch }, '1.2.3');
    const get = api.thing.get;
    expect(api.getOption('accessToken')).toBeUndefined();
    expect(api.setOption('accessToken', 'later')).toBe(api);
    expect(api.getOption('accessToken')).toBe('later');
    await get({ thingId: ID });
    await get({ thingId: ID }, { accessToken: 'once', timeout: 5_000 });
    api.setOption('accessToken', '');
    await get({ thingId: ID });
    expect(requests.map((r) => r.headers.get('authorization'))).toEqual(['Bearer later', 'Bearer once', null]);
  });

  it('calls back on a later turn with (error, result), and returns nothing', async () => {
    const { fetch } = recordingFetch((req) =>
      req.url.includes('bad') ? json(404, { type: 'NotFound', message: 'gone' }) : json(200, { id: ID }),
    );
    const api = adaptLosantRest(create, { fetch }, '1.2.3');
    const results = await new Promise<unknown[]>((resolve) => {
      const out: unknown[] = [];
      const cb: CompatCallback<unknown> = (e, r) => {
        out.push(e ? (e as Error).message : r);
        if (out.length === 3) resolve(out);
      };
      let sync = true;
      expect(api.thing.get({ thingId: ID }, cb)).toBeUndefined();
      expect(api.thing.get({ thingId: 'bad' }, undefined, cb)).toBeUndefined();
      expect(api.thing.stream(cb as never)).toBeUndefined();
      expect(sync).toBe(true);
      sync = false;
    });
    expect(results).toContainEqual({ id: ID });
    expect(results).toContain('gone');
  });

  it('hands page iterators back as the SDK returns them', async () => {
    const { fetch } = recordingFetch(() => json(200, { id: ID }));
    const api = adaptLosantRest(create, { fetch }, '1.2.3');
    const seen: unknown[] = [];
    for await (const item of api.thing.iterate({ thingId: ID })) seen.push(item);
    expect(seen).toEqual([{ id: ID }]);
  });

  it('a raw request: any path, qs-style query without flags, the data as JSON, the headers', async () => {
    const { fetch, requests } = recordingFetch(() => json(200, { raw: true }));
    const api = adaptLosantRest(create, { fetch, accessToken: 'r' }, '9.8.7');
    expect(await api.request({ url: '/a/{b}?x=1', params: { list: [1, { k: 'v' }] } })).toEqual({ raw: true });
    await api.request({ method: 'put', url: '/c', data: [1], headers: { 'x-h': '1' } });
    await api.request();
    expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}${new URL(r.url).search}`)).toEqual([
      'GET /a/%7Bb%7D?x=1&list%5B0%5D=1&list%5B1%5D%5Bk%5D=v',
      'PUT /c',
      'GET /',
    ]);
    expect(requests[0]!.headers.get('accept-version')).toBe('^9.8.7');
    expect(requests[0]!.headers.get('authorization')).toBe('Bearer r');
    expect(await requests[1]!.text()).toBe('[1]');
    expect(requests[1]!.headers.get('x-h')).toBe('1');
    expect(await requests[2]!.text()).toBe('');
  });

  it('carries middleware, withToken and baseUrl over to the clients it makes', async () => {
    const { fetch, requests } = recordingFetch(() => json(200, {}));
    let live: LosantClient | undefined;
    const api = adaptLosantRest(
      (c) => {
        live = c;
        return create(c);
      },
      { fetch, url: 'http://base.test/' },
      '1.2.3',
    );
    expect(live!.baseUrl).toBe('http://base.test');
    const marks: string[] = [];
    live!.use({ onRequest: ({ request }) => void marks.push(request.method) });
    await api.thing.get({ thingId: ID });
    await live!.withToken('other').request(getThing, { thingId: ID });
    expect(marks).toEqual(['GET', 'GET']);
    expect(requests[1]!.headers.get('authorization')).toBe('Bearer other');
  });
});

describe('asLosantRestError', () => {
  const apiError = (status: number, body: unknown) =>
    new LosantApiError({ status, body, headers: new Headers(), operationId: 'thing.get' });

  it("takes the server's message and the body's members, keeping the SDK's own fields", () => {
    const e = asLosantRestError(
      apiError(400, { type: 'Validation', message: 'nope', status: 'x', extra: [1] }),
    ) as LosantApiError & Record<string, unknown>;
    expect(e.message).toBe('nope');
    expect(e['extra']).toEqual([1]);
    expect(e.status).toBe(400);
    expect(e.statusCode).toBe(400);
  });

  it("gives a 413 without a message losant-rest's, and keeps the SDK's message otherwise", () => {
    expect((asLosantRestError(apiError(413, '')) as Error).message).toBe('Request entity too large.');
    expect((asLosantRestError(apiError(502, 'gateway')) as Error).message).toBe('thing.get failed with 502: HTTP 502');
  });

  it('says "<name> is required" for a missing parameter, and leaves other errors alone', () => {
    expect((asLosantRestError(new LosantValidationError('thing.get', 'thingId', 'is required')) as Error).message).toBe(
      'thingId is required',
    );
    const other = new LosantValidationError('thing.get', 'thingId', 'must not be empty');
    expect((asLosantRestError(other) as Error).message).toBe('thing.get: parameter "thingId" must not be empty');
    const plain = new Error('x');
    expect(asLosantRestError(plain)).toBe(plain);
  });
});

describe('CompatEventSource', () => {
  const sse = (text: string) => new Response(text, { status: 200, headers: { 'content-type': 'text/event-stream' } });

  it('dispatches every event as sent to listeners and message events to onmessage, then error and closed at the end', async () => {
    const { fetch } = recordingFetch(() =>
      sse('event: thing\ndata: {"a":1.0}\nid: 3\n\nevent: other\ndata: x\n\ndata: hello\n\n'),
    );
    const api = adaptLosantRest(create, { fetch }, '1.2.3');
    const es = await api.thing.stream();
    expect(es).toBeInstanceOf(CompatEventSource);
    expect(es.readyState).toBe(CompatEventSource.OPEN);
    const got: string[] = [];
    await new Promise<void>((resolve) => {
      es.addEventListener('thing', (e) =>
        got.push(`${e.type} ${(e as MessageEvent).data} ${(e as MessageEvent).lastEventId}`),
      );
      es.addEventListener('other', (e) => got.push(`${e.type} ${(e as MessageEvent).data}`));
      es.onmessage = (e) => void got.push(`onmessage ${e.data}`);
      es.onerror = () => resolve();
    });
    expect(got).toEqual(['thing {"a":1.0} 3', 'other x', 'onmessage hello']);
    expect(es.readyState).toBe(es.CLOSED);
  });

  it('close() stops delivery and releases the connection', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode('data: tick\n\n'));
        return new Promise((r) => setTimeout(r, 5));
      },
      cancel() {
        cancelled = true;
      },
    });
    const fetch = () => Promise.resolve(new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
    const api = adaptLosantRest(create, { fetch }, '1.2.3');
    const es = await api.thing.stream();
    let errors = 0;
    es.onerror = () => void errors++;
    await new Promise<void>((resolve) => (es.onmessage = () => resolve()));
    es.close();
    await expect.poll(() => cancelled).toBe(true);
    expect(es.readyState).toBe(2);
    expect(errors).toBe(0);
  });
});

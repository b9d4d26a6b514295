import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createClient, toClient, type ClientOptions } from '../src/client.js';
import { LosantApiError, LosantNetworkError, LosantValidationError } from '../src/errors.js';
import { VERSION } from '../src/runtime.js';
import type { Route } from '../src/types.js';
import { archiveData, ID, json, recordingFetch, rejection } from './helpers.js';

const TOKEN = 'tok_3f9a8c7e-super-secret';
const UA = `losant-sdk-typescript/${VERSION} node/${process.versions.node}`;
const FLAGS = '_actions=false&_links=true&_embedded=true';
const headersOf = (req: Request) => Object.fromEntries(req.headers);

describe('requests on the wire', () => {
  it('sends exactly what Losant’s own client does: flags first, then the params; Losant headers and no others', async () => {
    const { fetch, requests } = recordingFetch();
    await createClient({ token: TOKEN, fetch }).request(archiveData, { date: '1', applicationId: ID });
    const req = requests[0]!;
    expect(req.method).toBe('GET');
    expect(req.url).toBe(`https://api.losant.com/applications/${ID}/archiveData?${FLAGS}&date=1`);
    expect(headersOf(req)).toEqual({
      accept: 'application/json',
      'accept-version': '^1.29.4',
      authorization: `Bearer ${TOKEN}`,
      'user-agent': UA,
    });
    expect(req.body).toBeNull();
  });

  it('runs the middleware given to use() (openapi-fetch’s) on every request after, as sent', async () => {
    const { fetch, requests } = recordingFetch();
    const client = createClient({ fetch });
    await client.request(archiveData, { applicationId: ID, date: '1' });
    client.use({
      onRequest({ request }) {
        request.headers.set('x-trace', 'on');
        return request;
      },
    });
    await client.request(archiveData, { applicationId: ID, date: '2' });
    expect(requests.map((r) => r.headers.get('x-trace'))).toEqual([null, 'on']);
    expect(requests[1]!.url).toContain('date=2');
  });

  it('lets the client and each call override the version, base URL and headers, the User-Agent included', async () => {
    const { fetch, requests } = recordingFetch();
    const client = createClient({
      baseUrl: 'http://127.0.0.1:9/api/',
      acceptVersion: '1.28.0',
      headers: { 'x-app': 'a', 'user-agent': 'my-app/1' },
      fetch,
    });
    await client.request(archiveData, { applicationId: ID, date: '1' });
    expect(headersOf(requests[0]!)).toEqual({
      accept: 'application/json',
      'accept-version': '1.28.0',
      'user-agent': 'my-app/1',
      'x-app': 'a',
    });
    await client.request(
      archiveData,
      { applicationId: ID, date: '1' },
      { acceptVersion: '^1.29.0', headers: { 'x-call': 'b', 'User-Agent': 'my-job/2', 'x-none': undefined } },
    );
    const req = requests[1]!;
    expect(req.url).toBe(`http://127.0.0.1:9/api/applications/${ID}/archiveData?${FLAGS}&date=1`);
    expect(headersOf(req)).toEqual({
      accept: 'application/json',
      'accept-version': '^1.29.0',
      'user-agent': 'my-job/2',
      'x-app': 'a',
      'x-call': 'b',
    });
  });

  it('response-shape flags: on by default, replaceable one by one, removable, and a call’s own win', async () => {
    const url = async (options: ClientOptions, params: Record<string, unknown> = {}) => {
      const { fetch, requests } = recordingFetch();
      await createClient({ ...options, fetch }).request(archiveData, { applicationId: ID, date: '1', ...params });
      return new URL(requests[0]!.url).search;
    };
    expect(await url({})).toBe(`?${FLAGS}&date=1`);
    expect(await url({ flags: false })).toBe('?date=1');
    expect(await url({ flags: { _links: undefined } })).toBe('?_actions=false&_embedded=true&date=1');
    expect(await url({ flags: { _actions: true, _embedded: false } })).toBe(
      '?_actions=true&_links=true&_embedded=false&date=1',
    );
    expect(await url({}, { _embedded: false, _actions: true })).toBe(
      '?_actions=true&_links=true&_embedded=false&date=1',
    );
    expect(await url({ flags: false }, { _links: true })).toBe('?_links=true&date=1');
  });

  it('numbers and booleans go on the wire as the equivalent strings', async () => {
    const route: Route = {
      id: 'devices.get',
      method: 'GET',
      path: '/d/{n}',
      params: { n: 'path', page: 'query', on: 'query' },
      version: '1',
    };
    const { fetch, requests } = recordingFetch();
    const client = createClient({ fetch });
    await client.request(route, { n: 3, page: 2, on: true, losantdomain: 'a' });
    await client.request(route, { n: '3', page: '2', on: 'true', losantdomain: 'a' });
    expect(requests[0]!.url).toBe(`https://api.losant.com/d/3?${FLAGS}&page=2&on=true`);
    expect(requests[1]!.url).toBe(requests[0]!.url);
    expect(headersOf(requests[0]!)).toEqual(headersOf(requests[1]!));
  });

  it('sends a JSON body with its content type, byte for byte', async () => {
    const { fetch, requests } = recordingFetch();
    const route: Route = {
      id: 'data.timeSeriesQuery',
      method: 'POST',
      path: '/q',
      params: { query: 'body' },
      version: '1',
    };
    await createClient({ fetch }).request(route, { query: { attributes: ['v'], end: 0 } });
    expect(requests[0]!.headers.get('content-type')).toBe('application/json');
    expect(await requests[0]!.text()).toBe('{"attributes":["v"],"end":0}');
  });

  it('sends no body and no content type when the route documents none (unlike losant-rest’s `{}`)', async () => {
    const { fetch, requests } = recordingFetch();
    const client = createClient({ fetch });
    for (const method of ['DELETE', 'POST', 'PATCH'] as const) {
      await client.request(
        { id: `x.${method}`, method, path: '/x/{id}', params: { id: 'path', options: 'body' }, version: '1' },
        { id: ID },
      );
    }
    for (const req of requests) {
      expect(req.body, req.method).toBeNull();
      expect(await req.text()).toBe('');
      expect(req.headers.get('content-type')).toBeNull();
      expect(req.headers.get('content-length')).toBeNull();
    }
  });

  it('runs openapi-fetch middleware, the extension point', async () => {
    const { fetch, requests } = recordingFetch();
    const client = createClient({
      fetch,
      middleware: [{ onRequest: ({ request }) => (request.headers.set('x-trace', 't1'), request) }],
    });
    await client.request(archiveData, { applicationId: ID, date: '1' });
    expect(requests[0]!.headers.get('x-trace')).toBe('t1');
  });
});

describe('toClient (what a package’s factory takes)', () => {
  it('takes a client as it is, and creates one from options or from nothing', async () => {
    const { fetch, requests } = recordingFetch();
    const client = createClient({ fetch });
    expect(toClient(client)).toBe(client);
    const made = toClient({ fetch, token: TOKEN });
    expect(made).not.toBe(client);
    await made.request(archiveData, { applicationId: ID, date: '1' });
    expect(requests[0]!.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(typeof toClient(undefined).request).toBe('function');
  });
});

describe('results, by content type', () => {
  const result = (response: () => Response) =>
    createClient({ fetch: async () => response() }).request(archiveData, { applicationId: ID, date: '1' });

  it('parses JSON (application/json or +json), passing _links/_embedded/_actions through untouched', async () => {
    const body = { id: ID, _links: { self: { href: '/x' } }, _embedded: { items: [1] }, _actions: { patch: {} } };
    expect(await result(() => json(200, body))).toEqual(body);
    expect(
      await result(
        () => new Response('{"a":1}', { headers: { 'content-type': 'application/hal+json; charset=utf-8' } }),
      ),
    ).toEqual({ a: 1 });
  });

  it('resolves undefined for an empty body, whatever its type', async () => {
    expect(await result(() => new Response(null, { status: 204 }))).toBeUndefined();
    expect(
      await result(() => new Response('', { status: 200, headers: { 'content-type': 'application/json' } })),
    ).toBeUndefined();
    expect(await result(() => new Response(new Uint8Array(0), { status: 202 }))).toBeUndefined();
  });

  it('resolves text as a string, anything else as a Blob of its type', async () => {
    expect(await result(() => new Response('a,b\n1,2', { headers: { 'content-type': 'text/csv' } }))).toBe('a,b\n1,2');
    const blob = (await result(
      () => new Response(new Uint8Array([80, 75, 3, 4]), { headers: { 'content-type': 'application/zip' } }),
    )) as Blob;
    expect(blob).toBeInstanceOf(Blob);
    expect(blob.type).toBe('application/zip');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([80, 75, 3, 4]);
    const untyped = (await result(() => new Response(new Uint8Array([1, 2])))) as Blob;
    expect(untyped).toBeInstanceOf(Blob);
  });

  it('reports a 2xx HTML page as a LosantApiError, even when it parses as JSON', async () => {
    const error = await rejection(
      result(() => new Response('{"ok":true}', { headers: { 'content-type': 'text/html; charset=utf-8' } })),
    );
    expect(error).toBeInstanceOf(LosantApiError);
    expect(error).toMatchObject({ status: 200, body: '{"ok":true}' });
    expect((error as Error).message).toMatch(/HTML page/);
  });

  it('reports a JSON-typed 2xx body that is not JSON as a LosantApiError', async () => {
    const error = await rejection(
      result(() => new Response('{"truncated', { headers: { 'content-type': 'application/json' } })),
    );
    expect(error).toBeInstanceOf(LosantApiError);
    expect((error as Error).message).toMatch(/not valid JSON/);
  });
});

describe('errors', () => {
  it('throws a typed LosantApiError: status (and statusCode), type, the server’s message, the body', async () => {
    const { fetch } = recordingFetch(() =>
      json(404, { type: 'NotFound', message: 'Application was not found' }, { 'x-request-id': 'req-9' }),
    );
    const error = (await rejection(
      createClient({ fetch }).request(archiveData, { applicationId: ID, date: '1' }),
    )) as LosantApiError;
    expect(error).toBeInstanceOf(LosantApiError);
    expect(error).toMatchObject({
      status: 404,
      statusCode: 404,
      type: 'NotFound',
      serverMessage: 'Application was not found',
      body: { type: 'NotFound', message: 'Application was not found' },
      requestId: 'req-9',
      operationId: 'application.archiveData',
    });
    expect(error.message).toBe('application.archiveData failed with 404 NotFound: Application was not found');
  });

  it('keeps a non-JSON error body as text, with no server message', async () => {
    const { fetch } = recordingFetch(() => new Response('<html>Bad Gateway</html>', { status: 502 }));
    const error = (await rejection(
      createClient({ fetch, maxRetries: 0 }).request(archiveData, { applicationId: ID, date: '1' }),
    )) as LosantApiError;
    expect(error).toMatchObject({
      status: 502,
      statusCode: 502,
      body: '<html>Bad Gateway</html>',
      serverMessage: undefined,
      type: undefined,
    });
    expect(error.message).toBe('application.archiveData failed with 502: HTTP 502');
  });

  it('wraps a failed connection in LosantNetworkError', async () => {
    const fetch = async () => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });
    };
    await expect(
      createClient({ fetch, maxRetries: 0 }).request(archiveData, { applicationId: ID, date: '1' }),
    ).rejects.toBeInstanceOf(LosantNetworkError);
  });

  it('rejects bad params without sending anything', async () => {
    const { fetch, requests } = recordingFetch();
    await expect(createClient({ fetch }).request(archiveData, { applicationId: ID })).rejects.toBeInstanceOf(
      LosantValidationError,
    );
    expect(requests).toHaveLength(0);
  });
});

describe('the token stays secret', () => {
  it('is not visible by inspecting or serializing the client', () => {
    const client = createClient({ token: TOKEN });
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(TOKEN);
    expect(JSON.stringify(client)).not.toContain(TOKEN);
    expect(inspect(client)).toContain("token: '[redacted]'");
  });

  it('is not in any error', async () => {
    const failures = [
      recordingFetch(() => json(401, { type: 'Unauthorized', message: 'Invalid token' })).fetch,
      async () => {
        throw new Error('socket hang up');
      },
    ];
    for (const fetch of failures) {
      const error = await rejection(
        createClient({ token: TOKEN, fetch, maxRetries: 0 }).request(archiveData, { applicationId: ID, date: '1' }),
      );
      expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(TOKEN);
      expect(JSON.stringify(error)).not.toContain(TOKEN);
    }
  });
});

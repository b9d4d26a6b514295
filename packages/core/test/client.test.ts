import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createClient } from '../src/client.js';
import { LosantApiError, LosantNetworkError, LosantValidationError } from '../src/errors.js';
import type { Route } from '../src/types.js';
import { archiveData, ID, json, recordingFetch } from './helpers.js';

const TOKEN = 'tok_3f9a8c7e-super-secret';

describe('requests on the wire', () => {
  it('sends Losant headers: bearer token, JSON accept, the pinned API version', async () => {
    const { fetch, requests } = recordingFetch();
    await createClient({ token: TOKEN, fetch }).request(archiveData, { applicationId: ID, date: '1' });
    const req = requests[0]!;
    expect(req.method).toBe('GET');
    expect(req.url).toBe(`https://api.losant.com/applications/${ID}/archiveData?date=1`);
    expect(req.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(req.headers.get('accept')).toBe('application/json');
    expect(req.headers.get('accept-version')).toBe('^1.29.4');
    expect(req.headers.get('content-type')).toBeNull();
  });

  it('lets the client and each call override the version, base URL and headers', async () => {
    const { fetch, requests } = recordingFetch();
    const client = createClient({ baseUrl: 'http://127.0.0.1:9/api/', acceptVersion: '1.28.0', headers: { 'x-app': 'a' }, fetch });
    await client.request(archiveData, { applicationId: ID, date: '1' }, { acceptVersion: '^1.29.0', headers: { 'x-call': 'b' } });
    const req = requests[0]!;
    expect(req.url).toBe(`http://127.0.0.1:9/api/applications/${ID}/archiveData?date=1`);
    expect(req.headers.get('accept-version')).toBe('^1.29.0');
    expect(req.headers.get('x-app')).toBe('a');
    expect(req.headers.get('x-call')).toBe('b');
    expect(req.headers.get('authorization')).toBeNull();
  });

  it('sends client-wide response-shape flags, which a call can override', async () => {
    const { fetch, requests } = recordingFetch();
    const client = createClient({ flags: { _actions: false, _links: true, _embedded: true }, fetch });
    await client.request(archiveData, { applicationId: ID, date: '1', _links: false });
    expect(Object.fromEntries(new URL(requests[0]!.url).searchParams)).toEqual({ date: '1', _actions: 'false', _links: 'false', _embedded: 'true' });
  });

  it('sends a JSON body with its content type', async () => {
    const { fetch, requests } = recordingFetch();
    const route: Route = { id: 'data.timeSeriesQuery', method: 'POST', path: '/q', params: { query: 'body' }, version: '1' };
    await createClient({ fetch }).request(route, { query: { attributes: ['v'] } });
    expect(requests[0]!.headers.get('content-type')).toBe('application/json');
    expect(await requests[0]!.json()).toEqual({ attributes: ['v'] });
  });

  it('resolves with the parsed body; withResponse adds status and headers', async () => {
    const { fetch } = recordingFetch(() => json(202, { jobQueued: true }, { 'x-request-id': 'r1' }));
    const client = createClient({ fetch });
    expect(await client.request(archiveData, { applicationId: ID, date: '1' })).toEqual({ jobQueued: true });
    const { data, response } = await client.request(archiveData, { applicationId: ID, date: '1' }).withResponse();
    expect(data).toEqual({ jobQueued: true });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-request-id')).toBe('r1');
  });

  it('runs openapi-fetch middleware, the extension point', async () => {
    const { fetch, requests } = recordingFetch();
    const client = createClient({ fetch, middleware: [{ onRequest: ({ request }) => (request.headers.set('x-trace', 't1'), request) }] });
    await client.request(archiveData, { applicationId: ID, date: '1' });
    expect(requests[0]!.headers.get('x-trace')).toBe('t1');
  });
});

describe('errors', () => {
  it('throws a typed LosantApiError for an error status, with Losant type and message', async () => {
    const { fetch } = recordingFetch(() => json(404, { type: 'NotFound', message: 'Application was not found' }, { 'x-request-id': 'req-9' }));
    const error = await createClient({ fetch }).request(archiveData, { applicationId: ID, date: '1' }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(LosantApiError);
    expect(error).toMatchObject({ status: 404, type: 'NotFound', body: { type: 'NotFound', message: 'Application was not found' }, requestId: 'req-9', operationId: 'application.archiveData' });
    expect((error as Error).message).toBe('application.archiveData failed with 404 NotFound: Application was not found');
  });

  it('keeps a non-JSON error body as text', async () => {
    const { fetch } = recordingFetch(() => new Response('<html>Bad Gateway</html>', { status: 502 }));
    const error = (await createClient({ fetch }).request(archiveData, { applicationId: ID, date: '1' }).catch((e: unknown) => e)) as LosantApiError;
    expect(error.status).toBe(502);
    expect(error.body).toBe('<html>Bad Gateway</html>');
  });

  it('reports a 2xx body that is not JSON as a LosantApiError', async () => {
    const { fetch } = recordingFetch(() => new Response('{"truncated', { status: 200 }));
    const error = await createClient({ fetch }).request(archiveData, { applicationId: ID, date: '1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LosantApiError);
    expect((error as Error).message).toMatch(/not valid JSON/);
  });

  it('wraps a failed connection in LosantNetworkError', async () => {
    const fetch = async () => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });
    };
    await expect(createClient({ fetch }).request(archiveData, { applicationId: ID, date: '1' })).rejects.toBeInstanceOf(LosantNetworkError);
  });

  it('rejects bad params without sending anything', async () => {
    const { fetch, requests } = recordingFetch();
    await expect(createClient({ fetch }).request(archiveData, { applicationId: ID })).rejects.toBeInstanceOf(LosantValidationError);
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
      const error = await createClient({ token: TOKEN, fetch }).request(archiveData, { applicationId: ID, date: '1' }).catch((e: unknown) => e);
      expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(TOKEN);
      expect(JSON.stringify(error)).not.toContain(TOKEN);
    }
  });
});

/**
 * Redirects are followed by the SDK, not by fetch: across origins only the safe headers go on,
 * a loop is one LosantRedirectError (never retried), 303 turns into a body-less GET and 307/308
 * keep method and body. Two loopback servers on different ports are two origins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ClientOptions } from '../src/client.js';
import { LosantRedirectError } from '../src/errors.js';
import { toFormData } from '../src/multipart.js';
import { followRedirects, type RedirectContext } from '../src/redirect.js';
import type { HttpMethod, Route } from '../src/types.js';
import { startFaultServer, type FaultServer } from './fault-server.js';
import { rejection } from './helpers.js';

let home: FaultServer;
let other: FaultServer;
beforeAll(async () => {
  [home, other] = await Promise.all([startFaultServer(), startFaultServer()]);
});
afterAll(() => Promise.all([home.close(), other.close()]));

const TOKEN = 'redirect-token';
type Echo = { method: string; url: string; headers: Record<string, string>; body: string };
const redirect = (method: HttpMethod, body?: 'body' | 'form:file'): Route => ({
  id: 'test.redirect',
  method,
  path: '/redirect',
  params: { status: 'query', to: 'query', ...(body === 'body' ? { payload: 'body' } : body ? { file: body } : {}) },
  version: '1.29.4',
  ...(body === 'form:file' ? { encodeForm: toFormData } : {}),
});
const client = (o: ClientOptions = {}) =>
  createClient({ token: TOKEN, baseUrl: home.url, headers: { 'x-custom': 'c' }, flags: false, ...o });
const call = (route: Route, params: Record<string, unknown>) =>
  client().request<Echo>(route, { losantdomain: 'example.com', ...params });

describe('redirects', () => {
  it('within the origin: every header kept, 307 keeps method and body', async () => {
    const echo = await call(redirect('POST', 'body'), { status: 307, to: '/echo?x=1', payload: { a: 1 } });
    expect(echo).toMatchObject({ method: 'POST', url: '/echo?x=1', body: '{"a":1}' });
    expect(echo.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      'x-custom': 'c',
      losantdomain: 'example.com',
      'content-type': 'application/json',
      'accept-version': '^1.29.4',
    });
  });

  it('to another origin: the token, custom headers and losantdomain are dropped; Accept, Accept-Version, User-Agent kept', async () => {
    for (const status of [301, 302, 303, 307, 308]) {
      const echo = await call(redirect('GET'), { status, to: `${other.url}/echo` });
      expect(echo.method, String(status)).toBe('GET');
      expect(echo.headers).toMatchObject({
        accept: 'application/json',
        'accept-version': '^1.29.4',
        'user-agent': expect.stringMatching(/^losant-sdk-typescript\//),
      });
      for (const dropped of ['authorization', 'x-custom', 'losantdomain'])
        expect(echo.headers, `${status} ${dropped}`).not.toHaveProperty(dropped);
    }
  });

  it('308 to another origin keeps method, body and its content type, still without the token', async () => {
    const echo = await call(redirect('PUT', 'body'), { status: 308, to: `${other.url}/echo`, payload: { b: [1, 2] } });
    expect(echo).toMatchObject({ method: 'PUT', body: '{"b":[1,2]}' });
    expect(echo.headers['content-type']).toBe('application/json');
    expect(echo.headers).not.toHaveProperty('authorization');
  });

  it('303, or 301/302 after a POST: a GET without body or content headers', async () => {
    for (const status of [301, 302, 303]) {
      const echo = await call(redirect('POST', 'body'), { status, to: '/echo', payload: { a: 1 } });
      expect(echo).toMatchObject({ method: 'GET', body: '' });
      expect(echo.headers, String(status)).not.toHaveProperty('content-type');
      expect(echo.headers).toMatchObject({ authorization: `Bearer ${TOKEN}` });
    }
    const put = await call(redirect('PUT', 'body'), { status: 303, to: '/echo', payload: { a: 1 } });
    expect(put.method).toBe('GET');
  });

  it('a multipart body is sent again on 307, with a fresh boundary', async () => {
    const echo = await call(redirect('POST', 'form:file'), { status: 307, to: '/echo', file: 'file text' });
    const boundary = /boundary=(.+)$/.exec(echo.headers['content-type']!)![1]!;
    expect(echo.body).toContain(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="file"\r\nContent-Type: application/octet-stream\r\n\r\nfile text\r\n--${boundary}--`,
    );
  });

  it('a loop: one LosantRedirectError after maxRedirects hops, not retried', async () => {
    const loop: Route = { id: 'test.loop', method: 'GET', path: '/loop', params: {}, version: '1' };
    let before = home.count('/loop');
    const error = await rejection(client({ maxRetries: 2 }).request(loop, {}));
    expect(error).toBeInstanceOf(LosantRedirectError);
    expect((error as Error).message).toBe('test.loop: more than 10 redirects (maxRedirects); a redirect loop?');
    expect(home.count('/loop') - before).toBe(11);
    before = home.count('/loop');
    await expect(client({ maxRedirects: 3 }).request(loop, {})).rejects.toBeInstanceOf(LosantRedirectError);
    expect(home.count('/loop') - before).toBe(4);
  });

  it('maxRedirects 0: a redirect is an error; a Location that is not http(s) is never followed', async () => {
    await expect(
      client({ maxRedirects: 0 }).request(redirect('GET'), { status: 302, to: '/echo' }),
    ).rejects.toBeInstanceOf(LosantRedirectError);
    const error = await rejection(call(redirect('GET'), { status: 302, to: 'file:///etc/passwd' }));
    expect(error).toBeInstanceOf(LosantRedirectError);
    expect((error as Error).message).toMatch(/file: URL, which is not followed/);
  });

  it('a Location that does not parse: LosantRedirectError', async () => {
    await expect(call(redirect('GET'), { status: 302, to: 'http://[::1' })).rejects.toThrow(
      /Location that is not a URL/,
    );
  });
});

describe('where redirects are opaque to scripts (browsers)', () => {
  const opaque = () => Object.defineProperty(new Response(null, { status: 200 }), 'type', { value: 'opaqueredirect' });
  const ctx = (seen: Request[]): RedirectContext => ({
    route: { id: 'test.opaque' },
    t: { maxRedirects: 10 },
    init: { body: undefined },
    fetch: async (r: Request) => (seen.push(r), seen.length === 1 ? opaque() : new Response('ok')),
  });

  it('an idempotent request is sent again for fetch to follow', async () => {
    const seen: Request[] = [];
    const c = ctx(seen);
    const request = new Request('https://api.losant.com/x', { redirect: 'manual' });
    const response = await followRedirects(request, await c.fetch(request), c);
    expect(await response.text()).toBe('ok');
    expect(seen.map((r) => `${r.method} ${r.url} ${r.redirect}`)).toEqual([
      'GET https://api.losant.com/x manual',
      'GET https://api.losant.com/x follow',
    ]);
  });

  it('sent again without the headers that must not leave the origin (the target is hidden)', async () => {
    const seen: Request[] = [];
    const c = ctx(seen);
    const request = new Request('https://api.losant.com/x', {
      method: 'PUT',
      body: '{"a":1}',
      redirect: 'manual',
      headers: {
        accept: 'application/json',
        'accept-version': '^1.30.0',
        authorization: 'Bearer t',
        'content-type': 'application/json',
        losantdomain: 'example.com',
        'x-custom': 'secret',
      },
    });
    await followRedirects(request, await c.fetch(request), { ...c, init: { body: '{"a":1}' } });
    const again = seen[1]!;
    expect([...again.headers.keys()].sort()).toEqual(['accept', 'accept-version', 'authorization', 'content-type']);
    expect(`${again.method} ${again.redirect} ${await again.text()}`).toBe('PUT follow {"a":1}');
  });

  it('a POST is not sent twice: LosantRedirectError', async () => {
    const seen: Request[] = [];
    const post = new Request('https://api.losant.com/x', { method: 'POST', body: '{}', redirect: 'manual' });
    const c = ctx(seen);
    await expect(followRedirects(post, await c.fetch(post), c)).rejects.toBeInstanceOf(LosantRedirectError);
    expect(seen).toHaveLength(1);
  });
});

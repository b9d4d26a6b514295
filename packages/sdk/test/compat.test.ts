/**
 * `@losant-sdk/sdk/compat` behaves as `losant-rest` 4.x does for code written against it: its
 * README example, option changes mid-run (also through methods taken before the change), raw
 * `request()`, errors shaped as losant-rest shapes them, parameters passed through for the server
 * to decide, the `{}` body losant-rest sends, callbacks (2.x/3.x), EventSource-like streams.
 * Asserted on the wire: a loopback server records every request's exact bytes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import defaultExport, {
  createClient,
  LosantApiError,
  LosantValidationError,
  type CompatCallback,
} from '../src/compat.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
type Answer = { status?: number; json?: unknown; text?: string; sse?: string[]; type?: string };

let server: Server;
let baseUrl: string;
let seen: Seen[] = [];
let answer: (req: Seen) => Answer = () => ({ json: { ok: true } });
const closed: string[] = [];

function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ server: Server; url: string }> {
  const s = createServer(handler);
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () =>
      resolve({ server: s, url: `http://127.0.0.1:${(s.address() as AddressInfo).port}` }),
    ),
  );
}

beforeAll(async () => {
  ({ server, url: baseUrl } = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = {
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      seen.push(request);
      const a = answer(request);
      if (a.sse) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const event of a.sse) res.write(event);
        res.on('close', () => closed.push(req.url!));
        return;
      }
      const body = a.text ?? (a.json === undefined ? '' : JSON.stringify(a.json));
      res.writeHead(a.status ?? 200, { 'content-type': a.type ?? 'application/json' });
      res.end(body);
    });
  }));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
  answer = () => ({ json: { ok: true } });
});

const applicationId = '575ec8687ae143cd83dc4a97';
const deviceId = '575ecf887ae143cd83dc4aa2';
const FLAGS = '_actions=false&_links=true&_embedded=true';

describe("losant-rest's README example", () => {
  it('authenticates a device, sets the token, and reports state, with only the import changed', async () => {
    answer = (req) =>
      req.url.startsWith('/auth/device')
        ? { json: { token: 'device-token', applicationId, deviceId } }
        : { json: { success: true } };
    // As in losant-rest's README, but for the URL of the loopback server.
    const client = createClient({ url: baseUrl });
    const response = await client.auth.authenticateDevice({
      credentials: { deviceId, key: 'my-app-access-key', secret: 'my-app-access-secret' },
    });
    client.setOption('accessToken', response.token);
    const state = { data: { temperature: 21.5 } };
    const result = await client.device.sendState({
      deviceId,
      applicationId: response.applicationId!,
      deviceState: state,
    });

    expect(result).toEqual({ success: true });
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST /auth/device?${FLAGS}`,
      `POST /applications/${applicationId}/devices/${deviceId}/state?${FLAGS}`,
    ]);
    expect(seen[0]!.headers.authorization).toBeUndefined();
    expect(seen[0]!.body).toBe(
      '{"deviceId":"575ecf887ae143cd83dc4aa2","key":"my-app-access-key","secret":"my-app-access-secret"}',
    );
    expect(seen[1]!.headers.authorization).toBe('Bearer device-token');
    expect(seen[1]!.headers['content-type']).toBe('application/json');
    expect(seen[1]!.body).toBe('{"data":{"temperature":21.5}}');
    expect(seen[1]!.headers.accept).toBe('application/json');
    expect(seen[1]!.headers['accept-version']).toMatch(/^\^\d+\.\d+\.\d+$/);
  });

  it('is the default export too (`api.createClient`)', () => {
    expect(defaultExport.createClient).toBe(createClient);
  });

  it('runs from CommonJS: `require("@losant-sdk/sdk/compat")`, as losant-rest is required', async () => {
    answer = (req) =>
      req.url.startsWith('/auth/device')
        ? { json: { token: 'cjs-token', applicationId } }
        : { json: { success: true } };
    // Inside this package, so that the package resolves itself by name as it would from node_modules.
    const dir = mkdtempSync(join(fileURLToPath(new URL('..', import.meta.url)), '.cjs-check-'));
    try {
      writeFileSync(
        join(dir, 'program.cjs'),
        [
          "const api = require('@losant-sdk/sdk/compat');",
          'const client = api.createClient({ url: process.env.LOSANT_URL });',
          `client.auth.authenticateDevice({ credentials: { deviceId: '${deviceId}', key: 'k', secret: 's' } })`,
          '  .then((response) => {',
          "    client.setOption('accessToken', response.token);",
          `    return client.device.sendState({ deviceId: '${deviceId}', applicationId: response.applicationId, deviceState: { data: { t: 1 } } });`,
          '  })',
          '  .then((result) => console.log(JSON.stringify({ result, same: api.default.createClient === api.createClient })));',
        ].join('\n'),
      );
      const { stdout } = await promisify(execFile)(process.execPath, [join(dir, 'program.cjs')], {
        env: { ...process.env, LOSANT_URL: baseUrl },
      });
      expect(JSON.parse(stdout)).toEqual({ result: { success: true }, same: true });
      expect(seen.map((r) => [r.method, r.headers.authorization])).toEqual([
        ['POST', undefined],
        ['POST', 'Bearer cjs-token'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('options', () => {
  it('getOption returns what was set; setOption changes later calls, through methods taken before', async () => {
    answer = () => ({ json: { count: 0, items: [] } });
    const other = await listen((req, res) => {
      seen.push({ method: req.method!, url: `other:${req.url!}`, headers: req.headers, body: '' });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"count":0,"items":[]}');
    });
    try {
      const client = createClient({ url: baseUrl, accessToken: 'token1' });
      const getOrgs = client.orgs.get;
      expect(client.getOption('url')).toBe(baseUrl);
      expect(client.getOption('accessToken')).toBe('token1');
      expect(client.setOption('url', other.url)).toBe(client);
      expect(client.getOption('url')).toBe(other.url);
      client.setOption('accessToken', 'token2');
      client.setOption('somethingElse', 42);
      expect(client.getOption('somethingElse')).toBe(42);

      expect(await getOrgs()).toEqual({ count: 0, items: [] });
      expect(seen).toHaveLength(1);
      expect(seen[0]!.url).toBe(`other:/orgs?${FLAGS}`);
      expect(seen[0]!.headers.authorization).toBe('Bearer token2');
    } finally {
      other.server.close();
    }
  });

  it('per-call options override the client options for that call only', async () => {
    const client = createClient({ url: baseUrl, accessToken: 'client-token' });
    await client.me.get({}, { accessToken: 'call-token', acceptVersion: '^1.0.0' });
    await client.me.get();
    expect(seen[0]!.headers.authorization).toBe('Bearer call-token');
    expect(seen[0]!.headers['accept-version']).toBe('^1.0.0');
    expect(seen[1]!.headers.authorization).toBe('Bearer client-token');
    expect(seen[1]!.headers['accept-version']).not.toBe('^1.0.0');
  });

  it('acceptVersion on the client is sent on every call', async () => {
    const client = createClient({ url: baseUrl, acceptVersion: '^1.2.3' });
    await client.me.get();
    expect(seen[0]!.headers['accept-version']).toBe('^1.2.3');
  });
});

describe('parameters pass through for the server to decide', () => {
  it('sends IDs the SDK would refuse, enum values it does not know, and leaves unknown names out', async () => {
    const client = createClient({ url: baseUrl, accessToken: 't' });
    await client.device.get({
      applicationId: 'my-app',
      deviceId: 'device 1',
      excludeConnectionInfo: 'yes',
      nonsense: 1,
    } as never);
    await client.device.getCommand({ applicationId, deviceId, sortDirection: 'sideways' } as never);
    expect(seen.map((r) => r.url)).toEqual([
      `/applications/my-app/devices/device%201?${FLAGS}&excludeConnectionInfo=yes`,
      `/applications/${applicationId}/devices/${deviceId}/command?${FLAGS}&sortDirection=sideways`,
    ]);
  });

  it("refuses a missing path parameter before sending, with losant-rest's message", async () => {
    const client = createClient({ url: baseUrl });
    const error = await client.device.get({ applicationId } as never).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LosantValidationError);
    expect((error as Error).message).toBe('deviceId is required');
    expect(seen).toHaveLength(0);
  });

  it('sends {} as the body of a non-GET action whose body is left out, and no body on a GET', async () => {
    const client = createClient({ url: baseUrl, accessToken: 't' });
    await client.device.sendState({ applicationId, deviceId } as never);
    await client.device.delete({ applicationId, deviceId });
    await client.device.get({ applicationId, deviceId });
    expect(seen.map((r) => [r.method, r.headers['content-type'], r.body])).toEqual([
      ['POST', 'application/json', '{}'],
      ['DELETE', 'application/json', '{}'],
      ['GET', undefined, ''],
    ]);
  });

  it('encodes numbers, booleans and JSON-valued params byte for byte as the SDK does', async () => {
    const client = createClient({ url: baseUrl, accessToken: 't' });
    await client.devices.get({ applicationId, perPage: 50, page: 0, query: { name: { $eq: 'pump 1' } } } as never);
    expect(seen[0]!.url).toBe(
      `/applications/${applicationId}/devices?${FLAGS}&page=0&perPage=50&query=${encodeURIComponent('{"name":{"$eq":"pump 1"}}')}`,
    );
  });
});

describe('errors, as losant-rest shapes them', () => {
  it("message is the server's; statusCode, type and every other body member are on the error; instanceof holds", async () => {
    answer = () => ({ status: 404, json: { type: 'NotFound', message: 'Device was not found', details: { id: 'x' } } });
    const client = createClient({ url: baseUrl, accessToken: 't' });
    const error = (await client.device.get({ applicationId, deviceId }).catch((e: unknown) => e)) as LosantApiError &
      Record<string, unknown>;
    expect(error).toBeInstanceOf(LosantApiError);
    expect(error.message).toBe('Device was not found');
    expect(error.statusCode).toBe(404);
    expect(error.type).toBe('NotFound');
    expect(error['details']).toEqual({ id: 'x' });
    expect(error.serverMessage).toBe('Device was not found');
  });

  it("a 413 without a message gets losant-rest's", async () => {
    answer = () => ({ status: 413, text: '<html>too big</html>', type: 'text/html' });
    const client = createClient({ url: baseUrl, accessToken: 't' });
    const error = (await client.device
      .sendState({ applicationId, deviceId, deviceState: { data: {} } })
      .catch((e: unknown) => e)) as LosantApiError;
    expect(error.statusCode).toBe(413);
    expect(error.message).toBe('Request entity too large.');
  });

  it('is not retried (losant-rest never retries)', async () => {
    answer = () => ({ status: 503, json: { type: 'Unavailable', message: 'try later' } });
    const client = createClient({ url: baseUrl, accessToken: 't' });
    await expect(client.me.get()).rejects.toMatchObject({ statusCode: 503, message: 'try later' });
    expect(seen).toHaveLength(1);
  });
});

describe('raw request()', () => {
  it('sends any method and path with the client token and Accept-Version, no flags unless given, qs-style brackets', async () => {
    answer = () => ({ json: { hello: 'world' } });
    const client = createClient({ url: baseUrl, accessToken: 'raw-token' });
    const result = await client.request({
      method: 'get',
      url: `/applications/${applicationId}/undocumented`,
      params: { a: 1, b: 'x y', filter: { tags: ['t1', 't2'] }, skip: undefined },
    });
    await client.request({ method: 'POST', url: '/custom', data: { n: 1 }, headers: { 'x-extra': 'yes' } });
    await client.request({ method: 'POST', url: '/custom?_links=false' });
    expect(result).toEqual({ hello: 'world' });
    expect(seen.map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual([
      `GET /applications/${applicationId}/undocumented?a=1&b=x%20y&filter%5Btags%5D%5B0%5D=t1&filter%5Btags%5D%5B1%5D=t2 `,
      'POST /custom {"n":1}',
      'POST /custom?_links=false ',
    ]);
    expect(seen[0]!.headers.authorization).toBe('Bearer raw-token');
    expect(seen[0]!.headers['accept-version']).toMatch(/^\^\d+\.\d+\.\d+$/);
    expect(seen[1]!.headers['x-extra']).toBe('yes');
    expect(seen[1]!.headers['content-type']).toBe('application/json');
  });

  it('rejects as the actions do', async () => {
    answer = () => ({ status: 400, json: { type: 'Validation', message: 'bad thing' } });
    const client = createClient({ url: baseUrl });
    await expect(client.request({ url: '/x' })).rejects.toMatchObject({
      statusCode: 400,
      type: 'Validation',
      message: 'bad thing',
    });
  });
});

describe('callbacks (losant-rest 2.x and 3.x)', () => {
  it('(params, cb), (params, opts, cb) and (cb) call back on a later turn and return nothing', async () => {
    answer = () => ({ json: { email: 'me@example.com' } });
    const client = createClient({ url: baseUrl, accessToken: 't' });
    const results: unknown[] = [];
    const done = new Promise<void>((resolve) => {
      const cb: CompatCallback<unknown> = (error, result) => {
        results.push(error ?? result);
        if (results.length === 3) resolve();
      };
      expect(client.me.get({}, cb)).toBeUndefined();
      expect(client.me.get({}, {}, cb)).toBeUndefined();
      expect(client.me.get(cb)).toBeUndefined();
    });
    await done;
    expect(results).toEqual([{ email: 'me@example.com' }, { email: 'me@example.com' }, { email: 'me@example.com' }]);
  });

  it('hands the error to the callback', async () => {
    answer = () => ({ status: 401, json: { type: 'Unauthorized', message: 'no' } });
    const client = createClient({ url: baseUrl });
    const error = await new Promise((resolve) => client.me.get({}, (e) => resolve(e)));
    expect(error).toMatchObject({ statusCode: 401, message: 'no' });
  });
});

describe('event streams', () => {
  it('resolve with an EventSource-like object; listeners get the data as sent; close() releases the connection', async () => {
    answer = () => ({
      sse: [
        'event: deviceState\ndata: {"data":{"t":1.0}}\nid: 7\n\n',
        ': keepalive comment\n\n',
        'event: keepAlive\ndata: {}\n\n',
        'data: plain message\n\n',
      ],
    });
    const client = createClient({ url: baseUrl, accessToken: 'sse-token' });
    const es = await client.device.stateStream({ applicationId, deviceId });
    expect(es.readyState).toBe(es.OPEN);
    const got: Array<[string, string, string]> = [];
    await new Promise<void>((resolve) => {
      es.addEventListener('deviceState', (e) =>
        got.push([e.type, (e as MessageEvent).data, (e as MessageEvent).lastEventId]),
      );
      es.addEventListener('keepAlive', (e) => got.push([e.type, (e as MessageEvent).data, '']));
      es.onmessage = (e) => {
        got.push([e.type, e.data, e.lastEventId]);
        resolve();
      };
    });
    expect(got).toEqual([
      ['deviceState', '{"data":{"t":1.0}}', '7'],
      ['keepAlive', '{}', ''],
      ['message', 'plain message', '7'],
    ]);
    expect(seen[0]!.headers.authorization).toBe('Bearer sse-token');
    expect(seen[0]!.url).toBe(`/applications/${applicationId}/devices/${deviceId}/stateStream`);
    es.close();
    expect(es.readyState).toBe(es.CLOSED);
    await expect.poll(() => closed.includes(seen[0]!.url)).toBe(true);
  });

  it('dispatch error and close when the server ends the stream', async () => {
    answer = () => ({ sse: [] });
    const client = createClient({ url: baseUrl, accessToken: 't' });
    // The server below ends the response at once.
    answer = () => ({ json: undefined, type: 'text/event-stream' });
    const es = await client.device.stateStream({ applicationId, deviceId });
    await new Promise<void>((resolve) => (es.onerror = () => resolve()));
    expect(es.readyState).toBe(es.CLOSED);
  });
});

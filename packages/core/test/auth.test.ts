/**
 * Auth strategies on the wire, against a loopback server that hands out tokens, revokes them,
 * refuses wrong secrets and answers 401 on purpose. Every assertion counts what was sent.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthState,
  authStrategy,
  credentialsStrategy,
  jwtExpiry,
  LosantAuthError,
  tokenProvider,
} from '../src/auth.js';
import { createClient } from '../src/client.js';
import { LosantAbortError, LosantApiError, LosantValidationError } from '../src/errors.js';
import type { Route } from '../src/types.js';
import { everyRendering, rejection } from './helpers.js';
import { openStream } from '../src/stream.js';

const SECRET = 'device-secret-do-not-leak';
const KEY = 'device-key-do-not-leak';
const DEVICE = '575ecf887ae143cd83dc4aa2';

const authRoute: Route = {
  id: 'auth.authenticateDevice',
  method: 'POST',
  path: '/auth/device',
  params: { credentials: 'body' },
  required: ['credentials'],
  version: '1.30.0',
};
const getThing: Route = { id: 'thing.get', method: 'GET', path: '/thing', params: {}, version: '1.30.0' };
const streamThing: Route = {
  id: 'thing.stream',
  method: 'GET',
  path: '/stream',
  params: {},
  version: '1.30.0',
  flags: false,
};

/** A JWT whose payload says `exp` (seconds); the signature is never checked by the SDK. */
function jwt(exp: number, n: number): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc({ sub: DEVICE, exp, n, note: 'ü?>' })}.c2lnbmF0dXJl`;
}

interface Seen {
  path: string;
  authorization: string | undefined;
  body: string;
}

/** Tokens it issued are accepted until revoked; `/auth/device` checks the secret. */
const state = {
  seen: [] as Seen[],
  issued: 0,
  accepted: new Set<string>(),
  /** `exp` of the next tokens issued, in seconds; one per login, the last repeats. */
  expiries: [] as number[],
  /** Answer every call 401 whatever its token. */
  reject: false,
  /** Delay the auth response (ms), to let calls pile up behind it. */
  authDelay: 0,
};
let server: Server;
let baseUrl: string;

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void body(req).then((text) => {
      const path = req.url!.split('?')[0]!;
      state.seen.push({ path, authorization: req.headers.authorization, body: text });
      const reply = (status: number, payload: unknown, type = 'application/json') => {
        res.writeHead(status, { 'content-type': type });
        res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
      };
      if (path === '/auth/device') {
        const creds = JSON.parse(text || '{}') as { secret?: string };
        if (creds.secret !== SECRET) return reply(401, { type: 'Unauthorized', message: 'Invalid credentials' });
        const n = ++state.issued;
        const exp = state.expiries[Math.min(n - 1, state.expiries.length - 1)] ?? Math.floor(Date.now() / 1000) + 3600;
        const token = jwt(exp, n);
        state.accepted.add(token);
        return setTimeout(() => reply(200, { token, applicationId: DEVICE, deviceId: DEVICE }), state.authDelay);
      }
      const token = req.headers.authorization?.replace(/^Bearer /, '');
      if (state.reject || !token || !state.accepted.has(token))
        return reply(401, { type: 'Unauthorized', message: 'Unauthorized' });
      if (path === '/stream') return reply(200, 'event: state\ndata: {"v":1}\n\n', 'text/event-stream');
      reply(200, { ok: true });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
afterEach(() => {
  state.seen = [];
  state.issued = 0;
  state.accepted.clear();
  state.expiries = [];
  state.reject = false;
  state.authDelay = 0;
});

const device = (secret = SECRET) =>
  credentialsStrategy({
    name: 'deviceCredentials',
    route: authRoute,
    params: { credentials: { deviceId: DEVICE, key: KEY, secret } },
  });
const paths = () => state.seen.map((s) => s.path);

describe('auth strategies', () => {
  it('the first call authenticates; the login carries no token, the call carries the one it returned', async () => {
    const client = createClient({ baseUrl, auth: device(), maxRetries: 0 });
    await expect(client.request(getThing, undefined)).resolves.toEqual({ ok: true });
    expect(paths()).toEqual(['/auth/device', '/thing']);
    const [login, call] = state.seen;
    expect(login!.authorization).toBeUndefined();
    expect(JSON.parse(login!.body)).toEqual({ deviceId: DEVICE, key: KEY, secret: SECRET });
    expect(call!.authorization).toBe(`Bearer ${[...state.accepted][0]}`);
    // Later calls reuse the token.
    await client.request(getThing, undefined);
    expect(paths()).toEqual(['/auth/device', '/thing', '/thing']);
  });

  it('concurrent calls share one authentication', async () => {
    state.authDelay = 50;
    const client = createClient({ baseUrl, auth: device(), maxRetries: 0 });
    const results = await Promise.all(Array.from({ length: 5 }, () => client.request(getThing, undefined)));
    expect(results).toEqual(Array.from({ length: 5 }, () => ({ ok: true })));
    expect(paths().filter((p) => p === '/auth/device')).toHaveLength(1);
    expect(paths().filter((p) => p === '/thing')).toHaveLength(5);
    const token = [...state.accepted][0]!;
    expect(new Set(state.seen.filter((s) => s.path === '/thing').map((s) => s.authorization))).toEqual(
      new Set([`Bearer ${token}`]),
    );
  });

  it('a 401 renews the token once and replays the call once', async () => {
    const client = createClient({ baseUrl, auth: device(), maxRetries: 0 });
    await client.request(getThing, undefined);
    const first = [...state.accepted][0]!;
    state.accepted.delete(first); // the server revokes it
    await expect(client.request(getThing, undefined)).resolves.toEqual({ ok: true });
    expect(paths()).toEqual(['/auth/device', '/thing', '/thing', '/auth/device', '/thing']);
    const second = [...state.accepted][0]!;
    expect(second).not.toBe(first);
    expect(state.seen.map((s) => s.authorization)).toEqual([
      undefined,
      `Bearer ${first}`,
      `Bearer ${first}`,
      undefined,
      `Bearer ${second}`,
    ]);
  });

  it('concurrent 401s renew once', async () => {
    const client = createClient({ baseUrl, auth: device(), maxRetries: 0 });
    await client.request(getThing, undefined);
    state.accepted.clear();
    state.authDelay = 30;
    await Promise.all(Array.from({ length: 4 }, () => client.request(getThing, undefined)));
    expect(paths().filter((p) => p === '/auth/device')).toHaveLength(2);
    expect(paths().filter((p) => p === '/thing')).toHaveLength(1 + 4 + 4);
  });

  it('a second 401 after renewing is the LosantApiError: no loop', async () => {
    const client = createClient({ baseUrl, auth: device(), maxRetries: 3 });
    state.reject = true;
    const error = await rejection(client.request(getThing, undefined));
    expect(error).toBeInstanceOf(LosantApiError);
    expect((error as LosantApiError).status).toBe(401);
    expect(paths()).toEqual(['/auth/device', '/thing', '/auth/device', '/thing']);
  });

  it('a strategy that cannot authenticate fails with a LosantAuthError, once per call, and shows no secret', async () => {
    const client = createClient({ baseUrl, auth: device('wrong-secret-do-not-leak'), maxRetries: 3 });
    const error = await rejection(client.request(getThing, undefined));
    expect(error).toBeInstanceOf(LosantAuthError);
    const auth = error as LosantAuthError;
    expect(auth.strategy).toBe('deviceCredentials');
    expect(auth.operationId).toBe('auth.authenticateDevice');
    expect(auth.message).toBe(
      'deviceCredentials could not authenticate (auth.authenticateDevice): auth.authenticateDevice failed with 401 Unauthorized: Invalid credentials',
    );
    expect(auth.cause).toBeInstanceOf(LosantApiError);
    expect((auth.cause as LosantApiError).status).toBe(401);
    expect(paths()).toEqual(['/auth/device']);
    for (const text of everyRendering(error)) {
      expect(text).not.toContain('do-not-leak');
    }
    // The next call tries again (a failure is not remembered), once.
    await rejection(client.request(getThing, undefined));
    expect(paths()).toEqual(['/auth/device', '/auth/device']);
  });

  it('renews a JWT whose exp has come before using it again', async () => {
    const now = Math.floor(Date.now() / 1000);
    state.expiries = [now - 10, now + 3600];
    const client = createClient({ baseUrl, auth: device(), maxRetries: 0 });
    await client.request(getThing, undefined);
    await client.request(getThing, undefined);
    await client.request(getThing, undefined);
    expect(paths()).toEqual(['/auth/device', '/thing', '/auth/device', '/thing', '/thing']);
    const [t1, t2] = [...state.accepted];
    expect(state.seen.filter((s) => s.path === '/thing').map((s) => s.authorization)).toEqual([
      `Bearer ${t1}`,
      `Bearer ${t2}`,
      `Bearer ${t2}`,
    ]);
  });

  it('renews within the margin before exp, and a short-lived token is used for half its life', async () => {
    const now = Math.floor(Date.now() / 1000);
    // exp 30 s away, margin 60 s: renewed after half its life (15 s), so the next call still uses it.
    state.expiries = [now + 30];
    const client = createClient({ baseUrl, auth: device(), maxRetries: 0 });
    await client.request(getThing, undefined);
    await client.request(getThing, undefined);
    expect(paths()).toEqual(['/auth/device', '/thing', '/thing']);
  });

  it('event streams carry the token too, and a 401 renews before the stream opens', async () => {
    const client = createClient({ baseUrl, auth: device(), maxRetries: 0 });
    await client.request(getThing, undefined);
    state.accepted.clear();
    const stream = await openStream<{ state: { v: number } }>(client, streamThing, undefined, ['state']);
    const events = [];
    for await (const e of stream) events.push(e);
    expect(events).toEqual([{ event: 'state', data: { v: 1 } }]);
    expect(paths()).toEqual(['/auth/device', '/thing', '/stream', '/auth/device', '/stream']);
    expect(state.seen.at(-1)!.authorization).toBe(`Bearer ${[...state.accepted][0]}`);
  });

  it('tokenProvider: called once for concurrent calls, again after a 401', async () => {
    const tokens: string[] = [];
    let calls = 0;
    const provider = tokenProvider(async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 20));
      const token = `opaque-${calls}`;
      state.accepted.add(token);
      tokens.push(token);
      return token;
    });
    const client = createClient({ baseUrl, auth: provider, maxRetries: 0 });
    await Promise.all([client.request(getThing, undefined), client.request(getThing, undefined)]);
    expect(calls).toBe(1);
    state.accepted.clear();
    await client.request(getThing, undefined);
    expect(calls).toBe(2);
    expect(state.seen.map((s) => s.authorization)).toEqual([
      'Bearer opaque-1',
      'Bearer opaque-1',
      'Bearer opaque-1',
      'Bearer opaque-2',
    ]);
  });

  it('authStrategy: a strategy of your own, given the unauthenticated send, shown by its name only', async () => {
    const own = authStrategy({
      name: 'vaultLogin',
      operationId: authRoute.id,
      authenticate: async (send) =>
        ((await send(authRoute, { credentials: { secret: SECRET } })) as { token: string }).token,
    });
    const client = createClient({ baseUrl, auth: own, maxRetries: 0 });
    await client.request(getThing, undefined);
    expect(paths()).toEqual(['/auth/device', '/thing']);
    expect(state.seen[0]!.authorization).toBeUndefined();
    expect(state.seen[1]!.authorization).toBe(`Bearer ${[...state.accepted][0]}`);
    expect(inspect(own)).toBe("AuthStrategy { name: 'vaultLogin' }");
    expect(JSON.stringify(own)).toBe('{"name":"vaultLogin"}');
  });

  it('tokenProvider failures and unusable tokens are LosantAuthErrors; nothing is sent', async () => {
    const cause = new Error('vault is sealed');
    const failing = createClient({ baseUrl, auth: tokenProvider(() => Promise.reject(cause)) });
    const error = (await rejection(failing.request(getThing, undefined))) as LosantAuthError;
    expect(error).toBeInstanceOf(LosantAuthError);
    expect(error.message).toBe('tokenProvider could not authenticate: vault is sealed');
    expect(error.operationId).toBeUndefined();
    expect(error.cause).toBe(cause);
    for (const [token, reason] of [
      ['', 'no token came back'],
      ['a\nb', 'the token cannot be sent in a header'],
    ] as const) {
      const bad = createClient({ baseUrl, auth: tokenProvider(() => token) });
      const e = (await rejection(bad.request(getThing, undefined))) as LosantAuthError;
      expect(e.message).toBe(`tokenProvider could not authenticate: ${reason}`);
    }
    expect(state.seen).toEqual([]);
  });

  it('a call aborted while waiting for the shared login ends alone', async () => {
    state.authDelay = 100;
    const client = createClient({ baseUrl, auth: device(), maxRetries: 0 });
    const controller = new AbortController();
    const aborted = client.request(getThing, undefined, { signal: controller.signal });
    const waiting = client.request(getThing, undefined);
    setTimeout(() => controller.abort(new Error('user left')), 10);
    expect(await rejection(aborted)).toBeInstanceOf(LosantAbortError);
    await expect(waiting).resolves.toEqual({ ok: true });
    expect(paths()).toEqual(['/auth/device', '/thing']);
    const early = new AbortController();
    early.abort();
    expect(await rejection(client.request(getThing, undefined, { signal: early.signal }))).toBeInstanceOf(
      LosantAbortError,
    );
  });

  it('token and auth together, or an auth that is no strategy, fail every call before sending', async () => {
    for (const options of [
      { token: 'fixed', auth: device() },
      { auth: { name: 'x' } as unknown as ReturnType<typeof device> },
      // A plain object shaped as a strategy, not made by a factory (authStrategy).
      { auth: { name: 'plain', authenticate: async () => 'a-token' } as unknown as ReturnType<typeof device> },
    ]) {
      const client = createClient({ baseUrl, ...options });
      const error = await rejection(client.request(getThing, undefined));
      expect(error).toBeInstanceOf(LosantValidationError);
      expect((error as LosantValidationError).param).toBe('auth');
    }
    expect(state.seen).toEqual([]);
  });

  it('withToken gives a client with that fixed token and no strategy', async () => {
    state.accepted.add('fixed-token');
    const client = createClient({ baseUrl, auth: device(), maxRetries: 0 }).withToken('fixed-token');
    await client.request(getThing, undefined);
    state.accepted.clear();
    expect((await rejection(client.request(getThing, undefined))) as LosantApiError).toMatchObject({ status: 401 });
    expect(state.seen.map((s) => [s.path, s.authorization])).toEqual([
      ['/thing', 'Bearer fixed-token'],
      ['/thing', 'Bearer fixed-token'],
    ]);
  });

  it('neither the strategy nor the client shows credentials or tokens', async () => {
    const strategy = device();
    const client = createClient({ baseUrl, auth: strategy });
    await client.request(getThing, undefined);
    const token = [...state.accepted][0]!;
    const shown = [
      inspect(strategy, { showHidden: true, depth: 10 }),
      JSON.stringify(strategy),
      String(strategy),
      inspect(client, { showHidden: true, depth: 10 }),
      JSON.stringify(client),
    ];
    expect(shown[0]).toBe("AuthStrategy { name: 'deviceCredentials' }");
    expect(shown[1]).toBe('{"name":"deviceCredentials"}');
    expect(shown[3]).toBe(`LosantClient { baseUrl: '${baseUrl}', token: none, auth: 'deviceCredentials' }`);
    for (const text of shown) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(token);
    }
  });
});

describe('renewing ahead of exp, on a fake clock', () => {
  it('a failed renewal before exp keeps the current token until exp, then fails', async () => {
    let now = 0;
    let logins = 0;
    const first = jwt(1_000, 1); // exp at 1 000 s; renewed from 940 s on (the default 60 s margin)
    const strategy = tokenProvider(async () => {
      if (++logins === 1) return first;
      throw new Error('auth service down');
    });
    const state = new AuthState(
      strategy,
      () => Promise.reject(new Error('unused')),
      () => now,
    );
    expect(await state.token(undefined, 'x.y')).toBe(first);
    now = 939_000;
    expect(await state.token(undefined, 'x.y')).toBe(first);
    expect(logins).toBe(1);
    now = 950_000;
    expect(await state.token(undefined, 'x.y')).toBe(first);
    expect(logins).toBe(2);
    now = 1_000_000;
    expect(await rejection(state.token(undefined, 'x.y'))).toBeInstanceOf(LosantAuthError);
    expect(logins).toBe(3);
  });
});

describe('jwtExpiry', () => {
  it('reads exp from a JWT payload (base64url, UTF-8) and nothing from anything else', () => {
    expect(jwtExpiry(jwt(1_900_000_000, 1))).toBe(1_900_000_000_000);
    for (const token of ['opaque', 'a.b', 'a.b.c.d', 'x.!!!.y', `x.${btoa('{"exp":"soon"}')}.y`, `x.${btoa('null')}.y`])
      expect(jwtExpiry(token), token).toBeUndefined();
  });
});

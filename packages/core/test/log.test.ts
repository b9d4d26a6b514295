/** `log: logging({ level, logger })`, `LOSANT_SDK_LOG`: one line per attempt, and nothing secret in any of them. */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { credentialsStrategy } from '../src/auth.js';
import { createClient, type ClientOptions } from '../src/client.js';
import { LosantValidationError } from '../src/errors.js';
import { envLogLevel, LOG, logging, type Logger, type LogRecord } from '../src/log.js';
import { rateLimits } from '../src/rate-limit.js';
import type { Route } from '../src/types.js';
import { ID, json, rejection } from './helpers.js';

const TOKEN = 'tok-9d1e-SECRET-TOKEN-5521';
const KEY = 'KEY-ab12-SECRET-KEY-7f00';
const SECRET = 'SECRET-77c3-DEVICE-SECRET-9e01';
const FILTER = 'QUERY-VALUE-pump-4410';
const RETURNED = 'RETURNED-eyJ-TOKEN-3301';

const devicesGet: Route = {
  id: 'devices.get',
  method: 'GET',
  path: '/applications/{applicationId}/devices',
  params: { applicationId: 'path', filter: 'query', perPage: 'query' },
  version: '1.30.0',
};
const authenticateDevice: Route = {
  id: 'auth.authenticateDevice',
  method: 'POST',
  path: '/auth/device',
  params: { credentials: 'body' },
  version: '1.30.0',
  flags: false,
};

type Line = { method: keyof Logger; args: unknown[] };
function recorder(): { logger: Logger; lines: Line[] } {
  const lines: Line[] = [];
  const at =
    (method: keyof Logger) =>
    (...args: unknown[]) =>
      void lines.push({ method, args });
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

/** A fetch answering each request with the next of `answers` (a thrown error is a network failure). */
function scripted(...answers: Array<() => Response>) {
  let i = 0;
  return async () => answers[Math.min(i++, answers.length - 1)]!();
}
const refused = () => {
  throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
};

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('level debug', () => {
  it('one line per attempt: the action, method, path without query, status or error, ms, attempt, retry wait and why', async () => {
    const { logger, lines } = recorder();
    const fetch = scripted(
      () => json(503, {}, { 'retry-after': '0' }),
      refused,
      () => json(200, { items: [] }),
    );
    const client = createClient({ token: TOKEN, fetch, log: logging({ level: 'debug', logger }), maxRetryDelay: 1 });
    await client.request(devicesGet, { applicationId: ID, filter: FILTER, perPage: '5' });
    expect(lines.map((l) => l.method)).toEqual(['warn', 'warn', 'debug']);
    const texts = lines.map((l) => (l.args[0] as string).replace(/in \d+ ms/, 'in N ms'));
    const path = `/applications/${ID}/devices`;
    expect(texts).toEqual([
      `[losant-sdk] devices.get GET ${path} → 503 in N ms (attempt 1); retry in 0 ms (status 503, Retry-After 0)`,
      `[losant-sdk] devices.get GET ${path} → LosantNetworkError ECONNREFUSED in N ms (attempt 2); retry in ${(lines[1]!.args[1] as LogRecord).retryInMs} ms (LosantNetworkError ECONNREFUSED)`,
      `[losant-sdk] devices.get GET ${path} → 200 in N ms (attempt 3)`,
    ]);
    const records = lines.map((l) => l.args[1] as LogRecord);
    expect(records[0]).toMatchObject({
      action: 'devices.get',
      method: 'GET',
      path,
      query: ['_actions', '_links', '_embedded', 'filter', 'perPage'],
      attempt: 1,
      status: 503,
      retryInMs: 0,
      reason: 'status 503, Retry-After 0',
    });
    expect(records[1]).toMatchObject({ attempt: 2, error: 'LosantNetworkError ECONNREFUSED' });
    expect(records[1]!.retryInMs).toBeLessThanOrEqual(1);
    expect(records[2]).toMatchObject({ attempt: 3, status: 200 });
    for (const r of records) expect(r.ms).toBeGreaterThanOrEqual(0);
    expect(records[2]!.retryInMs).toBeUndefined();
  });

  it('a call that fails logs its last attempt at error; a timeout says so', async () => {
    const { logger, lines } = recorder();
    await rejection(
      createClient({
        fetch: scripted(() => json(404, { type: 'NotFound' })),
        log: logging({ level: 'debug', logger }),
      }).request(devicesGet, { applicationId: ID }),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]!.method).toBe('error');
    expect(lines[0]!.args[1]).toMatchObject({ status: 404, error: 'LosantApiError 404', attempt: 1 });

    lines.length = 0;
    const stall = (req: Request) =>
      new Promise<Response>((_, reject) => req.signal.addEventListener('abort', () => reject(req.signal.reason)));
    await rejection(
      createClient({
        fetch: stall,
        log: logging({ level: 'debug', logger }),
        timeout: 20,
        maxRetries: 1,
        maxRetryDelay: 1,
      }).request(devicesGet, { applicationId: ID }),
    );
    expect(lines.map((l) => [l.method, (l.args[1] as LogRecord).error, (l.args[1] as LogRecord).reason])).toEqual([
      ['warn', 'LosantTimeoutError', 'timeout'],
      ['error', 'LosantTimeoutError', undefined],
    ]);
  });

  it('never logs the token, credentials, a returned token or any query value, in any argument', async () => {
    const { logger, lines } = recorder();
    const fetch = async (req: Request) => {
      if (req.url.endsWith('/auth/device')) return json(200, { token: RETURNED, applicationId: ID });
      if (req.url.includes('retry-me')) return json(502, { message: `bad ${FILTER}` });
      return json(401, { type: 'Unauthorized', message: `token ${TOKEN} refused for ${FILTER}` });
    };
    const options: ClientOptions = {
      fetch,
      log: logging({ level: 'debug', logger }),
      maxRetryDelay: 1,
      maxRetries: 1,
    };
    await rejection(
      createClient({ ...options, token: TOKEN }).request(devicesGet, { applicationId: ID, filter: FILTER }),
    );
    await rejection(
      createClient({ ...options, token: TOKEN }).request(devicesGet, {
        applicationId: ID,
        filter: `retry-me ${FILTER}`,
      }),
    );
    const strategy = credentialsStrategy({
      name: 'deviceCredentials',
      route: authenticateDevice,
      params: { credentials: { deviceId: ID, key: KEY, secret: SECRET } },
    });
    await rejection(
      createClient({ ...options, auth: strategy }).request(devicesGet, { applicationId: ID, filter: FILTER }),
    );
    expect(lines.length).toBeGreaterThanOrEqual(6);
    expect(lines.some((l) => (l.args[1] as LogRecord).action === 'auth.authenticateDevice')).toBe(true);
    const everything = lines.flatMap((l) =>
      l.args.flatMap((a) => [String(a), JSON.stringify(a), inspect(a, { depth: 9 })]),
    );
    for (const secret of [TOKEN, KEY, SECRET, FILTER, 'retry-me', RETURNED, 'pump'])
      for (const text of everything) expect(text).not.toContain(secret);
    // It did log the calls: the path and the query's names are there.
    expect(everything.join('\n')).toContain(`/applications/${ID}/devices`);
    expect((lines[0]!.args[1] as LogRecord).query).toContain('filter');
  });
});

describe('levels, the logger and LOSANT_SDK_LOG', () => {
  const calls = async (options: ClientOptions) => {
    const fetch = scripted(
      () => json(503, {}),
      () => json(200, {}),
      () => json(404, {}),
    );
    const client = createClient({ fetch, maxRetryDelay: 1, ...options });
    await client.request(devicesGet, { applicationId: ID });
    await rejection(client.request(devicesGet, { applicationId: ID }));
  };

  it('each level logs its severity and above; off (the default) logs nothing', async () => {
    const seen: Record<string, string[]> = {};
    for (const level of ['off', 'error', 'warn', 'info', 'debug', undefined] as const) {
      const { logger, lines } = recorder();
      await calls({ log: logging({ logger, level }) });
      seen[String(level)] = lines.map((l) => l.method);
    }
    expect(seen).toEqual({
      off: [],
      error: ['error'],
      warn: ['warn', 'error'],
      info: ['warn', 'error'],
      debug: ['warn', 'debug', 'error'],
      undefined: [],
    });
  });

  it('info: a wait for the rate limiter', async () => {
    const { logger, lines } = recorder();
    const client = createClient({
      fetch: async () => json(200, {}),
      log: logging({ level: 'info', logger }),
      rateLimit: rateLimits({ key: () => 'k', capacity: 1, perMs: 30 }),
    });
    await client.request(devicesGet, { applicationId: ID });
    await client.request(devicesGet, { applicationId: ID, filter: FILTER });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.method).toBe('info');
    expect(lines[0]!.args[0]).toMatch(/^\[losant-sdk\] devices\.get waits \d+ ms for the rate limiter$/);
    expect(JSON.stringify(lines[0]!.args)).not.toContain(FILTER);
  });

  it('LOSANT_SDK_LOG sets the level when the option does not, to console unless a logger is given', async () => {
    vi.stubEnv('LOSANT_SDK_LOG', ' Debug ');
    expect(envLogLevel()).toBe(' Debug ');
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await calls({});
    expect([debug.mock.calls.length, warn.mock.calls.length, error.mock.calls.length]).toEqual([1, 1, 1]);
    const { logger, lines } = recorder();
    await calls({ log: logging({ logger, level: 'off' }) }); // the option wins
    expect(lines).toEqual([]);
    vi.stubEnv('LOSANT_SDK_LOG', 'warn');
    await calls({ log: logging({ logger }) }); // the variable's level, to the logger given
    expect(lines.map((l) => l.method)).toEqual(['warn', 'error']);
    lines.length = 0;
    vi.stubEnv('LOSANT_SDK_LOG', 'loud'); // not a level: ignored
    await calls({ log: logging({ logger }) });
    await calls({});
    expect(lines).toEqual([]);
    expect([debug.mock.calls.length, warn.mock.calls.length, error.mock.calls.length]).toEqual([1, 1, 1]);
    const off = logging({ logger });
    expect([off.level, off.logger, off[LOG]]).toEqual(['off', logger, undefined]);
    expect(logging({ level: 'info' })).toMatchObject({ level: 'info', logger: console });
    expect(Object.isFrozen(logging())).toBe(true);
  });

  it('an environment that cannot be read (Deno without --allow-env) or is absent (browsers) means off', () => {
    const real = Object.getOwnPropertyDescriptor(globalThis, 'process')!;
    try {
      Object.defineProperty(globalThis, 'process', {
        configurable: true,
        get() {
          throw new Error('NotCapable: requires env access');
        },
      });
      expect(envLogLevel()).toBeUndefined();
      Object.defineProperty(globalThis, 'process', { configurable: true, value: undefined });
      expect(envLogLevel()).toBeUndefined();
    } finally {
      Object.defineProperty(globalThis, 'process', real);
    }
  });

  it('an unknown level is a TypeError, a `log` not made by logging fails every call; a throwing logger is ignored', async () => {
    expect(() => logging({ level: 'verbose' as never })).toThrow(
      new TypeError('logging: level must be one of off, error, warn, info, debug'),
    );
    for (const log of [{ level: 'debug', logger: console }, 'debug', null]) {
      const error = await rejection(
        createClient({ fetch: async () => json(200, {}), log: log as never }).request(devicesGet, {
          applicationId: ID,
        }),
      );
      expect(error).toBeInstanceOf(LosantValidationError);
      expect((error as LosantValidationError).param).toBe('log');
      expect((error as Error).message).toBe('devices.get: option "log" must be logging({ level, logger })');
    }
    const broken: Logger = {
      debug: () => {
        throw new Error('disk full');
      },
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    };
    expect(
      await createClient({
        fetch: async () => json(200, { ok: 1 }),
        log: logging({ level: 'debug', logger: broken }),
      }).request(devicesGet, { applicationId: ID }),
    ).toEqual({ ok: 1 });
  });
});

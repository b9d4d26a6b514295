/** LosantNetworkError says why in its message: the system error, wherever the runtime nested it. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createClient } from '../src/client.js';
import { LosantNetworkError } from '../src/errors.js';
import { archiveData, ID } from './helpers.js';

/** An error shaped like Node's system errors (`code`, `syscall`, `address`, `port`, `hostname`). */
function systemError(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

describe('LosantNetworkError', () => {
  it.each<[string, unknown, string, string | undefined]>([
    [
      "Node's fetch: refused, two levels down",
      new TypeError('fetch failed', {
        cause: systemError('connect ECONNREFUSED 127.0.0.1:9', {
          code: 'ECONNREFUSED',
          syscall: 'connect',
          address: '127.0.0.1',
          port: 9,
        }),
      }),
      'ECONNREFUSED 127.0.0.1:9 (fetch failed)',
      'ECONNREFUSED',
    ],
    [
      "Node's fetch: a name that does not resolve",
      new TypeError('fetch failed', {
        cause: systemError('getaddrinfo ENOTFOUND api.example', {
          code: 'ENOTFOUND',
          syscall: 'getaddrinfo',
          hostname: 'api.example',
        }),
      }),
      'ENOTFOUND api.example (fetch failed)',
      'ENOTFOUND',
    ],
    [
      'every address refused: the code on the AggregateError, the address on the first it holds',
      new TypeError('fetch failed', {
        cause: Object.assign(
          new AggregateError(
            [
              systemError('connect ECONNREFUSED ::1:9', { code: 'ECONNREFUSED', address: '::1', port: 9 }),
              systemError('connect ECONNREFUSED 127.0.0.1:9', { code: 'ECONNREFUSED', address: '127.0.0.1', port: 9 }),
            ],
            '',
          ),
          { code: 'ECONNREFUSED' },
        ),
      }),
      'ECONNREFUSED ::1:9 (fetch failed)',
      'ECONNREFUSED',
    ],
    [
      'a code whose message already says it',
      systemError('read ECONNRESET', { code: 'ECONNRESET' }),
      'ECONNRESET',
      'ECONNRESET',
    ],
    ['no system error: the message as it is', new TypeError('Failed to fetch'), 'Failed to fetch', undefined],
    [
      'no system error, a reason one level down: each message once',
      new TypeError('fetch failed', { cause: new Error('bad port') }),
      'fetch failed: bad port',
      undefined,
    ],
    ['not an Error', 'socket hang up', 'socket hang up', undefined],
  ])('%s', (_, cause, detail, code) => {
    const error = new LosantNetworkError('devices.get', cause);
    expect(error.message).toBe(`devices.get: network error: ${detail}`);
    expect(error.code).toBe(code);
    expect(error.cause).toBe(cause);
  });

  it('stops on a cause chain that loops', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(new LosantNetworkError('x.y', a).message).toBe('x.y: network error: a: b');
  });

  it('from a real refused connection (a port nothing listens on any more)', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const client = createClient({ baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0, token: 'token' });
    const error = await client.request(archiveData, { applicationId: ID, date: '1' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LosantNetworkError);
    expect((error as LosantNetworkError).code).toBe('ECONNREFUSED');
    expect((error as Error).message).toBe(
      `application.archiveData: network error: ECONNREFUSED 127.0.0.1:${port} (fetch failed)`,
    );
  });
});

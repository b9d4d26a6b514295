/** `maxResponseBytes`: a body past the limit is one typed error, never retried, and its connection is dropped. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ClientOptions } from '../src/client.js';
import { LosantResponseTooLargeError } from '../src/errors.js';
import type { Route } from '../src/types.js';
import { startFaultServer, type FaultServer } from './fault-server.js';
import { rejection } from './helpers.js';

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());

const route = (path: string): Route => ({
  id: `fault.${path.slice(1)}`,
  method: 'GET',
  path,
  params: {},
  version: '1',
});
const client = (o: ClientOptions = {}) => createClient({ baseUrl: server.url, maxRetryDelay: 50, ...o });

describe('maxResponseBytes', () => {
  it(
    'a chunked body past the limit: LosantResponseTooLargeError, not retried, the connection dropped',
    { timeout: 30_000 },
    async () => {
      const error = await rejection(
        client({ maxResponseBytes: 1 << 20, maxRetries: 2 }).request(route('/large-body'), {}),
      );
      expect(error).toBeInstanceOf(LosantResponseTooLargeError);
      expect((error as Error).message).toBe(
        'fault.large-body: the response body is larger than maxResponseBytes (1048576)',
      );
      expect(server.count('/large-body')).toBe(1);
      await expect.poll(() => server.closedByClient('/large-body'), { timeout: 10_000 }).toBe(1);
    },
  );

  it('a declared Content-Length past the limit fails at once; a call’s own limit wins over the client’s', async () => {
    await expect(client({ maxResponseBytes: 1000 }).request(route('/declared-large'), {})).rejects.toBeInstanceOf(
      LosantResponseTooLargeError,
    );
    const data = (await client({ maxResponseBytes: 1000 }).request(
      route('/declared-large'),
      {},
      { maxResponseBytes: 2 << 20 },
    )) as { pad: string };
    expect(data.pad).toHaveLength(1 << 20);
    await expect(client().request(route('/declared-large'), {}, { maxResponseBytes: 1000 })).rejects.toBeInstanceOf(
      LosantResponseTooLargeError,
    );
  });

  it('an error body is capped too', { timeout: 30_000 }, async () => {
    const error = await rejection(
      client({ maxResponseBytes: 256 * 1024, timeout: 20_000 }).request(route('/endless-error'), {}),
    );
    expect(error).toBeInstanceOf(LosantResponseTooLargeError);
  });

  it('a response with no body (204) passes any limit, untouched', async () => {
    const sent = new Response(null, { status: 204 });
    const { data, response } = await createClient({ fetch: async () => sent, maxResponseBytes: 1 })
      .request(route('/none'), {})
      .withResponse();
    expect(data).toBeUndefined();
    expect(response).toBe(sent);
  });

  it('a body within the limit is read as usual, its response intact', async () => {
    const { data, response } = await client({ maxResponseBytes: 100 }).request(route('/ok'), {}).withResponse();
    expect(data).toEqual({ ok: true });
    expect(response.url).toBe(`${server.url}/ok?_actions=false&_links=true&_embedded=true`);
  });
});

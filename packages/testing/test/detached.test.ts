// Every action of the umbrella SDK and of its losant-rest compat client works taken off its object
// (`const get = losant.devices.get; await get(params)`), called with its recorded params against
// this package's mock: the mock must see each action, and nothing the real API would reject.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, type CompatEventSource } from '@losant-sdk/sdk/compat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPEC } from '../src/generated/spec.js';
import { createMockLosant, type MockLosant } from '../src/index.js';
import { callParams, REDACTED } from '../src/kit/har.js';
import { fixturesRoot, readHar } from './helpers.js';

let mock: MockLosant;
beforeAll(async () => {
  mock = await createMockLosant();
});
afterAll(() => mock.close());

/** The APIs with recorded exchanges (fixtures/<api>/<operationId>.har). */
const apis = readdirSync(fixturesRoot, { withFileTypes: true })
  .filter((e) => e.isDirectory() && readdirSync(join(fixturesRoot, e.name)).some((f) => f.endsWith('.har')))
  .map((e) => e.name);

/** Each action, with the params its recorded success exchange was made with. */
const actions = SPEC.operations.map((op) => {
  const [resource, action] = op.id.split('.') as [string, string];
  const api = apis.find((a) => existsSync(join(fixturesRoot, a, `${op.id}.har`)));
  if (!api) throw new Error(`no recorded exchanges for ${op.id}`);
  const entry = readHar(api, op.id).find((e) => e._scenario === 'success');
  if (!entry) throw new Error(`no recorded success exchange for ${op.id}`);
  return { id: op.id, resource, action, params: unredacted(callParams(entry)) };
});

/** The recordings redact secrets (passwords, keys): a long placeholder of the same type stands in. */
function unredacted(value: unknown): unknown {
  if (value === REDACTED) return 'Placeholder-Secret-1'.padEnd(64, 'x');
  if (Array.isArray(value)) return value.map(unredacted);
  if (value && typeof value === 'object' && value.constructor === Object)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unredacted(v)]));
  return value;
}

type Detached = (params: unknown, options?: unknown) => PromiseLike<unknown>;
/** The method `resource.action` of `api`, taken off its object. */
function detach(api: object, resource: string, action: string): Detached {
  const method = (api as Record<string, Record<string, Detached>>)[resource]![action]!;
  expect(typeof method, `${resource}.${action}`).toBe('function');
  return method;
}

/** Call every action detached, several at once, and check the mock saw each exactly once, cleanly. */
async function callEvery(api: object, finish: (id: string, result: unknown) => void): Promise<void> {
  mock.reset();
  // Several at once, as `Promise.all(ids.map(fn))` does, in batches: the point is detached calls, not load.
  for (let i = 0; i < actions.length; i += 16) {
    await Promise.all(
      actions.slice(i, i + 16).map(async ({ id, resource, action, params }) => {
        const fn = detach(api, resource, action);
        finish(id, await fn(params));
      }),
    );
  }
  mock.assertNoUnexpectedRequests();
  const seen = new Map<string, number>();
  for (const call of mock.calls()) seen.set(call.action!, (seen.get(call.action!) ?? 0) + 1);
  expect(Object.fromEntries(seen)).toEqual(Object.fromEntries(actions.map((a) => [a.id, 1])));
}

describe('every action, detached', () => {
  it('of the umbrella SDK', async () => {
    const losant = mock.client();
    await callEvery(losant, (_, result) => {
      // Event streams: close them (their connection is the only thing left open).
      if (result && typeof (result as { close?: unknown }).close === 'function') (result as { close(): void }).close();
    });
  });

  it('of the umbrella SDK after withToken', async () => {
    await callEvery(mock.client().withToken('another-token'), (_, result) => {
      if (result && typeof (result as { close?: unknown }).close === 'function') (result as { close(): void }).close();
    });
  });

  it('of the losant-rest compat client', async () => {
    const client = createClient({ url: mock.baseUrl, accessToken: 'mock-token' });
    await callEvery(client, (_, result) => {
      if (result && typeof (result as CompatEventSource).close === 'function') (result as CompatEventSource).close();
    });
  });
});

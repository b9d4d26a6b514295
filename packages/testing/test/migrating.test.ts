// Every TypeScript sample of the repository's MIGRATING.md runs, as a user would paste it, against
// this package's mock Losant API: the SDK's default base URL is pointed at the mock, the samples'
// `process.env.LOSANT_TOKEN` is set, and the mock must have seen nothing the real API would reject.
// (The samples are type-checked with the other README examples, in packages/sdk/test.)
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMockLosant, type MockLosant } from '../src/index.js';

const here = fileURLToPath(new URL('..', import.meta.url));
const guide = readFileSync(join(here, '..', '..', 'MIGRATING.md'), 'utf8');
const samples = [...guide.matchAll(/^## (.+)$|```ts\n([\s\S]*?)```/gm)].reduce<{
  section: string;
  list: Array<{ name: string; code: string }>;
}>(
  (acc, m) => {
    if (m[1] !== undefined) return { ...acc, section: m[1] };
    acc.list.push({ name: `${acc.section} (sample ${acc.list.length + 1})`, code: m[2]! });
    return acc;
  },
  { section: '(top)', list: [] },
).list;

// Inside this package, so that the samples' imports resolve as they would in a user's project.
const dir = join(here, '.migrating-check');
const realFetch = globalThis.fetch;
let mock: MockLosant;

beforeAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  mock = await createMockLosant();
  vi.stubEnv('LOSANT_TOKEN', 'a-user-token');
  // The samples create clients with the default base URL: send those requests to the mock instead.
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    expect(url.origin).toBe('https://api.losant.com');
    return realFetch(new Request(`${mock.baseUrl}${url.pathname}${url.search}`, request));
  });
});
afterEach(() => mock.assertNoUnexpectedRequests());
afterAll(async () => {
  // The samples reached the wire for every kind of call the guide shows.
  expect(new Set(mock.calls().map((c) => c.action))).toEqual(
    new Set(['auth.authenticateDevice', 'device.sendState', 'devices.get', 'device.stateStream', 'file.upload']),
  );
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
  await mock.close();
});

describe('MIGRATING.md', () => {
  it('has TypeScript samples for every section that shows the SDK', () => {
    const sections = new Set(samples.map((s) => s.name.replace(/ \(sample \d+\)$/, '')));
    for (const section of [
      'The one-line move: `@losant-sdk/sdk/compat`',
      'Creating the client',
      'Calling an action',
      'Errors',
      'Pagination',
      'Event streams',
      'Uploads',
    ])
      expect(sections).toContain(section);
  });

  it.each(samples.map((s, i) => [s.name, i] as const))('%s runs against the mock', async (_name, i) => {
    const before = mock.calls().length;
    const file = join(dir, `sample-${i}.ts`);
    writeFileSync(file, samples[i]!.code);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await import(file);
      // Every sample prints what it got: it ran to its end.
      expect(log.mock.calls.length + error.mock.calls.length).toBeGreaterThan(0);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
    // Each sample that calls the API reached the mock with a token (the errors sample fails before sending).
    for (const call of mock.calls().slice(before))
      if (call.action !== 'auth.authenticateDevice') expect(call.headers['authorization']).toMatch(/^Bearer \S+$/);
  });
});

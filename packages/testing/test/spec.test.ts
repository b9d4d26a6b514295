// The bundle holds what the repository's reconciled documents and fixtures say, and the mock
// accepts every call the SDK makes from the recorded fixtures (no false alarms) while catching
// the recorded bad ones. Counts come from the documents and fixtures, never from this file.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDocument, type OpenApiDocument } from '@losant-sdk/generator/lib';
import { createLosantClient, LosantApiError } from '@losant-sdk/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPEC } from '../src/generated/spec.js';
import { createMockLosant, type MockLosant } from '../src/index.js';
import { callParams, REDACTED, responseBody, type HarEntry } from '../src/kit/har.js';
import { readHar } from './helpers.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const apis = readdirSync(join(root, 'generated'), { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(root, 'generated', e.name, 'openapi.json')))
  .map((e) => e.name);
const models = apis.map((api) =>
  readDocument(JSON.parse(readFileSync(join(root, 'generated', api, 'openapi.json'), 'utf8')) as OpenApiDocument, api),
);
const documented = models.flatMap((m) => m.operations.map((o) => ({ api: m.api || '', o })));
const apiOf = new Map(models.flatMap((m, i) => m.operations.map((o) => [o.operationId, apis[i]!] as const)));

type Method = (params?: unknown, options?: unknown) => PromiseLike<unknown>;
const callSdk = (losant: ReturnType<typeof createLosantClient>, operationId: string, params: unknown) => {
  const [resource, action] = operationId.split('.') as [string, string];
  const target = (losant as unknown as Record<string, Record<string, Method>>)[resource]!;
  return target[action]!.call(target, params);
};

describe('the bundled spec', () => {
  it('has every operation of every reconciled document, at its method and path', () => {
    expect(SPEC.operations.map((o) => `${o.id} ${o.method} ${o.path}`).sort()).toEqual(
      documented.map(({ o }) => `${o.operationId} ${o.method} ${o.path}`).sort(),
    );
    expect(SPEC.version).toBe(models[0]!.version);
  });

  it("names exactly the SDK's action methods (the resource methods but the iterate…, upload and download helpers)", () => {
    const losant = createLosantClient();
    const methods: string[] = [];
    for (const [resource, value] of Object.entries(losant)) {
      if (resource === 'client' || typeof value !== 'object') continue;
      // A file helper (files.upload, file.download) is a method without a route of its own.
      const routes = (value.constructor as unknown as { routes: Record<string, unknown> }).routes;
      const helper = (name: string) => (name === 'upload' || name === 'download') && !Object.hasOwn(routes, name);
      for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(value)))
        if (name !== 'constructor' && !name.startsWith('iterate') && !helper(name)) methods.push(`${resource}.${name}`);
    }
    expect(methods.sort()).toEqual(SPEC.operations.map((o) => o.id).sort());
  });

  it("has each operation's recorded success body as its default reply", () => {
    for (const o of SPEC.operations) {
      const entry = readHar(apiOf.get(o.id)!, o.id).find((e) => e._scenario === 'success')!;
      const body = responseBody(entry);
      expect(o.recorded, o.id).toEqual(
        entry.response.content.mimeType === 'text/event-stream'
          ? { status: entry.response.status, events: body }
          : { status: entry.response.status, body },
      );
    }
  });
});

const REJECTED = Symbol('rejected');

/** How problems at the values the recorder redacted begin: `body "x" at /password `, `query parameter "token" `. */
function redactedSubjects(params: unknown): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries((params ?? {}) as Record<string, unknown>)) {
    if (value === REDACTED)
      out.push(`query parameter "${name}" `, `path parameter "${name}" `, `form field "${name}" `);
    else if (value && typeof value === 'object')
      for (const pointer of redactedPointers(value, ''))
        out.push(`body "${name}" at ${pointer} `, `form field "${name}" at ${pointer} `);
  }
  return out;
}

function redactedPointers(value: unknown, at: string): string[] {
  if (value === REDACTED) return [at];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) =>
    redactedPointers(v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`),
  );
}

describe('the recorded calls, made through the SDK against the mock', () => {
  let mock: MockLosant;
  beforeAll(async () => {
    mock = await createMockLosant();
  });
  afterAll(async () => {
    await mock.close();
  });

  const entries = (scenario: HarEntry['_scenario']) =>
    SPEC.operations.flatMap((o) =>
      readHar(apiOf.get(o.id)!, o.id).filter(
        (e) => e._scenario === scenario && !e._comment?.includes('answered on request'),
      ),
    );

  it('every success call is accepted and answered with its recorded body (but where the recorder redacted a secret)', async () => {
    const losant = mock.client();
    const calls = entries('success');
    expect(calls).toHaveLength(SPEC.operations.length);
    for (const entry of calls) {
      const { operationId } = entry._call;
      const secrets = redactedSubjects(entry._call.params);
      const result = await Promise.resolve(callSdk(losant, operationId, callParams(entry))).catch((e: unknown) => {
        // The recorder replaced a secret (a password, a key) by "[REDACTED]", which its schema may
        // well reject (too short): that, and only that, may fail.
        if (!secrets.length || !(e instanceof LosantApiError) || e.status !== 400) throw e;
        return REJECTED;
      });
      if (result === REJECTED) {
        const errors = mock.errors();
        expect(errors.map((e) => e.action)).toEqual([operationId]);
        for (const problem of errors[0]!.problems)
          expect(
            secrets.some((s) => problem.startsWith(s)),
            `${operationId}: ${problem}`,
          ).toBe(true);
        mock.reset();
        continue;
      }
      if (entry.response.content.mimeType === 'text/event-stream') {
        const events: unknown[] = [];
        for await (const e of result as AsyncIterable<{ event: string; data: unknown }>)
          events.push({ event: e.event, data: e.data });
        expect(events, operationId).toEqual(responseBody(entry));
      } else {
        expect(result, operationId).toEqual(responseBody(entry));
      }
      expect(mock.errors(), operationId).toEqual([]);
    }
  });

  it('every recorded bad request is answered 400 and listed by errors()', async () => {
    mock.reset();
    const losant = mock.client();
    const bad = entries('error-400');
    expect(bad.length).toBeGreaterThan(0);
    for (const entry of bad) {
      const { operationId } = entry._call;
      const error = await Promise.resolve(callSdk(losant, operationId, callParams(entry))).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, operationId).toBeInstanceOf(LosantApiError);
      expect(error, operationId).toMatchObject({ status: 400, type: 'Validation' });
    }
    expect(mock.errors().map((e) => `${e.action} ${e.status}`)).toEqual(bad.map((e) => `${e._call.operationId} 400`));
    // Each is about what the fixture's comment says was wrong: the body, or the named query parameter.
    for (const [i, error] of mock.errors().entries()) {
      const comment = bad[i]!._comment ?? '';
      const o = SPEC.operations.find((x) => x.id === error.action)!;
      const subject =
        /^body /.test(comment) && o.body?.kind === 'json'
          ? `body "${o.body.name}"`
          : `query parameter "${comment.split(' ')[0]}"`;
      for (const problem of error.problems)
        expect(problem.startsWith(`${subject} `), `${comment}: ${problem}`).toBe(true);
    }
    mock.reset();
  });
});

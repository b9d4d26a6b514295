// A programmed reply the real API could never send is refused when it is programmed, with the
// action and what is wrong; a reply function's, when it runs (answered 500 and recorded).
import { LosantApiError } from '@losant-sdk/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SPEC } from '../src/generated/spec.js';
import { createMockLosant, MockLosantError, type ActionName, type MockLosant } from '../src/index.js';
import type { OperationSpec, Schema } from '../src/spec-types.js';
import { applicationId, deviceId } from './helpers.js';

let mock: MockLosant;
beforeEach(async () => {
  mock = await createMockLosant();
});
afterEach(async () => {
  await mock.close();
});

/** What `on` throws, as `{ message, problems }`. */
function refusal(program: () => unknown): { message: string; problems: readonly string[] } {
  try {
    program();
  } catch (e) {
    expect(e).toBeInstanceOf(MockLosantError);
    return { message: (e as MockLosantError).message, problems: (e as MockLosantError).problems };
  }
  throw new Error('the reply was accepted');
}

// `on` is typed; these tests program what the types would refuse, through this untyped door.
const untyped = (m: MockLosant) => m as unknown as { on(action: string, ...args: unknown[]): MockLosant };

describe('a programmed reply Losant never sends is refused at on() time', () => {
  it('a missing required field', () => {
    expect(refusal(() => untyped(mock).on('auth.authenticateUser', { userId: applicationId }))).toEqual({
      message:
        "mock.on('auth.authenticateUser'): Losant's API never sends this reply:\n  - as 200 (authedUser): must have required property 'token'",
      problems: ["as 200 (authedUser): must have required property 'token'"],
    });
  });

  it('a field of the wrong type', () => {
    expect(refusal(() => untyped(mock).on('devices.get', { items: [], count: 'two' })).problems).toEqual([
      'as 200 (devices): at /count must be integer',
    ]);
  });

  it('an extra field where additionalProperties is false', () => {
    expect((SPEC.schemas['flowStorageMetadata'] as Schema)['additionalProperties']).toBe(false);
    expect(
      refusal(() => untyped(mock).on('flow.getStorageEntriesMetadata', { memoryUsed: 1, keysCount: 2, colour: 'red' }))
        .problems,
    ).toEqual(['as 200 (flowStorageMetadata): must NOT have additional properties ("colour")']);
  });

  it('a status the action does not document', () => {
    expect(refusal(() => untyped(mock).on('devices.get', { status: 418, body: {} }))).toEqual({
      message:
        "mock.on('devices.get'): Losant's API never sends this status 418 reply:\n  - status 418 is not a response of devices.get (it documents 200, 400, 404; any action may also answer 401, 403, 429, 500, 502, 503, 504)",
      problems: [
        'status 418 is not a response of devices.get (it documents 200, 400, 404; any action may also answer 401, 403, 429, 500, 502, 503, 504)',
      ],
    });
  });

  it('an error body of the wrong shape', () => {
    expect(refusal(() => untyped(mock).on('device.get', { status: 404, body: { type: 404 } })).problems).toEqual([
      'as 404 (error): at /type must be string',
    ]);
  });

  it('a body for a status that has none', () => {
    expect(refusal(() => untyped(mock).on('auth.ssoDomain', { status: 204, body: {} })).problems).toEqual([
      'as 204 (no body): a 204 response of auth.ssoDomain has no body (got an object)',
    ]);
  });

  it('events a stream never sends', () => {
    expect(
      refusal(() => untyped(mock).on('device.stateStream', [{ event: 'deviceCommand', data: {} }])).problems,
    ).toEqual([
      'as 200 (events deviceState): event 0: "deviceCommand" is not an event of device.stateStream (it streams deviceState)',
    ]);
  });

  it('an unknown action, a param the action does not take, a match that can never hold', () => {
    expect(refusal(() => untyped(mock).on('devices.list', {})).problems).toEqual(['unknown action "devices.list"']);
    expect(
      refusal(() => untyped(mock).on('devices.get', { applicationID: applicationId }, { items: [] })).message,
    ).toBe(
      `mock.on('devices.get'): this match can never hold:\n  - "applicationID" is not a parameter of devices.get (its parameters: applicationId, sortField, sortDirection, page, perPage, filterField, filter, deviceClass, tagFilter, excludeConnectionInfo, parentId, query, tagsAsObject, attributesAsObject, queryDeleted, losantdomain)`,
    );
    expect(refusal(() => untyped(mock).on('device.get', { deviceId: 'pump-1' }, {})).problems).toEqual([
      '"deviceId" can never match: the API rejects "pump-1" (must match pattern "^[A-Fa-f\\d]{24}$")',
    ]);
  });
});

describe('a reply function is checked when it runs', () => {
  it('an invalid reply is answered 500 and recorded', async () => {
    mock.on('devices.get', () => ({ items: [{ id: 'pump-1' }] }) as never);
    const error = await mock
      .client()
      .devices.get({ applicationId })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LosantApiError);
    expect(error).toMatchObject({ status: 500, type: 'MockError' });
    expect(mock.errors()).toEqual([
      {
        action: 'devices.get',
        method: 'GET',
        url: `/applications/${applicationId}/devices?_actions=false&_links=true&_embedded=true`,
        status: 500,
        problems: [
          'the reply function for devices.get returned a reply Losant\'s API never sends: as 200 (devices): at /items/0/id must match pattern "^[A-Fa-f\\d]{24}$"',
        ],
      },
    ]);
    await expect(mock.close()).rejects.toThrow(
      `  GET /applications/${applicationId}/devices?_actions=false&_links=true&_embedded=true → 500 (devices.get)\n    - the reply function for devices.get returned a reply Losant's API never sends: as 200 (devices): at /items/0/id must match pattern`,
    );
    mock.reset();
  });

  it('a throwing reply function is answered 500 and recorded', async () => {
    mock.on('device.get', () => {
      throw new Error('boom');
    });
    await expect(mock.client().device.get({ applicationId, deviceId })).rejects.toMatchObject({ status: 500 });
    expect(mock.errors().map((e) => e.problems)).toEqual([['the reply function for device.get threw: boom']]);
    mock.reset();
  });
});

// Across the whole spec: every action whose one success body is an object that forbids extra
// properties, or requires some, refuses a reply that breaks that, with the message saying so.
const singleSuccess = SPEC.operations
  .map((o) => ({ o, ok: o.responses.filter((r) => r.status.startsWith('2')) }))
  .filter(
    (x): x is { o: OperationSpec & { recorded: { status: number; body: Record<string, unknown> } }; ok: typeof x.ok } =>
      x.ok.length === 1 && x.ok[0]!.schema !== undefined && isObject(x.o.recorded?.body),
  )
  .map(({ o, ok }) => ({ o, status: ok[0]!.status, name: ok[0]!.schema!, schema: SPEC.schemas[ok[0]!.schema!]! }));
const closed = singleSuccess.filter((x) => x.schema['additionalProperties'] === false);
const requiring = singleSuccess.filter((x) => Array.isArray(x.schema['required']));

describe('across the spec', () => {
  it('finds actions of both kinds', () => {
    expect(closed.length).toBeGreaterThan(0);
    expect(requiring.length).toBeGreaterThan(0);
  });

  it.each(closed.map((x) => [x.o.id, x] as const))('%s: an extra field is refused', (_, { o, status, name }) => {
    const reply = { ...o.recorded.body, unexpectedField: true };
    expect(refusal(() => untyped(mock).on(o.id, reply)).problems).toEqual([
      `as ${status} (${name}): must NOT have additional properties ("unexpectedField")`,
    ]);
  });

  it.each(requiring.map((x) => [x.o.id, x] as const))(
    '%s: each required field, left out, is refused',
    (_, { o, status, name, schema }) => {
      for (const field of schema['required'] as string[]) {
        const { [field]: _left, ...reply } = o.recorded.body;
        expect(refusal(() => untyped(mock).on(o.id, reply)).problems).toEqual([
          `as ${status} (${name}): must have required property '${field}'`,
        ]);
      }
    },
  );

  it('accepts, for every action, the body recorded in the fixtures', () => {
    for (const o of SPEC.operations) {
      const recorded = o.recorded!;
      const reply =
        recorded.events ??
        (recorded.status === Number(o.responses.find((r) => r.status.startsWith('2'))!.status)
          ? recorded.body
          : { status: recorded.status, body: recorded.body });
      expect(() => untyped(mock).on(o.id as ActionName, reply), o.id).not.toThrow();
    }
  });
});

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

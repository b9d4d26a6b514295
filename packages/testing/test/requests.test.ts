// Every kind of request the real API rejects is answered in Losant's error shape, and recorded
// so the test that sent it fails: unknown action, missing required param, wrong type, enum and
// pattern violations, a bad body, an unknown param, no token.
import { LosantApiError } from '@losant-sdk/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SPEC } from '../src/generated/spec.js';
import { createMockLosant, MockLosantError, type MockLosant } from '../src/index.js';
import { applicationId, deviceId, op, pathOf, raw } from './helpers.js';

let mock: MockLosant;
beforeEach(async () => {
  mock = await createMockLosant();
});
afterEach(async () => {
  // Each test below provokes its errors on purpose and checks them; forget them before closing.
  mock.reset();
  await mock.close();
});

const devicesPath = pathOf('devices.get', { applicationId });
const commandPath = pathOf('device.sendCommand', { applicationId, deviceId });
const json = { 'content-type': 'application/json' };

/** The one recorded error, and that it is the answer's message too. */
function onlyError(answer: { status: number; body: unknown }) {
  const errors = mock.errors();
  expect(errors).toHaveLength(1);
  expect(answer.body).toEqual({
    type: answer.status === 401 ? 'Unauthorized' : 'Validation',
    message: errors[0]!.problems.join('; '),
  });
  return errors[0]!;
}

describe('an unknown action', () => {
  it('is answered 400 and recorded without an action', async () => {
    const answer = await raw(mock.baseUrl, 'GET', `/applications/${applicationId}/gadgets`);
    expect(answer).toEqual({
      status: 400,
      contentType: 'application/json; charset=utf-8',
      body: { type: 'Validation', message: `no Losant action is GET /applications/${applicationId}/gadgets` },
    });
    expect(mock.errors()).toEqual([
      {
        action: undefined,
        method: 'GET',
        url: `/applications/${applicationId}/gadgets`,
        status: 400,
        problems: [`no Losant action is GET /applications/${applicationId}/gadgets`],
      },
    ]);
  });

  it('names the methods its path does take', async () => {
    const path = pathOf('device.get', { applicationId, deviceId });
    const answer = await raw(mock.baseUrl, 'PUT', path);
    expect(answer.body).toEqual({
      type: 'Validation',
      message: `no Losant action is PUT ${path}: that path takes DELETE (device.delete), GET (device.get), PATCH (device.patch)`,
    });
    // …which are exactly the spec's actions on that path.
    expect(SPEC.operations.filter((o) => o.path === op('device.get').path).map((o) => `${o.method} (${o.id})`)).toEqual(
      ['DELETE (device.delete)', 'GET (device.get)', 'PATCH (device.patch)'],
    );
  });
});

describe('a missing required parameter', () => {
  it('in the query', async () => {
    const answer = await raw(mock.baseUrl, 'GET', pathOf('devices.tagValues', { applicationId }));
    expect(answer.status).toBe(400);
    expect(onlyError(answer)).toMatchObject({
      action: 'devices.tagValues',
      status: 400,
      problems: ['query parameter "key" is required'],
    });
  });

  it('the JSON body', async () => {
    const answer = await raw(mock.baseUrl, 'POST', commandPath);
    expect(answer.status).toBe(400);
    expect(onlyError(answer).problems).toEqual(['body "deviceCommand" is required']);
  });

  it('a multipart field', async () => {
    const form = new FormData();
    form.set('notes', 'no file here');
    const answer = await raw(mock.baseUrl, 'POST', pathOf('file.upload', { applicationId, fileId: deviceId }), {
      body: form,
    });
    expect(answer.status).toBe(400);
    expect(onlyError(answer).problems).toEqual([
      'form field "notes" is not a field of file.upload (its fields: file)',
      'form field "file" is required',
    ]);
  });
});

describe('a parameter of the wrong type', () => {
  it('a JSON query parameter that is not the documented object', async () => {
    const answer = await raw(mock.baseUrl, 'GET', `${devicesPath}?query=${encodeURIComponent('["pump"]')}`);
    expect(answer.status).toBe(400);
    expect(onlyError(answer).problems).toEqual(['query parameter "query" must be object']);
  });

  it('a JSON query parameter that is not JSON', async () => {
    const answer = await raw(mock.baseUrl, 'GET', `${devicesPath}?query=${encodeURIComponent('{name:pump}')}`);
    expect(onlyError(answer).problems).toEqual(['query parameter "query" must be JSON text (got "{name:pump}")']);
  });

  it('a body property', async () => {
    const answer = await raw(mock.baseUrl, 'POST', commandPath, { headers: json, body: JSON.stringify({ name: 42 }) });
    expect(answer.status).toBe(400);
    expect(onlyError(answer).problems).toEqual(['body "deviceCommand" at /name must be string']);
  });
});

describe('a value outside its enum or pattern', () => {
  it('an enum query parameter', async () => {
    const allowed = op('devices.get').params.find((p) => p.name === 'sortDirection')!.schema['enum'] as string[];
    const answer = await raw(mock.baseUrl, 'GET', `${devicesPath}?sortDirection=sideways`);
    expect(answer.status).toBe(400);
    expect(onlyError(answer).problems).toEqual([
      `query parameter "sortDirection" must be equal to one of the allowed values (${allowed.map((v) => JSON.stringify(v)).join(', ')}) (got "sideways")`,
    ]);
    expect(allowed).toEqual(['asc', 'desc']);
  });

  it('a path parameter', async () => {
    const answer = await raw(mock.baseUrl, 'GET', pathOf('device.get', { applicationId, deviceId: 'pump-1' }));
    expect(answer.status).toBe(400);
    expect(onlyError(answer).problems).toEqual([
      'path parameter "deviceId" must match pattern "^[A-Fa-f\\d]{24}$" (got "pump-1")',
    ]);
  });

  it('a response-shape flag', async () => {
    const answer = await raw(mock.baseUrl, 'GET', `${devicesPath}?_links=yes`);
    expect(onlyError(answer).problems).toEqual(['query parameter "_links" must be "true" or "false" (got "yes")']);
  });
});

describe('a body that fails its schema', () => {
  it('an extra property where the schema allows none', async () => {
    const answer = await raw(mock.baseUrl, 'POST', commandPath, {
      headers: json,
      body: JSON.stringify({ name: 'restart', colour: 'red' }),
    });
    expect(answer.status).toBe(400);
    expect(onlyError(answer).problems).toEqual(['body "deviceCommand" must NOT have additional properties ("colour")']);
  });

  it('not JSON, or not sent as JSON', async () => {
    const notJson = await raw(mock.baseUrl, 'POST', commandPath, { headers: json, body: '{"name":' });
    expect(notJson.body).toEqual({ type: 'Validation', message: 'body "deviceCommand" is not JSON' });
    const asText = await raw(mock.baseUrl, 'POST', commandPath, {
      headers: { 'content-type': 'text/plain' },
      body: '{"name":"restart"}',
    });
    expect(asText.body).toEqual({
      type: 'Validation',
      message: 'body "deviceCommand" must be sent as application/json (got "text/plain")',
    });
    expect(mock.errors().map((e) => e.status)).toEqual([400, 400]);
  });

  it('a body for an action that takes none', async () => {
    const answer = await raw(mock.baseUrl, 'DELETE', pathOf('device.delete', { applicationId, deviceId }), {
      headers: json,
      body: '{"force":true}',
    });
    expect(onlyError(answer).problems).toEqual(['device.delete takes no request body (got 14 bytes)']);
  });

  it("but not the {} Losant's own client sends on every POST, PUT, PATCH and DELETE, which the API accepts", async () => {
    const answer = await raw(mock.baseUrl, 'DELETE', pathOf('device.delete', { applicationId, deviceId }), {
      headers: json,
      body: '{}',
    });
    expect(answer.status).toBe(200);
    expect(mock.errors()).toEqual([]);
  });
});

describe('other requests the API rejects', () => {
  it('an unknown query parameter, naming the ones it takes', async () => {
    const answer = await raw(mock.baseUrl, 'GET', `${devicesPath}?filtr=pump*`);
    const names = op('devices.get')
      .params.filter((p) => p.in === 'query')
      .map((p) => p.name);
    expect(onlyError(answer).problems).toEqual([
      `query parameter "filtr" is not a parameter of devices.get (its query parameters: ${[...names, '_actions', '_links', '_embedded'].join(', ')})`,
    ]);
  });

  it('no token, for an action that needs one: 401', async () => {
    const answer = await raw(mock.baseUrl, 'GET', pathOf('device.get', { applicationId, deviceId }), {
      headers: { authorization: undefined },
    });
    expect(answer.status).toBe(401);
    expect(onlyError(answer).problems).toEqual([
      'device.get needs a token: send an "Authorization: Bearer <token>" header',
    ]);
  });

  it('no token is fine for an action that needs none', async () => {
    expect(op('auth.authenticateUser').auth).toBe(false);
    const losant = mock.client({ token: undefined });
    const user = await losant.auth.authenticateUser({
      credentials: { email: 'me@example.com', password: 'correct horse battery' },
    });
    expect(typeof user.token).toBe('string');
    expect(mock.errors()).toEqual([]);
  });

  it('lists every problem of one request', async () => {
    const answer = await raw(
      mock.baseUrl,
      'POST',
      pathOf('device.sendCommand', { applicationId: 'app', deviceId }) + '?verbose=1',
      { headers: json, body: JSON.stringify({ name: '' }) },
    );
    expect(onlyError(answer).problems).toEqual([
      'path parameter "applicationId" must match pattern "^[A-Fa-f\\d]{24}$" (got "app")',
      'query parameter "verbose" is not a parameter of device.sendCommand (its query parameters: _actions, _links, _embedded)',
      'body "deviceCommand" at /name must NOT have fewer than 1 characters',
    ]);
  });
});

describe('what the code under test sees, and how the test fails', () => {
  it('the SDK call rejects with the 400, the rejected call is recorded, and close() lists it', async () => {
    // A command name the SDK sends (it checks IDs and enums, not body schemas) and Losant refuses.
    const losant = mock.client();
    const call = losant.device.sendCommand({ applicationId, deviceId, deviceCommand: { name: '' } });
    await expect(call).rejects.toBeInstanceOf(LosantApiError);
    await expect(call).rejects.toMatchObject({ status: 400, type: 'Validation' });
    expect(mock.calls('device.sendCommand')).toMatchObject([
      { status: 400, params: { applicationId, deviceId, deviceCommand: { name: '' } } },
    ]);

    const other = await createMockLosant();
    await other
      .client()
      .device.sendCommand({ applicationId, deviceId, deviceCommand: { name: '' } })
      .catch(() => undefined);
    const closing = other.close();
    await expect(closing).rejects.toBeInstanceOf(MockLosantError);
    await expect(closing).rejects.toThrow(
      [
        'The Losant mock received 1 unexpected request:',
        `  POST ${commandPath}?_actions=false&_links=true&_embedded=true → 400 (device.sendCommand)`,
        '    - body "deviceCommand" at /name must NOT have fewer than 1 characters',
      ].join('\n'),
    );
  });

  it('assertNoUnexpectedRequests() throws the same list, and passes once reset', async () => {
    await raw(mock.baseUrl, 'GET', '/nowhere');
    expect(() => mock.assertNoUnexpectedRequests()).toThrow(
      'The Losant mock received 1 unexpected request:\n  GET /nowhere → 400\n    - no Losant action is GET /nowhere',
    );
    mock.reset();
    expect(() => mock.assertNoUnexpectedRequests()).not.toThrow();
  });
});

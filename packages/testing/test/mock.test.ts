// The mock's behaviour: default replies, programmed replies (match, precedence, once, functions,
// statuses, streams), what calls() records, reset and close.
import { createLosantClient, LosantApiError } from '@losant-sdk/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMockLosant, MockLosantError, type MockLosant } from '../src/index.js';
import { applicationId, deviceId, op, pathOf, raw } from './helpers.js';

let mock: MockLosant;
beforeEach(async () => {
  mock = await createMockLosant();
});
afterEach(async () => {
  await mock.close();
});

const otherApp = '575ec8687ae143cd83dc4a98';
const device = (id: string, name: string) => ({ id, name, applicationId });

describe('replies', () => {
  it('an action nothing was programmed for answers its recorded success body', async () => {
    const recorded = op('device.getState').recorded!;
    expect(await mock.client().device.getState({ applicationId, deviceId })).toEqual(recorded.body);
    expect(mock.calls('device.getState')).toMatchObject([{ status: recorded.status, response: recorded.body }]);
  });

  it('with defaults off, it is answered 501 and listed', async () => {
    const strict = await createMockLosant({ defaults: false });
    await expect(strict.client().device.getState({ applicationId, deviceId })).rejects.toMatchObject({
      status: 501,
      type: 'NotImplemented',
    });
    expect(strict.errors().map((e) => e.problems)).toEqual([
      ["no reply is programmed for device.getState (mock.on('device.getState', …)) and default replies are off"],
    ]);
    await expect(strict.close()).rejects.toBeInstanceOf(MockLosantError);
  });

  it('answers with the newest reply whose params match, else the default', async () => {
    const one = { items: [device(deviceId, 'one')], count: 1 };
    const two = { items: [device(deviceId, 'two')], count: 1 };
    mock.on('devices.get', one).on('devices.get', { applicationId: otherApp }, two);
    const losant = mock.client();
    expect(await losant.devices.get({ applicationId })).toEqual(one);
    expect(await losant.devices.get({ applicationId: otherApp })).toEqual(two);
    mock.on('devices.get', { applicationId, filter: 'pump*', perPage: 10 }, { items: [], count: 0 });
    expect(await losant.devices.get({ applicationId, filter: 'pump*', perPage: '10' })).toEqual({
      items: [],
      count: 0,
    });
    expect(await losant.devices.get({ applicationId, filter: 'pump*' })).toEqual(one);
  });

  it('matches JSON and bracketed query params and bodies by value', async () => {
    const query = { name: { $startsWith: 'pump' } };
    const tagFilter = [{ key: 'floor', value: '3' }];
    mock.on('devices.get', { query }, { items: [], count: 0, totalCount: 0 });
    mock.on('devices.get', { tagFilter }, { items: [], count: 1, totalCount: 1 });
    mock.on('auditLogs.get', { auditLogFilter: { responseCode: [200] } }, { items: [], count: 2 });
    mock.on(
      'device.sendCommand',
      { deviceCommand: { name: 'restart' } },
      { status: 404, body: { type: 'NotFound', message: 'gone' } },
    );
    const losant = mock.client();
    expect(await losant.devices.get({ applicationId, query })).toMatchObject({ count: 0 });
    expect(await losant.devices.get({ applicationId, tagFilter })).toMatchObject({ count: 1 });
    expect(await losant.auditLogs.get({ orgId: applicationId, auditLogFilter: { responseCode: [200] } })).toMatchObject(
      { count: 2 },
    );
    await expect(
      losant.device.sendCommand({ applicationId, deviceId, deviceCommand: { name: 'restart' } }),
    ).rejects.toMatchObject({ status: 404, message: expect.stringContaining('gone') });
    expect(await losant.device.sendCommand({ applicationId, deviceId, deviceCommand: { name: 'stop' } })).toEqual({
      success: true,
    });
  });

  it('once() answers one request, then the earlier replies answer again', async () => {
    mock.on('device.get', device(deviceId, 'steady'));
    mock.once('device.get', { status: 404, body: { type: 'NotFound', message: 'Device was not found' } });
    const losant = mock.client();
    await expect(losant.device.get({ applicationId, deviceId })).rejects.toBeInstanceOf(LosantApiError);
    expect(await losant.device.get({ applicationId, deviceId })).toMatchObject({ name: 'steady' });
    expect(mock.calls('device.get').map((c) => c.status)).toEqual([404, 200]);
  });

  it('a function reply sees the request, may be async, and may return a status reply', async () => {
    mock.on('device.get', async (request) => {
      await Promise.resolve();
      return request.params.deviceId === deviceId
        ? device(deviceId, `seen ${request.method} ${request.path}`)
        : { status: 404, body: { type: 'NotFound', message: 'no' } };
    });
    const losant = mock.client();
    expect(await losant.device.get({ applicationId, deviceId })).toMatchObject({
      name: `seen GET ${pathOf('device.get', { applicationId, deviceId })}`,
    });
    await expect(losant.device.get({ applicationId, deviceId: otherApp })).rejects.toMatchObject({ status: 404 });
  });

  it('a predicate match', async () => {
    mock.on('devices.get', (request) => request.headers['losantdomain'] === 'acme.example.com', {
      items: [],
      count: 7,
    });
    const losant = mock.client();
    expect(await losant.devices.get({ applicationId, losantdomain: 'acme.example.com' })).toMatchObject({ count: 7 });
    expect(mock.calls('devices.get')[0]!.params).toEqual({ applicationId, losantdomain: 'acme.example.com' });
  });

  it('another documented success status, with headers', async () => {
    const job = { jobQueued: true as const, jobId: 'job-1', success: true as const };
    mock.on('devices.sendCommand', { status: 202, body: job, headers: { 'x-request-id': 'req-1' } });
    const { data, response } = await mock
      .client()
      .devices.sendCommand({ applicationId, multiDeviceCommand: { name: 'restart', deviceIds: [deviceId] } })
      .withResponse();
    expect(data).toEqual(job);
    expect(response.status).toBe(202);
    expect(response.headers.get('x-request-id')).toBe('req-1');
  });

  it('an error any action may answer (429), though not documented', async () => {
    expect(op('device.get').responses.map((r) => r.status)).not.toContain('429');
    mock.on('device.get', { status: 429, body: { type: 'TooManyRequests', message: 'slow down' } });
    await expect(mock.client({ maxRetries: 0 }).device.get({ applicationId, deviceId })).rejects.toMatchObject({
      status: 429,
      type: 'TooManyRequests',
    });
  });

  it('streams programmed events', async () => {
    const state = { time: '2026-01-01T00:00:00.000Z', data: { temperature: 21 } };
    mock.on('device.stateStream', [
      { event: 'deviceState', data: state },
      { event: 'deviceState', data: { ...state, data: { temperature: 22 } } },
    ]);
    const stream = await mock.client().device.stateStream({ applicationId, deviceId });
    const seen: unknown[] = [];
    for await (const e of stream) seen.push(e.data.data);
    expect(seen).toEqual([{ temperature: 21 }, { temperature: 22 }]);
  });
});

describe('calls()', () => {
  it('records params as the SDK names them, with method, path, url and headers', async () => {
    await mock.client().devices.get({
      applicationId,
      perPage: 50,
      excludeConnectionInfo: true,
      query: { name: 'pump' },
      tagFilter: [{ key: 'floor' }],
    });
    const [call] = mock.calls('devices.get');
    expect(call).toMatchObject({
      action: 'devices.get',
      method: 'GET',
      path: `/applications/${applicationId}/devices`,
      params: {
        applicationId,
        perPage: '50',
        excludeConnectionInfo: 'true',
        query: { name: 'pump' },
        tagFilter: [{ key: 'floor' }],
      },
      status: 200,
    });
    expect(call!.url).toBe(
      `${call!.path}?_actions=false&_links=true&_embedded=true&perPage=50&tagFilter%5B0%5D%5Bkey%5D=floor&excludeConnectionInfo=true&query=${encodeURIComponent('{"name":"pump"}')}`,
    );
    expect(call!.headers).toMatchObject({
      authorization: 'Bearer mock-token',
      'accept-version': `^${mock.apiVersion}`,
    });
  });

  it('records multipart fields and files', async () => {
    await mock
      .client()
      .file.upload({ applicationId, fileId: deviceId, file: new Blob(['hello'], { type: 'text/plain' }) });
    const [call] = mock.calls('file.upload');
    expect(Object.keys(call!.params)).toEqual(['applicationId', 'fileId', 'file']);
    const file = call!.params.file as unknown as File;
    expect(await file.text()).toBe('hello');
  });

  it('lists every action in order with calls(), and each action with calls(action)', async () => {
    const losant = mock.client();
    await losant.devices.get({ applicationId });
    await losant.device.get({ applicationId, deviceId });
    await losant.devices.get({ applicationId: otherApp });
    expect(mock.calls().map((c) => c.action)).toEqual(['devices.get', 'device.get', 'devices.get']);
    expect(mock.calls('devices.get').map((c) => c.params.applicationId)).toEqual([applicationId, otherApp]);
    expect(mock.calls('device.sendCommand')).toEqual([]);
  });
});

describe('lifecycle', () => {
  it('reset() forgets replies, calls and errors', async () => {
    mock.on('device.get', device(deviceId, 'programmed'));
    await raw(mock.baseUrl, 'GET', '/nowhere');
    mock.reset();
    expect([mock.calls(), mock.errors()]).toEqual([[], []]);
    expect(await mock.client().device.get({ applicationId, deviceId })).toEqual(op('device.get').recorded!.body);
  });

  it('a client of your own works as well as client()', async () => {
    const losant = createLosantClient({ baseUrl: mock.baseUrl, token: 'mine' });
    await losant.device.get({ applicationId, deviceId });
    expect(mock.calls('device.get')[0]!.headers['authorization']).toBe('Bearer mine');
  });

  it('close() stops the server, and may be called again', async () => {
    const other = await createMockLosant();
    const { baseUrl } = other;
    await other.close();
    await other.close();
    await expect(fetch(`${baseUrl}/me`)).rejects.toThrow();
  });

  it('mocks are independent', async () => {
    const other = await createMockLosant();
    expect(other.baseUrl).not.toBe(mock.baseUrl);
    other.on('device.get', device(deviceId, 'other'));
    expect(await mock.client().device.get({ applicationId, deviceId })).toEqual(op('device.get').recorded!.body);
    await other.close();
  });
});

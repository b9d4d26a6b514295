/**
 * deviceCredentials and userCredentials on the wire: a loopback server that issues tokens,
 * revokes them on purpose, and refuses a wrong password. They call the SDK's own auth actions.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDevicesApi } from '@losant-sdk/devices';
import {
  createLosantClient,
  deviceCredentials,
  LosantApiError,
  LosantAuthError,
  userCredentials,
} from '../src/index.js';

const APP = '575ec8687ae143cd83dc4a97';
const DEVICE = '575ecf887ae143cd83dc4aa2';
const seen: { line: string; authorization: string | undefined; body: string }[] = [];
const valid = new Set<string>();
let issued = 0;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const path = req.url!.split('?')[0]!;
      seen.push({ line: `${req.method} ${path}`, authorization: req.headers.authorization, body });
      const reply = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (path === '/auth/device' || path === '/auth/user') {
        const creds = JSON.parse(body) as { secret?: string; password?: string };
        if ((creds.secret ?? creds.password) !== 'right')
          return reply(401, { type: 'Unauthorized', message: 'Invalid credentials' });
        const token = `token-${++issued}`;
        valid.add(token);
        return reply(200, { token, applicationId: APP, deviceId: DEVICE, userId: DEVICE });
      }
      if (!valid.has(req.headers.authorization?.replace('Bearer ', '') ?? ''))
        return reply(401, { type: 'Unauthorized', message: 'Unauthorized' });
      reply(200, path === '/me' ? { id: DEVICE, email: 'user@example.com' } : { success: true });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  seen.length = 0;
  valid.clear();
  issued = 0;
});

const state = { applicationId: APP, deviceId: DEVICE, deviceState: { data: { voltage: 12.5 } } };

describe('auth strategies of the SDK', () => {
  it('deviceCredentials: authenticates through auth.authenticateDevice, then renews once after a revocation', async () => {
    const losant = createLosantClient({
      baseUrl,
      auth: deviceCredentials({ deviceId: DEVICE, key: 'k', secret: 'right' }),
    });
    await losant.device.sendState(state);
    valid.clear();
    await losant.device.sendState(state);
    const stateLine = `POST /applications/${APP}/devices/${DEVICE}/state`;
    expect(seen.map((s) => [s.line, s.authorization])).toEqual([
      ['POST /auth/device', undefined],
      [stateLine, 'Bearer token-1'],
      [stateLine, 'Bearer token-1'],
      ['POST /auth/device', undefined],
      [stateLine, 'Bearer token-2'],
    ]);
    expect(JSON.parse(seen[0]!.body)).toEqual({ deviceId: DEVICE, key: 'k', secret: 'right' });
    expect(seen.filter((s) => s.line === stateLine).map((s) => JSON.parse(s.body))).toEqual(
      Array.from({ length: 3 }, () => ({ data: { voltage: 12.5 } })),
    );
  });

  it('userCredentials: authenticates through auth.authenticateUser, twoFactorCode included', async () => {
    const losant = createLosantClient({
      baseUrl,
      auth: userCredentials({ email: 'user@example.com', password: 'right', twoFactorCode: '123456' }),
    });
    await expect(losant.me.get()).resolves.toEqual({ id: DEVICE, email: 'user@example.com' });
    expect(seen.map((s) => s.line)).toEqual(['POST /auth/user', 'GET /me']);
    expect(JSON.parse(seen[0]!.body)).toEqual({
      email: 'user@example.com',
      password: 'right',
      twoFactorCode: '123456',
    });
  });

  it('a wrong password is a LosantAuthError naming the strategy and the action; the secret shows nowhere', async () => {
    const strategy = userCredentials({ email: 'user@example.com', password: 'wrong-password-do-not-leak' });
    const losant = createLosantClient({ baseUrl, auth: strategy, maxRetries: 2 });
    const error = await losant.me.get().then(
      () => expect.fail('resolved'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LosantAuthError);
    expect(error).toMatchObject({ strategy: 'userCredentials', operationId: 'auth.authenticateUser' });
    expect((error as LosantAuthError).cause).toBeInstanceOf(LosantApiError);
    expect(seen.map((s) => s.line)).toEqual(['POST /auth/user']);
    for (const text of [
      inspect(error, { depth: 10 }),
      inspect(strategy),
      JSON.stringify(strategy),
      inspect(losant.client),
    ])
      expect(text).not.toContain('do-not-leak');
  });

  it('a tag package factory takes a strategy too, since it takes ClientOptions', async () => {
    const api = createDevicesApi({ baseUrl, auth: deviceCredentials({ deviceId: DEVICE, key: 'k', secret: 'right' }) });
    await api.device.sendState(state);
    expect(seen.map((s) => s.authorization)).toEqual([undefined, 'Bearer token-1']);
  });
});

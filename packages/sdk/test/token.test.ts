/** Getting a token from one call and using it on the next, on the wire. */
import { describe, expect, it } from 'vitest';
import { createLosantClient } from '../src/index.js';

describe('a token from one call, used on the next', () => {
  it('logs in without a token, then calls as the user', async () => {
    const seen: Request[] = [];
    const fetch = async (req: Request) => {
      seen.push(req.clone());
      const body =
        new URL(req.url).pathname === '/auth/user'
          ? { token: 'user-token-1', userId: '575ed6e87ae143cd83dc4aa8' }
          : { id: '575ed6e87ae143cd83dc4aa8', email: 'user@example.com' };
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    };
    const anonymous = createLosantClient({ fetch });
    const { token } = await anonymous.auth.authenticateUser({
      credentials: { email: 'user@example.com', password: 'secret' },
    });
    const user = anonymous.withToken(token);
    const me = await user.me.get();

    expect(seen.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(['POST /auth/user', 'GET /me']);
    expect(seen[0]!.headers.get('authorization')).toBeNull();
    expect(await seen[0]!.json()).toEqual({ email: 'user@example.com', password: 'secret' });
    expect(seen[1]!.headers.get('authorization')).toBe('Bearer user-token-1');
    expect(me.email).toBe('user@example.com');
    // The first client is unchanged.
    await anonymous.me.get();
    expect(seen[2]!.headers.get('authorization')).toBeNull();
  });

  it('a device authenticates with its key and secret, and reports state with its device token', async () => {
    const seen: Request[] = [];
    const fetch = async (req: Request) => {
      seen.push(req.clone());
      const body =
        new URL(req.url).pathname === '/auth/device'
          ? { token: 'device-token-1', applicationId: '575ec8687ae143cd83dc4a97', deviceId: '575ecf887ae143cd83dc4aa2' }
          : { success: true };
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    };
    const losant = createLosantClient({ fetch });
    const auth = await losant.auth.authenticateDevice({
      credentials: { deviceId: '575ecf887ae143cd83dc4aa2', key: 'k', secret: 's' },
    });
    await losant.withToken(auth.token).device.sendState({
      applicationId: auth.applicationId!,
      deviceId: auth.deviceId!,
      deviceState: { data: { voltage: 12.5 } },
    });
    expect(seen[1]!.headers.get('authorization')).toBe('Bearer device-token-1');
    expect(`${seen[1]!.method} ${new URL(seen[1]!.url).pathname}`).toBe(
      'POST /applications/575ec8687ae143cd83dc4a97/devices/575ecf887ae143cd83dc4aa2/state',
    );
    expect(await seen[1]!.json()).toEqual({ data: { voltage: 12.5 } });
  });
});

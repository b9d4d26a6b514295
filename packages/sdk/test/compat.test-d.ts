/**
 * Type tests of `@losant-sdk/sdk/compat`: checked by `tsc -p tsconfig.json`; every
 * `@ts-expect-error` must be an error. Compat carries the SDK's param and result types, not `any`.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { LosantApi } from '../src/index.js';
import api, { createClient, type CompatEventSource, type LosantRestClient } from '../src/compat.js';
import type { Schemas as DeviceSchemas } from '@losant-sdk/devices';

const client = createClient({ accessToken: 't', url: 'http://localhost:1' });
const applicationId = '575ec8687ae143cd83dc4a97';
const deviceId = '575ecf887ae143cd83dc4aa2';

describe('compat types', () => {
  it('are the SDK types: params checked, results typed, resources and actions as in losant-rest', () => {
    expectTypeOf(client).toEqualTypeOf<LosantRestClient>();
    expectTypeOf(api.createClient).toEqualTypeOf(createClient);
    expectTypeOf(client.device.get({ applicationId, deviceId })).resolves.toEqualTypeOf<DeviceSchemas['device']>();
    expectTypeOf(client.devices.get({ applicationId })).resolves.toEqualTypeOf<
      Awaited<ReturnType<LosantApi['devices']['get']>>
    >();
    // @ts-expect-error `deviceId` is required
    void client.device.get({ applicationId });
    // @ts-expect-error no such resource
    void client.gadget;
    // @ts-expect-error no such action
    void client.device.explode;
    // @ts-expect-error no such result field
    void client.me.get().then((me) => me.nonsense);
  });

  it('takes losant-rest options per call, callbacks last, and has setOption, getOption and request', () => {
    void client.me.get({}, { accessToken: 'other' });
    expectTypeOf(client.me.get({}, (error, me) => void [error, me?.email])).toEqualTypeOf<void>();
    expectTypeOf(client.me.get((error, me) => void [error, me])).toEqualTypeOf<void>();
    expectTypeOf(client.setOption('accessToken', 'x')).toEqualTypeOf<LosantRestClient>();
    expectTypeOf(client.getOption('url')).toEqualTypeOf<unknown>();
    expectTypeOf(client.request({ method: 'GET', url: '/me' })).toEqualTypeOf<Promise<unknown>>();
  });

  it('resolves event streams with an EventSource-like object', () => {
    expectTypeOf(client.device.stateStream({ applicationId, deviceId })).resolves.toEqualTypeOf<CompatEventSource>();
  });

  it('keeps its methods usable detached, with the same types', () => {
    const get = client.device.get;
    expectTypeOf(get({ applicationId, deviceId })).resolves.toEqualTypeOf<DeviceSchemas['device']>();
  });
});

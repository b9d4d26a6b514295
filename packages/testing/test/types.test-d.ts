// Type tests (checked by `tsc -p tsconfig.json` in the test script; vitest does not run this file).
import type { devices, LosantApi } from '@losant-sdk/sdk';
import { expectTypeOf } from 'vitest';
import type { SpecActionName } from '../src/generated/spec.js';
import type {
  ActionName,
  ActionParams,
  ActionResult,
  CallParams,
  MockCall,
  MockLosant,
  MockRequest,
} from '../src/index.js';

// The action names derived from the SDK are exactly the bundled spec's operationIds.
expectTypeOf<ActionName>().toEqualTypeOf<SpecActionName>();

// Params and results are the SDK's own, and the tag packages' per-action types.
expectTypeOf<ActionParams<'device.getState'>>().toEqualTypeOf<Parameters<LosantApi['device']['getState']>[0]>();
expectTypeOf<ActionParams<'device.getState'>>().toEqualTypeOf<devices.DeviceGetStateParams>();
expectTypeOf<ActionResult<'device.getState'>>().toEqualTypeOf<Awaited<ReturnType<LosantApi['device']['getState']>>>();
expectTypeOf<ActionResult<'device.getState'>>().toEqualTypeOf<devices.DeviceGetStateResult>();
// An action whose params are optional in the SDK still has its params type.
expectTypeOf<ActionParams<'applications.get'>>().toEqualTypeOf<
  NonNullable<Parameters<LosantApi['applications']['get']>[0]>
>();
// A stream's reply is its list of events.
expectTypeOf<ActionResult<'device.stateStream'>>().toEqualTypeOf<
  Array<{ event: 'deviceState'; data: devices.DeviceStateStreamEvents['deviceState']; id?: string; backfilled?: true }>
>();

// What calls() records is typed per action: scalars as their text, objects as they are.
expectTypeOf<CallParams<'devices.get'>['perPage']>().toEqualTypeOf<string | `${number}` | undefined>();
expectTypeOf<CallParams<'devices.get'>['sortDirection']>().toEqualTypeOf<'asc' | 'desc' | undefined>();
expectTypeOf<CallParams<'device.sendCommand'>['deviceCommand']>().toEqualTypeOf<
  devices.DeviceSendCommandParams['deviceCommand'] | undefined
>();
expectTypeOf<MockCall<'device.sendCommand'>['action']>().toEqualTypeOf<'device.sendCommand'>();

export function typed(mock: MockLosant): void {
  mock.on('devices.get', { applicationId: 'a' }, { items: [], count: 0 });
  mock.on('device.getState', (request) => {
    expectTypeOf(request).toEqualTypeOf<MockRequest<'device.getState'>>();
    return [{ time: '2026-01-01T00:00:00.000Z', data: { on: true } }];
  });
  mock.on('device.sendCommand', { status: 404, body: { type: 'NotFound', message: 'no' } });
  mock.on('device.stateStream', [{ event: 'deviceState', data: { data: {} } }]);
  expectTypeOf(mock.calls('device.sendCommand')).toEqualTypeOf<Array<MockCall<'device.sendCommand'>>>();

  // @ts-expect-error not an action (a helper of the SDK, not an operation)
  mock.on('devices.iterate', {});
  // @ts-expect-error not a param of devices.get
  mock.on('devices.get', { applicationID: 'a' }, { items: [] });
  // @ts-expect-error a result of the wrong shape
  mock.on('devices.get', { items: 'none' });
  // @ts-expect-error an event the stream does not send
  mock.on('device.stateStream', [{ event: 'deviceCommand', data: {} }]);
}

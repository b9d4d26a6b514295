import { createLosantClient, type devices, type LosantApi } from '@losant-sdk/sdk';
import { createMockLosant, type MockLosant } from '@losant-sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// The code under test.
export async function restartOfflinePumps(losant: LosantApi, applicationId: string): Promise<string[]> {
  const restarted: string[] = [];
  for await (const device of losant.devices.iterate({ applicationId, filter: 'pump*', perPage: 100 })) {
    if (device.connectionInfo?.connected !== 0 || !device.id) continue;
    await losant.device.sendCommand({
      applicationId,
      deviceId: device.id,
      deviceCommand: { name: 'restart', payload: { reason: 'offline' } },
    });
    restarted.push(device.name ?? device.id);
  }
  return restarted;
}

const applicationId = '575ec8687ae143cd83dc4a97';
const pump1: devices.DeviceModel = { id: '575ecf887ae143cd83dc4aa2', name: 'pump 1', connectionInfo: { connected: 0 } };
const pump2: devices.DeviceModel = { id: '575ecf887ae143cd83dc4aa3', name: 'pump 2', connectionInfo: { connected: 1 } };

describe('restartOfflinePumps', () => {
  let mock: MockLosant;
  beforeEach(async () => {
    mock = await createMockLosant();
  });
  afterEach(async () => {
    await mock.close(); // throws, listing them, if the code sent requests the real API rejects
  });

  it('restarts the pumps that are offline, and only those', async () => {
    // Typed: the action name, the params to match on, and the reply (DevicesGetResult).
    mock.on(
      'devices.get',
      { applicationId },
      { items: [pump1, pump2], count: 2, totalCount: 2, perPage: 100, page: 0 },
    );

    const restarted = await restartOfflinePumps(mock.client(), applicationId);

    expect(restarted).toEqual(['pump 1']);
    expect(mock.calls('devices.get').map((c) => c.params)).toEqual([
      { applicationId, filter: 'pump*', perPage: '100', page: '0' },
    ]);
    const [command] = mock.calls('device.sendCommand');
    expect(command?.params).toEqual({
      applicationId,
      deviceId: pump1.id,
      deviceCommand: { name: 'restart', payload: { reason: 'offline' } },
    });
    expect(command?.method).toBe('POST');
    expect(command?.headers['authorization']).toBe('Bearer mock-token');
  });

  it('stops at the first failed command, with the API error', async () => {
    mock.on('devices.get', { items: [pump1], count: 1, totalCount: 1 });
    mock.on('device.sendCommand', { status: 404, body: { type: 'NotFound', message: 'Device was not found' } });

    // A client of your own works too: only its baseUrl must be the mock's.
    const losant = createLosantClient({ baseUrl: mock.baseUrl, token: 'test-token' });
    await expect(restartOfflinePumps(losant, applicationId)).rejects.toMatchObject({ status: 404, type: 'NotFound' });
    expect(mock.calls('device.sendCommand')).toHaveLength(1);
  });
});

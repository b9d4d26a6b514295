// What a user writes first: one client, a token from one call on the next, a list and its items.
import { createLosantClient, LosantApiError, LosantValidationError, type LosantApi } from '@losant-sdk/sdk';
import { createDevicesApi } from '@losant-sdk/devices';

const losant: LosantApi = createLosantClient({ token: process.env['LOSANT_TOKEN'] });
const applicationId = '575ec8687ae143cd83dc4a97';

export async function listDevices(): Promise<string[]> {
  const devices = await losant.withToken(process.env['OTHER_TOKEN']).devices.get({ applicationId, perPage: '50' });
  const names: string[] = [];
  for (const device of devices.items ?? []) if (device.name !== undefined) names.push(device.name);
  return names;
}

export async function tagPackage(): Promise<number | undefined> {
  const api = createDevicesApi({ token: 'token' });
  const page = await api.devices.get({ applicationId });
  return page.count;
}

export function describeError(error: unknown): string {
  if (error instanceof LosantValidationError) return `${error.operationId} ${error.param}`;
  if (error instanceof LosantApiError) return `${error.status} ${error.type ?? ''}`;
  return String(error);
}

// Times the docs give in milliseconds since the epoch take a Date (sent as its milliseconds); the
// times Losant sends back are the ISO text it sends.
import { createLosantClient } from '@losant-sdk/sdk';

const losant = createLosantClient({ token: 'token' });
const applicationId = '575ec8687ae143cd83dc4a97';
const deviceId = '575ecf887ae143cd83dc4aa2';

export async function lastHour(): Promise<string[]> {
  const end = new Date();
  const start = new Date(end.getTime() - 60 * 60 * 1000);
  const states = await losant.device.getState({ applicationId, deviceId, start, end });
  await losant.application.archiveData({ applicationId, date: new Date('2018-02-13T21:19:51.829Z') });
  await losant.device.getLogEntries({ applicationId, deviceId, since: Date.now() - 60_000 });
  const device = await losant.device.get({ applicationId, deviceId });
  const created: string | undefined = device.creationDate;
  return [...states.map((s) => String(s.time)), created ?? ''];
}

export async function notATime(): Promise<void> {
  // @ts-expect-error a Date only where the docs take a time: a filter is text
  await losant.devices.get({ applicationId, filter: new Date() });
}

// Mistakes a user makes, each one a type error: an unused `@ts-expect-error` fails the check, so every
// line below is proven to be refused.
import { createLosantClient } from '@losant-sdk/sdk';

const losant = createLosantClient();
const applicationId = '575ec8687ae143cd83dc4a97';

export async function mistakes(): Promise<void> {
  // @ts-expect-error a misspelt resource, after withToken (the API keeps its type)
  await losant.withToken('token').devicez.get({ applicationId });

  // @ts-expect-error a parameter the action does not have
  await losant.devices.get({ applicationId, colour: 'blue' });

  // @ts-expect-error a required parameter left out
  await losant.device.get({ applicationId });

  // @ts-expect-error a value outside the documented enum
  await losant.devices.get({ applicationId, sortDirection: 'sideways' });

  const page = await losant.devices.get({ applicationId });
  // @ts-expect-error a result field the action does not return
  console.log(page.itemz);

  const [first] = page.items ?? [];
  // @ts-expect-error under noUncheckedIndexedAccess, an item of a list may be undefined
  console.log(first.name);
}

export async function emptyOnly(): Promise<void> {
  const credential = await losant.credential.get({ applicationId, credentialId: '575ed18f7ae143cd83dc4aa6' });
  // @ts-expect-error a secret-only config always comes back empty (a correction with its evidence says so)
  const config: typeof credential.sendgridConfig = { apiKey: 'secret' };
  console.log(config, credential.id);
}

export function wrongModel(device: import('@losant-sdk/devices').DeviceModel): void {
  // @ts-expect-error a model type's fields are typed: a device's name is a string
  const n: number = device.name;
  console.log(n);
}

// Named model types, one per doc schema: from the tag package and, through its namespace, from the umbrella.
import type { DataTableRowModel } from '@losant-sdk/data-tables';
import type { DeviceModel, DevicesModel } from '@losant-sdk/devices';
import { createLosantClient, type devices, type workflows } from '@losant-sdk/sdk';

const losant = createLosantClient({ token: 'token' });
const applicationId = '575ec8687ae143cd83dc4a97';

export function label(device: DeviceModel): string {
  return `${device.name ?? '(unnamed)'} ${device.id ?? ''}`;
}

export async function models(): Promise<string[]> {
  const page: DevicesModel = await losant.devices.get({ applicationId });
  const same: devices.DevicesModel = page;
  const device: devices.DeviceModel | undefined = same.items?.[0];
  const flow: workflows.FlowModel = await losant.flow.get({ applicationId, flowId: '575ed18f7ae143cd83dc4aa6' });
  const row: DataTableRowModel = await losant.dataTableRow.get({
    applicationId,
    dataTableId: '575ed78e7ae143cd83dc4aab',
    rowId: '596fbb703fc088453872e609',
  });
  return [device ? label(device) : '', flow.name ?? '', String(row.id)];
}

/**
 * A small program against the Losant API, written as a user would: list the dashboards and the
 * devices of an application with tag packages, read each device's state, then use the
 * umbrella client for the rest.
 */
import { createDashboardsApi } from '@losant-sdk/dashboards';
import { createDevicesApi } from '@losant-sdk/devices';
import { createLosantClient, LosantApiError, type ClientOptions } from '@losant-sdk/sdk';

export interface Report {
  application: string;
  dashboards: string[];
  /** Each device's name and its last reported state. */
  devices: Array<{ name: string; state: Record<string, unknown> | undefined }>;
  lastVoltage: number | undefined;
  missing: string | undefined;
}

export async function applicationReport(applicationId: string, options: ClientOptions): Promise<Report> {
  // A single tag package is all it takes to work with dashboards.
  const { dashboards } = createDashboardsApi(options);
  const list = await dashboards.get({ applicationId, sortField: 'name', sortDirection: 'asc', perPage: '100' });

  // Devices: list them, then read each one's last state.
  const api = createDevicesApi(options);
  const devices = [];
  for await (const device of api.devices.iterate({ applicationId, perPage: '50' })) {
    const [last] = await api.device.getState({ applicationId, deviceId: device.id!, limit: '1' });
    devices.push({ name: device.name ?? '', state: last?.data });
  }

  // The umbrella client has every resource, keyed as in Losant's own client.
  const losant = createLosantClient(options);
  const application = await losant.application.get({ applicationId });
  const series = await losant.data.timeSeriesQuery({
    applicationId,
    query: { attributes: ['voltage'], deviceIds: ['575ecf887ae143cd83dc4aa2'], aggregation: 'LAST', resolution: 60000 },
  });
  const points = Object.values(series.devices ?? {}).flatMap((d) => d.points ?? []);
  const last = points.at(-1)?.data?.['voltage'];

  let missing: string | undefined;
  try {
    await losant.application.get({ applicationId: '000000000000000000000000' });
  } catch (error) {
    if (!(error instanceof LosantApiError)) throw error;
    missing = `${error.status} ${error.type}`;
  }
  return {
    application: application.name ?? '',
    dashboards: (list.items ?? []).map((d) => d.name ?? ''),
    devices,
    lastVoltage: typeof last === 'number' ? last : undefined,
    missing,
  };
}

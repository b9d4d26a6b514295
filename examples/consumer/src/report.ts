/**
 * A small program against the Losant API, written as a user would: list the dashboards
 * of an application with one tag package, then use the umbrella client for the rest.
 */
import { createDashboardsApi } from '@losant-sdk/dashboards';
import { createLosantClient, LosantApiError, type ClientOptions } from '@losant-sdk/sdk';

export interface Report {
  application: string;
  dashboards: string[];
  lastVoltage: number | undefined;
  missing: string | undefined;
}

export async function applicationReport(applicationId: string, options: ClientOptions): Promise<Report> {
  // A single tag package is all it takes to work with dashboards.
  const { dashboards } = createDashboardsApi(options);
  const list = await dashboards.get({ applicationId, sortField: 'name', sortDirection: 'asc', perPage: '100' });

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
    lastVoltage: typeof last === 'number' ? last : undefined,
    missing,
  };
}

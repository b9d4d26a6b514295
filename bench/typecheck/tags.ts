// Type-check benchmark consumer: 10 calls across dashboards, data and events through three tag packages.
import { createDashboardsApi } from '@losant-sdk/dashboards';
import { createDataApi } from '@losant-sdk/data';
import { createEventsApi } from '@losant-sdk/events';

const options = { token: 'token' };
const dashboards = createDashboardsApi(options);
const data = createDataApi(options);
const events = createEventsApi(options);

export async function tour(applicationId: string, dashboardId: string, eventId: string) {
  const list = await dashboards.applicationDashboards.get({ applicationId, perPage: '10' });
  const board = await dashboards.applicationDashboard.get({ applicationId, dashboardId });
  const created = await dashboards.applicationDashboards.post({ applicationId, dashboard: { name: 'Fleet' } });
  await dashboards.applicationDashboard.patch({
    applicationId,
    dashboardId,
    dashboard: { description: 'all devices' },
  });
  const last = await data.data.lastValueQuery({
    applicationId,
    query: { attribute: 'voltage', deviceIds: ['575ecf887ae143cd83dc4aa2'] },
  });
  const series = await data.data.timeSeriesQuery({
    applicationId,
    query: { attributes: ['voltage'], aggregation: 'MEAN', resolution: 60_000 },
  });
  const recent = await events.events.get({ applicationId, state: 'new', perPage: '5' });
  const event = await events.events.post({ applicationId, event: { subject: 'Low voltage', level: 'warning' } });
  await events.event.patch({ applicationId, eventId, event: { state: 'acknowledged' } });
  const worst = await events.events.mostRecentBySeverity({ applicationId });
  return {
    names: list.items?.map((d) => d.name),
    board: board.name,
    created: created.id,
    voltages: Object.values(last).map((v) => v.data['voltage']),
    points: Object.values(series.devices ?? {}).flatMap((d) => d.points ?? []).length,
    subjects: recent.items?.map((e) => e.subject),
    event: event.id,
    worst: worst.event?.subject,
  };
}

// Type-check benchmark consumer: 10 calls across dashboards, data and events through the umbrella package (same calls as tags.ts).
import { createLosantClient } from '@losant-sdk/sdk';

const options = { token: 'token' };
const losant = createLosantClient(options);

export async function tour(applicationId: string, dashboardId: string, eventId: string) {
  const list = await losant.applicationDashboards.get({ applicationId, perPage: '10' });
  const board = await losant.applicationDashboard.get({ applicationId, dashboardId });
  const created = await losant.applicationDashboards.post({ applicationId, dashboard: { name: 'Fleet' } });
  await losant.applicationDashboard.patch({ applicationId, dashboardId, dashboard: { description: 'all devices' } });
  const last = await losant.data.lastValueQuery({
    applicationId,
    query: { attribute: 'voltage', deviceIds: ['575ecf887ae143cd83dc4aa2'] },
  });
  const series = await losant.data.timeSeriesQuery({
    applicationId,
    query: { attributes: ['voltage'], aggregation: 'MEAN', resolution: 60_000 },
  });
  const recent = await losant.events.get({ applicationId, state: 'new', perPage: '5' });
  const event = await losant.events.post({ applicationId, event: { subject: 'Low voltage', level: 'warning' } });
  await losant.event.patch({ applicationId, eventId, event: { state: 'acknowledged' } });
  const worst = await losant.events.mostRecentBySeverity({ applicationId });
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

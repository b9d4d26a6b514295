// Stream backfill as data: the device overlay's `backfill:` entries are recorded on the stream
// operations of the reconciled document (x-losant-backfill) and emitted into the stream routes
// with the history action's route, which core reads and nothing else; an entry naming anything
// that does not exist (an action, a parameter, an event, a field) is refused at that entry.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GeneratorError } from '../src/errors.js';
import { buildAll, type GenerateResult } from '../src/pipeline.js';
import { built } from './support/built.js';
import { committedLock, mirrorDir, sandbox, suiteContext } from './support/env.js';

/**
 * A build of the fixture API's device API (test/fixtures/small-api, whose device overlay has the
 * repository's two backfill entries), its overlay edited by `edit` first (in a sandbox).
 */
async function buildWith(edit: (overlay: string) => string = (o) => o): Promise<GenerateResult> {
  // The build reads the fixture's inputs (it changes only the overlay): no copy of them.
  const box = await sandbox({ fixture: true, mirror: false });
  const overlay = join(box.root, 'spec', 'apis', 'device.yaml');
  await writeFile(overlay, edit(await readFile(overlay, 'utf8')));
  return buildAll({ root: box.root, upstreamDir: box.mirror, apis: ['device'], context: suiteContext() });
}

/** The docs index the build reads (the version the committed lock pins). */
type IndexAction = {
  method: string;
  path?: string;
  params?: Array<{ name: string; in: string; required?: boolean; enum?: string[] }>;
  responses: Record<string, { sseEvents?: Record<string, unknown> }>;
};
type IndexResource = {
  path: string;
  params?: Array<{ name: string; in: string }>;
  actions: Record<string, IndexAction>;
};
let index: Record<string, IndexResource>;

beforeAll(async () => {
  index = JSON.parse(await readFile(join(mirrorDir, committedLock.docsIndex.path), 'utf8')) as Record<
    string,
    IndexResource
  >;
});

/** A file of the suite-wide build of the real inputs (support/global-setup.ts). */
const file = (path: string) => built(path);

/** The value of `const <name>: Route = { … };` in a generated resource file, evaluated. */
function routeConst(text: string, name: string, version: string): Record<string, unknown> {
  const start = text.indexOf(`const ${name}: Route = `);
  expect(start).toBeGreaterThanOrEqual(0);
  const body = text.slice(start + `const ${name}: Route = `.length, text.indexOf('\n};\n', start) + 2);
  return new Function('API_VERSION', `return (${body});`)(version) as Record<string, unknown>;
}

describe('the device streams backfill from their history actions', () => {
  const cases = [
    ['stateStream', 'getState', 'routeStateStream'],
    ['commandStream', 'getCommand', 'routeCommandStream'],
  ] as const;

  it.each(cases)('device.%s names device.%s in the reconciled document', (stream, historyAction) => {
    const doc = JSON.parse(file('generated/device/openapi.json')) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const device = index['device']!;
    const op = doc.paths[`${device.path}${device.actions[stream]!.path}`]!['get']!;
    const [event] = Object.keys(device.actions[stream]!.responses['200']!.sseEvents!);
    expect(op['x-losant-backfill']).toEqual({
      history: `device.${historyAction}`,
      carry: ['applicationId', 'deviceId'],
      start: 'start',
      end: 'end',
      limit: { param: 'limit', value: 1000 },
      sort: { param: 'sortDirection', value: 'asc' },
      event,
      time: 'time',
    });
  });

  it.each(cases)("device.%s's route carries device.%s's route and the mapping", (stream, historyAction, name) => {
    const device = index['device']!;
    const history = device.actions[historyAction]!;
    const version = 'v-test';
    const route = routeConst(file('packages/devices/src/resources/device.ts'), name, version);
    const backfill = route['backfill'] as Record<string, unknown> & { route: Record<string, unknown> };
    expect(backfill.route).toMatchObject({
      id: `device.${historyAction}`,
      method: history.method,
      path: `${device.path}${history.path}`,
      version,
    });
    // Every parameter the docs index gives the history action (the resource's and its own), where it goes.
    const names = [...(device.params ?? []), ...(history.params ?? [])].map((p) => p.name);
    expect(Object.keys(backfill.route['params'] as object).sort()).toEqual([...names].sort());
    expect((backfill.route['enums'] as Record<string, unknown>)['sortDirection']).toEqual(
      history.params!.find((p) => p.name === 'sortDirection')!.enum,
    );
    expect(backfill.route['times']).toEqual(expect.arrayContaining(['start', 'end']));
    const { route: _, ...mapping } = backfill;
    expect(mapping).toEqual({
      carry: ['applicationId', 'deviceId'],
      start: 'start',
      end: 'end',
      limit: { param: 'limit', value: 1000 },
      sort: { param: 'sortDirection', value: 'asc' },
      event: Object.keys(device.actions[stream]!.responses['200']!.sseEvents!)[0],
      time: 'time',
    });
  });

  it('only the streams with an entry have one', () => {
    const doc = file('generated/device/openapi.json');
    expect(doc.match(/"x-losant-backfill"/g)).toHaveLength(2);
  });
});

// Each refusal, on the fixture API: the same entries (the fixture's device overlay has the
// repository's), the same checks, a build of a dozen actions instead of 375.
describe('a backfill entry that names nothing', () => {
  it('the fixture builds with its entries as written', async () => {
    const doc = (await buildWith()).files.get('generated/device/openapi.json')!;
    expect(doc.match(/"x-losant-backfill"/g)).toHaveLength(2);
  });

  const edit = (from: string, to: string) => (overlay: string) => {
    expect(overlay).toContain(from);
    return overlay.replace(from, to);
  };
  const state = '/backfill/device.stateStream';
  it.each([
    [
      'an unknown history action',
      edit('history: device.getState', 'history: device.getStates'),
      `${state}/history`,
      'device.getStates is not an action of this API',
    ],
    [
      'a key that is no stream',
      edit('  device.stateStream:\n', '  device.getState:\n'),
      '/backfill/device.getState',
      'device.getState is not an event stream',
    ],
    [
      'a carried parameter the stream lacks',
      edit('carry: [applicationId, deviceId]', 'carry: [applicationId, device]'),
      `${state}/carry/1`,
      'device.stateStream has no parameter "device"',
    ],
    [
      'a range parameter not in ms since the epoch',
      edit('start: start', 'start: duration'),
      `${state}/start`,
      `device.getState's "duration" is not a query parameter in ms since the epoch`,
    ],
    [
      'a sort value the docs do not list',
      edit('value: asc }', 'value: oldest }'),
      `${state}/sort/value`,
      '"oldest" is not a documented value',
    ],
    [
      'an event the stream does not send',
      edit('event: deviceState', 'event: deviceCommand'),
      `${state}/event`,
      'device.stateStream has no event "deviceCommand" (it sends deviceState)',
    ],
    [
      'a history answering other items than the events',
      edit('history: device.getState', 'history: device.getCommand'),
      `${state}/history`,
      'device.getCommand does not answer an array of deviceState',
    ],
    [
      'a time field the event has not',
      edit('event: deviceState\n    time: time', 'event: deviceState\n    time: when'),
      `${state}/time`,
      'deviceState has no field "when"',
    ],
  ])('%s is refused at its entry', async (_, change, pointer, message) => {
    const error = await buildWith(change).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GeneratorError);
    const g = error as GeneratorError;
    expect(g.code).toBe('INVALID_OVERLAY');
    expect(g.file).toMatch(/spec\/apis\/device\.yaml$/);
    expect(g.pointer).toBe(pointer);
    expect(g.message).toContain(message);
  });
});

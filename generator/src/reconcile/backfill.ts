// Backfill as data: an overlay's `backfill:` entries say which history action fills what a
// reconnecting event stream missed (device state → device.getState), which of its parameters
// carry the time range, and how one of its items becomes one of the stream's events. Each entry
// is checked against the actions and schemas it names, and recorded on the stream's operation
// (x-losant-backfill), so that emit writes it into the stream's route and core stays generic.
import { GeneratorError } from '../errors.js';
import { componentRefName, isObject, pointer, type SchemaObject } from '../json/index.js';
import { isEpochMillisParam, sseEvents, type LosantParam, type StreamBackfill } from '../openapi/model.js';
import type { ActionModel } from './model.js';
import type { LoadedOverlay } from './overlay.js';

/**
 * The overlay's actions with their backfill recorded. Every name an entry uses must exist: the
 * stream (an event stream of this API), the history action (a GET of this API answering a JSON
 * array of the event's schema), each parameter (start and end in ms since the epoch, the sort
 * value one of its documented values), the event, and the time field in the event's schema.
 */
export function applyBackfill(
  overlay: LoadedOverlay,
  actions: ActionModel[],
  schemas: Readonly<Record<string, SchemaObject>>,
): ActionModel[] {
  const entries = overlay.overlay.backfill ?? {};
  if (!Object.keys(entries).length) return actions;
  const fail = (at: string, message: string, hint: string): never => {
    throw new GeneratorError('INVALID_OVERLAY', message, { file: overlay.file, pointer: at, hint });
  };
  const byId = new Map(actions.map((a) => [a.operationId, a]));
  const recorded = new Map<ActionModel, StreamBackfill>();

  for (const key of Object.keys(entries).sort()) {
    const entry = entries[key]!;
    const at = (...rest: Array<string | number>) => pointer('backfill', key, ...rest);
    const stream =
      byId.get(key) ?? fail(at(), `${key} is not an action of this API`, 'write the key as resource.streamAction');
    const events = sseEvents(stream) ?? fail(at(), `${key} is not an event stream`, 'name an action that is a stream');
    const history =
      byId.get(entry.history) ??
      fail(at('history'), `${entry.history} is not an action of this API`, 'name the action as the docs index does');
    if (history.method !== 'GET' || sseEvents(history))
      fail(at('history'), `${entry.history} is not a GET answering JSON`, 'name the action that lists the history');

    const param = (action: ActionModel, name: string, where: string): LosantParam =>
      action.params.find((p) => p.name === name) ??
      fail(where, `${action.operationId} has no parameter "${name}"`, 'name the parameter as the docs index does');
    const carry = entry.carry ?? [];
    carry.forEach((name, i) => {
      param(stream, name, at('carry', i));
      param(history, name, at('carry', i));
    });
    for (const field of ['start', 'end'] as const) {
      const p = param(history, entry[field], at(field));
      if (p.in !== 'query' || !isEpochMillisParam(p))
        fail(
          at(field),
          `${entry.history}'s "${p.name}" is not a query parameter in ms since the epoch`,
          'name the parameter that takes the time range',
        );
    }
    if (entry.limit) param(history, entry.limit.param, at('limit', 'param'));
    if (entry.sort) {
      const p = param(history, entry.sort.param, at('sort', 'param'));
      const values = Array.isArray(p.schema['enum']) ? p.schema['enum'] : [];
      if (!values.includes(entry.sort.value))
        fail(
          at('sort', 'value'),
          `"${entry.sort.value}" is not a documented value of ${entry.history}'s "${p.name}" (${values.join(', ')})`,
          'give the value that sorts oldest first',
        );
    }
    const given = new Set([
      ...carry,
      entry.start,
      entry.end,
      ...(entry.limit ? [entry.limit.param] : []),
      ...(entry.sort ? [entry.sort.param] : []),
    ]);
    const missing = history.params.filter((p) => p.required && !given.has(p.name)).map((p) => p.name);
    if (missing.length)
      fail(
        at('carry'),
        `${entry.history} requires ${missing.map((m) => `"${m}"`).join(', ')}, which the entry does not give`,
        `carry them over from ${key}`,
      );

    const event =
      events[entry.event] ??
      fail(
        at('event'),
        `${key} has no event "${entry.event}" (it sends ${Object.keys(events).join(', ')})`,
        'name one of its events',
      );
    const answer = history.responses.find((r) => r.status.startsWith('2') && r.schema !== undefined)?.schema;
    const list = answer !== undefined ? schemas[answer] : undefined;
    const items = list && isObject(list['items']) ? (list['items'] as SchemaObject) : undefined;
    const itemRef = items && typeof items['$ref'] === 'string' ? componentRefName(items['$ref']) : undefined;
    if (list?.['type'] !== 'array' || itemRef !== event.schema)
      fail(
        at('history'),
        `${entry.history} does not answer an array of ${event.schema} (the data of ${key}'s "${entry.event}")`,
        'name the action whose items are the events the stream sends',
      );
    const properties = schemas[event.schema]?.['properties'];
    if (!isObject(properties) || !Object.hasOwn(properties, entry.time))
      fail(at('time'), `${event.schema} has no field "${entry.time}"`, "name the field holding the item's time");

    recorded.set(stream, {
      history: history.operationId,
      carry: [...carry],
      start: entry.start,
      end: entry.end,
      ...(entry.limit ? { limit: { param: entry.limit.param, value: entry.limit.value } } : {}),
      ...(entry.sort ? { sort: { param: entry.sort.param, value: entry.sort.value } } : {}),
      event: entry.event,
      time: entry.time,
    });
  }
  return actions.map((a) => (recorded.has(a) ? { ...a, backfill: recorded.get(a)! } : a));
}

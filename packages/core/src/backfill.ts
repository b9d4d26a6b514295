import { LosantStreamError } from './errors.js';
import type { RouteBackfill, SseEvent } from './types.js';
import type { StreamGap } from './reconnect.js';

/**
 * The time of an item or an event's data, in ms since the epoch, from the field the route names:
 * Losant gives it as ms, as an ISO date text, or as `{ $date: <ISO date> }` (its `deviceState`
 * and `deviceCommand` schemas allow all three). Undefined when there is none or it is unreadable.
 */
export function timeOf(data: unknown, field: string): number | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  let v = (data as Record<string, unknown>)[field];
  if (v !== null && typeof v === 'object') v = (v as { $date?: unknown }).$date;
  const ms = typeof v === 'number' ? v : typeof v !== 'string' ? NaN : /^-?\d+$/.test(v) ? Number(v) : Date.parse(v);
  return Number.isFinite(ms) ? ms : undefined;
}

/** JSON text with object keys sorted, leaving out `omit` at the top: equal data, whatever the key order. */
function canonical(value: unknown, omit?: string): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v)).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => k !== omit && record[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(record[k])}`).join(',')}}`;
}

/** Fetch one page of history: the history route's parameters in, its JSON answer out. */
export type FetchHistory = (params: Record<string, unknown>, signal: AbortSignal) => Promise<unknown>;

/** What a backfill delivers after a reconnect: the missed events, oldest first, then a gap if any is left. */
export type Filled<E> = Array<SseEvent<E> | { event: 'gap'; data: StreamGap }>;

/**
 * What a reconnecting stream needs to fill the hole a reconnect left from the stream's history
 * action, driven by the route's `backfill` data alone (which action, which parameters take the
 * range, which event an item becomes, where its time is).
 *
 * Dedup rule. Two events are the same when their times (the route's time field, in ms) are equal
 * and their data are equal otherwise (as JSON, key order ignored). After a reconnect the history
 * is asked for `[start, end]`: `start` is the time of the latest event delivered (else when the
 * stream was opened), `end` the moment the new connection was established (later, by the
 * server's `Date`, if its clock is ahead). An item is delivered, marked `backfilled: true`, unless
 * it is older than `start` or the same as an event delivered at `start`; live events that follow
 * are dropped when the same as a delivered item. Anything else is delivered. An event whose time
 * cannot be read counts as at the moment it arrived (a history item: at `start`).
 */
export class Backfill<E> {
  /** Latest event time delivered, and the events delivered at that time. */
  #mark: number | undefined;
  #atMark = new Set<string>();
  /** The items the last backfill delivered, and the latest of their times: live duplicates are dropped. */
  #filled = new Set<string>();
  #filledUntil = -Infinity;

  constructor(
    private readonly map: RouteBackfill,
    private readonly streamParams: object | undefined,
    private readonly fetch: FetchHistory,
    private readonly limit: number | undefined,
    private readonly now: () => number,
    /** The stream route's earlier parameter names (earlier name → name): a carried parameter may be given by one. */
    private readonly aliases: Readonly<Record<string, string>> | undefined = undefined,
  ) {}

  #key(t: number, data: unknown): string {
    return `${t}|${canonical(data, this.map.time)}`;
  }

  #delivered(t: number, key: string): void {
    if (this.#mark === undefined || t > this.#mark) {
      this.#mark = t;
      this.#atMark = new Set([key]);
    } else if (t === this.#mark) this.#atMark.add(key);
  }

  /** A live event about to be delivered: false when it repeats an item a backfill delivered. */
  live(event: { event: unknown; data: unknown }): boolean {
    if (event.event !== this.map.event) return true;
    const t = timeOf(event.data, this.map.time) ?? this.now();
    const key = this.#key(t, event.data);
    if (this.#filled.size) {
      if (t <= this.#filledUntil && this.#filled.has(key)) return false;
      if (t > this.#filledUntil) this.#filled.clear();
    }
    this.#delivered(t, key);
    return true;
  }

  /**
   * After a reconnect: the missed events as the history has them, marked, oldest first, and a
   * `gap` when the history could not cover the whole range (`truncated`: it answered as many
   * items as asked for; `failed`: the call failed, with its error). Rejects only when `signal` aborts.
   */
  async fill(gap: StreamGap, openedAt: number, serverNow: number | undefined, signal: AbortSignal): Promise<Filled<E>> {
    const m = this.map;
    const start = this.#mark ?? openedAt;
    const end = serverNow !== undefined ? Math.max(gap.to, serverNow) : gap.to;
    const params: Record<string, unknown> = {};
    const given = (this.streamParams ?? {}) as Record<string, unknown>;
    for (const name of m.carry) {
      let value = given[name];
      for (const old in this.aliases ?? {})
        if (value === undefined && this.aliases![old] === name && given[old] !== undefined) value = given[old];
      if (value !== undefined) params[name] = value;
    }
    params[m.start] = start;
    params[m.end] = end;
    const limit = m.limit ? (this.limit ?? m.limit.value) : undefined;
    if (m.limit && limit !== undefined) params[m.limit.param] = limit;
    if (m.sort) params[m.sort.param] = m.sort.value;
    let answer: unknown;
    try {
      answer = await this.fetch(params, signal);
      if (!Array.isArray(answer))
        throw new LosantStreamError(m.route.id, 'the history answer is not a list, so the gap cannot be filled');
    } catch (e) {
      if (signal.aborted) throw e;
      return [
        { event: 'gap', data: { ...gap, reason: 'failed', error: e instanceof Error ? e : new Error(String(e)) } },
      ];
    }
    const items = (answer as unknown[])
      .map((data, i) => ({ data, i, t: timeOf(data, m.time) ?? start }))
      .sort((a, b) => a.t - b.t || a.i - b.i);
    const out: Filled<E> = [];
    this.#filled.clear();
    this.#filledUntil = -Infinity;
    for (const { data, t } of items) {
      const key = this.#key(t, data);
      if (t < start || (t === this.#mark && this.#atMark.has(key)) || this.#filled.has(key)) continue;
      this.#filled.add(key);
      this.#filledUntil = t;
      this.#delivered(t, key);
      out.push({ event: m.event, data, backfilled: true } as SseEvent<E>);
    }
    if (limit !== undefined && items.length >= limit) {
      const last = items[items.length - 1]!.t;
      out.push({ event: 'gap', data: { from: last, to: end, reason: 'truncated' } });
    }
    return out;
  }
}

import { LosantAbortError } from './errors.js';
import type { Exchange } from './exchange.js';
import { write } from './log.js';
import { sleep } from './retry.js';
import { tell } from './send.js';
import type { Route } from './types.js';

/**
 * One client-side limit: at most `capacity` calls in any `perMs` window, for every key. Calls
 * whose `key` is undefined are not limited by this bucket.
 */
export interface RateLimitBucket {
  /** Which calls share a window (`device:<deviceId>`), or undefined for calls this bucket does not limit. */
  key: (route: Route, params: Readonly<Record<string, unknown>>) => string | undefined;
  capacity: number;
  perMs: number;
}

/** What `onRateLimit` is told: a call waits for the client's own limiter, or the server answered 429. */
export type RateLimitInfo =
  | { source: 'limiter'; operationId: string; key: string; waitMs: number }
  | { source: 'server'; operationId: string; status: 429; retryAfter: string | null; willRetry: boolean };

/** `'losant'` (the limits below), one bucket, or several (a call waits for each that limits it). */
export type RateLimitOption = 'losant' | RateLimitBucket | readonly RateLimitBucket[];

/** Client-side rate limits, the value of `ClientOptions.rateLimit`: made by `rateLimits`. */
export interface RateLimits {
  readonly buckets: readonly RateLimitBucket[];
  /** A limiter with windows of its own: each client (and each `withToken` client) starts one. */
  start(): RateLimiter;
}

/**
 * The `rateLimit` option: `rateLimits('losant')` (the limits Losant documents, keyed as Losant keys
 * them), or your own bucket(s). Imported and passed in, so that a client without it bundles no limiter.
 * Throws a TypeError for a bucket without a key function, capacity ≥ 1 and perMs > 0.
 */
export function rateLimits(option: RateLimitOption): RateLimits {
  const buckets = bucketsOf(option);
  return Object.freeze({ buckets, start: () => new RateLimiter(buckets) });
}

const param = (params: Readonly<Record<string, unknown>>, name: string): string | undefined => {
  const value = params[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
};

/**
 * The limits Losant documents for REST calls, keyed as Losant keys them. Only numbers with a
 * public source are here (each cited beside it); Losant documents others for MQTT and for calls
 * to webhooks, which are not REST calls of this SDK.
 */
export const LOSANT_RATE_LIMITS: readonly RateLimitBucket[] = [
  {
    // Device state over REST: 30 calls in a 15-second window per deviceId (Losant staff,
    // https://forums.losant.com/t/gateway-device-api-rate-limits/4407), "below two per second"
    // (https://docs.losant.com/devices/state).
    key: (route, params) => (route.id === 'device.sendState' ? keyed('device', param(params, 'deviceId')) : undefined),
    capacity: 30,
    perMs: 15_000,
  },
  {
    // Event creation: 15 creations in a 15-second window per application
    // (http://docs.prerelease.losant.com/references/message-throttling/index.html, "Events").
    key: (route, params) => (route.id === 'events.post' ? keyed('events', param(params, 'applicationId')) : undefined),
    capacity: 15,
    perMs: 15_000,
  },
];

function keyed(prefix: string, id: string | undefined): string | undefined {
  return id === undefined ? undefined : `${prefix}:${id}`;
}

/** A sliding window per key: the start times of its last `capacity` calls, reservations included. */
interface Window {
  times: number[];
}

/** Keys of calls already past their window are dropped once the map holds this many. */
const SWEEP_AT = 1024;

/**
 * Client-side limiter. `reserve` books each call's slot at once (so concurrent calls queue in
 * order) and says how long to wait before sending.
 */
export class RateLimiter {
  readonly #buckets: readonly RateLimitBucket[];
  readonly #windows: Map<string, Window>[];
  readonly #now: () => number;

  constructor(option: RateLimitOption, now: () => number = Date.now) {
    this.#buckets = bucketsOf(option);
    this.#windows = this.#buckets.map(() => new Map());
    this.#now = now;
  }

  /** The keys that limit a call, one per bucket that limits it (empty: not limited). */
  keys(route: Route, params: object | undefined): (string | undefined)[] | undefined {
    const p = (params ?? {}) as Record<string, unknown>;
    let keys: (string | undefined)[] | undefined;
    this.#buckets.forEach((b, i) => {
      const key = b.key(route, p);
      if (key !== undefined) (keys ??= this.#buckets.map(() => undefined))[i] = key;
    });
    return keys;
  }

  /** Book the next slot in every window the call belongs to; resolve with the longest wait and its key. */
  reserve(keys: readonly (string | undefined)[]): { waitMs: number; key: string } {
    const now = this.#now();
    const starts: number[] = [];
    let at = now;
    let limiting = '';
    // The call goes when every window it belongs to has room.
    keys.forEach((key, i) => {
      if (key === undefined) return;
      const { capacity, perMs } = this.#buckets[i]!;
      const windows = this.#windows[i]!;
      const w = windows.get(key);
      const times = w?.times ?? [];
      const start = times.length >= capacity ? Math.max(now, times[times.length - capacity]! + perMs) : now;
      starts[i] = start;
      if (start > at) {
        at = start;
        limiting = key;
      }
    });
    keys.forEach((key, i) => {
      if (key === undefined) return;
      const { capacity, perMs } = this.#buckets[i]!;
      const windows = this.#windows[i]!;
      let w = windows.get(key);
      if (!w) {
        if (windows.size >= SWEEP_AT) sweep(windows, now, perMs);
        windows.set(key, (w = { times: [] }));
      }
      w.times.push(Math.max(at, starts[i]!));
      if (w.times.length > capacity) w.times.splice(0, w.times.length - capacity);
    });
    return { waitMs: at - now, key: limiting };
  }

  /** Wait for the call's slot in every rate-limit window it belongs to (send.ts, before each attempt). */
  async wait(x: Exchange, keys: readonly (string | undefined)[]): Promise<void> {
    const { t, route, call } = x;
    const { waitMs, key } = this.reserve(keys);
    if (waitMs <= 0) return;
    tell(t, { source: 'limiter', operationId: route.id, key, waitMs });
    if (t.log)
      write(t.log, 3, `[losant-sdk] ${route.id} waits ${Math.round(waitMs)} ms for the rate limiter`, {
        action: route.id,
        method: route.method,
        path: x.url.split('?')[0]!,
        query: [],
        attempt: 0,
        retryInMs: Math.round(waitMs),
        reason: 'rate limit',
      });
    try {
      await sleep(waitMs, call.signal);
    } catch {
      throw new LosantAbortError(route.id, call.signal!.reason);
    }
  }
}

/** The buckets of an option, checked: a TypeError for one without a key function, capacity ≥ 1 and perMs > 0. */
function bucketsOf(option: RateLimitOption): readonly RateLimitBucket[] {
  const buckets =
    option === 'losant' ? LOSANT_RATE_LIMITS : Array.isArray(option) ? option : [option as RateLimitBucket];
  for (const b of buckets)
    if (!(b.capacity >= 1 && b.perMs > 0 && typeof b.key === 'function'))
      throw new TypeError('a rate limit bucket needs a key function, capacity ≥ 1 and perMs > 0');
  return buckets;
}

function sweep(windows: Map<string, Window>, now: number, perMs: number): void {
  for (const [key, w] of windows) if (w.times[w.times.length - 1]! + perMs <= now) windows.delete(key);
}

import type { Backfill } from './backfill.js';
import { LosantAbortError, LosantApiError, LosantError, LosantStreamError } from './errors.js';
import { sleep } from './retry.js';
import type { EventStream, RawEvent } from './sse.js';
import type { RequestOptions, SseEvent } from './types.js';

/** How an event stream comes back after its connection drops or goes silent. */
export interface ReconnectOptions {
  /** Give up after trying this long (ms) since the connection was lost. Default 300 000 (5 min). */
  budgetMs?: number | undefined;
  /** First wait before reconnecting (ms); doubles per try, with jitter. Default 500. */
  initialDelayMs?: number | undefined;
  /** Longest wait between tries (ms). Default 30 000. */
  maxDelayMs?: number | undefined;
  /**
   * The keep-alive interval the server sends at (ms). Default: the call's `keepAliveInterval`
   * (seconds), else 2 000, the default Losant documents for its streams.
   */
  keepAliveMs?: number | undefined;
  /** A connection silent for this many keep-alive intervals is dead. Default 3. */
  idleKeepAlives?: number | undefined;
  /**
   * After a reconnect, fetch what was missed from the stream's history action where the docs
   * offer one (`device.stateStream` → `device.getState`, `device.commandStream` →
   * `device.getCommand`), delivered marked `backfilled: true`. Default true; `false`: a `gap` event only.
   */
  backfill?: boolean | undefined;
  /** Most items one backfill asks the history for (default: the route's, 1 000); as many back means `truncated`. */
  backfillLimit?: number | undefined;
}

/** Per-call options of an event stream. */
export interface StreamOptions extends RequestOptions {
  /** Reconnect when the connection drops or goes silent (`true`: the defaults). Default: no. */
  reconnect?: ReconnectOptions | boolean | undefined;
}

/**
 * Delivered after a reconnect: events sent between `from` (the last sign of life of the lost
 * connection, ms since the epoch) and `to` (when the new one was established) were missed. On a
 * stream with a history action (backfilled), only when the history could not cover the range:
 * `reason` says why.
 */
export interface StreamGap {
  from: number;
  to: number;
  /**
   * Set on a backfilled stream only. `truncated`: the history answered as many items as asked
   * for, so `from` is the time of the last one delivered and `to` the end of the range asked;
   * `failed`: the history call failed (`error`), nothing was backfilled.
   */
  reason?: 'truncated' | 'failed';
  /** The history call's error, for `reason: 'failed'`. */
  error?: Error;
}

/** The event a reconnecting stream adds: `{ event: 'gap', data: { from, to } }`. */
export type GapEvents = { gap: StreamGap };

/** A reconnecting stream could not get a connection back within its budget. */
export class LosantReconnectError extends LosantError {
  override readonly name = 'LosantReconnectError';
  constructor(
    readonly operationId: string,
    /** How long it tried, in ms. */
    readonly triedMs: number,
    /** Reconnection attempts made. */
    readonly attempts: number,
    cause: unknown,
  ) {
    super(
      `${operationId}: the event stream could not reconnect: tried for ${triedMs} ms (${attempts} attempt${attempts === 1 ? '' : 's'})${
        cause instanceof Error ? `; last error: ${cause.message}` : ''
      }`,
      { cause },
    );
  }
}

type Opened<E> = { data: EventStream<E>; response: Response };
/** Open one connection; `activity` is called whenever bytes arrive. */
export type OpenStream<E> = (activity: () => void, reconnecting: boolean) => Promise<Opened<E>>;

// Losant's streams send a keep-alive every `keepAliveInterval` seconds, default 2
// (https://docs.prerelease.losant.com/rest-api/device, "Command Stream": keepAliveInterval).
const DEFAULT_KEEPALIVE_MS = 2_000;

function unref<T>(timer: T): T {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

/** 4xx other than 408 and 429 will not pass by trying again. */
function isFatal(e: unknown): boolean {
  if (e instanceof LosantApiError) return e.status < 500 && e.status !== 408 && e.status !== 429;
  return e instanceof LosantStreamError || !(e instanceof LosantError);
}

/**
 * The server's clock when it answered (its `Date` header, to the second: the moment may be up to
 * 999 ms later), or undefined when the header cannot be read (browsers do not expose it cross-origin).
 */
function serverTime(response: Response): number | undefined {
  const date = response.headers.get('date');
  const ms = date ? Date.parse(date) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

/** The keep-alive interval a call asked for, in ms, from its `keepAliveInterval` (seconds). */
export function keepAliveOf(params: object | undefined): number | undefined {
  const v = (params as { keepAliveInterval?: unknown } | undefined)?.keepAliveInterval;
  const seconds = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/**
 * An event stream that reconnects: the first connection as the call made it, then, whenever the
 * connection ends, fails or stays silent past `idleKeepAlives` keep-alive intervals, new ones after
 * a capped, jittered exponential backoff, each followed by a `gap` event, or, with `backfill`
 * (backfill.ts), by what the stream's history has of the missed events, marked `backfilled`, and
 * a `gap` only for what the history could not cover. `close()` stops
 * everything, a pending reconnect included. Ends with a LosantReconnectError when the budget is
 * spent, with a fatal error (a 4xx, a broken limit) as it is, with a LosantAbortError when the
 * caller's signal aborts.
 */
export async function reconnecting<E>(
  operationId: string,
  open: OpenStream<E>,
  options: ReconnectOptions,
  keepAliveMs: number | undefined,
  signal: AbortSignal | undefined,
  clock: { now: () => number; random: () => number } = { now: Date.now, random: Math.random },
  backfill?: Backfill<E & GapEvents>,
): Promise<Opened<E & GapEvents>> {
  const budget = options.budgetMs ?? 300_000;
  const initial = options.initialDelayMs ?? 500;
  const cap = options.maxDelayMs ?? 30_000;
  const idleMs = (options.keepAliveMs ?? keepAliveMs ?? DEFAULT_KEEPALIVE_MS) * (options.idleKeepAlives ?? 3);
  const stop = new AbortController();
  let closed = false;
  let last = clock.now();
  const activity = () => {
    last = clock.now();
  };
  let current = await open(activity, false);
  last = clock.now();
  // When the stream was opened, by the earlier of our clock and the server's: a backfill starts there
  // until an event has been delivered.
  const openedAt = Math.min(last, serverTime(current.response) ?? last);

  let watchdog: ReturnType<typeof setTimeout> | undefined;
  let idle = false;
  const arm = (stream: EventStream<E>) => {
    idle = false;
    const check = () => {
      const left = last + idleMs - clock.now();
      if (left > 0) watchdog = unref(setTimeout(check, left));
      else {
        idle = true;
        stream.close();
      }
    };
    watchdog = unref(setTimeout(check, idleMs));
  };
  const disarm = () => clearTimeout(watchdog);

  async function* iterate(): AsyncGenerator<SseEvent<E & GapEvents>> {
    try {
      for (;;) {
        let failure: unknown;
        const stream = current.data;
        arm(stream);
        try {
          for await (const event of stream)
            if (!backfill || backfill.live(event)) yield event as SseEvent<E & GapEvents>;
        } catch (e) {
          failure = e;
        } finally {
          disarm();
        }
        if (closed) return;
        if (failure instanceof LosantAbortError && signal?.aborted) throw failure;
        if (failure !== undefined && !idle && isFatal(failure)) throw failure;
        const from = last;
        const lostAt = clock.now();
        let attempts = 0;
        let lastError: unknown = failure;
        for (;;) {
          const delay = Math.min(cap, initial * 2 ** attempts) * (0.5 + clock.random() / 2);
          if (clock.now() + delay - lostAt > budget)
            throw new LosantReconnectError(operationId, clock.now() - lostAt, attempts, lastError);
          try {
            await sleep(delay, stop.signal);
          } catch {
            if (closed) return;
            throw new LosantAbortError(operationId, signal?.reason);
          }
          attempts++;
          try {
            const next = await open(activity, true);
            // Closed while connecting: the new connection is dropped at once.
            if (closed) return next.data.close();
            current = next;
            break;
          } catch (e) {
            if (closed) return;
            if (e instanceof LosantAbortError && signal?.aborted) throw e;
            if (isFatal(e)) throw e;
            lastError = e;
          }
        }
        last = clock.now();
        const gap: StreamGap = { from, to: last };
        if (!backfill) {
          yield { event: 'gap', data: gap } as SseEvent<E & GapEvents>;
          continue;
        }
        // The new connection is open (its events wait in the socket) before the history is asked,
        // so that the history reaches up to it; what both have is delivered once.
        let filled;
        try {
          const date = serverTime(current.response);
          filled = await backfill.fill(gap, openedAt, date === undefined ? undefined : date + 999, stop.signal);
        } catch {
          if (closed) return;
          throw new LosantAbortError(operationId, signal?.reason);
        }
        if (closed) return;
        for (const event of filled) {
          yield event as SseEvent<E & GapEvents>;
          if (closed) return;
        }
        last = clock.now();
      }
    } finally {
      close();
    }
  }

  const onAbort = () => stop.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const close = () => {
    if (closed) return;
    closed = true;
    disarm();
    signal?.removeEventListener('abort', onAbort);
    stop.abort();
    current.data.close();
  };
  let iterator: AsyncGenerator<SseEvent<E & GapEvents>> | undefined;
  const stream: EventStream<E & GapEvents> = {
    get response() {
      return current.response;
    },
    close,
    /** The current connection's events as sent (no reconnecting, no gaps). */
    raw: (): AsyncIterableIterator<RawEvent> => current.data.raw(),
    [Symbol.asyncIterator]: () => (iterator ??= iterate()),
  };
  return { data: stream, response: current.response };
}

import { ApiPromise, type ResultMode } from './api-promise.js';
import { Backfill } from './backfill.js';
import type { LosantClient } from './client.js';
import type { Transport } from './exchange.js';
import { transportOf } from './internal.js';
import { keepAliveOf, reconnecting, type GapEvents, type ReconnectOptions, type StreamOptions } from './reconnect.js';
import { send, type StreamDecoder } from './send.js';
import { eventStream, type EventStream } from './sse.js';
import type { RequestOptions, Route } from './types.js';

const NONE = {};
type Opened<E> = Promise<{ data: EventStream<E>; response: Response }>;

/**
 * Open an SSE operation on `client`; resolves once the stream is established. With `reconnect`,
 * the stream reconnects and also yields `gap` events (reconnect.ts), and fills what it missed from
 * the route's history action (backfill.ts). Generated resources with an event-stream action call
 * it; a bundle without one carries none of the stream code.
 */
export function openStream<E>(
  client: LosantClient,
  route: Route,
  params: object | undefined,
  events: readonly (keyof E & string)[],
  options?: StreamOptions,
): ApiPromise<EventStream<E>> {
  const own = transportOf(client);
  if (typeof own === 'function') return own<E>(route, params, events, options);
  if (own === undefined) throw new TypeError('openStream: the client must come from createClient');
  return streamOn<E>(own, route, params, events, options ?? NONE);
}

function streamOn<E>(
  t: Transport,
  route: Route,
  params: object | undefined,
  events: readonly (keyof E & string)[],
  call: StreamOptions,
): ApiPromise<EventStream<E>> {
  // The stream's attempt ends with its headers (its timer cleared); its signal lives on, for close().
  const decoder = (activity?: () => void): StreamDecoder => ({
    events,
    open: (x, d, response) => {
      d.clearTimer();
      return eventStream(response, events, {
        operationId: route.id,
        limits: { maxLineLength: t.maxSseLineLength, maxEventLength: t.maxSseEventLength },
        signal: x.call.signal,
        abort: () => {
          d.abort();
          d.release();
        },
        activity,
      });
    },
  });
  if (call.reconnect) {
    const options: ReconnectOptions = call.reconnect === true ? NONE : call.reconnect;
    const again: RequestOptions = { ...call, maxRetries: 0 };
    const history = route.backfill;
    // The history call goes out as any call (auth, timeout, retries, rate limit), ended by close().
    const backfill =
      history && options.backfill !== false
        ? new Backfill<E & GapEvents>(
            history,
            params,
            (query, signal) => send(t, history.route, query, { ...call, signal }).then((r) => r.data),
            options.backfillLimit,
            Date.now,
            route.aliases,
          )
        : undefined;
    return new ApiPromise<EventStream<E>>(
      reconnecting<E>(
        route.id,
        (activity, retry) => send(t, route, params, retry ? again : call, decoder(activity)) as Opened<E>,
        options,
        keepAliveOf(params),
        call.signal,
        undefined,
        backfill,
      ) as Opened<E>,
    );
  }
  const mode: ResultMode = { raw: false, decided: false };
  return new ApiPromise<EventStream<E>>(send(t, route, params, call, decoder(), mode) as Opened<E>, mode);
}

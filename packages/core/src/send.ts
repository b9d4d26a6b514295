import type { ResultMode } from './api-promise.js';
import { attemptBody, readResult } from './body.js';
import { deadline, type Deadline } from './deadline.js';
import {
  LosantAbortError,
  LosantApiError,
  LosantError,
  LosantNetworkError,
  LosantTimeoutError,
  LosantValidationError,
} from './errors.js';
import { Exchange, type Transport } from './exchange.js';
import { logAttempt } from './log.js';
import { isRetryableStatus, mayRetry, retryDelay, sleep } from './retry.js';
import type { RateLimitInfo } from './rate-limit.js';
import type { EventStreamInit } from './sse.js';
import type { RequestOptions, Route } from './types.js';

type Result = { data: unknown; response: Response };

/** An event stream's events and its parser, given by `openStream` (stream.ts): send() imports neither. */
export interface StreamDecoder {
  readonly events: readonly string[];
  readonly decode: (response: Response, events: readonly string[], init: EventStreamInit) => unknown;
}

/**
 * Send an operation: validate and encode once, then up to maxRetries + 1 attempts, each with its
 * own deadline. Retried: network errors, timeouts, 429/502/503/504, for idempotent methods
 * (POST/PATCH only when allowed); waits honour Retry-After. Resolves with the result (or, when
 * `stream` is given, an established event stream), rejects with a LosantError.
 */
export function send(
  t: Transport,
  route: Route,
  params: object | undefined,
  call: RequestOptions,
  stream?: StreamDecoder,
  activity?: () => void,
  mode?: ResultMode,
): Promise<Result> {
  let x: Exchange;
  try {
    x = new Exchange(t, route, call, stream?.events, params);
  } catch (e) {
    return Promise.reject(e);
  }
  x.decode = stream?.decode;
  x.activity = activity;
  x.mode = mode;
  const form = x.form;
  if (!form) return t.auth ? t.auth.run(x, attempts) : attempts(x);
  x.form = undefined;
  // The encoder comes with the route (toFormData), so that a bundle without uploads has none.
  if (!route.encodeForm)
    return Promise.reject(
      new LosantValidationError(
        route.id,
        Object.keys(route.params).find((name) => route.params[name]!.startsWith('form'))!,
        'is a multipart field, and the route has no encodeForm (toFormData)',
      ),
    );
  return route.encodeForm(route.id, form).then((body) => {
    x.init.body = body;
    return t.auth ? t.auth.run(x, attempts) : attempts(x);
  });
}

async function attempts(x: Exchange): Promise<Result> {
  const { t, route, call } = x;
  const signal = call.signal;
  const method = METHODS[route.method] ?? route.method.toLowerCase();
  const log = t.log;
  for (let n = 0; ; n++) {
    if (signal?.aborted) throw new LosantAbortError(route.id, signal.reason);
    if (x.limitKeys) await t.limiter!.wait(x, x.limitKeys);
    const d = (x.deadline = deadline(x.timeout, signal, x.sse));
    if (t.customFetch) x.init.signal = d.signal;
    const started = log ? performance.now() : 0;
    let retryAfter: string | null = null;
    let keep = false;
    let why: LosantError | number;
    try {
      const { error, response } = (await t.fetchClient.request(method as never, x.url as never, x.init as never)) as {
        error?: unknown;
        response: Response;
      };
      if (!response.ok) {
        const retries = retriesFor(t, route, call, response.status);
        if (response.status === 429 && t.onRateLimit)
          tell(t, {
            source: 'server',
            operationId: route.id,
            status: 429,
            retryAfter: response.headers.get('retry-after'),
            willRetry: n < retries,
          });
        if (!isRetryableStatus(response.status) || n >= retries) {
          throw new LosantApiError({
            status: response.status,
            body: error,
            headers: response.headers,
            operationId: route.id,
          });
        }
        retryAfter = response.headers.get('retry-after');
        why = response.status;
      } else if (x.mode?.raw) {
        keep = true;
        if (log) logAttempt(log, route.id, route.method, x.url, n, started, response.status);
        return rawResult(x, d, response);
      } else if (x.sse) {
        if (x.mode) x.mode.decided = true;
        keep = true;
        if (log) logAttempt(log, route.id, route.method, x.url, n, started, response.status);
        return established(x, d, response);
      } else {
        if (x.mode) x.mode.decided = true;
        const data = await readResult(route.id, response);
        if (log) logAttempt(log, route.id, route.method, x.url, n, started, response.status);
        return { data, response };
      }
    } catch (e) {
      const error = failure(x, d, e);
      if (
        !(error instanceof LosantTimeoutError || error instanceof LosantNetworkError) ||
        n >= retriesFor(t, route, call)
      ) {
        if (log) logAttempt(log, route.id, route.method, x.url, n, started, error);
        throw error;
      }
      why = error;
    } finally {
      // Exactly once per attempt, unless a live stream was handed over.
      if (!keep) d.release();
    }
    const wait = retryDelay(n, retryAfter, { maxRetryDelay: t.maxRetryDelay });
    if (log) logAttempt(log, route.id, route.method, x.url, n, started, why, wait, retryAfter);
    try {
      await sleep(wait, signal);
    } catch {
      throw new LosantAbortError(route.id, signal!.reason);
    }
  }
}

const METHODS: Readonly<Record<string, string>> = {
  GET: 'get',
  POST: 'post',
  PUT: 'put',
  PATCH: 'patch',
  DELETE: 'delete',
};

/** A stream's deadline ends with its headers; its signal lives on so that close() can abort it. */
function established(x: Exchange, d: Deadline, response: Response): Result {
  d.clearTimer();
  const abort = () => {
    d.abort();
    d.release();
  };
  return {
    data: x.decode!(response, x.events!, {
      operationId: x.route.id,
      limits: x.t.streamLimits,
      signal: x.call.signal,
      abort,
      activity: x.activity,
    }),
    response,
  };
}

/**
 * `asResponse()`: the response with its body unread, as it arrives. The attempt lasts until the
 * body is read, fails or is cancelled: its timeout (an event stream's ends with its headers) and
 * the call's signal go on applying, and a failure while reading is the SDK's error for it.
 */
function rawResult(x: Exchange, d: Deadline, response: Response): Result {
  x.mode!.decided = true;
  if (x.sse) d.clearTimer();
  return { data: undefined, response: attemptBody(response, d, (e) => failure(x, d, e)) };
}

/** What a thrown error means: the SDK's own errors as they are; the caller's abort; a timeout or network failure (retryable). */
function failure(x: Exchange, d: Deadline, e: unknown): LosantError {
  if (e instanceof LosantError) return e;
  if (d.timedOut()) return new LosantTimeoutError(x.route.id, x.timeout);
  const signal = x.call.signal;
  if (signal?.aborted) return new LosantAbortError(x.route.id, signal.reason);
  return new LosantNetworkError(x.route.id, e);
}

function retriesFor(t: Transport, route: Route, call: RequestOptions, status?: number): number {
  const retryNonIdempotent = call.retryNonIdempotent ?? t.retryNonIdempotent;
  return mayRetry(route.method, { retryNonIdempotent }) || (status === 429 && t.retryOn429)
    ? (call.maxRetries ?? t.maxRetries)
    : 0;
}

export function tell(t: Transport, info: RateLimitInfo): void {
  try {
    t.onRateLimit?.(info);
  } catch {
    /* a hook's failure is not the call's */
  }
}

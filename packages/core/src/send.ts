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
import { isRetryableStatus, mayRetry, retryDelay, sleep } from './retry.js';
import type { RateLimitInfo } from './rate-limit.js';
import type { RequestOptions, Route } from './types.js';

type Result = { data: unknown; response: Response };

/** An event stream's events and how its established response becomes the call's data (stream.ts): send() imports neither. */
export interface StreamDecoder {
  readonly events: readonly string[];
  /** The response of an established stream, whose attempt `d` lives on until the stream is closed. */
  readonly open: (x: Exchange, d: Deadline, response: Response) => unknown;
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
  mode?: ResultMode,
): Promise<Result> {
  let x: Exchange;
  try {
    x = new Exchange(t, route, call, params, stream, mode);
  } catch (e) {
    return Promise.reject(e);
  }
  const run = () => (t.auth ? t.auth.run(x, attempts) : attempts(x));
  const form = x.form;
  if (!form) return run();
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
    return run();
  });
}

async function attempts(x: Exchange): Promise<Result> {
  const { t, route, call, mode } = x;
  const { signal } = call;
  const { log } = t;
  for (let n = 0; ; n++) {
    if (signal?.aborted) throw new LosantAbortError(route.id, signal.reason);
    if (x.limitKeys) await t.limiter!.wait(x, x.limitKeys);
    const d = (x.deadline = deadline(x.timeout, signal, x.sse));
    if (t.fetch) x.init.signal = d.signal;
    const started = log ? performance.now() : 0;
    let retryAfter: string | null = null;
    // A raw response and a stream keep their attempt (its deadline) beyond this one.
    let keep = false;
    let why: LosantError | number;
    try {
      const { error, response } = (await t.fetchClient.request(
        route.method.toLowerCase() as never,
        x.url as never,
        x.init as never,
      )) as { error?: unknown; response: Response };
      if (response.ok) {
        if (mode) mode.decided = true;
        keep = !!mode?.raw || x.sse;
        const result = keep ? held(x, d, response) : { data: await readResult(route.id, response), response };
        if (log) log.attempt(log, route, x.url, n, started, response.status);
        return result;
      }
      retryAfter = refused(x, n, response, error);
      why = response.status;
    } catch (e) {
      const error = failure(x, d, e);
      if (!(error instanceof LosantTimeoutError || error instanceof LosantNetworkError) || n >= retriesFor(x)) {
        if (log) log.attempt(log, route, x.url, n, started, error);
        throw error;
      }
      why = error;
    } finally {
      // Exactly once per attempt, unless a live stream or an unread body was handed over.
      if (!keep) d.release();
    }
    const wait = retryDelay(n, retryAfter, t.maxRetryDelay);
    if (log) log.attempt(log, route, x.url, n, started, why, wait, retryAfter);
    try {
      await sleep(wait, signal);
    } catch {
      throw new LosantAbortError(route.id, signal!.reason);
    }
  }
}

// The steps below are functions of their own, not inline in attempts(): an in-flight call's
// suspended frame then holds fewer registers and no closure context (bench/requests.ts, heap per
// in-flight request).

/**
 * A 2xx response the call keeps beyond this attempt: an established event stream, or
 * `asResponse()`'s response with its body unread, whose attempt (its timeout, the call's signal; an
 * event stream's timeout ends with its headers) goes on until the body is read, fails or is cancelled.
 */
function held(x: Exchange, d: Deadline, response: Response): Result {
  if (!x.mode?.raw) return { data: x.stream!.open(x, d, response), response };
  if (x.sse) d.clearTimer();
  return { data: undefined, response: attemptBody(response, d, (e) => failure(x, d, e)) };
}

/** A non-2xx answer: thrown as its LosantApiError, unless it is retried; then its Retry-After. */
function refused(x: Exchange, n: number, response: Response, body: unknown): string | null {
  const { t, route } = x;
  const { status, headers } = response;
  const retries = retriesFor(x, status);
  const retryAfter = headers.get('retry-after');
  if (status === 429 && t.onRateLimit)
    tell(t, { source: 'server', operationId: route.id, status, retryAfter, willRetry: n < retries });
  if (!isRetryableStatus(status) || n >= retries)
    throw new LosantApiError({ status, body, headers, operationId: route.id });
  return retryAfter;
}

/** What a thrown error means: the SDK's own errors as they are; the caller's abort; a timeout or network failure (retryable). */
function failure(x: Exchange, d: Deadline, e: unknown): LosantError {
  const { signal } = x.call;
  const id = x.route.id;
  return e instanceof LosantError
    ? e
    : d.timedOut()
      ? new LosantTimeoutError(id, x.timeout)
      : signal?.aborted
        ? new LosantAbortError(id, signal.reason)
        : new LosantNetworkError(id, e);
}

/** Retries allowed: idempotent methods (POST and PATCH only when allowed, or on a 429 with retryOn429). */
function retriesFor({ t, route, call }: Exchange, status?: number): number {
  return mayRetry(route.method, call.retryNonIdempotent ?? t.retryNonIdempotent) || (status === 429 && t.retryOn429)
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

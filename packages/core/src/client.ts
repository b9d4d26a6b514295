import createFetchClient, { type Middleware } from 'openapi-fetch';
import { ApiPromise } from './api-promise.js';
import { deadline } from './deadline.js';
import { LosantApiError, LosantError, LosantNetworkError, LosantTimeoutError } from './errors.js';
import { toFormData } from './multipart.js';
import { prepareRequest } from './prepare.js';
import { isRetryableStatus, mayRetry, retryDelay, sleep, type RetryPolicy } from './retry.js';
import { eventStream, type EventStream } from './sse.js';
import type { CommonParams, RequestOptions, Route } from './types.js';

export interface ClientOptions {
  /** A Losant API access token; sent as `Authorization: Bearer <token>`. Never logged or shown. */
  token?: string;
  /** Default `https://api.losant.com`. */
  baseUrl?: string;
  /** A fetch implementation (default: the global `fetch`). */
  fetch?: (input: Request) => Promise<Response>;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** `Accept-Version` for every request (default: `^<the API version the SDK was generated from>`). */
  acceptVersion?: string;
  /** Response-shape flags sent with every request (Losant's own client sends `_actions=false&_links=true&_embedded=true`). */
  flags?: Pick<CommonParams, '_actions' | '_links' | '_embedded'>;
  /** Milliseconds each attempt may take until its response is complete (headers and body). Default 60 000. */
  timeout?: number;
  /** Retries after a network error, a timeout, or a 429/502/503/504. Default 2. */
  maxRetries?: number;
  /** Also retry POST and PATCH (not safe to repeat unless you know the action is). Default false. */
  retryNonIdempotent?: boolean;
  /** Longest wait between attempts, including a server's Retry-After. Default 60 000. */
  maxRetryDelay?: number;
  /** openapi-fetch middleware: the extension point for logging, tracing, custom auth. Runs on every attempt. */
  middleware?: Middleware[];
}

/** A configured connection to the Losant API. Generated resource classes call `request`/`stream`. */
export interface LosantClient {
  readonly baseUrl: string;
  /** Send one operation; resolves with its parsed JSON body, rejects with a typed LosantError. */
  request<T>(route: Route, params: object | undefined, options?: RequestOptions): ApiPromise<T>;
  /** Open an SSE operation; resolves once the stream is established. */
  stream<E>(route: Route, params: object | undefined, events: readonly (keyof E & string)[], options?: RequestOptions): ApiPromise<EventStream<E>>;
  /** Add openapi-fetch middleware to every later request. */
  use(...middleware: Middleware[]): void;
  /**
   * A client with the same options but another token (or none), e.g. the token an
   * `auth.authenticateUser` call just returned. Middleware added with `use` is not carried over.
   */
  withToken(token: string | undefined): LosantClient;
}

export const DEFAULTS = { baseUrl: 'https://api.losant.com', timeout: 60_000, maxRetries: 2, maxRetryDelay: 60_000 } as const;
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

type Exchange = { data?: unknown; error?: unknown; response: Response; release: () => void; abort: () => void };

export function createClient(options: ClientOptions = {}): LosantClient {
  const token = options.token;
  const baseUrl = (options.baseUrl ?? DEFAULTS.baseUrl).replace(/\/+$/, '');
  const fetchClient = createFetchClient<Record<string, never>>({
    baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    // The path arrives filled and encoded by prepareRequest.
    pathSerializer: (url) => url,
  });
  if (options.middleware?.length) fetchClient.use(...options.middleware);
  const defaults: Record<string, unknown> = { ...options.flags };

  /**
   * Send an operation: validate and encode once, then up to maxRetries + 1 attempts, each
   * with its own deadline. Retried: network errors, timeouts, 429/502/503/504, for
   * idempotent methods (POST/PATCH only when allowed). Waits honour Retry-After.
   */
  async function exchange(route: Route, params: object | undefined, call: RequestOptions, sse: boolean): Promise<Exchange> {
    const prepared = prepareRequest(route, params as Record<string, unknown> | undefined, defaults);
    const headers: Record<string, string> = {
      Accept: sse ? 'text/event-stream' : 'application/json',
      'Accept-Version': call.acceptVersion ?? options.acceptVersion ?? `^${route.version}`,
      ...options.headers,
      ...prepared.headers,
      ...call.headers,
    };
    if (token) headers['Authorization'] = `Bearer ${token}`;
    const body = prepared.form ? await toFormData(prepared.form) : prepared.json;
    const timeout = call.timeout ?? options.timeout ?? DEFAULTS.timeout;
    const policy: RetryPolicy = {
      maxRetries: call.maxRetries ?? options.maxRetries ?? DEFAULTS.maxRetries,
      retryNonIdempotent: call.retryNonIdempotent ?? options.retryNonIdempotent ?? false,
      maxRetryDelay: options.maxRetryDelay ?? DEFAULTS.maxRetryDelay,
    };
    const retries = mayRetry(route.method, policy) ? policy.maxRetries : 0;

    for (let attempt = 0; ; attempt++) {
      const d = deadline(timeout, call.signal, sse);
      let failure: LosantError;
      try {
        const result = (await fetchClient.request(route.method.toLowerCase() as never, prepared.path as never, {
          querySerializer: () => prepared.query,
          headers,
          ...(body !== undefined ? { body: body as never } : {}),
          // A stream's deadline ends with its headers; any other body must arrive in full.
          parseAs: sse ? 'stream' : 'text',
          ...(d.signal ? { signal: d.signal } : {}),
          ...(call.middleware ? { middleware: call.middleware } : {}),
        } as never)) as { data?: unknown; error?: unknown; response: Response };
        d.clearTimer();
        if (!result.response.ok && isRetryableStatus(result.response.status) && attempt < retries) {
          d.release();
          await sleep(retryDelay(attempt, result.response.headers.get('retry-after'), policy), call.signal);
          continue;
        }
        if (!sse) d.release();
        return { ...result, release: d.release, abort: d.abort };
      } catch (e) {
        d.clearTimer();
        d.release();
        if (d.timedOut()) failure = new LosantTimeoutError(route.id, timeout);
        else if (call.signal?.aborted) throw call.signal.reason;
        else if (e instanceof LosantError) throw e;
        else failure = new LosantNetworkError(route.id, e);
      }
      if (attempt >= retries) throw failure;
      await sleep(retryDelay(attempt, null, policy), call.signal);
    }
  }

  const client: LosantClient = {
    baseUrl,
    request<T>(route: Route, params: object | undefined, call: RequestOptions = {}) {
      return new ApiPromise<T>(
        (async () => {
          const { data, error, response } = await exchange(route, params, call, false);
          if (!response.ok) throw new LosantApiError({ status: response.status, body: error, headers: response.headers, operationId: route.id });
          if (typeof data !== 'string' || data === '') return { data: undefined as T, response };
          try {
            return { data: JSON.parse(data) as T, response };
          } catch {
            throw new LosantApiError({ status: response.status, body: data, headers: response.headers, operationId: route.id, message: 'the response body is not valid JSON' });
          }
        })(),
      );
    },
    stream<E>(route: Route, params: object | undefined, events: readonly (keyof E & string)[], call: RequestOptions = {}) {
      return new ApiPromise<EventStream<E>>(
        (async () => {
          const { error, response, release, abort } = await exchange(route, params, call, true);
          if (!response.ok) {
            release();
            throw new LosantApiError({ status: response.status, body: error, headers: response.headers, operationId: route.id });
          }
          return {
            data: eventStream<E>(response, events, () => {
              abort();
              release();
            }),
            response,
          };
        })(),
      );
    },
    use(...middleware: Middleware[]) {
      fetchClient.use(...middleware);
    },
    withToken(next: string | undefined) {
      const { token: _, ...rest } = options;
      return createClient(next === undefined ? rest : { ...rest, token: next });
    },
  };
  // The token lives only in this closure; inspecting or serializing the client never shows it.
  Object.defineProperty(client, INSPECT, { value: () => `LosantClient { baseUrl: '${baseUrl}', token: ${token ? "'[redacted]'" : 'none'} }` });
  Object.defineProperty(client, 'toJSON', { value: () => ({ baseUrl }) });
  return client;
}

/** Accept either a client or the options to create one. */
export function toClient(clientOrOptions: LosantClient | ClientOptions | undefined): LosantClient {
  return clientOrOptions && typeof (clientOrOptions as LosantClient).request === 'function' ? (clientOrOptions as LosantClient) : createClient(clientOrOptions as ClientOptions);
}

import createFetchClient, { type Middleware } from 'openapi-fetch';
import { ApiPromise } from './api-promise.js';
import { LosantApiError, LosantError, LosantNetworkError } from './errors.js';
import { toFormData } from './multipart.js';
import { prepareRequest } from './prepare.js';
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
  /** openapi-fetch middleware: the extension point for logging, tracing, custom auth. */
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
}

const DEFAULT_BASE_URL = 'https://api.losant.com';
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

export function createClient(options: ClientOptions = {}): LosantClient {
  const token = options.token;
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const fetchClient = createFetchClient<Record<string, never>>({
    baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    // The path arrives filled and encoded by prepareRequest.
    pathSerializer: (url) => url,
  });
  if (options.middleware?.length) fetchClient.use(...options.middleware);
  const defaults: Record<string, unknown> = { ...options.flags };

  async function send(route: Route, params: object | undefined, requestOptions: RequestOptions, sse: boolean, signal: AbortSignal | undefined) {
    const prepared = prepareRequest(route, params as Record<string, unknown> | undefined, defaults);
    const headers: Record<string, string> = {
      Accept: sse ? 'text/event-stream' : 'application/json',
      'Accept-Version': requestOptions.acceptVersion ?? options.acceptVersion ?? `^${route.version}`,
      ...options.headers,
      ...prepared.headers,
      ...requestOptions.headers,
    };
    if (token) headers['Authorization'] = `Bearer ${token}`;
    const body = prepared.form ? await toFormData(prepared.form) : prepared.json;
    try {
      return await fetchClient.request(route.method.toLowerCase() as never, prepared.path as never, {
        querySerializer: () => prepared.query,
        headers,
        ...(body !== undefined ? { body: body as never } : {}),
        parseAs: sse ? 'stream' : 'text',
        ...(signal ? { signal } : {}),
        ...(requestOptions.middleware ? { middleware: requestOptions.middleware } : {}),
      } as never) as { data?: unknown; error?: unknown; response: Response };
    } catch (e) {
      if (e instanceof LosantError || (e instanceof Error && e.name === 'AbortError')) throw e;
      throw new LosantNetworkError(route.id, e);
    }
  }

  const client: LosantClient = {
    baseUrl,
    request<T>(route: Route, params: object | undefined, requestOptions: RequestOptions = {}) {
      return new ApiPromise<T>(
        (async () => {
          const { data, error, response } = await send(route, params, requestOptions, false, requestOptions.signal);
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
    stream<E>(route: Route, params: object | undefined, events: readonly (keyof E & string)[], requestOptions: RequestOptions = {}) {
      const controller = new AbortController();
      const outer = requestOptions.signal;
      if (outer) {
        if (outer.aborted) controller.abort(outer.reason);
        else outer.addEventListener('abort', () => controller.abort(outer.reason), { once: true });
      }
      return new ApiPromise<EventStream<E>>(
        (async () => {
          const { error, response } = await send(route, params, requestOptions, true, controller.signal);
          if (!response.ok) throw new LosantApiError({ status: response.status, body: error, headers: response.headers, operationId: route.id });
          return { data: eventStream<E>(response, events, () => controller.abort()), response };
        })(),
      );
    },
    use(...middleware: Middleware[]) {
      fetchClient.use(...middleware);
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

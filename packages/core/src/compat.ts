// A losant-rest-shaped client over the SDK's own: `createClient({ accessToken })`, `setOption`,
// `getOption`, `request()`, callbacks, EventSource-like streams and errors shaped as losant-rest
// shapes them. An adapter, not a second runtime: every request goes through core's client, with
// two of its options (`validate: false`, `emptyBody: true`) set as losant-rest behaves.
import { ApiPromise } from './api-promise.js';
import { methodNames } from './bind.js';
import { createClient, type ClientOptions, type LosantClient } from './client.js';
import { LosantApiError, LosantValidationError } from './errors.js';
import { CompatEventSource } from './compat-event-source.js';
import { register } from './internal.js';
import { openStream } from './stream.js';
import type { EventStream } from './sse.js';
import type { HttpMethod, ParamIn, RequestOptions, Route } from './types.js';

export { CompatEventSource } from './compat-event-source.js';

/** losant-rest's client options (`createClient`, `setOption`, `getOption`, and per call). */
export interface CompatOptions {
  /** A Losant API access token, sent as `Authorization: Bearer <token>`. */
  accessToken?: string | undefined;
  /** The API's base URL. Default `https://api.losant.com`. */
  url?: string | undefined;
  /** `Accept-Version` of every request. Default `^<the API version the SDK was generated from>`. */
  acceptVersion?: string | undefined;
  /** Milliseconds a request may take. Default: no limit, as in losant-rest. */
  timeout?: number | undefined;
  /** Not in losant-rest: the SDK's `fetch` option (a proxy's dispatcher, a test double). */
  fetch?: ClientOptions['fetch'];
  /** Any other option is kept, for `getOption`, as losant-rest keeps it. */
  [option: string]: unknown;
}

/** A Node-style callback, as losant-rest 2.x and 3.x take it last: `(error, result)`. */
export type CompatCallback<T> = (error: Error | null, result?: T) => void;

/** A raw request (`client.request(req)`): any path, with the client's token and Accept-Version. */
export interface CompatRequest {
  /** Default `GET`. */
  method?: string | undefined;
  /** Relative to the base URL: `/applications/…`. */
  url?: string | undefined;
  /** The query parameters; objects and arrays spelled out with brackets, as losant-rest (qs) does. */
  params?: Readonly<Record<string, unknown>> | undefined;
  /** The JSON body. */
  data?: unknown;
  headers?: Readonly<Record<string, string | undefined>> | undefined;
}

/** An SDK action's result under compat: an event stream becomes an EventSource-like object. */
export type CompatResult<T> = T extends EventStream<infer _Events> ? CompatEventSource : T;

/** One action whose params are required, called as losant-rest calls it: a promise, or a callback last. */
export interface CompatAction<P, T> {
  (params: P, opts?: CompatOptions): Promise<CompatResult<T>>;
  (params: P, opts: CompatOptions | undefined, callback: CompatCallback<CompatResult<T>>): void;
  (params: P, callback: CompatCallback<CompatResult<T>>): void;
}

/** One action whose params may be left out. */
export interface CompatOptionalAction<P, T> {
  (params?: P, opts?: CompatOptions): Promise<CompatResult<T>>;
  (params: P | undefined, opts: CompatOptions | undefined, callback: CompatCallback<CompatResult<T>>): void;
  (params: P | undefined, callback: CompatCallback<CompatResult<T>>): void;
  (callback: CompatCallback<CompatResult<T>>): void;
}

/** A resource under compat: each action losant-rest-shaped; page iterators (`iterate`) as in the SDK. */
export type CompatResource<R> = {
  [M in keyof R]: R[M] extends (...args: infer A) => ApiPromise<infer T>
    ? A extends [infer P, ...unknown[]]
      ? CompatAction<P, T>
      : A extends [(infer P)?, ...unknown[]]
        ? CompatOptionalAction<P, T>
        : R[M]
    : R[M];
};

/** What losant-rest's `createClient` returns, for an SDK client shape `Api` (the umbrella's `LosantApi`). */
export type CompatApi<Api> = {
  [K in Exclude<keyof Api, 'client' | 'withToken'>]: CompatResource<Api[K]>;
} & CompatClientMethods;

/** The client-level methods of losant-rest's client. */
export interface CompatClientMethods {
  /** Change an option for every later call, including through resources and methods taken before. Returns the client. */
  setOption(name: string, value: unknown): this;
  /** An option as last set. */
  getOption(name: string): unknown;
  /**
   * A raw request to any path, with the client's token and Accept-Version; response flags only
   * when given in `params`. Resolves with the parsed body; rejects as every action does.
   */
  request(req?: CompatRequest, opts?: CompatOptions): Promise<unknown>;
}

/** Client options whose change needs another SDK client (the rest are kept for getOption only). */
const CLIENT_OPTIONS = ['accessToken', 'url', 'acceptVersion', 'timeout', 'fetch'] as const;
/** losant-rest's message for a 413 whose body has none. */
const TOO_LARGE = 'Request entity too large.';
/** Members of an SDK error that a body member of the same name must not replace. */
const KEPT = new Set(['message', 'name', 'stack', 'cause', 'status', 'statusCode', 'body', 'headers']);

/** The SDK client options that behave as losant-rest's `options` do. */
function sdkOptions(o: CompatOptions, emptyBody: boolean, middleware: ClientOptions['middleware']): ClientOptions {
  return {
    token: o.accessToken || undefined,
    baseUrl: o.url || undefined,
    acceptVersion: o.acceptVersion || undefined,
    // losant-rest sets no timeout unless given, and never retries.
    timeout: typeof o.timeout === 'number' && o.timeout > 0 ? o.timeout : 0,
    maxRetries: 0,
    validate: false,
    emptyBody,
    middleware,
    fetch: o.fetch,
  };
}

/** The client options as set, and the SDK clients made from them (rebuilt after a change). */
class Options {
  readonly values: CompatOptions;
  readonly #middleware: NonNullable<ClientOptions['middleware']> = [];
  #actions: LosantClient | undefined;
  #raw: LosantClient | undefined;

  constructor(values: CompatOptions) {
    this.values = { ...values };
  }

  set(name: string, value: unknown): void {
    this.values[name] = value;
    this.#actions = this.#raw = undefined;
  }

  use(middleware: NonNullable<ClientOptions['middleware']>): void {
    this.#middleware.push(...middleware);
    this.#actions = this.#raw = undefined;
  }

  /** The client for one call: the shared one, or one of its own when the call overrides a client option. */
  client(opts: unknown, raw = false): LosantClient {
    const own = opts && typeof opts === 'object' ? (opts as CompatOptions) : undefined;
    if (own && CLIENT_OPTIONS.some((name) => own[name] !== undefined))
      return createClient(sdkOptions({ ...this.values, ...own }, !raw, this.#middleware));
    if (raw) return (this.#raw ??= createClient(sdkOptions(this.values, false, this.#middleware)));
    return (this.#actions ??= createClient(sdkOptions(this.values, true, this.#middleware)));
  }
}

/** Reshape an SDK error as losant-rest shapes it; the error stays the SDK's (`instanceof LosantApiError` holds). */
export function asLosantRestError(error: unknown): unknown {
  if (error instanceof LosantApiError) {
    const body: Record<string, unknown> =
      error.body && typeof error.body === 'object' && !Array.isArray(error.body)
        ? (error.body as Record<string, unknown>)
        : {};
    const message = error.serverMessage ?? (error.status === 413 ? TOO_LARGE : undefined);
    if (message !== undefined) error.message = message;
    for (const key of Object.keys(body)) {
      if (KEPT.has(key)) continue;
      Object.defineProperty(error, key, { value: body[key], writable: true, enumerable: true, configurable: true });
    }
  } else if (error instanceof LosantValidationError && error.reason === 'is required') {
    error.message = `${error.param} is required`;
  }
  return error;
}

/** Settle an SDK call as losant-rest does: a promise, or the callback (called on a later turn). */
function settle<T>(result: PromiseLike<T>, callback: CompatCallback<T> | undefined): Promise<T> | undefined {
  const promise = Promise.resolve(result).catch((e: unknown) => {
    throw asLosantRestError(e);
  });
  if (!callback) return promise;
  promise.then(
    (value) => setTimeout(callback, 0, null, value),
    (error: Error) => setTimeout(callback, 0, error),
  );
  return undefined;
}

type AnyMethod = (params?: unknown, options?: unknown) => unknown;

/** One SDK method, callable as losant-rest's: `(params, opts)`, `(params, opts, cb)`, `(params, cb)`, `(cb)`. */
function compatAction(method: AnyMethod): (...args: unknown[]) => unknown {
  return (params?: unknown, opts?: unknown, callback?: unknown) => {
    if (typeof params === 'function') [callback, params, opts] = [params, undefined, undefined];
    else if (typeof opts === 'function') [callback, opts] = [opts, undefined];
    let result: unknown;
    try {
      result = method(params ?? {}, opts ?? {});
    } catch (e) {
      result = Promise.reject(e);
    }
    // A page iterator (`iterate`) is handed back as the SDK returns it.
    if (!(result instanceof ApiPromise) && !(result instanceof Promise)) return result;
    return settle(result as PromiseLike<unknown>, callback as CompatCallback<unknown> | undefined);
  };
}

function compatResource(resource: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of methodNames(resource)) {
    const method = (resource as Record<string, AnyMethod>)[name]!;
    out[name] = compatAction(method);
  }
  return out;
}

/** The route of a raw request: its path as given, every query parameter spelled as qs spells it. */
function rawRoute(req: CompatRequest, version: string): { route: Route; params: Record<string, unknown> } {
  const method = (req.method ?? 'GET').toUpperCase() as HttpMethod;
  const [path = '', search] = (req.url ?? '').split(/\?(.*)/s, 2);
  const params: Record<string, unknown> = {};
  const where: Record<string, ParamIn> = {};
  if (search) for (const [name, value] of new URLSearchParams(search)) params[name] = value;
  Object.assign(params, req.params);
  for (const name of Object.keys(params)) where[name] = 'query:brackets';
  if (req.data !== undefined) {
    params[BODY] = req.data;
    where[BODY] = 'body';
  }
  // Braces are literal here, not a template's placeholders.
  const literal = path.replace(/[{}]/g, (c) => (c === '{' ? '%7B' : '%7D'));
  return { route: { id: 'request', method, path: literal, params: where, version, flags: false }, params };
}
/** The raw request's body, under a name no query parameter can have. */
const BODY = '\u0000data';

/**
 * A losant-rest-shaped client over an SDK client shape. `create` builds the SDK's resources on a
 * client (the umbrella's `createLosantClient`); `version` is the API version the SDK was generated
 * from (the default Accept-Version of raw requests).
 */
export function adaptLosantRest<Api extends object>(
  create: (client: LosantClient) => Api,
  options: CompatOptions | undefined,
  version: string,
): CompatApi<Api> {
  const settings = new Options(options ?? {});
  const live: LosantClient = {
    get baseUrl() {
      return settings.client(undefined).baseUrl;
    },
    request: (route, params, opts) => settings.client(opts).request(route, params, callOptions(opts)),
    use: (...middleware) => settings.use(middleware),
    withToken: (token) => settings.client({ accessToken: token ?? '' }),
  };
  // Its event streams: the SDK's, on the client of the call's options, as EventSource-like objects.
  register(
    live,
    <E>(route: Route, params: object | undefined, events: readonly (keyof E & string)[], opts?: RequestOptions) =>
      new ApiPromise<EventStream<E>>(
        openStream<E>(settings.client(opts), route, params, events, callOptions(opts))
          .withResponse()
          .then(({ data, response }) => ({
            data: new CompatEventSource(data as EventStream<unknown>) as unknown as EventStream<E>,
            response,
          })),
      ),
  );
  const api = create(live) as Record<string, unknown>;
  const client: Record<string, unknown> = {};
  for (const key of Object.keys(api)) {
    if (key === 'client' || key === 'withToken') continue;
    client[key] = compatResource(api[key] as object);
  }
  client['setOption'] = (name: string, value: unknown) => {
    settings.set(name, value);
    return client;
  };
  client['getOption'] = (name: string) => settings.values[name];
  client['request'] = (req: CompatRequest = {}, opts?: CompatOptions) => {
    const { route, params } = rawRoute(req, version);
    const call = { ...callOptions(opts), ...(req.headers ? { headers: req.headers } : {}) };
    return settle(settings.client(opts, true).request(route, params, call), undefined);
  };
  return client as CompatApi<Api>;
}

/** losant-rest's per-call options carry no SDK request options; the SDK's own keys pass. */
function callOptions(opts: unknown): RequestOptions | undefined {
  if (!opts || typeof opts !== 'object') return undefined;
  const { signal, headers } = opts as RequestOptions;
  return signal || headers ? { signal, headers } : undefined;
}

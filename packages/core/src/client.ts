import createFetchClient, { type Middleware } from 'openapi-fetch';
import { ApiPromise, type ResultMode } from './api-promise.js';
import { START, type AuthStrategy } from './auth.js';
import { findHeaderFault, headerProblem, setHeaders, type HeaderFault } from './headers.js';
import { register } from './internal.js';
import type { RateLimitInfo, RateLimits } from './rate-limit.js';
import { LOG, type Logging } from './log.js';
import { flagQuery, type Flags } from './prepare.js';
import { detectRuntime } from './runtime.js';
import type { Transport } from './exchange.js';
import { send } from './send.js';
import { envLog, loadTracing } from './server.js';
import { SETTINGS, type ClientSettings } from './settings.js';
import type { TraceHook } from './tracing.js';
import type { RequestOptions, Route } from './types.js';

export interface ClientOptions {
  /** A Losant API access token; sent as `Authorization: Bearer <token>`. Never logged or shown. */
  token?: string | undefined;
  /**
   * Get and renew the token instead (`deviceCredentials`, `userCredentials`, `tokenProvider`): the
   * first call authenticates, a 401 or a JWT near its `exp` renews it once. Not with `token`.
   */
  auth?: AuthStrategy | undefined;
  /** Default `https://api.losant.com`. */
  baseUrl?: string | undefined;
  /** A fetch implementation (default: the global `fetch`). */
  fetch?: ((input: Request) => Promise<Response>) | undefined;
  /** Headers sent with every request (an undefined value sends nothing); they override `User-Agent`. */
  headers?: Record<string, string | undefined> | undefined;
  /** `Accept-Version` for every request (default: `^<the API version the SDK was generated from>`). */
  acceptVersion?: string | undefined;
  /**
   * Response-shape flags sent first in every query string but event streams'. Default, as Losant's
   * own client: `{ _actions: false, _links: true, _embedded: true }`. Given flags replace the
   * defaults one by one (a flag set to undefined is not sent); `false` sends none.
   */
  flags?: Flags | false | undefined;
  /** Milliseconds each attempt may take until its response is complete (headers and body). Default 60 000; 0 turns it off. */
  timeout?: number | undefined;
  /** Retries after a network error, a timeout, or a 429/502/503/504. Default 2. */
  maxRetries?: number | undefined;
  /** Also retry POST and PATCH (not safe to repeat unless you know the action is). Default false. */
  retryNonIdempotent?: boolean | undefined;
  /** Longest wait between attempts, including a server's Retry-After. Default 60 000. */
  maxRetryDelay?: number | undefined;
  /** Redirects followed per request; one more is a LosantRedirectError. Default 10. */
  maxRedirects?: number | undefined;
  /** Largest response body accepted, in bytes; a larger one is a LosantResponseTooLargeError. Default: no limit. */
  maxResponseBytes?: number | undefined;
  /** Longest line an event stream may send, in characters. Default 1 MiB (1 048 576). */
  maxSseLineLength?: number | undefined;
  /** Most data one event of an event stream may carry, in characters. Default 8 MiB (8 388 608). */
  maxSseEventLength?: number | undefined;
  /**
   * Check every call's parameters before sending (a missing required one, an unknown name, a
   * value off its documented pattern): default true. `false` passes them through as Losant's own
   * client does and lets the server decide; unknown names are left out and a missing path
   * parameter is still refused (there is no URL without it).
   */
  validate?: boolean | undefined;
  /**
   * Send `{}` as the JSON body of a POST, PUT, PATCH or DELETE that has no body of its own, as
   * Losant's own client does. Default false: no body.
   */
  emptyBody?: boolean | undefined;
  /** openapi-fetch middleware: the extension point for logging, tracing, custom auth. Runs on every attempt. */
  middleware?: Middleware[] | undefined;
  /**
   * Keep calls under rate limits before sending: `rateLimits('losant')` (the limits Losant
   * documents, keyed as Losant keys them: device state per device, event creation per
   * application) or `rateLimits(yourBuckets)`. A call over a limit waits (its `signal` ends the
   * wait). Default: none.
   */
  rateLimit?: RateLimits | undefined;
  /** Told when a call waits for the limiter, and when the server answers 429. Errors it throws are ignored. */
  onRateLimit?: ((info: RateLimitInfo) => void) | undefined;
  /**
   * Also retry POST and PATCH when the server answers 429 (e.g. `device.sendState`): the server
   * refused the request, but a state may then be recorded twice if it had in fact been kept. Default false.
   */
  retryOn429?: boolean | undefined;
  /**
   * OpenTelemetry spans per call and attempt, and `traceparent` on each request. Default: on once
   * OpenTelemetry is registered (`@opentelemetry/api`, an optional peer dependency, is then loaded
   * by dynamic import), or after `enableTracing` (`@losant-sdk/core/tracing`). `false`: never.
   */
  tracing?: false | undefined;
  /**
   * Log each attempt (one line per attempt at `debug`, retries at `warn`, failures at `error`):
   * `logging({ level, logger })`. Default: on Node, Deno and Bun, the level the `LOSANT_SDK_LOG`
   * environment variable names, to `console`; else off.
   */
  log?: Logging | undefined;
}

/**
 * A configured connection to the Losant API. Generated resource classes call `request`, and
 * `openStream(client, …)` for event streams.
 */
export interface LosantClient {
  readonly baseUrl: string;
  /** Send one operation; resolves with its result, rejects with a typed LosantError. */
  request<T>(route: Route, params: object | undefined, options?: RequestOptions): ApiPromise<T>;
  /** Add openapi-fetch middleware to every later request. */
  use(...middleware: Middleware[]): void;
  /**
   * A client with the same options but another token (or none), e.g. the token an
   * `auth.authenticateUser` call just returned. Middleware added with `use` is not carried over.
   */
  withToken(token: string | undefined): LosantClient;
}

export const DEFAULTS = {
  baseUrl: 'https://api.losant.com',
  flags: { _actions: false, _links: true, _embedded: true },
  timeout: 60_000,
  maxRetries: 2,
  maxRetryDelay: 60_000,
  maxRedirects: 10,
  maxSseLineLength: 1 << 20,
  maxSseEventLength: 8 << 20,
} as const;
const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const RUNTIME = detectRuntime();
const NONE = {};

/** An option's problem as the fault every call fails with. */
const optionFault = (param: string, reason: string | undefined): HeaderFault | undefined =>
  reason ? { param, kind: 'option', reason } : undefined;

export function createClient(options: ClientOptions = {}): LosantClient {
  const { token, auth, rateLimit: limits, log } = options;
  const baseUrl = (options.baseUrl ?? DEFAULTS.baseUrl).replace(/\/+$/, '');
  const fetchClient = createFetchClient<Record<string, never>>({
    baseUrl,
    // The URL arrives filled, encoded and with its query, the body serialized, from send().
    querySerializer: () => '',
    bodySerializer: (body) => body,
  });
  if (options.middleware?.length) fetchClient.use(...options.middleware);
  const flags: Flags = options.flags === false ? NONE : { ...DEFAULTS.flags, ...options.flags };
  const headers: Record<string, string> = RUNTIME.userAgent ? { 'user-agent': RUNTIME.userAgent } : {};
  setHeaders(headers, options.headers);
  const authorization = token === undefined ? undefined : `Bearer ${token}`;
  if (authorization) headers['authorization'] = authorization;
  const authProblem =
    auth === undefined
      ? undefined
      : token !== undefined
        ? 'cannot be combined with token (use one or the other)'
        : typeof auth?.[START] !== 'function'
          ? 'must be an AuthStrategy (deviceCredentials, userCredentials, tokenProvider, authStrategy)'
          : undefined;
  const limitProblem =
    limits === undefined || typeof limits.start === 'function'
      ? undefined
      : "must be rateLimits('losant') or rateLimits(buckets)";
  const logProblem = log === undefined || LOG in Object(log) ? undefined : 'must be logging({ level, logger })';

  // The options over their defaults (an option given as undefined takes its default), then what is derived from them.
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as {
    [K in keyof ClientOptions]?: Exclude<ClientOptions[K], undefined>;
  };
  const transport: Transport = {
    ...DEFAULTS,
    retryNonIdempotent: false,
    validate: true,
    emptyBody: false,
    retryOn429: false,
    ...given,
    fetchClient,
    headers,
    authorization,
    fault:
      optionFault('token', headerProblem(token)) ??
      optionFault('auth', authProblem) ??
      optionFault('rateLimit', limitProblem) ??
      optionFault('log', logProblem) ??
      findHeaderFault(options.headers),
    flags,
    flagQuery: flagQuery(flags),
    headerCache: new Map(),
    auth: undefined,
    limiter: limitProblem ? undefined : limits?.start(),
    log: log === undefined ? envLog() : logProblem ? undefined : log[LOG],
  };
  if (auth && !authProblem) {
    // The strategy's own calls go out on the same settings without any strategy token.
    const anonymous: Transport = { ...transport };
    transport.auth = auth[START]((route, params) => send(anonymous, route, params, NONE).then((r) => r.data));
  }

  const tracing = options.tracing !== false;
  const client: LosantClient = {
    baseUrl,
    request<T>(route: Route, params: object | undefined, call: RequestOptions = NONE) {
      const mode: ResultMode = { raw: false, decided: false };
      const run = (c: RequestOptions) => send(transport, route, params, c, undefined, mode);
      return new ApiPromise<T>(
        (tracing ? traced(baseUrl, route, call, run) : run(call)) as Promise<{
          data: T;
          response: Response;
        }>,
        mode,
      );
    },
    use(...middleware: Middleware[]) {
      fetchClient.use(...middleware);
    },
    withToken(next: string | undefined) {
      const { token: _, auth: __, ...rest } = options;
      return createClient(next === undefined ? rest : { ...rest, token: next });
    },
  };
  const settings: ClientSettings = {
    fetch: options.fetch,
    timeout: transport.timeout,
    maxRetries: transport.maxRetries,
    maxRetryDelay: transport.maxRetryDelay,
    log: transport.log,
  };
  // The token lives only in closures; inspecting or serializing the client never shows it.
  Object.defineProperties(client, {
    [INSPECT]: {
      value: () =>
        `LosantClient { baseUrl: '${baseUrl}', token: ${token ? "'[redacted]'" : 'none'}${auth ? `, auth: '${String(auth.name)}'` : ''} }`,
    },
    toJSON: { value: () => ({ baseUrl }) },
    [SETTINGS]: { value: settings },
  });
  register(client, transport);
  return client;
}

// The same symbol as tracing.ts's TRACE_HOOK (not imported: that module loads only when tracing does).
const TRACE_HOOK = Symbol.for('losant-sdk.tracing');

/**
 * The call, under the tracing hook when tracing is on: `enableTracing` ran, or (on a server, where
 * server.ts loads the hook) OpenTelemetry registered itself and no load failed.
 */
function traced<R extends { response: Response }>(
  baseUrl: string,
  route: Route,
  call: RequestOptions,
  run: (call: RequestOptions) => Promise<R>,
): Promise<R> {
  const g = globalThis as { [TRACE_HOOK]?: TraceHook | false };
  const hook = g[TRACE_HOOK];
  if (hook) return hook(baseUrl, route, call, run);
  const loading = hook === undefined ? loadTracing() : undefined;
  return loading
    ? loading.then(() => {
        const loaded = g[TRACE_HOOK];
        return loaded ? loaded(baseUrl, route, call, run) : run(call);
      })
    : run(call);
}

/** Accept either a client or the options to create one. */
export function toClient(clientOrOptions: LosantClient | ClientOptions | undefined): LosantClient {
  return clientOrOptions && typeof (clientOrOptions as LosantClient).request === 'function'
    ? (clientOrOptions as LosantClient)
    : createClient(clientOrOptions as ClientOptions);
}

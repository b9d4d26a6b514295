import type { Client, Middleware } from 'openapi-fetch';
import type { ResultMode } from './api-promise.js';
import type { AuthState } from './auth.js';
import type { Log } from './log.js';
import type { RateLimiter, RateLimitInfo } from './rate-limit.js';
import { capResponse } from './body.js';
import type { Deadline } from './deadline.js';
import { findHeaderFault, headerError, setHeaders, type HeaderFault } from './headers.js';
import { prepareRequest, type Flags } from './prepare.js';
import { followRedirects, isRedirect } from './redirect.js';
import type { StreamDecoder } from './send.js';
import type { ParamIn, RequestOptions, Route } from './types.js';

/** A client's settings, resolved once when it is created: its options over their defaults, and what is derived from them. */
export interface Transport {
  fetchClient: Client<Record<string, never>>;
  /** The `fetch` option; undefined for the global fetch. */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
  /** Headers of every request, names in lower case: User-Agent, the client's own headers, Authorization. */
  headers: Readonly<Record<string, string>>;
  /** `Bearer <token>`; it wins over any header of that name. */
  authorization: string | undefined;
  /** A client header (or the token) that cannot be sent: every call fails with it. */
  fault: HeaderFault | undefined;
  acceptVersion?: string | undefined;
  flags: Flags;
  flagQuery: string;
  timeout: number;
  maxRetries: number;
  retryNonIdempotent: boolean;
  maxRetryDelay: number;
  maxRedirects: number;
  maxResponseBytes?: number | undefined;
  /** Check parameters before sending (ClientOptions.validate). */
  validate: boolean;
  /** `{}` as the body of a non-GET request without one (ClientOptions.emptyBody). */
  emptyBody: boolean;
  /** An event stream's caps (sse.ts). */
  maxSseLineLength: number;
  maxSseEventLength: number;
  /** The client's auth strategy, when it has one (ClientOptions.auth). */
  auth: AuthState | undefined;
  /** ClientOptions.rateLimit, onRateLimit, retryOn429. */
  limiter: RateLimiter | undefined;
  onRateLimit?: ((info: RateLimitInfo) => void) | undefined;
  retryOn429: boolean;
  /** The client's logging, when it logs anything (ClientOptions.log, else LOSANT_SDK_LOG on a server). */
  log: Log | undefined;
  /** Request headers when a call adds none, per route version, for JSON and event streams: built once, only read. */
  headerCache: Map<string, Readonly<Record<string, string>>>;
}

/**
 * One call: its request, prepared once, and the `fetch` openapi-fetch calls for each attempt.
 * The attempt's signal is handed to that final fetch call only (fetch does real work for every
 * signal a request carries), and to the Request itself only for a custom fetch, which sees
 * nothing else. Redirects are followed here (redirect.ts), with `redirect: 'manual'`: a browser
 * answers an opaque redirect, which is re-sent.
 */
export class Exchange {
  readonly url: string;
  /** openapi-fetch's options for every attempt; its `body` is the body sent. */
  readonly init: {
    headers: Record<string, string | undefined>;
    body: string | FormData | undefined;
    signal?: AbortSignal | undefined;
  } & Record<string, unknown>;
  /** Multipart fields, until `send` has made them a FormData body. */
  form: Array<readonly [string, unknown, ParamIn]> | undefined;
  deadline: Deadline | undefined;
  /** The rate-limit windows this call belongs to (one key per bucket), when a limiter limits it. */
  limitKeys: (string | undefined)[] | undefined;
  /** The request openapi-fetch handed over for this attempt. */
  request: Request | undefined;
  /** An event stream's call (openStream). */
  readonly sse: boolean;
  /** Milliseconds each attempt may take. */
  readonly timeout: number;
  // Arrows made once per call (they share one context): openapi-fetch calls `send` for each attempt.
  readonly send = (request: Request): Promise<Response> => {
    this.request = request;
    return this.fetch(request).then(this.#received);
  };
  readonly #received = (response: Response): Response | Promise<Response> =>
    isRedirect(response)
      ? followRedirects(this.request!, response, this).then((r) => this.#cap(r))
      : this.#cap(response);

  constructor(
    readonly t: Transport,
    readonly route: Route,
    readonly call: RequestOptions,
    params: object | undefined,
    /** An event stream's events and its parser, given by openStream. */
    readonly stream: StreamDecoder | undefined,
    /** How the call delivers a 2xx result (`asResponse()`), when its ApiPromise can ask. */
    readonly mode: ResultMode | undefined,
  ) {
    const sse = (this.sse = stream !== undefined);
    this.timeout = call.timeout ?? t.timeout;
    const fault = t.fault ?? findHeaderFault(call.headers);
    if (fault) throw headerError(route.id, fault);
    const flagged = !sse && route.flags !== false;
    const prepared = prepareRequest(
      route,
      params,
      flagged ? t.flags : undefined,
      flagged ? t.flagQuery : '',
      t.validate,
    );
    if (prepared.headers) {
      const paramFault = findHeaderFault(prepared.headers);
      if (paramFault) throw headerError(route.id, { ...paramFault, kind: 'parameter' });
    }
    // Joined, not concatenated: a flat string, not a tree of parts held for the call's lifetime.
    this.url = prepared.query ? [prepared.path, prepared.query].join('?') : prepared.path;
    this.limitKeys = t.limiter?.keys(route, params);
    this.form = prepared.form;
    const middleware = call.middleware?.length ? (call.middleware as Middleware[]) : undefined;
    this.init = {
      headers: requestHeaders(t, route, call, sse, prepared.headers),
      body:
        prepared.json !== undefined
          ? JSON.stringify(prepared.json)
          : t.emptyBody && !prepared.form && route.method !== 'GET'
            ? '{}'
            : undefined,
      parseAs: 'stream',
      redirect: 'manual',
      fetch: this.send,
      ...(middleware ? { middleware } : {}),
    };
  }

  #cap(response: Response): Response {
    const limit = this.call.maxResponseBytes ?? this.t.maxResponseBytes;
    return limit === undefined || (this.sse && response.ok) ? response : capResponse(this.route.id, response, limit);
  }

  fetch(request: Request): Promise<Response> {
    const signal = this.deadline!.signal;
    const custom = this.t.fetch;
    if (custom) return custom(!signal || request === this.request ? request : new Request(request, { signal }));
    return signal ? globalThis.fetch(request, { signal }) : globalThis.fetch(request);
  }
}

/** Accept, Accept-Version, the client's headers, a call's: shared and cached when the call adds none. */
function requestHeaders(
  t: Transport,
  route: Route,
  call: RequestOptions,
  sse: boolean,
  fromParams: Record<string, string> | undefined,
): Record<string, string | undefined> {
  const common = !fromParams && !call.headers && call.acceptVersion === undefined;
  const key = sse ? ` ${route.version}` : route.version;
  const cached = common ? t.headerCache.get(key) : undefined;
  if (cached) return cached;
  const headers: Record<string, string | undefined> = {
    accept: sse ? 'text/event-stream' : 'application/json',
    'accept-version': call.acceptVersion ?? t.acceptVersion ?? `^${route.version}`,
    ...t.headers,
    ...fromParams,
  };
  if (common) t.headerCache.set(key, headers as Record<string, string>);
  else if (call.headers) {
    setHeaders(headers, call.headers);
    if (t.authorization) headers['authorization'] = t.authorization;
  }
  return headers;
}

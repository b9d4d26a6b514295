import { LosantAbortError, LosantApiError, LosantError } from './errors.js';
import type { Exchange } from './exchange.js';
import { headerProblem } from './headers.js';
import type { Route } from './types.js';

/**
 * Where a strategy keeps how a client starts with it (a token state of the client's own). Set by
 * the factories, so that the machinery comes with the strategy a program imports, not the client.
 */
export const START: unique symbol = Symbol('losant-sdk.auth');

/**
 * Performs one request of `route` without any strategy's token (an authentication action), and
 * resolves with its parsed result or rejects with a LosantError. Given by the client to
 * `AuthStrategy.authenticate`; routes are data, so core knows no Losant path.
 */
export type AuthSend = (route: Route, params: object | undefined) => Promise<unknown>;

/**
 * How a client gets (and renews) its token. The client calls `authenticate` before its first
 * call, again when a call is answered 401 or the token's `exp` is near; concurrent calls share
 * one authentication. Build one with `authStrategy`, `tokenProvider`, `credentialsStrategy`, or
 * (from `@losant-sdk/sdk`) `deviceCredentials` / `userCredentials`.
 */
export interface AuthStrategy extends AuthStrategyInit {
  /** How a client starts with the strategy (its own token state); set by the factories. */
  readonly [START]: (send: AuthSend) => AuthState;
}

/** What a strategy is made of (`authStrategy`'s argument). */
export interface AuthStrategyInit {
  /** Names the strategy in errors and inspection, e.g. `deviceCredentials`. */
  readonly name: string;
  /** The operation it calls (`auth.authenticateDevice`), when it calls one: named in a LosantAuthError. */
  readonly operationId?: string | undefined;
  /** Renew a JWT this many milliseconds before its `exp` (default 60 000), at most half its lifetime. */
  readonly refreshMargin?: number | undefined;
  /** Resolve with a token. Credentials stay in the strategy's closure: inspecting it shows only its name. */
  authenticate(send: AuthSend): Promise<string>;
}

export interface StrategyOptions {
  /** Renew a JWT this many milliseconds before its `exp`. Default 60 000 (at most half its lifetime). */
  refreshMargin?: number | undefined;
}

/** A strategy could not authenticate (the auth action failed, or the provider threw or gave no usable token). */
export class LosantAuthError extends LosantError {
  override readonly name = 'LosantAuthError';
  constructor(
    /** The strategy, e.g. `deviceCredentials`. */
    readonly strategy: string,
    /** The auth action it called, e.g. `auth.authenticateDevice` (undefined for a `tokenProvider`). */
    readonly operationId: string | undefined,
    reason: string,
    cause?: unknown,
  ) {
    super(
      `${strategy} could not authenticate${operationId ? ` (${operationId})` : ''}: ${reason}`,
      cause === undefined ? undefined : { cause },
    );
  }
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const DEFAULT_MARGIN_MS = 60_000;

/**
 * A strategy of your own: `authenticate(send)` resolves with a token, e.g. by calling an
 * authentication route with `send(route, params)` (a request without any strategy's token).
 * Inspecting the strategy shows only its name.
 */
export function authStrategy(init: AuthStrategyInit): AuthStrategy {
  return sealed({
    name: init.name,
    operationId: init.operationId,
    refreshMargin: init.refreshMargin,
    authenticate: (send: AuthSend) => init.authenticate(send),
  });
}

/** Hide everything but the name from `inspect`, `JSON.stringify` and string conversion; add how a client starts with it. */
function sealed(init: AuthStrategyInit): AuthStrategy {
  const strategy = init as AuthStrategy;
  const shown = `AuthStrategy { name: '${strategy.name}' }`;
  Object.defineProperty(strategy, START, { value: (send: AuthSend) => new AuthState(strategy, send) });
  Object.defineProperty(strategy, INSPECT, { value: () => shown });
  Object.defineProperty(strategy, 'toJSON', { value: () => ({ name: strategy.name }) });
  Object.defineProperty(strategy, 'toString', { value: () => shown });
  return Object.freeze(strategy);
}

/** Any way of getting a token: your function is called at the first call and whenever the token must be renewed. */
export function tokenProvider(
  provide: () => string | PromiseLike<string>,
  options: StrategyOptions = {},
): AuthStrategy {
  return sealed({
    name: 'tokenProvider',
    refreshMargin: options.refreshMargin,
    authenticate: async () => provide(),
  });
}

/**
 * A strategy that calls an authentication action (`route`, given as data) with `params` and uses
 * the `token` of its result. `@losant-sdk/sdk`'s `deviceCredentials` and `userCredentials` are
 * this, with the routes of `@losant-sdk/auth`.
 */
export function credentialsStrategy(init: {
  name: string;
  route: Route;
  params: object;
  refreshMargin?: number | undefined;
}): AuthStrategy {
  const { route, params } = init;
  return sealed({
    name: init.name,
    operationId: route.id,
    refreshMargin: init.refreshMargin,
    authenticate: async (send: AuthSend) => {
      const result = (await send(route, params)) as { token?: unknown } | undefined;
      return result?.token as string;
    },
  });
}

/** When a JWT expires (ms since the epoch), read from its payload without verifying it; undefined when it has no `exp`. */
export function jwtExpiry(token: string): number | undefined {
  const part = token.split('.')[1];
  if (part === undefined || token.split('.').length !== 3) return undefined;
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const exp = (JSON.parse(new TextDecoder().decode(bytes)) as { exp?: unknown } | null)?.exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** A client's token from its strategy: one authentication at a time, shared by every call waiting for it. */
export class AuthState {
  #token: string | undefined;
  /** When the current token should be renewed before use (ms since the epoch). */
  #renewAt = Infinity;
  /** When the current token expires (its JWT `exp`), Infinity when unknown. */
  #expiresAt = Infinity;
  #flight: Promise<string> | undefined;

  constructor(
    readonly strategy: AuthStrategy,
    readonly send: AuthSend,
    readonly now: () => number = Date.now,
  ) {}

  /** The token to send: the current one, or a fresh one when there is none or it is about to expire. */
  token(signal: AbortSignal | undefined, operationId: string): Promise<string> {
    const current = this.#token;
    if (current !== undefined && this.now() < this.#renewAt) return Promise.resolve(current);
    const renewal = this.#wait(this.#flight ?? this.#authenticate(), signal, operationId);
    // Renewing ahead of `exp` failed: the current token still works until then.
    if (current === undefined || !(this.now() < this.#expiresAt)) return renewal;
    return renewal.catch((e: unknown) =>
      e instanceof LosantAuthError && this.now() < this.#expiresAt ? current : Promise.reject(e),
    );
  }

  /**
   * A call under the strategy: with its current token; answered 401, once more with a renewed one
   * (a second 401 is the caller's LosantApiError, never a loop).
   */
  async run<R>(x: Exchange, attempts: (x: Exchange) => Promise<R>): Promise<R> {
    const { signal } = x.call;
    const token = await this.token(signal, x.route.id);
    bearer(x, token);
    try {
      return await attempts(x);
    } catch (e) {
      if (!(e instanceof LosantApiError) || e.status !== 401) throw e;
      bearer(x, await this.renew(token, signal, x.route.id));
      return attempts(x);
    }
  }

  /** `rejected` was answered 401: renew it, unless another call already did. */
  renew(rejected: string, signal: AbortSignal | undefined, operationId: string): Promise<string> {
    if (this.#token !== undefined && this.#token !== rejected) return Promise.resolve(this.#token);
    if (this.#token === rejected) this.#token = undefined;
    return this.#wait(this.#flight ?? this.#authenticate(), signal, operationId);
  }

  #authenticate(): Promise<string> {
    const { strategy } = this;
    const started = this.now();
    const flight = (async () => {
      let token: unknown;
      try {
        token = await strategy.authenticate(this.send);
      } catch (e) {
        const reason = e instanceof Error ? e.message : 'the strategy failed';
        throw new LosantAuthError(strategy.name, strategy.operationId, reason, e);
      }
      if (typeof token !== 'string' || token === '')
        throw new LosantAuthError(strategy.name, strategy.operationId, 'no token came back');
      if (headerProblem(token))
        throw new LosantAuthError(strategy.name, strategy.operationId, 'the token cannot be sent in a header');
      const expiry = jwtExpiry(token);
      const margin = strategy.refreshMargin ?? DEFAULT_MARGIN_MS;
      this.#token = token;
      this.#expiresAt = expiry ?? Infinity;
      this.#renewAt = expiry === undefined ? Infinity : expiry - Math.min(margin, Math.max(0, expiry - started) / 2);
      return token;
    })();
    this.#flight = flight;
    const done = () => {
      if (this.#flight === flight) this.#flight = undefined;
    };
    flight.then(done, done);
    return flight;
  }

  /** Wait for the shared authentication; a call's own signal ends only its own wait. */
  #wait(flight: Promise<string>, signal: AbortSignal | undefined, operationId: string): Promise<string> {
    if (!signal) return flight;
    if (signal.aborted) return Promise.reject(new LosantAbortError(operationId, signal.reason));
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(new LosantAbortError(operationId, signal.reason));
      signal.addEventListener('abort', onAbort, { once: true });
      flight.then(
        (token) => {
          signal.removeEventListener('abort', onAbort);
          resolve(token);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
  }
}

/** This call's headers with the token: a copy, as the call's headers may be shared. */
function bearer(x: Exchange, token: string): void {
  x.init.headers = { ...x.init.headers, authorization: `Bearer ${token}` };
}

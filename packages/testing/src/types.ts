// The mock's types, derived from the umbrella SDK's `LosantApi`: an operationId
// `resource.action` is the method `LosantApi[resource][action]`, so its params and result types
// are the SDK's own and can never drift from what the code under test calls.
import type { ApiPromise, EventStream, FLAG_NAMES, GapEvents, LosantApi, SseEvent } from '@losant-sdk/sdk';

type Resource = Exclude<keyof LosantApi, 'client' | 'withToken'> & string;

/** The action methods of a resource: the ones returning an `ApiPromise` (not the `iterate…` helpers). */
type ActionsOf<R extends Resource> = {
  [M in keyof LosantApi[R] & string]: LosantApi[R][M] extends (...args: never[]) => ApiPromise<unknown> ? M : never;
}[keyof LosantApi[R] & string];

/** Every action of every Losant API, as `resource.action` (its operationId): `'devices.get'`, `'device.sendCommand'`, … */
export type ActionName = { [R in Resource]: `${R}.${ActionsOf<R>}` }[Resource];

type ActionMethod<A extends ActionName> = A extends `${infer R extends Resource}.${infer M}`
  ? M extends keyof LosantApi[R]
    ? LosantApi[R][M]
    : never
  : never;

/** The params object of an action, as the SDK call takes it (`Parameters<LosantApi['device']['getState']>[0]`). */
export type ActionParams<A extends ActionName> =
  ActionMethod<A> extends (params: infer P, ...rest: never[]) => unknown ? NonNullable<P> : never;

/**
 * What an action resolves to in the SDK (`Awaited<ReturnType<LosantApi['device']['getState']>>`);
 * for an event-stream action, the list of events the mock streams: the documented ones (a `gap`
 * is what a reconnecting stream adds on the client side, never what the server sends).
 */
export type ActionResult<A extends ActionName> =
  ActionMethod<A> extends (...args: never[]) => ApiPromise<infer T>
    ? T extends EventStream<infer E>
      ? Array<SseEvent<Omit<E, keyof GapEvents>>>
      : T
    : never;

/** The body of a Losant error response (the spec's `error` schema). */
export interface LosantErrorBody {
  type?: string;
  message?: string;
}

/**
 * A reply with an explicit status: an error (`{ status: 404, body: { type: 'NotFound', message: '…' } }`)
 * or another documented success status (`{ status: 202, body: { jobQueued: true, … } }`). An object
 * whose only keys are `status` (an integer 100–599), `body` and `headers` is read as this.
 */
export interface StatusReply<A extends ActionName> {
  status: number;
  body?: ActionResult<A> | LosantErrorBody;
  headers?: Record<string, string>;
}

/** A reply value: the action's result (sent with its documented success status), or a status reply. */
export type ReplyValue<A extends ActionName> = ActionResult<A> | StatusReply<A>;

/** What `mock.on` answers with: a reply value, or a function of the request returning one. */
export type Reply<A extends ActionName> =
  ReplyValue<A> | ((request: MockRequest<A>) => ReplyValue<A> | PromiseLike<ReplyValue<A>>);

/** Which requests a reply is for: some of the action's params (each must equal what was sent), or a predicate. */
export type Match<A extends ActionName> = Partial<ActionParams<A>> | ((request: MockRequest<A>) => boolean);

type Flag = (typeof FLAG_NAMES)[number];

/** A param value as the wire carries it back: numbers and booleans as their text, JSON values parsed. */
export type WireValue<T> = T extends string
  ? T
  : T extends number | boolean | bigint
    ? `${T}`
    : T extends Date
      ? string
      : T;

/**
 * The params a request carried, named as the SDK call names them: path, query, header and body
 * params (the body under its documented name, e.g. `deviceCommand`; multipart fields by name, files
 * as `File`s). Query values are the text that was sent (`perPage: '50'`); JSON-encoded and bracketed
 * query params are parsed back into values. The response-shape flags (`_links`, …) are left out.
 */
export type CallParams<A extends ActionName> = {
  [K in Exclude<keyof ActionParams<A>, Flag>]?: WireValue<NonNullable<ActionParams<A>[K]>>;
};

/** One request the mock received for an action. */
export interface MockRequest<A extends ActionName = ActionName> {
  readonly action: A;
  readonly params: CallParams<A>;
  /** Upper case. */
  readonly method: string;
  /** The request path, as sent (percent-encoded). */
  readonly path: string;
  /** Path and query string, as sent. */
  readonly url: string;
  /** Request headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
}

/** A request the mock received and how it answered. */
export interface MockCall<A extends ActionName = ActionName> extends MockRequest<A> {
  /** The status the mock answered with. */
  readonly status: number;
  /** The JSON body (or, for a stream, the events) the mock answered with. */
  readonly response: unknown;
}

/** A request the real API would have rejected (or the mock could not answer), as `errors()` lists it. */
export interface UnexpectedRequest {
  /** The action the request was for, or undefined when no action has its method and path. */
  readonly action: ActionName | undefined;
  readonly method: string;
  readonly url: string;
  /** What the mock answered: 400 (invalid request), 401 (no token), 500 (a reply function's invalid reply), 501 (no reply). */
  readonly status: number;
  /** Everything that was wrong, one line each. */
  readonly problems: readonly string[];
}

export interface MockLosantOptions {
  /**
   * Answer actions with no programmed reply with the body recorded in the fixtures for that action
   * (default `true`). With `false`, such a request is answered 501 and listed by `errors()`.
   */
  defaults?: boolean;
  /** The token `mock.client()` sends (default `'mock-token'`). */
  token?: string;
}

import type { Middleware } from 'openapi-fetch';

/** Where a documented parameter goes on the wire. */
export type ParamIn =
  /** a path segment, always percent-encoded */
  | 'path'
  /** `name=value` */
  | 'query'
  /** `name=<JSON text>` (the docs type it `object`) */
  | 'query:json'
  /** `name[0][key]=value`, objects and arrays spelled out with brackets */
  | 'query:brackets'
  | 'header'
  /** the whole JSON request body */
  | 'body'
  /** a multipart text field */
  | 'form'
  /** a multipart field holding JSON text */
  | 'form:json'
  /** a multipart file part */
  | 'form:file';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Everything the runtime needs to know about one operation. Generated packages hold one
 * per documented action; the runtime never changes when the API does.
 */
export interface Route {
  /** operationId, `<resource>.<action>` */
  readonly id: string;
  readonly method: HttpMethod;
  /** Path template, `/applications/{applicationId}/archiveData` */
  readonly path: string;
  readonly params: Readonly<Record<string, ParamIn>>;
  /** Parameters that must be present. */
  readonly required?: readonly string[];
  /** Documented patterns, checked before sending (24-hex IDs). */
  readonly patterns?: Readonly<Record<string, string>>;
  /** Documented values of enum-valued path and query parameters, checked before sending. */
  readonly enums?: Readonly<Record<string, readonly string[]>>;
  /** Time parameters in milliseconds since the epoch: a `Date` given for one is sent as its milliseconds. */
  readonly times?: readonly string[];
  /** Earlier names of parameters (deprecated aliases): earlier name → the parameter's name. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** API version the route was generated from (sent as `Accept-Version: ^<version>`). */
  readonly version: string;
  /** `false`: the request carries no response-shape flags (event streams, raw requests). */
  readonly flags?: false;
  /** For an event stream: the history action a reconnect fills its gap from (see RouteBackfill). */
  readonly backfill?: RouteBackfill;
  /**
   * For a route with multipart fields (`form`, `form:json`, `form:file`): what makes them a body,
   * `toFormData`. Carried by the route so that only packages with such actions bundle the encoder.
   */
  readonly encodeForm?: FormEncoder;
}

/** Makes a call's multipart fields (name, value, where) a `FormData` body; rejects with a LosantValidationError. */
export type FormEncoder = (
  operationId: string,
  fields: ReadonlyArray<readonly [name: string, value: unknown, encoding: ParamIn]>,
) => Promise<FormData>;

/**
 * How a reconnecting event stream fetches what it missed, as data (generated from the overlay's
 * `backfill:`): the history action's route, which of the stream call's parameters it takes, which
 * of its parameters take the range (ms since the epoch), the cap on items and the oldest-first
 * order, and how an item becomes an event (its event name; the field holding its time).
 */
export interface RouteBackfill {
  readonly route: Route;
  /** Parameters of the stream call passed on to the history call, by the same name. */
  readonly carry: readonly string[];
  /** History parameter taking the start of the range. */
  readonly start: string;
  /** History parameter taking the end of the range. */
  readonly end: string;
  /** History parameter capping the items returned, and how many to ask for by default. */
  readonly limit?: { readonly param: string; readonly value: number };
  /** History parameter and value that sort the items oldest first. */
  readonly sort?: { readonly param: string; readonly value: string };
  /** The event each item is delivered as; the item is its data. */
  readonly event: string;
  /** Field of an item, and of the event's data, holding its time (ms, ISO date text or `{ $date }`). */
  readonly time: string;
}

/**
 * `T` with `undefined` accepted by each of its optional properties, as every generated params type
 * is: under `exactOptionalPropertyTypes` an optional property otherwise refuses `undefined`, and
 * `{ filter: process.env.FILTER }` would not compile. An undefined parameter is not sent.
 */
export type AcceptUndefined<T> = {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{} extends Pick<T, K>` is how to ask "is K optional?"
  [K in keyof T]: {} extends Pick<T, K> ? T[K] | undefined : T[K];
};

/** Parameters every Losant action accepts besides its documented ones. */
export interface CommonParams {
  /** Domain scope of the request (rarely needed); sent as the `losantdomain` header. */
  losantdomain?: string | undefined;
  /** Return resource actions in the response (sent as `_actions`; the client's default is `false`). */
  _actions?: boolean | undefined;
  /** Return resource links in the response (sent as `_links`; the client's default is `true`). */
  _links?: boolean | undefined;
  /** Return embedded resources in the response (sent as `_embedded`; the client's default is `true`). */
  _embedded?: boolean | undefined;
}

/** Per-call options. */
export interface RequestOptions {
  /** Cancels the request (and any pending retry wait); the call then rejects with a `LosantAbortError`. */
  signal?: AbortSignal | undefined;
  /** Extra headers for this call (an undefined value sends nothing). */
  headers?: Record<string, string | undefined> | undefined;
  /** Overrides the `Accept-Version` header for this call. */
  acceptVersion?: string | undefined;
  /** openapi-fetch middleware for this call only. */
  middleware?: Middleware[] | undefined;
  /** Milliseconds each attempt may take (overrides the client's `timeout`). */
  timeout?: number | undefined;
  /** Retries for this call (overrides the client's `maxRetries`). */
  maxRetries?: number | undefined;
  /** Allow retrying this POST/PATCH call. */
  retryNonIdempotent?: boolean | undefined;
  /** Largest response body accepted for this call, in bytes (overrides the client's `maxResponseBytes`). */
  maxResponseBytes?: number | undefined;
}

/**
 * A Node.js readable stream such as `fs.createReadStream(path)`, described by shape so that core
 * needs no Node types: async-iterable, with a `pipe` method. Its `path`, when a string, names the file.
 */
export interface NodeReadableLike extends AsyncIterable<unknown> {
  pipe(...args: never[]): unknown;
  readonly path?: unknown;
}

/**
 * What a multipart file field accepts: a `Blob` or `File`, bytes (`Buffer`, `Uint8Array` or any
 * other `ArrayBufferView`, an `ArrayBuffer`), a web `ReadableStream`, a Node.js readable stream, or
 * a string (sent as UTF-8). Streams are read to the end before the request is sent.
 */
export type Uploadable = Blob | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array> | NodeReadableLike | string;

/** Replace the file fields `K` of a multipart body type with `Uploadable`, keeping optionality. */
export type WithUploads<T, K extends keyof T> = { [P in keyof T]: P extends K ? Uploadable : T[P] };

/**
 * One Server-Sent Event, typed by the operation's documented event map. `backfilled: true` marks an
 * event a reconnecting stream fetched from the stream's history action after a reconnect, rather
 * than received live.
 */
export type SseEvent<E> = { [K in keyof E]: { event: K; data: E[K]; id?: string; backfilled?: true } }[keyof E];

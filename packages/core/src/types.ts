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

/** One Server-Sent Event, typed by the operation's documented event map. */
export type SseEvent<E> = { [K in keyof E]: { event: K; data: E[K]; id?: string } }[keyof E];

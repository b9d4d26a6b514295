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
  /** API version the route was generated from (sent as `Accept-Version: ^<version>`). */
  readonly version: string;
}

/** Parameters every Losant action accepts besides its documented ones. */
export interface CommonParams {
  /** Domain scope of the request (rarely needed); sent as the `losantdomain` header. */
  losantdomain?: string;
  /** Return resource actions in the response. */
  _actions?: boolean;
  /** Return resource links in the response. */
  _links?: boolean;
  /** Return embedded resources in the response. */
  _embedded?: boolean;
}

/** Per-call options. */
export interface RequestOptions {
  /** Cancels the request (and any pending retry wait). */
  signal?: AbortSignal;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
  /** Overrides the `Accept-Version` header for this call. */
  acceptVersion?: string;
  /** openapi-fetch middleware for this call only. */
  middleware?: Middleware[];
  /** Milliseconds each attempt may take (overrides the client's `timeout`). */
  timeout?: number;
  /** Retries for this call (overrides the client's `maxRetries`). */
  maxRetries?: number;
  /** Allow retrying this POST/PATCH call. */
  retryNonIdempotent?: boolean;
}

/** What a multipart file field accepts. */
export type Uploadable = Blob | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array>;

/** Replace the file fields `K` of a multipart body type with `Uploadable`, keeping optionality. */
export type WithUploads<T, K extends keyof T> = { [P in keyof T]: P extends K ? Uploadable : T[P] };

/** One Server-Sent Event, typed by the operation's documented event map. */
export type SseEvent<E> = { [K in keyof E]: { event: K; data: E[K]; id?: string } }[keyof E];

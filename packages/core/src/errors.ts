/** Base class of every error the SDK throws: `catch (e) { if (e instanceof LosantError) … }` catches them all. */
export class LosantError extends Error {
  override readonly name: string = 'LosantError';
}

/** The request id a response carries: Losant's `X-Request-Id` (or, from AWS in front of it, `X-Amzn-RequestId`). */
export function requestIdOf(headers: Headers): string | undefined {
  return headers.get('x-request-id') ?? headers.get('x-amzn-requestid') ?? undefined;
}

/** The API answered with a non-2xx status (or a 2xx body that is not what was documented). */
export class LosantApiError<Body = unknown> extends LosantError {
  override readonly name = 'LosantApiError';
  /** HTTP status. */
  readonly status: number;
  /** Losant's error type, e.g. `NotFound`, `Validation`. */
  readonly type: string | undefined;
  /** The server's own message (the body's `message`), undefined when the body has none. */
  readonly serverMessage: string | undefined;
  /** The parsed response body (JSON when it parses, else text). */
  readonly body: Body;
  /** Response headers. */
  readonly headers: Headers;
  /** Request id from the response headers, when the server sent one. */
  readonly requestId: string | undefined;
  /** The operation that failed, `<resource>.<action>`. */
  readonly operationId: string;

  constructor(init: {
    status: number;
    body: Body;
    headers: Headers;
    operationId: string;
    message?: string | undefined;
  }) {
    const losant =
      init.body && typeof init.body === 'object' ? (init.body as { type?: unknown; message?: unknown }) : {};
    const type = typeof losant.type === 'string' ? losant.type : undefined;
    const serverMessage = typeof losant.message === 'string' ? losant.message : undefined;
    const detail = [init.message, serverMessage].filter((m) => m !== undefined).join(': ') || `HTTP ${init.status}`;
    super(`${init.operationId} failed with ${init.status}${type ? ` ${type}` : ''}: ${detail}`);
    this.status = init.status;
    this.type = type;
    this.serverMessage = serverMessage;
    this.body = init.body;
    this.headers = init.headers;
    this.requestId = requestIdOf(init.headers);
    this.operationId = init.operationId;
  }

  /** The HTTP status, under the name Losant's own client (`losant-rest`) uses. */
  get statusCode(): number {
    return this.status;
  }
}

/**
 * The request never got a (complete) response: DNS, connection refused or reset, TLS. The message
 * says why, from the system error wherever the runtime put it (Node's fetch nests it two levels
 * down, `TypeError: fetch failed` → `cause` → `{ code, address, port }`):
 * `devices.get: network error: ECONNREFUSED 127.0.0.1:9 (fetch failed)`.
 */
export class LosantNetworkError extends LosantError {
  override readonly name = 'LosantNetworkError';
  /** The system error code (`ECONNREFUSED`, `ENOTFOUND`, `ECONNRESET`…), when the runtime gave one. */
  readonly code: string | undefined;
  constructor(
    readonly operationId: string,
    cause: unknown,
  ) {
    const why = systemError(cause);
    const top = cause instanceof Error ? cause.message : String(cause);
    const where = why.address ?? why.hostname;
    const detail = why.code
      ? `${why.code}${where ? ` ${where}${why.address && why.port !== undefined ? `:${why.port}` : ''}` : ''}${top && !top.includes(why.code) ? ` (${top})` : ''}`
      : why.messages.join(': ') || top;
    super(`${operationId}: network error: ${detail}`, { cause });
    this.code = why.code;
  }
}

interface SystemError {
  /** The messages along the chain, each once (`fetch failed: bad port`). */
  messages: string[];
  code?: string;
  address?: string;
  port?: string | number;
  hostname?: string;
}

/**
 * The first `code`, and the first `address`/`port` or `hostname`, along a chain of causes (and the
 * first of an AggregateError's errors, where Node reports each address it tried), a few levels deep.
 */
function systemError(error: unknown): SystemError {
  const out: SystemError = { messages: [] };
  const seen = new Set<unknown>();
  let node = error;
  for (let depth = 0; depth < 8 && node !== null && typeof node === 'object' && !seen.has(node); depth++) {
    seen.add(node);
    const e = node as { code?: unknown; address?: unknown; port?: unknown; hostname?: unknown; cause?: unknown };
    const message = node instanceof Error ? node.message : '';
    if (message && !out.messages.includes(message)) out.messages.push(message);
    if (out.code === undefined && typeof e.code === 'string' && e.code) out.code = e.code;
    if (out.address === undefined && out.hostname === undefined) {
      if (typeof e.address === 'string' && e.address) {
        out.address = e.address;
        if (typeof e.port === 'number' || (typeof e.port === 'string' && e.port)) out.port = e.port;
      } else if (typeof e.hostname === 'string' && e.hostname) out.hostname = e.hostname;
    }
    if (out.code !== undefined && (out.address ?? out.hostname) !== undefined) break;
    const errors = (node as { errors?: unknown }).errors;
    node = e.cause ?? (Array.isArray(errors) ? errors[0] : undefined);
  }
  return out;
}

/** No complete response within the timeout. */
export class LosantTimeoutError extends LosantError {
  override readonly name = 'LosantTimeoutError';
  constructor(
    readonly operationId: string,
    readonly timeoutMs: number,
  ) {
    super(`${operationId}: no complete response within ${timeoutMs} ms`);
  }
}

/** The caller's `signal` aborted the call (in flight, while waiting between retries, or while reading a stream). */
export class LosantAbortError extends LosantError {
  override readonly name = 'LosantAbortError';
  constructor(
    readonly operationId: string,
    /** The signal's `reason`, as the caller gave it. */
    readonly reason: unknown,
  ) {
    super(`${operationId}: aborted${reason instanceof Error && reason.message ? `: ${reason.message}` : ''}`, {
      cause: reason,
    });
  }
}

/**
 * The call was rejected before anything was sent: a parameter is missing, unknown or malformed,
 * or a header (the token included) holds a character HTTP cannot carry. The offending value is
 * never part of the message.
 */
export class LosantValidationError extends LosantError {
  override readonly name = 'LosantValidationError';
  constructor(
    readonly operationId: string,
    /** The offending parameter, option (`token`) or header name. */
    readonly param: string,
    /** What is wrong with it, e.g. `is required`. */
    readonly reason: string,
    kind: 'parameter' | 'option' | 'header' = 'parameter',
  ) {
    super(`${operationId}: ${kind} "${param}" ${reason}`);
  }
}

/** Redirects could not be followed: too many hops (a loop), or a `Location` that is not an http(s) URL. */
export class LosantRedirectError extends LosantError {
  override readonly name = 'LosantRedirectError';
  constructor(
    readonly operationId: string,
    reason: string,
  ) {
    super(`${operationId}: ${reason}`);
  }
}

/** The response body is larger than `maxResponseBytes`; the connection was dropped. */
export class LosantResponseTooLargeError extends LosantError {
  override readonly name = 'LosantResponseTooLargeError';
  constructor(
    readonly operationId: string,
    readonly maxResponseBytes: number,
  ) {
    super(`${operationId}: the response body is larger than maxResponseBytes (${maxResponseBytes})`);
  }
}

/** An event stream broke one of its limits (a line or an event too long); the connection was dropped. */
export class LosantStreamError extends LosantError {
  override readonly name = 'LosantStreamError';
  constructor(
    readonly operationId: string,
    reason: string,
  ) {
    super(`${operationId}: ${reason}`);
  }
}

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
  declare readonly name: 'LosantApiError';
  /** HTTP status. */
  declare readonly status: number;
  /** Losant's error type, e.g. `NotFound`, `Validation`. */
  declare readonly type: string | undefined;
  /** The server's own message (the body's `message`), undefined when the body has none. */
  declare readonly serverMessage: string | undefined;
  /** The parsed response body (JSON when it parses, else text). */
  declare readonly body: Body;
  /** Response headers. */
  declare readonly headers: Headers;
  /** Request id from the response headers, when the server sent one. */
  declare readonly requestId: string | undefined;
  /** The operation that failed, `<resource>.<action>`. */
  declare readonly operationId: string;

  constructor(init: {
    status: number;
    body: Body;
    headers: Headers;
    operationId: string;
    message?: string | undefined;
  }) {
    const { status, body, headers, operationId } = init;
    const losant = (body && typeof body === 'object' ? body : {}) as { type?: unknown; message?: unknown };
    const type = text(losant.type);
    const serverMessage = text(losant.message);
    const detail = [init.message, serverMessage].filter((m) => m !== undefined).join(': ') || `HTTP ${status}`;
    super(`${operationId} failed with ${status}${type ? ` ${type}` : ''}: ${detail}`);
    // Assigned rather than declared as fields: the same own properties, in the same order, in less code.
    Object.assign(this, {
      name: 'LosantApiError',
      status,
      type,
      serverMessage,
      body,
      headers,
      requestId: requestIdOf(headers),
      operationId,
    });
  }

  /** The HTTP status, under the name Losant's own client (`losant-rest`) uses. */
  get statusCode(): number {
    return this.status;
  }
}

/** A string, else undefined. */
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The request never got a (complete) response: DNS, connection refused or reset, TLS. The message
 * says why, from the system error wherever the runtime put it (Node's fetch nests it two levels
 * down, `TypeError: fetch failed` → `cause` → `{ code, address, port }`):
 * `devices.get: network error: ECONNREFUSED 127.0.0.1:9 (fetch failed)`.
 */
export class LosantNetworkError extends LosantError {
  declare readonly name: 'LosantNetworkError';
  declare readonly operationId: string;
  /** The system error code (`ECONNREFUSED`, `ENOTFOUND`, `ECONNRESET`…), when the runtime gave one. */
  declare readonly code: string | undefined;
  constructor(operationId: string, cause: unknown) {
    const [detail, code] = systemError(cause);
    super(`${operationId}: network error: ${detail}`, { cause });
    Object.assign(this, { name: 'LosantNetworkError', operationId, code });
  }
}

/**
 * What a network failure says, and its system error code: the first `code`, and the first
 * `address`:`port` or `hostname`, along a chain of causes (and the first of an AggregateError's
 * errors, where Node reports each address it tried), a few levels deep; without a code, the
 * messages along the chain, each once (`fetch failed: bad port`).
 */
function systemError(cause: unknown): [detail: string, code: string | undefined] {
  const messages: string[] = [];
  const seen = new Set<unknown>();
  let code: string | undefined;
  let where: string | undefined;
  for (let node = cause, depth = 0; depth < 8 && node && typeof node === 'object' && !seen.has(node); depth++) {
    seen.add(node);
    const e = node as { code?: unknown; address?: unknown; port?: unknown; hostname?: unknown; cause?: unknown };
    const message = node instanceof Error ? node.message : '';
    if (message && !messages.includes(message)) messages.push(message);
    code ||= text(e.code) || undefined;
    where ??= text(e.address)
      ? `${e.address as string}${typeof e.port === 'number' || text(e.port) ? `:${e.port as string}` : ''}`
      : text(e.hostname) || undefined;
    if (code && where) break;
    const errors = (node as { errors?: unknown }).errors;
    node = e.cause ?? (Array.isArray(errors) ? errors[0] : undefined);
  }
  const top = cause instanceof Error ? cause.message : String(cause);
  return [
    code
      ? `${code}${where ? ` ${where}` : ''}${top && !top.includes(code) ? ` (${top})` : ''}`
      : messages.join(': ') || top,
    code,
  ];
}

/** No complete response within the timeout. */
export class LosantTimeoutError extends LosantError {
  declare readonly name: 'LosantTimeoutError';
  declare readonly operationId: string;
  declare readonly timeoutMs: number;
  constructor(operationId: string, timeoutMs: number) {
    super(`${operationId}: no complete response within ${timeoutMs} ms`);
    Object.assign(this, { name: 'LosantTimeoutError', operationId, timeoutMs });
  }
}

/** The caller's `signal` aborted the call (in flight, while waiting between retries, or while reading a stream). */
export class LosantAbortError extends LosantError {
  declare readonly name: 'LosantAbortError';
  declare readonly operationId: string;
  /** The signal's `reason`, as the caller gave it. */
  declare readonly reason: unknown;
  constructor(operationId: string, reason: unknown) {
    super(`${operationId}: aborted${reason instanceof Error && reason.message ? `: ${reason.message}` : ''}`, {
      cause: reason,
    });
    Object.assign(this, { name: 'LosantAbortError', operationId, reason });
  }
}

/**
 * The call was rejected before anything was sent: a parameter is missing, unknown or malformed,
 * or a header (the token included) holds a character HTTP cannot carry. The offending value is
 * never part of the message.
 */
export class LosantValidationError extends LosantError {
  declare readonly name: 'LosantValidationError';
  declare readonly operationId: string;
  /** The offending parameter, option (`token`) or header name. */
  declare readonly param: string;
  /** What is wrong with it, e.g. `is required`. */
  declare readonly reason: string;
  constructor(
    operationId: string,
    param: string,
    reason: string,
    kind: 'parameter' | 'option' | 'header' = 'parameter',
  ) {
    super(`${operationId}: ${kind} "${param}" ${reason}`);
    Object.assign(this, { name: 'LosantValidationError', operationId, param, reason });
  }
}

/** Redirects could not be followed: too many hops (a loop), or a `Location` that is not an http(s) URL. */
export class LosantRedirectError extends LosantError {
  declare readonly name: 'LosantRedirectError';
  declare readonly operationId: string;
  constructor(operationId: string, reason: string) {
    super(`${operationId}: ${reason}`);
    Object.assign(this, { name: 'LosantRedirectError', operationId });
  }
}

/** The response body is larger than `maxResponseBytes`; the connection was dropped. */
export class LosantResponseTooLargeError extends LosantError {
  declare readonly name: 'LosantResponseTooLargeError';
  declare readonly operationId: string;
  declare readonly maxResponseBytes: number;
  constructor(operationId: string, maxResponseBytes: number) {
    super(`${operationId}: the response body is larger than maxResponseBytes (${maxResponseBytes})`);
    Object.assign(this, { name: 'LosantResponseTooLargeError', operationId, maxResponseBytes });
  }
}

/** An event stream broke one of its limits (a line or an event too long); the connection was dropped. */
export class LosantStreamError extends LosantError {
  declare readonly name: 'LosantStreamError';
  declare readonly operationId: string;
  constructor(operationId: string, reason: string) {
    super(`${operationId}: ${reason}`);
    Object.assign(this, { name: 'LosantStreamError', operationId });
  }
}

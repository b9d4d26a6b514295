/** Base class of every error the SDK throws. */
export class LosantError extends Error {
  override readonly name: string = 'LosantError';
}

/** The API answered with a non-2xx status (or a 2xx body that is not what was documented). */
export class LosantApiError<Body = unknown> extends LosantError {
  override readonly name = 'LosantApiError';
  /** HTTP status. */
  readonly status: number;
  /** Losant's error type, e.g. `NotFound`, `Validation`. */
  readonly type: string | undefined;
  /** The parsed response body (JSON when it parses, else text). */
  readonly body: Body;
  /** Response headers. */
  readonly headers: Headers;
  /** Request id from the response headers, when the server sent one. */
  readonly requestId: string | undefined;
  /** The operation that failed, `<resource>.<action>`. */
  readonly operationId: string;

  constructor(init: { status: number; body: Body; headers: Headers; operationId: string; message?: string }) {
    const losant = init.body && typeof init.body === 'object' ? (init.body as { type?: unknown; message?: unknown }) : {};
    const type = typeof losant.type === 'string' ? losant.type : undefined;
    const detail = init.message ?? (typeof losant.message === 'string' ? losant.message : `HTTP ${init.status}`);
    super(`${init.operationId} failed with ${init.status}${type ? ` ${type}` : ''}: ${detail}`);
    this.status = init.status;
    this.type = type;
    this.body = init.body;
    this.headers = init.headers;
    this.requestId = init.headers.get('x-request-id') ?? init.headers.get('x-amzn-requestid') ?? undefined;
    this.operationId = init.operationId;
  }
}

/** The request never got a response: DNS, connection refused or reset, TLS. */
export class LosantNetworkError extends LosantError {
  override readonly name = 'LosantNetworkError';
  constructor(
    readonly operationId: string,
    cause: unknown,
  ) {
    super(`${operationId}: network error: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
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

/** The call was rejected before anything was sent: a parameter is missing, unknown or malformed. */
export class LosantValidationError extends LosantError {
  override readonly name = 'LosantValidationError';
  constructor(
    readonly operationId: string,
    /** The offending parameter. */
    readonly param: string,
    reason: string,
  ) {
    super(`${operationId}: parameter "${param}" ${reason}`);
  }
}

import { LosantError, requestIdOf } from './errors.js';

/**
 * How a call delivers its 2xx result, read by `send` when the response's headers arrive:
 * `raw` (set by `asResponse()`) hands the Response over with its body unread; `decided` says the
 * choice was made (after which `asResponse()` comes too late).
 */
export interface ResultMode {
  raw: boolean;
  decided: boolean;
}

/** What `withResponse()` resolves with. */
export interface WithResponse<T> {
  /** The parsed data, as awaiting the call gives it. */
  data: T;
  /** The HTTP response it came from (its body already read). */
  response: Response;
  /** The request id the server sent (`X-Request-Id`), for support tickets and logs; undefined when it sent none. */
  requestId: string | undefined;
}

/**
 * What every SDK method returns: await it for the typed data; or call `withResponse()` for the
 * data with the raw `Response` and the request id; or, instead of awaiting it, `asResponse()` for
 * the `Response` with its body unread (`asStream()`: the body itself).
 */
export class ApiPromise<T> implements PromiseLike<T> {
  readonly #result: Promise<{ data: T; response: Response }>;
  readonly #mode: ResultMode | undefined;

  constructor(result: Promise<{ data: T; response: Response }>, mode?: ResultMode) {
    this.#result = result;
    this.#mode = mode;
  }

  /** The parsed data, the HTTP response it came from and its request id. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#result.then(withRequestId);
  }

  /**
   * The response of a 2xx answer with its body unread (nothing parsed, nothing buffered), instead
   * of the data: call it at once, in place of awaiting the call. The call's timeout goes on until
   * the body has been read (or cancelled); its `signal` still cancels the read. Errors are as for
   * any call (a non-2xx status is a LosantApiError).
   */
  asResponse(): Promise<Response> {
    const mode = this.#mode;
    if (!mode || (mode.decided && !mode.raw))
      return Promise.reject(
        new LosantError(
          mode
            ? 'asResponse() came after the response was read: call it at once, instead of awaiting the call'
            : 'asResponse() is not available on a reconnecting stream',
        ),
      );
    mode.raw = true;
    return this.#result.then(responseOf);
  }

  /** The body of a 2xx answer as a web ReadableStream of bytes, read as it arrives (see `asResponse()`). */
  asStream(): Promise<ReadableStream<Uint8Array>> {
    return this.asResponse().then(bodyOf);
  }

  then<A = T, B = never>(
    onfulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#result.then((r) => r.data).then(onfulfilled, onrejected);
  }

  catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.then(undefined, onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onfinally);
  }

  get [Symbol.toStringTag](): string {
    return 'ApiPromise';
  }
}

function withRequestId<T>(r: { data: T; response: Response }): WithResponse<T> {
  return { data: r.data, response: r.response, requestId: requestIdOf(r.response.headers) };
}

function responseOf(r: { response: Response }): Response {
  return r.response;
}

function bodyOf(response: Response): ReadableStream<Uint8Array> {
  return response.body ?? new Blob([]).stream();
}

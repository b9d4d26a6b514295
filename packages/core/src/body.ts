import type { Deadline } from './deadline.js';
import { LosantApiError, LosantResponseTooLargeError, type LosantError } from './errors.js';

/** The media type of a Content-Type header, lower case, without parameters ('' when absent). */
export function mediaType(contentType: string | null): string {
  if (!contentType) return '';
  const semicolon = contentType.indexOf(';');
  return (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

export const isJson = (type: string): boolean => type === 'application/json' || type.endsWith('+json');

/**
 * A 2xx response's result, by its content type: nothing for an empty body; JSON parsed; other
 * text as a string; anything else as a Blob (its type kept). An HTML page is never a Losant
 * result (a proxy's or captive portal's page): it is a LosantApiError, even if it parses as JSON.
 */
export async function readResult(operationId: string, response: Response): Promise<unknown> {
  if (response.status === 204 || response.body === null) return undefined;
  const type = mediaType(response.headers.get('content-type'));
  if (type === 'text/html') {
    const page = await response.text();
    throw new LosantApiError({
      status: response.status,
      body: page,
      headers: response.headers,
      operationId,
      message: 'the response is an HTML page, not the documented data',
    });
  }
  if (isJson(type)) {
    const text = await response.text();
    if (text === '') return undefined;
    try {
      return JSON.parse(text);
    } catch {
      throw new LosantApiError({
        status: response.status,
        body: text,
        headers: response.headers,
        operationId,
        message: 'the response body is not valid JSON',
      });
    }
  }
  if (type.startsWith('text/')) {
    const text = await response.text();
    return text === '' ? undefined : text;
  }
  const blob = await response.blob();
  return blob.size === 0 ? undefined : blob;
}

/**
 * The response with its body limited to `limit` bytes: a declared Content-Length over the limit
 * fails at once; otherwise reading fails as soon as the count passes it. Either way the body is
 * cancelled, which releases the connection.
 */
export function capResponse(operationId: string, response: Response, limit: number): Response {
  const body = response.body;
  if (!body) return response;
  const declared = Number(response.headers.get('content-length'));
  if (declared > limit) {
    body.cancel().catch(() => undefined);
    throw new LosantResponseTooLargeError(operationId, limit);
  }
  let seen = 0;
  const counted = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) throw new LosantResponseTooLargeError(operationId, limit);
        controller.enqueue(chunk);
      },
    }),
  );
  return withBody(response, counted);
}

/** The response with another body: same status and headers, and its URL (a new Response has none of its own). */
export function withBody(response: Response, body: ReadableStream<Uint8Array>): Response {
  const next = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(next, 'url', { value: response.url });
  return next;
}

/**
 * The response with its body still part of the attempt: `d` is released once the body has been
 * read, has failed or was cancelled, and a failure while reading is `fail`'s error.
 */
export function attemptBody(response: Response, d: Deadline, fail: (e: unknown) => LosantError): Response {
  const body = response.body;
  if (!body) {
    d.release();
    return response;
  }
  const reader = body.getReader();
  let open = true;
  const end = () => {
    if (open) {
      open = false;
      d.release();
    }
  };
  const read = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await reader.read();
        if (next.done) {
          end();
          controller.close();
        } else controller.enqueue(next.value);
      } catch (e) {
        const error = fail(e);
        end();
        controller.error(error);
      }
    },
    cancel(reason) {
      end();
      return reader.cancel(reason);
    },
  });
  return withBody(response, read);
}

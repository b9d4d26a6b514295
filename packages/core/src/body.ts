import type { Deadline } from './deadline.js';
import { LosantApiError, LosantResponseTooLargeError, type LosantError } from './errors.js';

/**
 * A 2xx response's result, by its content type: nothing for an empty body; JSON
 * (`application/json` or `+json`) parsed; other text as a string; anything else as a Blob (its
 * type kept). An HTML page is never a Losant result (a proxy's or captive portal's page): it is a
 * LosantApiError, even if it parses as JSON.
 */
export async function readResult(operationId: string, response: Response): Promise<unknown> {
  const { status, headers } = response;
  if (status === 204 || response.body === null) return undefined;
  // The media type: lower case, without parameters.
  const type = (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const fail = (body: string, message: string) => new LosantApiError({ status, body, headers, operationId, message });
  if (type === 'text/html') throw fail(await response.text(), 'the response is an HTML page, not the documented data');
  const json = type === 'application/json' || type.endsWith('+json');
  if (json || type.startsWith('text/')) {
    const text = await response.text();
    if (text === '' || !json) return text || undefined;
    try {
      return JSON.parse(text);
    } catch {
      throw fail(text, 'the response body is not valid JSON');
    }
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

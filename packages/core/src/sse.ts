import type { SseEvent } from './types.js';

/** A typed Server-Sent Events stream: iterate it with `for await`, stop it with `close()`. */
export interface EventStream<E> extends AsyncIterable<SseEvent<E>> {
  /** Close the connection; iteration ends. */
  close(): void;
  readonly response: Response;
}

/**
 * Parse `text/event-stream` (WHATWG HTML §9.2) into events. Comment lines (`:`, which
 * Losant uses for keepalives) and events outside the documented map (e.g. `keepAlive`)
 * are skipped; each documented event's data is parsed as JSON.
 */
export function eventStream<E>(response: Response, events: readonly (keyof E & string)[], abort: () => void): EventStream<E> {
  const known = new Set<string>(events);
  const body = response.body;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    abort();
    reader?.cancel().catch(() => undefined);
  };
  async function* iterate(): AsyncGenerator<SseEvent<E>> {
    if (!body) return;
    reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let event = '';
    let data: string[] = [];
    let id: string | undefined;
    try {
      while (!closed) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let newline: number;
        while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
          if (line === '') {
            const name = event || 'message';
            if (data.length && known.has(name)) {
              const text = data.join('\n');
              let parsed: unknown = text;
              try {
                parsed = JSON.parse(text);
              } catch {
                /* not JSON: hand the text over as is */
              }
              yield { event: name, data: parsed, ...(id !== undefined ? { id } : {}) } as SseEvent<E>;
            }
            event = '';
            data = [];
            continue;
          }
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const raw = colon < 0 ? '' : line.slice(colon + 1);
          const val = raw.startsWith(' ') ? raw.slice(1) : raw;
          if (field === 'event') event = val;
          else if (field === 'data') data.push(val);
          else if (field === 'id') id = val;
        }
      }
    } finally {
      close();
    }
  }
  const iterator = iterate();
  return {
    response,
    close,
    [Symbol.asyncIterator]: () => iterator,
  };
}

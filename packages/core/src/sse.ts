import { LosantAbortError, LosantNetworkError, LosantStreamError } from './errors.js';
import type { SseEvent } from './types.js';

/** A typed Server-Sent Events stream: iterate it with `for await`, stop it with `close()`. */
export interface EventStream<E> extends AsyncIterable<SseEvent<E>> {
  /** Close the connection; iteration ends. */
  close(): void;
  readonly response: Response;
  /**
   * Every event as the server sent it, data unparsed, including events the docs do not list
   * (`keepAlive`): what an `EventSource` would dispatch. Read either this or the stream itself, not both.
   */
  raw(): AsyncIterableIterator<RawEvent>;
}

/** Caps on what one stream may send, in characters (UTF-16 code units). */
export interface StreamLimits {
  maxLineLength: number;
  maxEventLength: number;
}

/** One dispatched event, before its data is parsed. */
export interface RawEvent {
  event: string;
  data: string;
  id: string | undefined;
}

/**
 * An incremental `text/event-stream` parser (WHATWG HTML §9.2): text goes in as it arrives,
 * complete events come out. Each character is scanned once: a line still waiting for its end is
 * kept as pieces and joined only when it ends, so cost stays linear in the input however it is
 * chunked. A line or an event's data beyond its cap throws a LosantStreamError.
 */
export class SseParser {
  readonly #limits: StreamLimits;
  readonly #operationId: string;
  readonly #breaks = /[\r\n]/g;
  #pieces: string[] = [];
  #pieceLength = 0;
  #afterCR = false;
  #event = '';
  #data: string[] = [];
  #dataLength = 0;
  #id: string | undefined;

  constructor(operationId: string, limits: StreamLimits) {
    this.#operationId = operationId;
    this.#limits = limits;
  }

  push(text: string, out: RawEvent[]): void {
    if (text === '') return;
    let start = this.#afterCR && text.charCodeAt(0) === 10 ? 1 : 0;
    this.#afterCR = false;
    const breaks = this.#breaks;
    breaks.lastIndex = start;
    for (let match = breaks.exec(text); match !== null; match = breaks.exec(text)) {
      const end = match.index;
      if (this.#pieceLength + end - start > this.#limits.maxLineLength) this.#tooLong('a line');
      const tail = text.slice(start, end);
      const line = this.#pieces.length ? this.#pieces.join('') + tail : tail;
      this.#pieces = [];
      this.#pieceLength = 0;
      start = end + 1;
      if (text.charCodeAt(end) === 13) {
        if (start === text.length) this.#afterCR = true;
        else if (text.charCodeAt(start) === 10) start++;
      }
      breaks.lastIndex = start;
      this.#line(line, out);
    }
    if (start < text.length) {
      this.#pieceLength += text.length - start;
      if (this.#pieceLength > this.#limits.maxLineLength) this.#tooLong('a line');
      this.#pieces.push(start === 0 ? text : text.slice(start));
    }
  }

  #line(line: string, out: RawEvent[]): void {
    if (line === '') {
      if (this.#data.length) out.push({ event: this.#event || 'message', data: this.#data.join('\n'), id: this.#id });
      this.#event = '';
      this.#data = [];
      this.#dataLength = 0;
      return;
    }
    if (line.charCodeAt(0) === 58) return; // ':' a comment, e.g. Losant's keepalives
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(line.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1);
    if (field === 'data') {
      this.#dataLength += value.length + (this.#data.length ? 1 : 0);
      if (this.#dataLength > this.#limits.maxEventLength) this.#tooLong('an event');
      this.#data.push(value);
    } else if (field === 'event') this.#event = value;
    else if (field === 'id' && !value.includes('\0')) this.#id = value;
  }

  #tooLong(what: string): never {
    const cap =
      what === 'a line'
        ? `maxSseLineLength (${this.#limits.maxLineLength})`
        : `maxSseEventLength (${this.#limits.maxEventLength})`;
    throw new LosantStreamError(this.#operationId, `the event stream sent ${what} longer than ${cap} characters`);
  }
}

export interface EventStreamInit {
  operationId: string;
  limits: StreamLimits;
  /** The caller's signal: reading fails with a LosantAbortError once it aborts. */
  signal: AbortSignal | undefined;
  /** Drop the connection. */
  abort: () => void;
  /** Called whenever bytes arrive (keep-alives included): a reconnecting stream's watchdog. */
  activity?: (() => void) | undefined;
}

/**
 * Parse a `text/event-stream` response into events. Comment lines (Losant's keepalives) and
 * events outside the documented map (e.g. `keepAlive`) are skipped; each documented event's data
 * is parsed as JSON (kept as text when it is not JSON). Failures are typed: a limit broken
 * (LosantStreamError), the caller's signal (LosantAbortError), the connection (LosantNetworkError).
 */
export function eventStream<E>(
  response: Response,
  events: readonly (keyof E & string)[],
  init: EventStreamInit,
): EventStream<E> {
  const known = new Set<string>(events);
  const body = response.body;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    init.abort();
    reader?.cancel().catch(() => undefined);
  };
  async function* rawEvents(): AsyncGenerator<RawEvent> {
    if (!body) return;
    reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser(init.operationId, init.limits);
    const ready: RawEvent[] = [];
    try {
      while (!closed) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (e) {
          if (closed) return;
          if (init.signal?.aborted) throw new LosantAbortError(init.operationId, init.signal.reason);
          throw new LosantNetworkError(init.operationId, e);
        }
        // At the end, an event without its closing blank line is discarded, as the standard says.
        if (chunk.done) break;
        init.activity?.();
        parser.push(decoder.decode(chunk.value, { stream: true }), ready);
        for (const raw of ready) {
          yield raw;
          if (closed) return;
        }
        ready.length = 0;
      }
    } finally {
      close();
    }
  }
  async function* iterate(): AsyncGenerator<SseEvent<E>> {
    for await (const raw of rawEvents()) {
      if (!known.has(raw.event)) continue;
      let data: unknown = raw.data;
      try {
        data = JSON.parse(raw.data);
      } catch {
        /* not JSON: hand the text over as is */
      }
      yield { event: raw.event, data, ...(raw.id !== undefined ? { id: raw.id } : {}) } as SseEvent<E>;
    }
  }
  let iterator: AsyncGenerator<SseEvent<E>> | undefined;
  let rawIterator: AsyncGenerator<RawEvent> | undefined;
  return {
    response,
    close,
    raw: () => (rawIterator ??= rawEvents()),
    [Symbol.asyncIterator]: () => (iterator ??= iterate()),
  };
}

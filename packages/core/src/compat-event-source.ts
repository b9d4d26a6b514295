import type { EventStream } from './sse.js';

type Handler = ((event: MessageEvent<string>) => unknown) | null;

/**
 * What losant-rest's stream actions resolve with: an `EventSource`-like object, built on the SDK's
 * own event stream. Every event the server sends is dispatched as a `MessageEvent` (its `data`
 * the text as sent, `lastEventId` its id) to `addEventListener(name, …)` listeners, and `message`
 * events to `onmessage` as well. When the stream ends or fails, an `error` event is dispatched
 * and the source is closed (the SDK does not reconnect on its own). `close()` releases the connection.
 */
export class CompatEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSED = 2;
  /** The stream's URL. */
  readonly url: string;
  readonly withCredentials = false;
  /** 1 (open) until the stream ends or `close()` is called, then 2 (closed). */
  readyState: number = 1;
  onopen: ((event: Event) => unknown) | null = null;
  onmessage: Handler = null;
  onerror: ((event: Event) => unknown) | null = null;
  readonly #stream: EventStream<unknown>;

  constructor(stream: EventStream<unknown>) {
    super();
    this.#stream = stream;
    this.url = stream.response.url;
    // On a later turn: the caller attaches its listeners once the promise has resolved.
    setTimeout(() => void this.#pump(), 0);
  }

  close(): void {
    this.readyState = 2;
    this.#stream.close();
  }

  async #pump(): Promise<void> {
    let failure: unknown;
    try {
      for await (const raw of this.#stream.raw()) {
        if (this.readyState === 2) return;
        const event = new MessageEvent<string>(raw.event, { data: raw.data, lastEventId: raw.id ?? '' });
        this.dispatchEvent(event);
        if (raw.event === 'message') this.onmessage?.(event);
      }
    } catch (e) {
      failure = e;
    }
    if (this.readyState === 2) return;
    this.readyState = 2;
    const event = Object.assign(new Event('error'), { error: failure });
    this.dispatchEvent(event);
    this.onerror?.(event);
  }
}

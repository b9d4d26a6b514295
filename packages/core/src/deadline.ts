/**
 * Deadlines for attempts. fetch needs an AbortSignal up front to be able to abort a stuck
 * request. An attempt gets its own controller and timer; on a server (Node, Deno, Bun: see
 * server.ts) attempts with the same timeout that start close together share one instead, unless
 * they must be aborted alone (a caller's signal, an event stream that `close()` ends).
 */
import { sharedDeadline } from './server.js';

export interface Deadline {
  /** Undefined when nothing could abort the attempt. */
  readonly signal: AbortSignal | undefined;
  timedOut(): boolean;
  /** The response is complete (or a stream established): the timeout no longer applies. */
  clearTimer(): void;
  /** The attempt is over. Call exactly once. */
  release(): void;
  /** Abort this attempt alone (own deadlines only). */
  abort(): void;
}

type Timer = ReturnType<typeof setTimeout>;

export const noop = (): void => {};

export function timeoutReason(timeoutMs: number): DOMException {
  return new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError');
}

/**
 * A deadline of its own: the caller's signal aborts it too, and so can `abort()`. A class rather
 * than closures: an attempt holds one object (bench/deadlines.ts: ~1.0 KiB with its controller and
 * timer; closures made it ~1.4), and it listens to the caller's signal itself (`handleEvent`).
 */
class OwnDeadline implements Deadline {
  readonly #controller = new AbortController();
  readonly signal = this.#controller.signal;
  readonly #outer: AbortSignal | undefined;
  #timer: Timer | undefined;
  #timedOut = false;

  constructor(timeoutMs: number, outer: AbortSignal | undefined) {
    this.#outer = outer;
    if (outer) {
      if (outer.aborted) this.handleEvent();
      else outer.addEventListener('abort', this);
    }
    if (timeoutMs > 0 && Number.isFinite(timeoutMs)) this.#timer = setTimeout(expire, timeoutMs, this, timeoutMs);
  }

  /** The caller's signal aborted. */
  handleEvent(): void {
    this.#controller.abort(this.#outer!.reason);
  }

  expire(timeoutMs: number): void {
    this.#timedOut = true;
    this.#controller.abort(timeoutReason(timeoutMs));
  }

  timedOut(): boolean {
    return this.#timedOut;
  }

  clearTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  release(): void {
    this.clearTimer();
    this.#outer?.removeEventListener('abort', this);
  }

  abort(): void {
    this.#controller.abort();
  }
}

function expire(deadline: OwnDeadline, timeoutMs: number): void {
  deadline.expire(timeoutMs);
}

const NONE: Deadline = { signal: undefined, timedOut: () => false, clearTimer: noop, release: noop, abort: noop };

/**
 * An attempt's deadline. `abortable`: the attempt must be abortable on its own (an event stream).
 * With neither a timeout, a caller's signal nor that need, fetch gets no signal at all. `shared`:
 * whether it may join a bucket (default: where the runtime has them, server.ts).
 */
export function deadline(
  timeoutMs: number,
  outer: AbortSignal | undefined,
  abortable: boolean,
  shared: boolean = sharedDeadline !== undefined,
): Deadline {
  const timed = timeoutMs > 0 && Number.isFinite(timeoutMs);
  if (outer || abortable || (timed && !(shared && sharedDeadline))) return new OwnDeadline(timeoutMs, outer);
  return timed ? sharedDeadline!(timeoutMs) : NONE;
}

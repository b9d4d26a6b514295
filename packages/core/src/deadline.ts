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

/** A deadline of its own: the caller's signal aborts it too, and so can `abort()`. */
function ownDeadline(timeoutMs: number, outer: AbortSignal | undefined): Deadline {
  const controller = new AbortController();
  const onAbort = () => controller.abort(outer!.reason);
  let expired = false;
  let timer: Timer | undefined;
  if (outer) {
    if (outer.aborted) onAbort();
    else outer.addEventListener('abort', onAbort);
  }
  if (timeoutMs > 0 && Number.isFinite(timeoutMs))
    timer = setTimeout(() => {
      expired = true;
      controller.abort(timeoutReason(timeoutMs));
    }, timeoutMs);
  const clearTimer = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  return {
    signal: controller.signal,
    timedOut: () => expired,
    clearTimer,
    release() {
      clearTimer();
      outer?.removeEventListener('abort', onAbort);
    },
    abort: () => controller.abort(),
  };
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
  if (outer || abortable || (timed && !(shared && sharedDeadline))) return ownDeadline(timeoutMs, outer);
  return timed ? sharedDeadline!(timeoutMs) : NONE;
}

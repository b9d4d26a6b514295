/**
 * One attempt's abort signal: fires when the caller aborts, when the timeout passes, or on
 * `abort()` (closing a stream), and remembers whether it was the timeout.
 */
export interface Deadline {
  /** Undefined when nothing could abort the attempt: a signal costs fetch real work per request. */
  signal: AbortSignal | undefined;
  timedOut(): boolean;
  /** The response is complete (or a stream established): the timeout no longer applies. */
  clearTimer(): void;
  /** The attempt is over: stop listening to the caller's signal. */
  release(): void;
  abort(): void;
}

export function deadline(timeoutMs: number, outer: AbortSignal | undefined, abortable = false): Deadline {
  const timed = Number.isFinite(timeoutMs) && timeoutMs > 0;
  if (!timed && !outer && !abortable) return UNBOUNDED;
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(outer!.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener('abort', onAbort, { once: true });
  const timer = timed
    ? setTimeout(() => {
        timedOut = true;
        controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
      }, timeoutMs)
    : undefined;
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    clearTimer: () => clearTimeout(timer),
    release: () => outer?.removeEventListener('abort', onAbort),
    abort: () => controller.abort(),
  };
}

const noop = () => {};
const UNBOUNDED: Deadline = { signal: undefined, timedOut: () => false, clearTimer: noop, release: noop, abort: noop };

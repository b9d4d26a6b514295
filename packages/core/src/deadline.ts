/**
 * Deadlines for attempts. fetch needs an AbortSignal up front to be able to abort a stuck
 * request, but a signal and a timer per request cost CPU and ~0.7 KiB of heap each. So attempts
 * with the same timeout that start close together share one: a bucket, whose single signal and
 * timer fire once the last of its members' deadlines has passed, at most 1% (and 1 s) after
 * each member's own. Attempts that must be aborted alone (a caller's signal, an event stream
 * that `close()` ends) get their own controller and timer, and so does every attempt where the
 * runtime ties a timer to the request that set it (workerd: a timer shared with a request that
 * has ended never fires): buckets only where `detectRuntime().sharedDeadlines` says so.
 */
import { detectRuntime } from './runtime.js';

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

/** Attempts started within this share of their timeout (at most 1 s) share a bucket. */
const WINDOW_SHARE = 0.01;
const MAX_WINDOW_MS = 1_000;
/** A bucket's signal carries one listener per member until garbage collection: keep them few. */
const MAX_MEMBERS = 256;

type Timer = ReturnType<typeof setTimeout>;

const noop = (): void => {};

function timeoutReason(timeoutMs: number): DOMException {
  return new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError');
}

/** Attempts with the same timeout that started close together: one signal, one timer (closures: less code than a class). */
interface Bucket extends Deadline {
  readonly closesAt: number;
  /** Attempts that joined, and those not yet released. */
  members: number;
  live: number;
  /** No longer accepting members. */
  close(): void;
}

function bucket(timeoutMs: number, now: number): Bucket {
  const controller = new AbortController();
  const window = Math.max(1, Math.min(MAX_WINDOW_MS, timeoutMs * WINDOW_SHARE));
  let expired = false;
  let timer: Timer | undefined = setTimeout(() => {
    expired = true;
    timer = undefined;
    controller.abort(timeoutReason(timeoutMs));
  }, window + timeoutMs);
  // Don't keep a process alive just to time out requests: their sockets already do.
  (timer as { unref?: () => void }).unref?.();
  const b: Bucket = {
    signal: controller.signal,
    closesAt: now + window,
    members: 0,
    live: 0,
    timedOut: () => expired,
    clearTimer: noop,
    abort: noop,
    release() {
      b.live--;
      // Once no member is left and no new one can join, nothing needs the timer.
      if (open.get(timeoutMs) !== b) b.close();
    },
    close() {
      if (b.live === 0 && timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
      }
    },
  };
  return b;
}

/** The bucket accepting members, per timeout. */
const open = new Map<number, Bucket>();

function sharedDeadline(timeoutMs: number): Deadline {
  const now = Date.now();
  let b = open.get(timeoutMs);
  if (!b || now >= b.closesAt || b.members >= MAX_MEMBERS) {
    const next = bucket(timeoutMs, now);
    open.set(timeoutMs, next);
    b?.close();
    b = next;
  }
  b.members++;
  b.live++;
  return b;
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

const SHARED = detectRuntime().sharedDeadlines;

/**
 * An attempt's deadline. `abortable`: the attempt must be abortable on its own (an event stream).
 * With neither a timeout, a caller's signal nor that need, fetch gets no signal at all. `shared`:
 * whether it may join a bucket (default: what the runtime allows).
 */
export function deadline(
  timeoutMs: number,
  outer: AbortSignal | undefined,
  abortable: boolean,
  shared: boolean = SHARED,
): Deadline {
  const timed = timeoutMs > 0 && Number.isFinite(timeoutMs);
  if (outer || abortable || (timed && !shared)) return ownDeadline(timeoutMs, outer);
  return timed ? sharedDeadline(timeoutMs) : NONE;
}

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

/** Don't keep a process alive just to time out requests: their sockets already do. */
function unref(timer: Timer): Timer {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

function timeoutReason(timeoutMs: number): DOMException {
  return new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError');
}

class Bucket implements Deadline {
  readonly #controller = new AbortController();
  readonly signal = this.#controller.signal;
  readonly #timeoutMs: number;
  readonly closesAt: number;
  #timer: Timer | undefined;
  #expired = false;
  #live = 0;
  members = 0;

  constructor(timeoutMs: number, now: number) {
    const window = Math.max(1, Math.min(MAX_WINDOW_MS, timeoutMs * WINDOW_SHARE));
    this.#timeoutMs = timeoutMs;
    this.closesAt = now + window;
    this.#timer = unref(setTimeout(expireBucket, window + timeoutMs, this));
  }

  join(): this {
    this.#live++;
    this.members++;
    return this;
  }

  expire(): void {
    this.#expired = true;
    this.#timer = undefined;
    this.#controller.abort(timeoutReason(this.#timeoutMs));
  }

  timedOut(): boolean {
    return this.#expired;
  }

  clearTimer(): void {}

  release(): void {
    // Once no member is left and no new one can join, nothing needs the timer.
    if (--this.#live === 0 && this.#timer !== undefined && open.get(this.#timeoutMs) !== this) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  abort(): void {}

  /** No longer accepting members. */
  close(): void {
    if (this.#live === 0 && this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }
}

function expireBucket(bucket: Bucket): void {
  bucket.expire();
}

/** The bucket accepting members, per timeout. */
const open = new Map<number, Bucket>();

function sharedDeadline(timeoutMs: number): Deadline {
  const now = Date.now();
  let bucket = open.get(timeoutMs);
  if (!bucket || now >= bucket.closesAt || bucket.members >= MAX_MEMBERS) {
    const next = new Bucket(timeoutMs, now);
    open.set(timeoutMs, next);
    bucket?.close();
    bucket = next;
  }
  return bucket.join();
}

/** A deadline of its own: the caller's signal aborts it too, and so can `abort()`. */
class OwnDeadline implements Deadline {
  readonly signal: AbortSignal;
  readonly #controller = new AbortController();
  readonly #outer: AbortSignal | undefined;
  #timer: Timer | undefined;
  #timedOut = false;

  constructor(timeoutMs: number, outer: AbortSignal | undefined) {
    this.signal = this.#controller.signal;
    if (outer) {
      this.#outer = outer;
      if (outer.aborted) this.#controller.abort(outer.reason);
      else outer.addEventListener('abort', this);
    }
    if (timeoutMs > 0 && Number.isFinite(timeoutMs)) this.#timer = setTimeout(expireOwn, timeoutMs, this, timeoutMs);
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
    if (this.#timer === undefined) return;
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

function expireOwn(deadline: OwnDeadline, timeoutMs: number): void {
  deadline.expire(timeoutMs);
}

const NONE: Deadline = { signal: undefined, timedOut: () => false, clearTimer() {}, release() {}, abort() {} };

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
  if (outer || abortable || (timed && !shared)) return new OwnDeadline(timeoutMs, outer);
  return timed ? sharedDeadline(timeoutMs) : NONE;
}

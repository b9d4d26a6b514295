/**
 * What only a server runtime needs. A bundle built for browsers gets no-server.ts in its place
 * (package.json's `browser` field maps dist/server.js to dist/no-server.js), so that it holds none
 * of this; Node, Deno, Bun and a workerd bundle load this file.
 *
 * - Shared deadlines. A signal and a timer per request cost CPU and ~0.7 KiB of heap each, which a
 *   server with many requests in flight feels (bench/deadlines.ts: ~1 MiB less with 1,000 in
 *   flight). So attempts with the same timeout that start close together share one: a bucket,
 *   whose single signal and timer fire once the last of its members' deadlines has passed, at
 *   most 1% (and 1 s) after each member's own. Only where `detectRuntime().sharedDeadlines` says
 *   so (workerd ties a timer to the request that set it; a timer shared with a request that has
 *   ended never fires there).
 * - `LOSANT_SDK_LOG`: a client without the `log` option logs at the level it names, to `console`
 *   (an environment variable a script may read; browsers, workers and edge runtimes have none).
 * - OpenTelemetry's auto-load: once OpenTelemetry has registered itself, the client loads
 *   core/tracing by dynamic import (a file beside this one: only an unbundled install has it; a
 *   bundle traces after `enableTracing`).
 */
import { noop, timeoutReason, type Deadline } from './deadline.js';
import { LOG, logging, type Log } from './log.js';
import { detectRuntime } from './runtime.js';
import type { TraceHook } from './tracing.js';

type Timer = ReturnType<typeof setTimeout>;

/** Attempts started within this share of their timeout (at most 1 s) share a bucket. */
const WINDOW_SHARE = 0.01;
const MAX_WINDOW_MS = 1_000;
/** A bucket's signal carries one listener per member until garbage collection: keep them few. */
const MAX_MEMBERS = 256;

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

function bucketDeadline(timeoutMs: number): Deadline {
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

/** An attempt's deadline in the bucket of its timeout, where the runtime allows sharing. */
export const sharedDeadline: ((timeoutMs: number) => Deadline) | undefined = detectRuntime().sharedDeadlines
  ? bucketDeadline
  : undefined;

// The same symbols as tracing.ts's TRACE_HOOK and OpenTelemetry's global (neither module is imported).
const TRACE_HOOK = Symbol.for('losant-sdk.tracing');
const OTEL = Symbol.for('opentelemetry.js.api.1');
let loading: Promise<unknown> | undefined;

/**
 * Load the tracing hook (core/tracing, and with it `@opentelemetry/api`) once OpenTelemetry has
 * registered itself: the load, the first time; undefined when OpenTelemetry is not there. A failed
 * load turns tracing off.
 */
export function loadTracing(): Promise<unknown> | undefined {
  const g = globalThis as { [TRACE_HOOK]?: TraceHook | false; [OTEL]?: unknown };
  if (!(OTEL in g)) return undefined;
  // Not a literal specifier: bundlers leave it to the runtime.
  return (loading ??= import(/* @vite-ignore */ new URL('./tracing.js', import.meta.url).href).then(
    (m: { install(): Promise<void> }) => m.install(),
    () => {
      g[TRACE_HOOK] ??= false;
    },
  ));
}

/** The logging `LOSANT_SDK_LOG` asks for (to `console`), for a client without the `log` option. */
export const envLog = (): Log | undefined => logging()[LOG];

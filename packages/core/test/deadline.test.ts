/** Deadlines, on fake timers: attempts share a signal and a timer per bucket unless they must be aborted alone. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deadline } from '../src/deadline.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

// Each test uses its own timeout: buckets are shared per timeout, module-wide.
describe('shared deadlines', () => {
  it('attempts started together share one signal and one timer; a later one gets another', () => {
    const timers = vi.getTimerCount();
    const a = deadline(10_001, undefined, false);
    const b = deadline(10_001, undefined, false);
    expect(b.signal).toBe(a.signal);
    expect(vi.getTimerCount()).toBe(timers + 1);
    vi.advanceTimersByTime(101); // past the bucket's window: 1% of the timeout
    const c = deadline(10_001, undefined, false);
    expect(c.signal).not.toBe(a.signal);
    for (const d of [a, b, c]) d.release();
  });

  it('fires once every member’s deadline has passed, at most 1% late, as a TimeoutError', () => {
    const a = deadline(20_000, undefined, false);
    vi.advanceTimersByTime(150);
    const b = deadline(20_000, undefined, false);
    expect(b.signal).toBe(a.signal);
    vi.advanceTimersByTime(20_000 - 150 - 1); // a's own deadline is still 1 ms away
    expect(a.signal!.aborted).toBe(false);
    vi.advanceTimersByTime(1 + 200); // b's deadline + the 1% window
    expect(a.signal!.aborted).toBe(true);
    expect((a.signal!.reason as DOMException).name).toBe('TimeoutError');
    expect(a.timedOut() && b.timedOut()).toBe(true);
    a.release();
    b.release();
  });

  it('a bucket that closed and emptied drops its timer: nothing keeps firing for finished requests', () => {
    const timers = vi.getTimerCount();
    const a = deadline(30_000, undefined, false);
    vi.advanceTimersByTime(301);
    const b = deadline(30_000, undefined, false); // closes a's bucket
    expect(vi.getTimerCount()).toBe(timers + 2);
    a.release();
    expect(vi.getTimerCount()).toBe(timers + 1);
    b.release(); // b's bucket is still open: its timer stays until it closes
    expect(vi.getTimerCount()).toBe(timers + 1);
    expect(a.timedOut()).toBe(false);
  });

  it('takes at most 256 members per bucket', () => {
    const first = deadline(40_000, undefined, false);
    const members = [first, ...Array.from({ length: 255 }, () => deadline(40_000, undefined, false))];
    expect(members.every((d) => d.signal === first.signal)).toBe(true);
    const next = deadline(40_000, undefined, false);
    expect(next.signal).not.toBe(first.signal);
    for (const d of [...members, next]) d.release();
  });
});

describe('own deadlines', () => {
  it('a caller’s signal: aborts with its reason, not a timeout; released, it no longer listens', () => {
    const caller = new AbortController();
    const d = deadline(50_000, caller.signal, false);
    expect(d.signal).not.toBe(caller.signal);
    caller.abort('bye');
    expect(d.signal!.aborted).toBe(true);
    expect(d.signal!.reason).toBe('bye');
    expect(d.timedOut()).toBe(false);
    const other = new AbortController();
    const released = deadline(50_000, other.signal, false);
    released.release();
    other.abort();
    expect(released.signal!.aborted).toBe(false);
  });

  it('a caller’s signal aborted before the attempt: its deadline starts aborted, with that reason', () => {
    const d = deadline(50_500, AbortSignal.abort('already'), false);
    expect(d.signal!.aborted).toBe(true);
    expect(d.signal!.reason).toBe('already');
    expect(d.timedOut()).toBe(false);
    d.release();
  });

  it('times out on its own timer; a stream’s can be aborted alone, and has no timer once cleared', () => {
    const d = deadline(1_000, new AbortController().signal, false);
    vi.advanceTimersByTime(1_000);
    expect(d.timedOut()).toBe(true);
    expect((d.signal!.reason as DOMException).message).toBe('timed out after 1000 ms');
    const stream = deadline(1_000, undefined, true);
    stream.clearTimer();
    vi.advanceTimersByTime(5_000);
    expect(stream.signal!.aborted).toBe(false);
    stream.abort();
    expect(stream.signal!.aborted).toBe(true);
  });

  it('no timeout, no caller signal, no stream: no signal at all', () => {
    expect(deadline(0, undefined, false).signal).toBeUndefined();
    expect(deadline(Infinity, undefined, false).signal).toBeUndefined();
  });
});

describe('where the runtime ties a timer to its request (workerd): no sharing', () => {
  it('attempts started together each get their own signal and timer, and each fires on its own deadline', () => {
    const timers = vi.getTimerCount();
    const a = deadline(50_000, undefined, false, false);
    vi.advanceTimersByTime(30);
    const b = deadline(50_000, undefined, false, false);
    expect(b.signal).not.toBe(a.signal);
    expect(vi.getTimerCount()).toBe(timers + 2);
    // a's request is over: its timer goes, b's stays and fires on time.
    a.release();
    expect(vi.getTimerCount()).toBe(timers + 1);
    vi.advanceTimersByTime(50_000 - 1); // b started 30 ms after a: its deadline is 1 ms away
    expect(b.signal!.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(b.signal!.aborted).toBe(true);
    expect((b.signal!.reason as DOMException).name).toBe('TimeoutError');
    expect(b.timedOut()).toBe(true);
    expect(a.timedOut()).toBe(false);
    b.release();
  });

  it('still gives no signal at all without a timeout', () => {
    expect(deadline(0, undefined, false, false).signal).toBeUndefined();
  });

  it('on Node (this test) the default is to share', () => {
    const a = deadline(60_001, undefined, false);
    const b = deadline(60_001, undefined, false);
    expect(b.signal).toBe(a.signal);
    a.release();
    b.release();
  });
});

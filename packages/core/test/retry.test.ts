import { describe, expect, it } from 'vitest';
import { isRetryableStatus, mayRetry, parseRetryAfter, retryDelay, sleep } from '../src/retry.js';

describe('retry policy', () => {
  it('retries idempotent methods by default, POST and PATCH only when allowed', () => {
    for (const m of ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']) expect(mayRetry(m, false), m).toBe(true);
    for (const m of ['POST', 'PATCH']) {
      expect(mayRetry(m, false), m).toBe(false);
      expect(mayRetry(m, true), m).toBe(true);
    }
  });

  it('retries 429, 502, 503 and 504 only', () => {
    expect([200, 400, 401, 404, 409, 422, 429, 500, 501, 502, 503, 504].filter(isRetryableStatus)).toEqual([
      429, 502, 503, 504,
    ]);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.UTC(2026, 10, 22, 12, 0, 0);
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Sun, 22 Nov 2026 12:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('backs off exponentially with full jitter, and caps every wait', () => {
    const top = (retry: number) => retryDelay(retry, null, 60_000, 0, () => 0.999999);
    expect([0, 1, 2, 3, 4, 5].map((r) => Math.round(top(r)))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(retryDelay(3, null, 60_000, 0, () => 0)).toBe(0);
    expect(retryDelay(0, '120', 5_000, 0)).toBe(5_000);
    expect(retryDelay(0, '2', 60_000, 0, () => 0.1)).toBe(2_000);
  });

  it('a wait ends early when its signal aborts', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const waiting = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(performance.now() - started).toBeLessThan(1_000); // not the 10 s it was asked to wait
    await expect(sleep(10, undefined)).resolves.toBeUndefined();
  });
});

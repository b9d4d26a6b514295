/** Methods safe to send again: retried, and re-sent after a redirect the runtime hides. */
export const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const BASE_DELAY_MS = 500;
const BACKOFF_CAP_MS = 8_000;

export function mayRetry(method: string, retryNonIdempotent: boolean): boolean {
  return IDEMPOTENT.has(method) || retryNonIdempotent;
}

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUS.has(status);
}

/**
 * How long to wait before retry number `retry` (0-based): the server's Retry-After when it
 * sent one (seconds or an HTTP date), else exponential backoff with full jitter; capped.
 */
export function retryDelay(
  retry: number,
  retryAfter: string | null,
  maxRetryDelay: number,
  now = Date.now(),
  random = Math.random,
): number {
  const fromServer = parseRetryAfter(retryAfter, now);
  const delay = fromServer ?? random() * Math.min(BACKOFF_CAP_MS, BASE_DELAY_MS * 2 ** retry);
  return Math.max(0, Math.min(delay, maxRetryDelay));
}

export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Wait, unless the signal aborts first (then reject with its reason). */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

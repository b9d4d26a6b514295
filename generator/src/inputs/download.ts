// Downloading a pinned input from its origin: a few attempts with backoff for what may pass (a
// network error, a timeout, 429, 5xx), none for what will not (404, 403), and a size limit.

export interface DownloadOptions {
  fetch: typeof fetch;
  /** Per attempt. */
  timeoutMs: number;
  /** Including the first. Default 3. */
  attempts?: number;
  /** Largest body accepted. */
  maxBytes: number;
  /** Waits between attempts (replaceable in tests). */
  sleep?: (ms: number) => Promise<void>;
}

/** Why a download failed, after every attempt it deserved. */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function download(url: string, o: DownloadOptions): Promise<Buffer> {
  const attempts = o.attempts ?? 3;
  let last = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await (o.sleep ?? wait)(500 * 2 ** (attempt - 2));
    let res: Response;
    try {
      res = await o.fetch(url, { signal: AbortSignal.timeout(o.timeoutMs) });
    } catch (cause) {
      last =
        cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause);
      continue;
    }
    if (res.status === 429 || res.status >= 500) {
      last = `HTTP ${res.status}`;
      await res.body?.cancel().catch(() => undefined);
      continue;
    }
    if (!res.ok) throw new DownloadError(`HTTP ${res.status}`, attempt);
    if (Number(res.headers.get('content-length')) > o.maxBytes)
      throw new DownloadError(`${res.headers.get('content-length')} bytes, more than ${o.maxBytes}`, attempt, true);
    try {
      const data = Buffer.from(await res.arrayBuffer());
      if (data.length > o.maxBytes)
        throw new DownloadError(`${data.length} bytes, more than ${o.maxBytes}`, attempt, true);
      return data;
    } catch (cause) {
      if (cause instanceof DownloadError) throw cause;
      last = cause instanceof Error ? cause.message : String(cause);
    }
  }
  throw new DownloadError(`${last} (${attempts} attempts)`, attempts);
}

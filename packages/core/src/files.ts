/**
 * `@losant-sdk/core/files`: files end to end. Losant creates a file (`files.post`,
 * `privateFiles.post`) and answers with a pre-signed form for object storage; these helpers send
 * the content there, and download a file's content as a stream. The generated packages call them
 * (`files.upload`, `file.download`); nothing here is loaded by a client that does not use them.
 */
import { attemptBody } from './body.js';
import type { LosantClient } from './client.js';
import { deadline, type Deadline } from './deadline.js';
import {
  LosantAbortError,
  LosantApiError,
  LosantError,
  LosantNetworkError,
  LosantTimeoutError,
  LosantValidationError,
} from './errors.js';
import { logAttempt } from './log.js';
import { readFileValue } from './multipart.js';
import { retryDelay, sleep } from './retry.js';
import { settingsOf, type ClientSettings } from './settings.js';
import type { RequestOptions, Route, Uploadable } from './types.js';

/** What `upload` takes: the create action's parameters, the file's description without what the content says, and the content. */
export type FileUploadParams<P, K extends keyof P> = Omit<P, K> & {
  [Q in K]: Omit<P[K], 'type' | 'fileSize' | 'name'> & {
    /** The file's name; default: the content's own (a File's, a `fs.createReadStream` path's base name). */
    name?: string | undefined;
  };
} & {
  /** The bytes: anything a multipart file field accepts (`Uploadable`). */
  content: Uploadable;
};

/** Per-call options of the downloads: the call's, plus a client whose settings (fetch, timeout, retries, logging) apply. */
export interface DownloadOptions extends Pick<RequestOptions, 'signal' | 'timeout' | 'maxRetries'> {
  client?: LosantClient | undefined;
}

type Upload = { upload?: { url?: string; fields?: Record<string, string> } };

/** Object storage's answers worth another try: its internal errors and throttling, a gateway's. */
const STORAGE_RETRY = new Set([429, 500, 502, 503, 504]);

/**
 * Create a file with `create` (`files.post`, `privateFiles.post`), then POST its content to the
 * pre-signed form the answer holds: the form's fields in the order given, the file part last (as
 * object storage requires). The content is read first: its size is the file's `fileSize` and its
 * type the `contentType` unless given. Resolves with what `create` answered.
 */
export async function uploadFile<R>(
  client: LosantClient,
  create: Route,
  params: object,
  options: RequestOptions = {},
): Promise<R> {
  const action = `${create.id.slice(0, create.id.indexOf('.'))}.upload`;
  const key = Object.keys(create.params).find((k) => create.params[k] === 'body')!;
  const { content, [key]: described, ...rest } = params as Record<string, unknown> & { content?: unknown };
  if (content === undefined) throw new LosantValidationError(action, 'content', 'is required');
  const { blob, fileName } = await readFileValue(action, 'content', content);
  const description = { ...(described as Record<string, unknown> | undefined) };
  const name = description['name'] ?? fileName;
  if (typeof name !== 'string' || !name)
    throw new LosantValidationError(action, `${key}.name`, 'is required (the content carries no name of its own)');
  const type = (description['contentType'] as string | undefined) ?? (blob.type || 'application/octet-stream');
  const file = { ...description, name, type: 'file', fileSize: blob.size, contentType: type };
  const created = (await client.request<R & Upload>(create, { ...rest, [key]: file }, options)) as R & Upload;
  const url = created?.upload?.url;
  if (typeof url !== 'string')
    throw new LosantError(`${action}: ${create.id} answered without an upload form (upload.url)`);
  const form = new FormData();
  for (const [field, value] of Object.entries(created.upload!.fields ?? {})) form.append(field, value);
  form.append('file', blob.type === type ? blob : new Blob([blob], { type }), name);
  const { response, d } = await storage(action, 'POST', url, form, settingsOf(client), options);
  d.release();
  await response.body?.cancel();
  return created;
}

/**
 * A file's content as a stream: `get` (`file.get`, `privateFile.get`) says where it is (`url`),
 * then that URL is downloaded (see `downloadUrl`).
 */
export async function downloadFile(
  client: LosantClient,
  get: Route,
  params: object,
  options: RequestOptions = {},
): Promise<ReadableStream<Uint8Array>> {
  const file = await client.request<{ url?: unknown; type?: unknown }>(get, params, options);
  const action = `${get.id.slice(0, get.id.indexOf('.'))}.download`;
  if (typeof file?.url !== 'string')
    throw new LosantError(`${action}: ${get.id} answered without a url (a directory, or a file not uploaded yet)`);
  return download(action, file.url, settingsOf(client), options);
}

/**
 * The content at a file's URL (`file.url`, or a private file's pre-signed one) as a web
 * ReadableStream, read as it arrives. Nothing of the client is sent (no token); its fetch,
 * timeout, retries and logging apply when `options.client` is given. The timeout lasts until the
 * body has been read; the signal cancels the read.
 */
export function downloadUrl(url: string, options: DownloadOptions = {}): Promise<ReadableStream<Uint8Array>> {
  return download('downloadUrl', url, settingsOf(options.client), options);
}

async function download(
  action: string,
  url: string,
  s: ClientSettings,
  options: Pick<RequestOptions, 'signal' | 'timeout' | 'maxRetries'>,
): Promise<ReadableStream<Uint8Array>> {
  const { response, d } = await storage(action, 'GET', url, undefined, s, options);
  const timeout = options.timeout ?? s.timeout;
  const signal = options.signal;
  const body = attemptBody(response, d, (e) => failure(action, d, timeout, signal, e));
  return body.body ?? new Blob([]).stream();
}

/**
 * One request to object storage (or a file's URL), with the client's timeout, abort and retry
 * rules. Retried (up to maxRetries) after a network error, a timeout or a 429/500/502/503/504:
 * safe for a download, and for a pre-signed POST too, which names one key and holds the whole
 * content (a Blob, sent again unchanged): repeating it stores the same bytes under the same key.
 * Resolves with a 2xx response and its attempt's deadline (the caller releases it); anything
 * else is a LosantApiError (its body the storage's text).
 */
async function storage(
  action: string,
  method: 'GET' | 'POST',
  url: string,
  body: FormData | undefined,
  s: ClientSettings,
  options: Pick<RequestOptions, 'signal' | 'timeout' | 'maxRetries'>,
): Promise<{ response: Response; d: Deadline }> {
  const signal = options.signal;
  const timeout = options.timeout ?? s.timeout;
  const retries = options.maxRetries ?? s.maxRetries;
  const where = logged(url);
  for (let n = 0; ; n++) {
    if (signal?.aborted) throw new LosantAbortError(action, signal.reason);
    const d = deadline(timeout, signal, true);
    const started = s.log ? performance.now() : 0;
    let why: number | LosantError;
    let retryAfter: string | null = null;
    try {
      const request = new Request(url, { method, body: body ?? null, signal: d.signal ?? null });
      const response = await (s.fetch ?? globalThis.fetch)(request);
      if (response.ok) {
        if (s.log) logAttempt(s.log, { id: action, method }, where, n, started, response.status);
        return { response, d };
      }
      const text = await response.text();
      if (!STORAGE_RETRY.has(response.status) || n >= retries)
        throw new LosantApiError({
          status: response.status,
          body: text,
          headers: response.headers,
          operationId: action,
          message: method === 'POST' ? 'object storage refused the upload' : 'the download failed',
        });
      retryAfter = response.headers.get('retry-after');
      why = response.status;
    } catch (e) {
      const error = failure(action, d, timeout, signal, e);
      d.release();
      if (!(error instanceof LosantTimeoutError || error instanceof LosantNetworkError) || n >= retries) {
        if (s.log) logAttempt(s.log, { id: action, method }, where, n, started, error);
        throw error;
      }
      why = error;
    }
    d.release();
    const wait = retryDelay(n, retryAfter, s.maxRetryDelay);
    if (s.log) logAttempt(s.log, { id: action, method }, where, n, started, why, wait, retryAfter);
    try {
      await sleep(wait, signal);
    } catch {
      throw new LosantAbortError(action, signal!.reason);
    }
  }
}

function failure(
  action: string,
  d: Deadline,
  timeout: number,
  signal: AbortSignal | undefined,
  e: unknown,
): LosantError {
  if (e instanceof LosantError) return e;
  if (d.timedOut()) return new LosantTimeoutError(action, timeout);
  if (signal?.aborted) return new LosantAbortError(action, signal.reason);
  return new LosantNetworkError(action, e);
}

/** The URL as logged: origin and path, the query's names only (a pre-signed URL's query is a credential). */
function logged(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${u.search ? `?${[...u.searchParams.keys()].join('&')}` : ''}`;
  } catch {
    return '(not a URL)';
  }
}

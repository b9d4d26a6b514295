import { readFileSync } from 'node:fs';

// Recorded exchanges in HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/): the format
// browser devtools and proxies read. The fixtures harness records them; the testing kit bundles
// their replies. One file per operation; each entry is one scenario. Custom fields start with
// `_`, as the spec allows: `_scenario` and `_call` (the SDK call that produced the request).

export interface HarHeader {
  name: string;
  value: string;
}

export interface HarParam {
  name: string;
  value?: string;
  fileName?: string;
  contentType?: string;
  /** Custom: the value is base64 (file parts). */
  _encoding?: 'base64';
}

export interface HarRequest {
  method: string;
  url: string;
  httpVersion: string;
  cookies: never[];
  headers: HarHeader[];
  queryString: HarHeader[];
  postData?: { mimeType: string; text?: string; params?: HarParam[] };
  headersSize: -1;
  bodySize: number;
}

export interface HarResponse {
  status: number;
  statusText: string;
  httpVersion: string;
  cookies: never[];
  headers: HarHeader[];
  content: { size: number; mimeType: string; text: string };
  redirectURL: string;
  headersSize: -1;
  bodySize: number;
}

export type Scenario = 'success' | 'error-400' | 'error-404';

export interface HarEntry {
  _scenario: Scenario;
  /** Why this scenario exists and how it was produced (e.g. an error the SDK cannot provoke). */
  _comment?: string;
  _call: { operationId: string; params: unknown };
  startedDateTime: string;
  time: number;
  request: HarRequest;
  response: HarResponse;
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
}

export interface Har {
  log: { version: '1.2'; creator: { name: string; version: string }; comment: string; entries: HarEntry[] };
}

/** What the fixtures write instead of a secret (a token, a password, a key). */
export const REDACTED = '[REDACTED]';

/** The entries of a HAR file. */
export function readHarFile(file: string): HarEntry[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as Har).log.entries;
}

/** SDK call params as recorded (typed by the caller), with uploads turned back into bytes. */
export function callParams<P = Record<string, unknown>>(entry: HarEntry): P {
  return decode(entry._call.params) as P;
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o['$upload'] === 'string')
      return new File([Buffer.from(o['$upload'], 'base64')], String(o['fileName'] ?? 'upload'));
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

/** The recorded response body: parsed JSON, or for SSE the events with their parsed data. */
export function responseBody(entry: HarEntry): unknown {
  const { mimeType, text } = entry.response.content;
  if (mimeType === 'text/event-stream') {
    return text
      .split('\n\n')
      .map((block) => {
        const lines = block.split('\n');
        const event = lines
          .find((l) => l.startsWith('event:'))
          ?.slice(6)
          .trim();
        const data = lines
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trim())
          .join('\n');
        return event && data ? { event, data: JSON.parse(data) as unknown } : undefined;
      })
      .filter(Boolean);
  }
  return text ? (JSON.parse(text) as unknown) : undefined;
}

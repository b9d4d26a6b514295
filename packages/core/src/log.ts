import { LosantApiError, LosantNetworkError, type LosantError } from './errors.js';

/** How much the client logs: nothing (`off`, the default), or up to that severity. */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** Where log lines go: `console`, or any object with these four methods (pino, winston, a test's recorder). */
export interface Logger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/**
 * What each logged line carries besides its text (the second argument). Never a token, a header,
 * a body or a query value: the path is the request's without its query string, `query` the names
 * of the query parameters sent.
 */
export interface LogRecord {
  /** The action, `<resource>.<action>` (or the file helper's step). */
  action: string;
  method: string;
  path: string;
  query: string[];
  /** 1 for the first attempt. */
  attempt: number;
  /** Milliseconds the attempt took (until its response was complete, or its headers for streams). */
  ms?: number;
  /** The HTTP status answered, when there was one. */
  status?: number;
  /** The error's class (`LosantTimeoutError`) and system code (`ECONNREFUSED`) when the attempt failed. */
  error?: string;
  /** Milliseconds until the next attempt, when there is one. */
  retryInMs?: number;
  /** Why the call waits or retries: `status 503`, `Retry-After 2`, `timeout`, `ECONNRESET`, `rate limit`. */
  reason?: string;
}

/** The levels, by number: 1 error … 4 debug (each the name of the logger's method). */
const LEVELS = ['off', 'error', 'warn', 'info', 'debug'] as const;

/** Where a `Logging` keeps how a client writes with it (set by `logging`). */
export const LOG: unique symbol = Symbol('losant-sdk.log');

/**
 * How a client logs, the value of `ClientOptions.log`: made by `logging`. Imported and passed in,
 * so that a client that logs nothing bundles none of it.
 */
export interface Logging {
  /** The level in effect: the one given, else `LOSANT_SDK_LOG`'s, else `off`. */
  readonly level: LogLevel;
  /** Where lines go: the logger given, else `console`. */
  readonly logger: Logger;
  /** How a client writes with it; undefined when the level is off. */
  readonly [LOG]: Log | undefined;
}

/** A client's logging, when it logs anything (`Transport.log`). */
export interface Log {
  readonly logger: Logger;
  /** 1 error … 4 debug. */
  readonly level: number;
  /** `logAttempt`, carried by the value so that the call path imports none of this module. */
  readonly attempt: typeof logAttempt;
}

/** `LOSANT_SDK_LOG`, where the runtime has an environment a script may read (never throws: Deno without --allow-env does). */
export function envLogLevel(): string | undefined {
  try {
    return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.['LOSANT_SDK_LOG'];
  } catch {
    return undefined;
  }
}

/**
 * The `log` option: log at `level` (`'error'`, `'warn'`, `'info'`, `'debug'` or `'off'`; default:
 * the `LOSANT_SDK_LOG` environment variable where the runtime has one, an unknown value ignored,
 * else off) to `logger` (default `console`). Throws a TypeError for an unknown level. Without the
 * option, a client on Node, Deno or Bun logs to `console` at `LOSANT_SDK_LOG`'s level.
 */
export function logging({
  level,
  logger = console,
}: { level?: LogLevel | undefined; logger?: Logger | undefined } = {}): Logging {
  const n = LEVELS.indexOf((level ?? envLogLevel()?.trim().toLowerCase()) as LogLevel);
  if (level !== undefined && n < 0) throw new TypeError(`logging: level must be one of ${LEVELS.join(', ')}`);
  return Object.freeze({
    level: LEVELS[Math.max(n, 0)]!,
    logger,
    [LOG]: n > 0 ? { logger, level: n, attempt: logAttempt } : undefined,
  });
}

/** What a failed attempt was, without its message (which may quote a URL or the server's words). */
export function describeError(error: LosantError): string {
  if (error instanceof LosantApiError) return `${error.name} ${error.status}`;
  return error instanceof LosantNetworkError && error.code ? `${error.name} ${error.code}` : error.name;
}

/**
 * One line for one attempt: at debug when it succeeded, warn when it is retried (after `waitMs`;
 * why: the status and Retry-After, or the error), error when the call fails with it. `outcome` is
 * the status answered or the error.
 */
export function logAttempt(
  log: Log,
  { id: action, method }: { readonly id: string; readonly method: string },
  url: string,
  attempt: number,
  started: number,
  outcome: number | LosantError,
  waitMs?: number,
  retryAfter?: string | null,
): void {
  const retry = waitMs !== undefined;
  const level = retry ? 2 : typeof outcome === 'number' && outcome < 400 ? 4 : 1;
  if (log.level < level) return;
  const [path, query] = url.split('?') as [string, string | undefined];
  const ms = Math.round(performance.now() - started);
  const record: LogRecord = {
    action,
    method,
    path,
    query: query ? query.split('&').map((pair) => pair.split('=')[0]!) : [],
    attempt: attempt + 1,
    ms,
  };
  let result: string;
  if (typeof outcome === 'number') result = String((record.status = outcome));
  else {
    result = record.error = describeError(outcome);
    if (outcome instanceof LosantApiError) record.status = outcome.status;
  }
  let then = '';
  if (retry) {
    record.retryInMs = Math.round(waitMs);
    record.reason =
      typeof outcome === 'number'
        ? `status ${outcome}${retryAfter ? `, Retry-After ${retryAfter}` : ''}`
        : outcome.name === 'LosantTimeoutError'
          ? 'timeout'
          : result;
    then = `; retry in ${record.retryInMs} ms (${record.reason})`;
  }
  write(
    log,
    level,
    `[losant-sdk] ${action} ${method} ${path} → ${result} in ${ms} ms (attempt ${attempt + 1})${then}`,
    record,
  );
}

/** A line at `level` (1 error … 4 debug); a logger that throws is not the call's problem. */
export function write(log: Log, level: number, text: string, record: LogRecord): void {
  if (log.level < level) return;
  try {
    log.logger[LEVELS[level] as Exclude<LogLevel, 'off'>](text, record);
  } catch {
    /* ignored */
  }
}

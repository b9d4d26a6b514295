/**
 * Type-level test, compiled by `tsc -p tsconfig.json` (part of `pnpm test`) with
 * `exactOptionalPropertyTypes` on: every public options type accepts `undefined` for each of
 * its optional properties, so values such as `process.env.LOSANT_TOKEN` can be passed as they are.
 */
import {
  createClient,
  type AcceptUndefined,
  type ClientOptions,
  type CommonParams,
  type Page,
  type PaginateOptions,
  type RequestOptions,
  type StrategyOptions,
} from '../src/index.js';

declare const maybe: <T>() => T | undefined;

// What users write every day.
createClient({ token: process.env.LOSANT_TOKEN, baseUrl: process.env.LOSANT_URL });
createClient({ headers: { 'x-trace': process.env.TRACE_ID } });

// Every option, explicitly undefined.
const allUndefined: Required<{ [K in keyof ClientOptions]: undefined }> = {
  token: undefined,
  auth: undefined,
  baseUrl: undefined,
  fetch: undefined,
  headers: undefined,
  acceptVersion: undefined,
  flags: undefined,
  timeout: undefined,
  maxRetries: undefined,
  retryNonIdempotent: undefined,
  maxRetryDelay: undefined,
  maxRedirects: undefined,
  maxResponseBytes: undefined,
  maxSseLineLength: undefined,
  maxSseEventLength: undefined,
  validate: undefined,
  emptyBody: undefined,
  middleware: undefined,
  rateLimit: undefined,
  onRateLimit: undefined,
  retryOn429: undefined,
  log: undefined,
  tracing: undefined,
};
createClient(allUndefined);
createClient({ flags: { _actions: maybe<boolean>(), _links: undefined } });

const call: RequestOptions = {
  signal: maybe<AbortSignal>(),
  headers: maybe<Record<string, string>>(),
  acceptVersion: maybe<string>(),
  middleware: undefined,
  timeout: maybe<number>(),
  maxRetries: maybe<number>(),
  retryNonIdempotent: maybe<boolean>(),
  maxResponseBytes: maybe<number>(),
};
const common: CommonParams = {
  losantdomain: maybe<string>(),
  _actions: maybe<boolean>(),
  _links: undefined,
  _embedded: undefined,
};
const paging: PaginateOptions = { startPage: maybe<number>(), maxPages: maybe<number>() };

/** Fails to compile when an optional property of T does not accept undefined (a future option written `?: T`). */
type OptionalAcceptsUndefined<T> = false extends {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{} extends Pick<T, K>` is how to ask "is K optional?"
  [K in keyof T]-?: {} extends Pick<T, K> ? ({ [P in K]: undefined } extends Pick<T, K> ? true : false) : true;
}[keyof T]
  ? false
  : true;
const checks: [
  OptionalAcceptsUndefined<ClientOptions>,
  OptionalAcceptsUndefined<RequestOptions>,
  OptionalAcceptsUndefined<CommonParams>,
  OptionalAcceptsUndefined<PaginateOptions>,
  OptionalAcceptsUndefined<Page<unknown>>,
  OptionalAcceptsUndefined<AcceptUndefined<{ filter?: string; page?: string | number; id: string }>>,
  OptionalAcceptsUndefined<StrategyOptions>,
] = [true, true, true, true, true, true, true];

// AcceptUndefined keeps required properties required, and their types as they are.
const loose: AcceptUndefined<{ filter?: string; id: string }> = { filter: maybe<string>(), id: 'x' };
// @ts-expect-error a required property still refuses undefined
const strictId: AcceptUndefined<{ filter?: string; id: string }> = { id: maybe<string>() };

export { call, checks, common, loose, paging, strictId };

export { createClient, DEFAULTS, toClient, type ClientOptions, type LosantClient } from './client.js';
export { paginate, type Page, type PageItem, type PaginateOptions } from './paginate.js';
export { FLAG_NAMES } from './prepare.js';
export { openStream } from './stream.js';
export { toFormData } from './multipart.js';
export { ApiPromise, type WithResponse } from './api-promise.js';
export { bindMethods } from './bind.js';
export {
  LosantAbortError,
  LosantApiError,
  LosantError,
  LosantNetworkError,
  LosantRedirectError,
  LosantResponseTooLargeError,
  LosantStreamError,
  LosantTimeoutError,
  LosantValidationError,
} from './errors.js';
export { VERSION } from './runtime.js';
export type { EventStream, RawEvent } from './sse.js';
export type {
  AcceptUndefined,
  CommonParams,
  FormEncoder,
  HttpMethod,
  NodeReadableLike,
  ParamIn,
  RequestOptions,
  Route,
  RouteBackfill,
  SseEvent,
  Uploadable,
  WithUploads,
} from './types.js';
export type { Middleware } from 'openapi-fetch';
export {
  authStrategy,
  credentialsStrategy,
  LosantAuthError,
  tokenProvider,
  type AuthSend,
  type AuthStrategy,
  type AuthStrategyInit,
  type StrategyOptions,
} from './auth.js';
export { paginateOffsets, type OffsetPage, type OffsetPaginateOptions, type Paginator } from './paginate.js';
export {
  LOSANT_RATE_LIMITS,
  rateLimits,
  type RateLimitBucket,
  type RateLimitInfo,
  type RateLimitOption,
  type RateLimits,
} from './rate-limit.js';
export {
  LosantReconnectError,
  type GapEvents,
  type ReconnectOptions,
  type StreamGap,
  type StreamOptions,
} from './reconnect.js';
export { logging, type Logger, type Logging, type LogLevel, type LogRecord } from './log.js';

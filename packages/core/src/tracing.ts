/**
 * `@losant-sdk/core/tracing`: OpenTelemetry spans for every call. Nothing here is loaded until
 * tracing is wanted: the client loads this module (and `@opentelemetry/api`, an optional peer
 * dependency) by dynamic import the first time it sees OpenTelemetry registered, or call
 * `enableTracing(api)` yourself (a bundled app, where that import cannot find this file).
 *
 * One span per call (`losant.action`, `url.template`, the retries), a child span per attempt
 * (`http.request.method`, `server.address`, `http.response.status_code`,
 * `http.request.resend_count`), and the attempt's context injected into its request (W3C
 * `traceparent`, through the registered propagator). The spans carry no query, header or body.
 */
import type { Middleware } from 'openapi-fetch';
import type { Route, RequestOptions } from './types.js';
import { VERSION } from './runtime.js';

/** What this module uses of `@opentelemetry/api` (its namespace: `import * as api from '@opentelemetry/api'`). */
export interface OpenTelemetryApi {
  trace: {
    getTracer(name: string, version?: string): Tracer;
    setSpan(context: unknown, span: Span): unknown;
  };
  context: { active(): unknown };
  propagation: {
    inject(
      context: unknown,
      carrier: Headers,
      setter: { set(carrier: Headers, key: string, value: string): void },
    ): void;
  };
}
interface Tracer {
  startSpan(
    name: string,
    options: { kind: number; attributes: Record<string, string | number> },
    context: unknown,
  ): Span;
}
interface Span {
  setAttribute(key: string, value: string | number): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  end(): void;
}

/** How the client hands a call to tracing: `run` sends it, with the options given. */
export type TraceHook = <R extends { response: Response }>(
  baseUrl: string,
  route: Route,
  call: RequestOptions,
  run: (call: RequestOptions) => Promise<R>,
) => Promise<R>;

/** Where the client finds the hook (a global, so that every copy of core finds the one installed). */
export const TRACE_HOOK = Symbol.for('losant-sdk.tracing');

const CLIENT = 2; // SpanKind.CLIENT
const INTERNAL = 0; // SpanKind.INTERNAL
const ERROR = 2; // SpanStatusCode.ERROR
const SETTER = { set: (headers: Headers, key: string, value: string) => headers.set(key, value) };

/** Trace every call of every client from now on, with this OpenTelemetry API. */
export function enableTracing(api: OpenTelemetryApi): void {
  (globalThis as { [TRACE_HOOK]?: TraceHook })[TRACE_HOOK] = hookFor(api);
}

/** Stop tracing (calls made from now on are not traced, and the client no longer looks for OpenTelemetry). */
export function disableTracing(): void {
  (globalThis as { [TRACE_HOOK]?: TraceHook | false })[TRACE_HOOK] = false;
}

/** Load `@opentelemetry/api` and enable tracing with it; without the package, tracing stays off. */
export async function install(): Promise<void> {
  try {
    enableTracing((await import('@opentelemetry/api')) as unknown as OpenTelemetryApi);
  } catch {
    disableTracing();
  }
}

function hookFor(api: OpenTelemetryApi): TraceHook {
  return (baseUrl, route, call, run) => {
    const tracer = api.trace.getTracer('@losant-sdk/core', VERSION);
    let host = '';
    try {
      host = new URL(baseUrl).hostname;
    } catch {
      /* no address then */
    }
    const common = { 'http.request.method': route.method, 'server.address': host, 'url.template': route.path };
    const parent = api.context.active();
    const span = tracer.startSpan(
      route.id,
      { kind: INTERNAL, attributes: { ...common, 'losant.action': route.id } },
      parent,
    );
    const within = api.trace.setSpan(parent, span);
    const attempts = new Map<Request, Span>();
    let count = 0;
    const end = (request: Request, status: number | undefined, error?: unknown) => {
      const attempt = attempts.get(request);
      if (!attempt) return;
      attempts.delete(request);
      if (status !== undefined) attempt.setAttribute('http.response.status_code', status);
      if (error !== undefined) attempt.setAttribute('error.type', errorType(error));
      if (error !== undefined || (status !== undefined && status >= 400)) attempt.setStatus({ code: ERROR });
      attempt.end();
    };
    const middleware: Middleware = {
      onRequest({ request }) {
        const attempt = tracer.startSpan(
          route.method,
          { kind: CLIENT, attributes: { ...common, 'losant.action': route.id, 'http.request.resend_count': count } },
          within,
        );
        count++;
        attempts.set(request, attempt);
        api.propagation.inject(api.trace.setSpan(within, attempt), request.headers, SETTER);
        return request;
      },
      onResponse({ request, response }) {
        end(request, response.status);
        return undefined;
      },
      onError({ request, error }) {
        end(request, undefined, error);
        return undefined;
      },
    };
    const finish = (status: number | undefined, error?: unknown) => {
      for (const request of [...attempts.keys()]) end(request, undefined, error ?? 'unfinished');
      span.setAttribute('losant.retries', Math.max(0, count - 1));
      if (status !== undefined) span.setAttribute('http.response.status_code', status);
      if (error !== undefined) {
        span.setAttribute('error.type', errorType(error));
        span.setStatus({ code: ERROR, message: errorType(error) });
      }
      span.end();
    };
    return run({ ...call, middleware: [...(call.middleware ?? []), middleware] }).then(
      (result) => {
        finish(result.response.status);
        return result;
      },
      (error: unknown) => {
        finish((error as { status?: number }).status, error);
        throw error;
      },
    );
  };
}

/**
 * The error's class (and status or system code), never its message: a message may quote the
 * server, or a runtime's URL with its query.
 */
function errorType(error: unknown): string {
  if (!(error instanceof Error)) return typeof error === 'string' ? error : 'Error';
  const detail = (error as { status?: unknown; code?: unknown }).status ?? (error as { code?: unknown }).code;
  return typeof detail === 'number' || typeof detail === 'string' ? `${error.name} ${detail}` : error.name;
}

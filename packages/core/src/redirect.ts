import { LosantRedirectError } from './errors.js';

/** How one request's redirects are followed. */
export interface RedirectContext {
  readonly operationId: string;
  /** Sends one request (applying the attempt's signal). */
  fetch(request: Request): Promise<Response>;
  /** Hops allowed; one more redirect is a LosantRedirectError. */
  readonly maxRedirects: number;
  /** The body as prepared (not the consumed stream of the first Request), for 307/308 hops. */
  readonly body: string | FormData | undefined;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Kept across origins: they describe what the SDK accepts, nothing about who asks. */
const SAFE_ACROSS_ORIGINS = new Set(['accept', 'accept-version', 'user-agent']);
const BODY_HEADERS = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
]);
const RESENDABLE = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

const drop = (response: Response) => response.body?.cancel().catch(() => undefined);

/** Whether a response must be followed (or, opaque, re-sent) rather than returned. */
export function isRedirect(response: Response): boolean {
  return REDIRECTS.has(response.status) || response.type === 'opaqueredirect';
}

/**
 * Follow the redirect `response` answered to `request` (sent with `redirect: 'manual'`), and any
 * after it, here rather than in fetch: so that leaving the origin drops every header but the safe
 * ones (the token, custom headers and `losantdomain` never reach another host), and a loop ends
 * as one typed error. 303 (and 301/302 after a POST) turn the method into a body-less GET;
 * 307/308 keep method and body. Where a runtime hides redirects from scripts (a browser's opaque
 * redirect), an idempotent request is sent again for fetch to follow, without the headers that
 * must not leave the origin.
 */
export async function followRedirects(request: Request, response: Response, ctx: RedirectContext): Promise<Response> {
  for (let hops = 0; ; hops++) {
    if (response.type === 'opaqueredirect') return resendFollowing(request, ctx);
    if (!REDIRECTS.has(response.status)) return response;
    const location = response.headers.get('location');
    if (location === null) return response;
    drop(response);
    if (hops >= ctx.maxRedirects)
      throw new LosantRedirectError(
        ctx.operationId,
        `more than ${ctx.maxRedirects} redirects (maxRedirects); a redirect loop?`,
      );
    let target: URL;
    try {
      target = new URL(location, request.url);
    } catch {
      throw new LosantRedirectError(ctx.operationId, `a redirect to a Location that is not a URL`);
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:')
      throw new LosantRedirectError(ctx.operationId, `a redirect to a ${target.protocol} URL, which is not followed`);
    request = nextHop(request, response.status, target, ctx.body);
    response = await ctx.fetch(request);
  }
}

function nextHop(request: Request, status: number, target: URL, body: string | FormData | undefined): Request {
  const toGet =
    (status === 303 && request.method !== 'GET' && request.method !== 'HEAD') ||
    ((status === 301 || status === 302) && request.method === 'POST');
  const method = toGet ? 'GET' : request.method;
  const keepBody = !toGet && body !== undefined;
  const sameOrigin = target.origin === new URL(request.url).origin;
  const headers = new Headers();
  for (const [name, value] of request.headers) {
    if (BODY_HEADERS.has(name)) {
      // A re-sent FormData gets a new boundary, so a fresh Content-Type.
      if (keepBody && name === 'content-type' && !(body instanceof FormData)) headers.append(name, value);
      continue;
    }
    if (sameOrigin || SAFE_ACROSS_ORIGINS.has(name)) headers.append(name, value);
  }
  return new Request(target, { method, headers, body: keepBody ? body : null, redirect: 'manual' });
}

/**
 * The runtime (a browser) hides where the redirect goes, so it may be another origin: the request
 * is sent again with only the headers safe anywhere, and Authorization, which a browser itself
 * drops when a redirect leaves the origin. Custom headers and `losantdomain` are not sent again.
 */
function resendFollowing(request: Request, ctx: RedirectContext): Promise<Response> {
  if (!RESENDABLE.has(request.method)) {
    throw new LosantRedirectError(
      ctx.operationId,
      `the runtime hides redirects from scripts, and a ${request.method} is not sent twice`,
    );
  }
  const headers = new Headers();
  for (const [name, value] of request.headers)
    if (
      SAFE_ACROSS_ORIGINS.has(name) ||
      name === 'authorization' ||
      (typeof ctx.body === 'string' && name === 'content-type')
    )
      headers.append(name, value);
  return ctx.fetch(
    new Request(request.url, { method: request.method, headers, body: ctx.body ?? null, redirect: 'follow' }),
  );
}

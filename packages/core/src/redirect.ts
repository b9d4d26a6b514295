import { LosantRedirectError } from './errors.js';
import { IDEMPOTENT } from './retry.js';

/** What following a call's redirects uses of it (its Exchange). */
export interface RedirectContext {
  readonly route: { readonly id: string };
  /** Hops allowed; one more redirect is a LosantRedirectError. */
  readonly t: { readonly maxRedirects: number };
  /** The body as prepared (not the consumed stream of the first Request), for 307/308 hops. */
  readonly init: { readonly body: string | FormData | undefined };
  /** Sends one request (applying the attempt's signal). */
  fetch(request: Request): Promise<Response>;
}

const REDIRECTS = [301, 302, 303, 307, 308];
/** Kept across origins: they describe what the SDK accepts, nothing about who asks. */
const SAFE_ACROSS_ORIGINS = ['accept', 'accept-version', 'user-agent'];
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

const drop = (response: Response) => response.body?.cancel().catch(() => undefined);

/** Whether a response must be followed (or, opaque, re-sent) rather than returned. */
export function isRedirect(response: Response): boolean {
  return REDIRECTS.includes(response.status) || response.type === 'opaqueredirect';
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
export async function followRedirects(request: Request, response: Response, x: RedirectContext): Promise<Response> {
  const fail: (reason: string) => never = (reason) => {
    throw new LosantRedirectError(x.route.id, reason);
  };
  const { maxRedirects } = x.t;
  const { body } = x.init;
  for (let hops = 0; ; hops++) {
    if (response.type === 'opaqueredirect') return resendFollowing(request, x, fail);
    const location = response.headers.get('location');
    if (!REDIRECTS.includes(response.status) || location === null) return response;
    drop(response);
    if (hops >= maxRedirects) fail(`more than ${maxRedirects} redirects (maxRedirects); a redirect loop?`);
    let target: URL;
    try {
      target = new URL(location, request.url);
    } catch {
      fail('a redirect to a Location that is not a URL');
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:')
      fail(`a redirect to a ${target.protocol} URL, which is not followed`);
    request = nextHop(request, response.status, target, body);
    response = await x.fetch(request);
  }
}

/** The headers of `request` that `keep` keeps. */
function headersWhere(request: Request, keep: (name: string) => boolean): Headers {
  const headers = new Headers();
  for (const [name, value] of request.headers) if (keep(name)) headers.append(name, value);
  return headers;
}

function nextHop(request: Request, status: number, target: URL, body: string | FormData | undefined): Request {
  const toGet =
    (status === 303 && request.method !== 'GET' && request.method !== 'HEAD') ||
    ((status === 301 || status === 302) && request.method === 'POST');
  const keepBody = !toGet && body !== undefined;
  const sameOrigin = target.origin === new URL(request.url).origin;
  const headers = headersWhere(request, (name) =>
    BODY_HEADERS.includes(name)
      ? // A re-sent FormData gets a new boundary, so a fresh Content-Type.
        keepBody && name === 'content-type' && !(body instanceof FormData)
      : sameOrigin || SAFE_ACROSS_ORIGINS.includes(name),
  );
  return new Request(target, {
    method: toGet ? 'GET' : request.method,
    headers,
    body: keepBody ? body : null,
    redirect: 'manual',
  });
}

/**
 * The runtime (a browser) hides where the redirect goes, so it may be another origin: the request
 * is sent again with only the headers safe anywhere, and Authorization, which a browser itself
 * drops when a redirect leaves the origin. Custom headers and `losantdomain` are not sent again.
 */
function resendFollowing(request: Request, x: RedirectContext, fail: (reason: string) => never): Promise<Response> {
  const { method } = request;
  const { body } = x.init;
  if (!IDEMPOTENT.has(method)) fail(`the runtime hides redirects from scripts, and a ${method} is not sent twice`);
  const headers = headersWhere(
    request,
    (name) =>
      SAFE_ACROSS_ORIGINS.includes(name) ||
      name === 'authorization' ||
      (typeof body === 'string' && name === 'content-type'),
  );
  return x.fetch(new Request(request.url, { method, headers, body: body ?? null, redirect: 'follow' }));
}

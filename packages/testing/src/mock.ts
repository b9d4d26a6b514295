// The mock Losant API: an HTTP server on loopback that checks every request against the bundled
// spec, answers with programmed replies (checked when programmed) or the recorded defaults, and
// records every call, and every request the real API would have rejected.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createLosantClient, type ClientOptions, type LosantApi } from '@losant-sdk/sdk';
import { SPEC } from './generated/spec.js';
import { close, listen, readBody, sendJson } from './kit/http.js';
import { checkReply, compileMatch, isStatusReply, matches, type Answer } from './reply.js';
import type { OperationSpec } from './spec-types.js';
import type { ActionName, Match, MockCall, MockLosantOptions, Reply, UnexpectedRequest } from './types.js';
import { decodeRequest, findRoute, operation } from './wire.js';

/** A programmed reply the mock refuses, or the list of unexpected requests `close()` reports. */
export class MockLosantError extends Error {
  override readonly name = 'MockLosantError';
  constructor(
    message: string,
    /** One line per problem (for a refused reply), or per unexpected request. */
    readonly problems: readonly string[],
  ) {
    super(message);
  }
}

export interface MockLosant {
  /** Where the mock listens, e.g. `http://127.0.0.1:53117`: pass it as the SDK's `baseUrl`. */
  readonly baseUrl: string;
  /** The Losant API version of the bundled spec (`1.30.0`). */
  readonly apiVersion: string;
  /**
   * Answer an action with `reply`: its result, `{ status, body }`, or a function of the request
   * returning either. The reply is checked against the spec now; a function's, when it runs.
   * Later replies take precedence over earlier ones.
   */
  on<A extends ActionName>(action: A, reply: Reply<A>): MockLosant;
  /** Answer the requests for an action whose params include `match` (or that `match(request)` accepts) with `reply`. */
  on<A extends ActionName>(action: A, match: Match<A>, reply: Reply<A>): MockLosant;
  /** As `on`, for the next matching request only. */
  once<A extends ActionName>(action: A, reply: Reply<A>): MockLosant;
  once<A extends ActionName>(action: A, match: Match<A>, reply: Reply<A>): MockLosant;
  /** The requests received for an action, in order (also the rejected ones: see their `status`). */
  calls<A extends ActionName>(action: A): Array<MockCall<A>>;
  /** Every request received for any action, in order. */
  calls(): MockCall[];
  /** The requests the real API would have rejected, or the mock could not answer, in order. */
  errors(): UnexpectedRequest[];
  /** Throw a `MockLosantError` listing `errors()`, if there are any. */
  assertNoUnexpectedRequests(): void;
  /** Forget programmed replies, calls and errors. */
  reset(): void;
  /** Stop the server; then throw a `MockLosantError` listing `errors()`, if there are any. */
  close(): Promise<void>;
  /** A `createLosantClient()` pointed at the mock, with a token (options are passed through). */
  client(options?: Omit<ClientOptions, 'baseUrl'>): LosantApi;
}

/** A request as the mock handles it inside (the public types are per action; comparing them is costly). */
interface LooseRequest {
  readonly action: string;
  readonly params: Record<string, unknown>;
  readonly method: string;
  readonly path: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}
type LooseCall = LooseRequest & { readonly status: number; readonly response: unknown };

interface Handler {
  readonly action: string;
  readonly test: (request: LooseRequest) => boolean;
  /** A checked answer, or a function to run per request. */
  readonly reply: Answer | ((request: LooseRequest) => unknown);
  readonly once: boolean;
}

/** Start a mock Losant API on an ephemeral loopback port. */
export async function createMockLosant(options: MockLosantOptions = {}): Promise<MockLosant> {
  const mock = new Mock(options);
  const { server, url } = await listen((req, res) => mock.serve(req, res));
  mock.attach(server, url);
  return mock as unknown as MockLosant;
}

/** The mock: the programmed replies, what it received, and the server it answers on. */
class Mock {
  baseUrl = '';
  readonly apiVersion = SPEC.version;
  readonly #useDefaults: boolean;
  readonly #token: string;
  #server: Server | undefined;
  #handlers: Handler[] = [];
  #calls: LooseCall[] = [];
  #unexpected: UnexpectedRequest[] = [];
  #closed: Promise<void> | undefined;

  constructor(options: MockLosantOptions) {
    this.#useDefaults = options.defaults ?? true;
    this.#token = options.token ?? 'mock-token';
  }

  attach(server: Server, url: string): void {
    this.#server = server;
    this.baseUrl = url;
  }

  on(...args: unknown[]): this {
    return this.#program(false, args);
  }

  once(...args: unknown[]): this {
    return this.#program(true, args);
  }

  calls(action?: string): LooseCall[] {
    return action === undefined ? [...this.#calls] : this.#calls.filter((c) => c.action === action);
  }

  errors(): UnexpectedRequest[] {
    return [...this.#unexpected];
  }

  assertNoUnexpectedRequests(): void {
    const error = this.#report();
    if (error) throw error;
  }

  reset(): void {
    this.#handlers = [];
    this.#calls = [];
    this.#unexpected = [];
  }

  async close(): Promise<void> {
    this.#closed ??= (() => {
      const closing = close(this.#server!);
      this.#server!.closeAllConnections();
      return closing;
    })();
    await this.#closed;
    this.assertNoUnexpectedRequests();
  }

  client(clientOptions: Omit<ClientOptions, 'baseUrl'> = {}): LosantApi {
    return createLosantClient({ token: this.#token, ...clientOptions, baseUrl: this.baseUrl });
  }

  /** Answer one request; a failure of the mock itself is an unexpected request too. */
  serve(req: IncomingMessage, res: ServerResponse): void {
    this.#handle(req, res).catch((e: unknown) => {
      const problem = `the mock failed: ${e instanceof Error ? e.message : String(e)}`;
      this.#unexpected.push({
        action: undefined,
        method: req.method ?? '',
        url: req.url ?? '',
        status: 500,
        problems: [problem],
      });
      if (!res.headersSent) send(res, { status: 500, body: { type: 'MockError', message: problem } });
      else res.destroy();
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, 'http://mock.invalid');
    const body = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;

    const route = findRoute(method, url.pathname);
    if ('problem' in route) {
      this.#unexpected.push({ action: undefined, method, url: rawUrl, status: 400, problems: [route.problem] });
      return send(res, { status: 400, body: { type: 'Validation', message: route.problem } });
    }
    const { op } = route;
    const decoded = await decodeRequest(op, route.pathValues, url, headers, body);
    const request: LooseRequest = Object.freeze({
      action: op.id,
      params: decoded.params,
      method,
      path: url.pathname,
      url: rawUrl,
      headers,
    });

    let answer: Answer;
    if (decoded.unauthorized) answer = this.#fail(request, 401, [decoded.unauthorized], 'Unauthorized');
    else if (decoded.problems.length) answer = this.#fail(request, 400, decoded.problems, 'Validation');
    else answer = await this.#respond(op, request);
    this.#calls.push(Object.freeze({ ...request, status: answer.status, response: answer.events ?? answer.body }));
    send(res, answer);
  }

  async #respond(op: OperationSpec, request: LooseRequest): Promise<Answer> {
    const index = findLastIndex(this.#handlers, (h) => h.action === op.id && h.test(request));
    if (index < 0) {
      if (this.#useDefaults && op.recorded) return op.recorded;
      const why = this.#useDefaults ? 'and the fixtures record no default reply for it' : 'and default replies are off';
      return this.#fail(
        request,
        501,
        [`no reply is programmed for ${op.id} (mock.on('${op.id}', …)) ${why}`],
        'NotImplemented',
      );
    }
    const handler = this.#handlers[index]!;
    if (handler.once) this.#handlers = this.#handlers.filter((h) => h !== handler);
    if (typeof handler.reply !== 'function') return handler.reply;
    let value: unknown;
    try {
      value = await handler.reply(request);
    } catch (e) {
      return this.#fail(
        request,
        500,
        [`the reply function for ${op.id} threw: ${e instanceof Error ? e.message : String(e)}`],
        'MockError',
      );
    }
    const checked = checkReply(op, value);
    if ('answer' in checked) return checked.answer;
    return this.#fail(
      request,
      500,
      checked.problems.map((p) => `the reply function for ${op.id} returned a reply Losant's API never sends: ${p}`),
      'MockError',
    );
  }

  #fail(request: LooseRequest, status: number, problems: string[], type: string): Answer {
    this.#unexpected.push({
      action: request.action as ActionName,
      method: request.method,
      url: request.url,
      status,
      problems,
    });
    return { status, body: { type, message: problems.join('; ') } };
  }

  #program(once: boolean, args: unknown[]): this {
    const [action, ...rest] = args as [string, ...unknown[]];
    const where = `mock.${once ? 'once' : 'on'}('${String(action)}')`;
    const op = typeof action === 'string' ? operation(action) : undefined;
    if (!op)
      throw new MockLosantError(`${where}: not an action of Losant API ${SPEC.version}`, [
        `unknown action ${JSON.stringify(action)}`,
      ]);
    if (rest.length !== 1 && rest.length !== 2)
      throw new TypeError(`${where}: expected (action, reply) or (action, match, reply)`);
    const match = rest.length === 2 ? rest[0] : undefined;
    const reply = rest[rest.length - 1];
    this.#handlers.push({
      action: op.id,
      test: matcher(op, match, where),
      reply: programmedReply(op, reply, where),
      once,
    });
    return this;
  }

  #report(): MockLosantError | undefined {
    const unexpected = this.#unexpected;
    if (!unexpected.length) return undefined;
    const lines = unexpected.map(
      (u) =>
        `${u.method} ${u.url} → ${u.status}${u.action ? ` (${u.action})` : ''}\n${u.problems.map((p) => `    - ${p}`).join('\n')}`,
    );
    return new MockLosantError(
      `The Losant mock received ${unexpected.length} unexpected request${unexpected.length === 1 ? '' : 's'}:\n  ${lines.join('\n  ')}`,
      unexpected.map((u) => `${u.method} ${u.url} → ${u.status}: ${u.problems.join('; ')}`),
    );
  }
}

/** The test a `match` argument makes: every request, a predicate, or params that must all match. */
function matcher(op: OperationSpec, match: unknown, where: string): Handler['test'] {
  if (match === undefined) return () => true;
  if (typeof match === 'function') return (request) => Boolean((match as (r: LooseRequest) => unknown)(request));
  if (match === null || typeof match !== 'object')
    throw new TypeError(`${where}: match must be an object of params or a function`);
  const compiled = compileMatch(op, match as Record<string, unknown>);
  if ('problems' in compiled)
    throw new MockLosantError(
      `${where}: this match can never hold:\n  - ${compiled.problems.join('\n  - ')}`,
      compiled.problems,
    );
  return (request) => matches(compiled.expect, request.params);
}

/** A programmed reply, checked now (a function's when it runs). */
function programmedReply(op: OperationSpec, reply: unknown, where: string): Handler['reply'] {
  if (typeof reply === 'function') return reply as (request: LooseRequest) => unknown;
  const result = checkReply(op, reply);
  if ('problems' in result) {
    const kind = isStatusReply(reply) ? `status ${reply.status} reply` : 'reply';
    throw new MockLosantError(
      `${where}: Losant's API never sends this ${kind}:\n  - ${result.problems.join('\n  - ')}`,
      result.problems,
    );
  }
  return result.answer;
}

function findLastIndex<T>(list: readonly T[], test: (item: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (test(list[i]!)) return i;
  return -1;
}

function send(res: ServerResponse, answer: Answer): void {
  const headers: Record<string, string> = { ...answer.headers };
  if (answer.events) {
    res.writeHead(answer.status, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
    for (const { event, data } of answer.events) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    res.end();
    return;
  }
  if (answer.body === undefined) {
    res.writeHead(answer.status, headers);
    res.end();
    return;
  }
  sendJson(res, answer.status, answer.body, headers);
}

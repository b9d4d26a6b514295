/**
 * The loopback server every runtime's scenario program talks to: origin A (the API), origin B
 * (where A's cross-origin redirect points), origin P (the page Chromium opens, so the API is
 * cross-origin to it) and a forward proxy. It checks the wire itself: a request that is not
 * byte for byte what the scenario must send is answered 422 with what was wrong, which the
 * scenario reports as its failure. CORS headers let the page call A and B.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { CUSTOM_HEADER, RUNTIMES, TOKEN, applicationIdOf, type RuntimeName } from './plan.js';

/** devices.get as the query scenario calls it, in the documented order, every reserved byte encoded. */
export const EXPECTED_QUERY =
  '_actions=false&_links=true&_embedded=true&sortField=name&perPage=50&filter=pump%20%2A' +
  '&tagFilter%5B0%5D%5Bkey%5D=floor&tagFilter%5B0%5D%5Bvalue%5D=8&query=%7B%22name%22%3A%22x%22%7D';
export const EXPECTED_BODY =
  '{"aggregation":"MEAN","attributes":["voltage"],"deviceTags":[{"key":"floor","value":"8"}],"duration":600000,"end":0,"resolution":300000}';
/** The bytes the multipart scenario uploads (every byte value once, so no text encoding can pass). */
export const UPLOAD_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);
/** The bytes the file round trip stores (every byte value once, reversed). */
export const STORED_BYTES = Uint8Array.from({ length: 256 }, (_, i) => 255 - i);
/** The pre-signed form the file round trip answers with, fields in this order. */
const STORAGE_FIELDS = ['key', 'Content-Type', 'policy', 'x-amz-signature'];

export interface EcoServer {
  readonly api: string;
  readonly other: string;
  readonly page: string;
  readonly proxy: string;
  /** What the page origin serves: path → [content type, body]. */
  readonly pages: Map<string, [string, string | Uint8Array]>;
  close(): Promise<void>;
}

const RUNTIME_BY_APP = new Map(RUNTIMES.map((r) => [applicationIdOf(r.name), r.name]));

/** What each runtime's User-Agent must look like. */
function userAgentProblem(runtime: RuntimeName, ua: string | undefined): string | undefined {
  const sdk = /^losant-sdk-typescript\/\d+\.\d+\.\d+(?:-[\w.]+)? /;
  const expected: Record<RuntimeName, RegExp> = {
    node: new RegExp(`${sdk.source}node/${process.versions.node.replace(/\./g, '\\.')}$`),
    'node-cjs': new RegExp(`${sdk.source}node/${process.versions.node.replace(/\./g, '\\.')}$`),
    deno: new RegExp(`${sdk.source}deno/\\d+\\.\\d+\\.\\d+`),
    bun: new RegExp(`${sdk.source}bun/\\d+\\.\\d+\\.\\d+`),
    workerd: new RegExp(`${sdk.source}workerd$`),
    // A browser sends its own; the SDK sets none.
    chromium: /^Mozilla\/5\.0 .*Chrome\//,
  };
  return ua !== undefined && expected[runtime].test(ua) ? undefined : `User-Agent ${JSON.stringify(ua)}`;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function cors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  if (!origin) return;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('access-control-allow-headers', req.headers['access-control-request-headers'] ?? '*');
  res.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE');
  res.setHeader('access-control-expose-headers', 'retry-after, x-eco');
  res.setHeader('access-control-max-age', '600');
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** 422 with what was wrong: the scenario's LosantApiError carries it back as the reason. */
function wrong(res: ServerResponse, problem: string): void {
  json(res, 422, { type: 'EcoWireMismatch', message: problem });
}

/** Requests whose connection the server watches close, by key (`<app>/<what>`). */
class Closes {
  readonly #closed = new Map<string, number>();
  readonly #waiting = new Map<string, Array<(ms: number) => void>>();
  readonly #held = new Set<string>();
  readonly #arrivals = new Map<string, Array<() => void>>();

  watch(key: string, req: IncomingMessage, res: ServerResponse): void {
    const started = Date.now();
    this.#held.add(key);
    for (const arrived of this.#arrivals.get(key) ?? []) arrived();
    this.#arrivals.delete(key);
    const done = () => {
      if (this.#closed.has(key)) return;
      const ms = Date.now() - started;
      this.#closed.set(key, ms);
      for (const w of this.#waiting.get(key) ?? []) w(ms);
      this.#waiting.delete(key);
    };
    res.on('close', done);
    req.socket.on('close', done);
  }

  /** Resolves true once a request of `key` is held (watched), false if none came within `waitMs`. */
  arrived(key: string, waitMs: number): Promise<boolean> {
    if (this.#held.has(key)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), waitMs);
      const list = this.#arrivals.get(key) ?? [];
      list.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
      this.#arrivals.set(key, list);
    });
  }

  /** Resolves with how long the connection lived, or undefined if it is still open after `waitMs`. */
  wait(key: string, waitMs: number): Promise<number | undefined> {
    const known = this.#closed.get(key);
    if (known !== undefined) return Promise.resolve(known);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), waitMs);
      const list = this.#waiting.get(key) ?? [];
      list.push((ms) => {
        clearTimeout(timer);
        resolve(ms);
      });
      this.#waiting.set(key, list);
    });
  }
}

export async function startServer(): Promise<EcoServer> {
  const closes = new Closes();
  const attempts = new Map<string, number>();
  /** Local ports of the proxy's connections to A, and the paths A got on them. */
  const proxyPorts = new Set<number>();
  const viaProxy = new Set<string>();
  const redirected = new Set<string>();
  const pages = new Map<string, [string, string | Uint8Array]>();
  const sockets = new Set<Socket>();
  const held = new Set<ServerResponse>();
  const timers = new Set<ReturnType<typeof setInterval>>();
  let origins = { api: '', other: '' };
  const stored = new Map<string, Uint8Array>();
  const fileIds = new Map<string, string>();

  const api = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', origins.api);
    const query = url.search.slice(1);
    const h = req.headers;
    // Status the scenarios ask for: did a request to be held arrive, did a watched connection close?
    if (url.pathname === '/_eco/closed') {
      const ms = await closes.wait(url.searchParams.get('key') ?? '', Number(url.searchParams.get('wait') ?? 3000));
      return json(res, 200, { closed: ms !== undefined, ms });
    }
    if (url.pathname === '/_eco/arrived') {
      const held = await closes.arrived(
        url.searchParams.get('key') ?? '',
        Number(url.searchParams.get('wait') ?? 3000),
      );
      return json(res, 200, { arrived: held });
    }
    if (url.pathname === '/_eco/proxied')
      return json(res, 200, {
        paths: [...viaProxy].filter((p) => p.startsWith(`/applications/${url.searchParams.get('app')}`)),
      });
    // Object storage for the file round trip: a pre-signed form POST, and the stored objects.
    const storage = /^\/storage\/([0-9a-f]{24})\/([\w.]+)$/.exec(url.pathname);
    if (storage) {
      const [, app, name] = storage;
      const key = `${app}/${name}`;
      if (h.authorization !== undefined) return wrong(res, 'Authorization sent to storage');
      if (h['accept-version'] !== undefined) return wrong(res, 'Accept-Version sent to storage');
      if (req.method === 'GET') {
        const object = stored.get(key);
        if (!object) return json(res, 404, { type: 'NotFound', message: key });
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': object.length });
        return void res.end(object);
      }
      const raw = await readBody(req);
      const type = `${h['content-type']}`;
      if (!type.startsWith('multipart/form-data; boundary=')) return wrong(res, `Content-Type ${type}`);
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
      const names = [...form.keys()].join(',');
      if (names !== [...STORAGE_FIELDS, 'file'].join(',')) return wrong(res, `form fields ${names}`);
      if (form.get('key') !== key) return wrong(res, `key ${String(form.get('key'))}`);
      const file = form.get('file');
      if (!(file instanceof Blob) || (file as File).name !== name) return wrong(res, `file part ${String(file)}`);
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (bytes.length !== STORED_BYTES.length || !bytes.every((b, i) => b === STORED_BYTES[i]))
        return wrong(res, `stored bytes differ (${bytes.length} bytes)`);
      stored.set(key, bytes);
      res.writeHead(204);
      return void res.end();
    }
    const m = /^\/applications\/([0-9a-f]{24})(\/.*)?$/.exec(url.pathname);
    const runtime = m ? RUNTIME_BY_APP.get(m[1]!) : undefined;
    if (!m || !runtime) return json(res, 404, { type: 'NotFound', message: `no route ${url.pathname}` });
    const app = m[1]!;
    // A request on a connection the proxy opened came through it.
    if (proxyPorts.has(req.socket.remotePort ?? -1)) viaProxy.add(url.pathname);
    const rest = m[2] ?? '';
    const auth = h.authorization === `Bearer ${TOKEN}` ? undefined : `Authorization ${JSON.stringify(h.authorization)}`;

    if (req.method === 'GET' && rest === '/devices') {
      const problems = [
        query === EXPECTED_QUERY ? undefined : `query ${query}`,
        auth,
        h['accept'] === 'application/json' ? undefined : `Accept ${h['accept']}`,
        /^\^\d+\.\d+\.\d+$/.test(`${h['accept-version']}`) ? undefined : `Accept-Version ${h['accept-version']}`,
        h[CUSTOM_HEADER] === runtime ? undefined : `${CUSTOM_HEADER} ${h[CUSTOM_HEADER]}`,
        userAgentProblem(runtime, h['user-agent']),
      ].filter(Boolean);
      if (problems.length) return wrong(res, problems.join('; '));
      return json(res, 200, { items: [{ id: 'bbbbbbbbbbbbbbbbbbbbbbbb', name: `pump of ${runtime}` }], count: 1 });
    }
    if (req.method === 'POST' && rest === '/data/time-series-query') {
      const body = (await readBody(req)).toString('utf8');
      if (body !== EXPECTED_BODY) return wrong(res, `body ${body}`);
      if (h['content-type'] !== 'application/json') return wrong(res, `Content-Type ${h['content-type']}`);
      if (auth) return wrong(res, auth);
      return json(res, 200, { devices: {}, start: 1, end: 2, resolution: 300000, aggregation: 'MEAN' });
    }
    if (req.method === 'POST' && rest === '/files') {
      const file = JSON.parse((await readBody(req)).toString('utf8')) as Record<string, unknown>;
      if (auth) return wrong(res, auth);
      const expected = { name: file['name'], type: 'file', fileSize: 256, contentType: 'application/octet-stream' };
      if (JSON.stringify(file) !== JSON.stringify(expected)) return wrong(res, `file ${JSON.stringify(file)}`);
      const id = (fileIds.size + 1).toString(16).padStart(24, 'f');
      fileIds.set(id, `${app}/${String(file['name'])}`);
      const fields = {
        key: `${app}/${String(file['name'])}`,
        'Content-Type': 'application/octet-stream',
        policy: 'eyJjb25kaXRpb25zIjpbXX0=',
        'x-amz-signature': 'eco',
      };
      return json(res, 201, {
        id,
        ...expected,
        status: 'pending',
        upload: { url: `${origins.api}/storage/${fields.key}`, fields },
      });
    }
    const fileGet = /^\/file\/([0-9a-f]{24})$/.exec(rest);
    if (req.method === 'GET' && fileGet) {
      const key = fileIds.get(fileGet[1]!);
      if (!key) return json(res, 404, { type: 'NotFound', message: 'no such file' });
      return json(res, 200, { id: fileGet[1], status: 'completed', url: `${origins.api}/storage/${key}` });
    }
    const upload = /^\/file\/([0-9a-f]{24})\/upload$/.exec(rest);
    if (req.method === 'POST' && upload) {
      const raw = await readBody(req);
      const type = `${h['content-type']}`;
      if (!type.startsWith('multipart/form-data; boundary=')) return wrong(res, `Content-Type ${type}`);
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
      const file = form.get('file');
      if (!(file instanceof Blob)) return wrong(res, `no file field: ${[...form.keys()].join(', ')}`);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const same = bytes.length === UPLOAD_BYTES.length && bytes.every((b, i) => b === UPLOAD_BYTES[i]);
      if (!same) return wrong(res, `file bytes differ (${bytes.length} bytes)`);
      const name = (file as File).name;
      if (name !== 'readings.bin') return wrong(res, `file name ${name}`);
      return json(res, 200, { success: true });
    }
    if (req.method === 'GET' && rest === '/mqttSubscriptionStream') {
      const topic = url.searchParams.get('topic');
      if (h['accept'] !== 'text/event-stream') return wrong(res, `Accept ${h['accept']}`);
      if (url.searchParams.has('_links')) return wrong(res, `flags on a stream: ${query}`);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const event = (n: number) =>
        `event: mqttMessage\ndata: ${JSON.stringify({ topic, message: `m${n}`, time: n })}\n\n`;
      if (topic === 'server-closes') {
        res.write(`: hello\n\n${event(1)}`);
        setTimeout(() => res.end(event(2)), 20);
        return;
      }
      closes.watch(`${app}/sse`, req, res);
      res.write(event(1) + event(2));
      // Then keepalives until the caller closes (a stream nobody closes ends after 10 s).
      let n = 0;
      const tick = setInterval(() => (++n > 200 ? res.end() : res.write(': keepalive\n\n')), 50);
      timers.add(tick);
      res.on('close', () => {
        clearInterval(tick);
        timers.delete(tick);
      });
      return;
    }
    if (req.method === 'GET' && rest === '') {
      return json(res, 404, { type: 'NotFound', message: 'Application was not found' });
    }
    const device = /^\/devices\/([0-9a-f]{24})(\/state)?$/.exec(rest);
    if (req.method === 'GET' && device) {
      const [, deviceId, state] = device;
      if (state) {
        // retry-503: two 503s, then the attempt count.
        const key = `${app}/${deviceId}`;
        const n = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, n);
        if (n < 3) return json(res, 503, { type: 'ServiceUnavailable', message: 'try again' }, { 'retry-after': '0' });
        return json(res, 200, [{ time: new Date(0).toISOString(), data: { attempts: n } }]);
      }
      if (deviceId!.startsWith('b')) return json(res, 200, { id: deviceId, name: 'answered at once' });
      if (deviceId!.startsWith('e')) {
        // Redirected to origin B: what B sees is the answer.
        return json(res, 200, {
          sentAuthorization: h.authorization !== undefined,
          sentCustom: h[CUSTOM_HEADER] ?? null,
        });
      }
      if (deviceId!.startsWith('d')) {
        // Origin A's answer to the redirect scenario: it must have got both headers, then points to
        // B. (A browser, which hides the redirect from the SDK, has it sent again without the custom
        // header: A redirects that one too, once the first had both.)
        const problems = [auth, h[CUSTOM_HEADER] === runtime ? undefined : `${CUSTOM_HEADER} ${h[CUSTOM_HEADER]}`];
        if (!problems.some(Boolean)) redirected.add(app);
        else if (!redirected.has(app)) return wrong(res, `origin A got ${problems.filter(Boolean).join('; ')}`);
        res.writeHead(307, { location: `${origins.other}/applications/${app}/devices/${'e'.repeat(24)}` }).end();
        return;
      }
      // Anything else: never answered (timeouts, abort); the server watches the connection close.
      closes.watch(`${app}/${deviceId}`, req, res);
      held.add(res);
      res.on('close', () => held.delete(res));
      return;
    }
    return json(res, 404, { type: 'NotFound', message: `no route ${req.method} ${rest}` });
  };

  const handler = (serve: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void) =>
    createServer((req, res) => {
      cors(req, res);
      if (req.method === 'OPTIONS') {
        res.writeHead(204).end();
        return;
      }
      Promise.resolve(serve(req, res)).catch((error: unknown) => {
        if (!res.headersSent) json(res, 500, { type: 'EcoServerError', message: String(error) });
        else res.destroy();
      });
    });

  const apiServer = handler(api);
  // B answers only the redirect's target, through the same routes.
  const otherServer = handler(api);
  const pageServer = handler((req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!page) return json(res, 404, { type: 'NotFound', message: 'no page' });
    res.writeHead(200, { 'content-type': page[0] }).end(page[1]);
  });
  // The forward proxy: CONNECT tunnels and absolute-form requests, to loopback only.
  const proxyServer = createServer((req, res) => {
    const target = new URL(req.url ?? '');
    if (target.hostname !== '127.0.0.1') return json(res, 403, { type: 'Forbidden', message: 'loopback only' });
    const forward = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers,
        agent: false,
      },
      (upstream) => {
        res.writeHead(upstream.statusCode ?? 502, upstream.headers);
        upstream.pipe(res);
      },
    );
    forward.on('socket', (socket: Socket) => socket.on('connect', () => proxyPorts.add(socket.localPort ?? -1)));
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  proxyServer.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const [host, port] = (req.url ?? '').split(':');
    if (host !== '127.0.0.1') return client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    const upstream = connect(Number(port), host, () => {
      proxyPorts.add(upstream.localPort ?? -1);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    const end = () => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', end);
    client.on('error', end);
  });

  const all = [apiServer, otherServer, pageServer, proxyServer];
  for (const s of all)
    s.on('connection', (socket: Socket) => (sockets.add(socket), socket.on('close', () => sockets.delete(socket))));
  const listen = (s: Server) =>
    new Promise<string>((resolve) =>
      s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)),
    );
  const [a, b, p, x] = await Promise.all(all.map(listen));
  origins = { api: a!, other: b! };
  return {
    api: a!,
    other: b!,
    page: p!,
    proxy: x!,
    pages,
    async close() {
      for (const t of timers) clearInterval(t);
      for (const res of held) res.destroy();
      for (const socket of sockets) socket.destroy();
      await Promise.all(all.map((s) => new Promise((resolve) => s.close(resolve))));
    },
  };
}

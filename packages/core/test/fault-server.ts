import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A loopback server that misbehaves on purpose. Each path is a fault; the server counts the
 * requests each fault receives and cleans every connection up when closed, so no test can
 * leave a socket (or itself) hanging. Nothing waits longer than `MAX_STALL_MS`.
 */
export const MAX_STALL_MS = 5_000;

type Fault = (req: IncomingMessage, res: ServerResponse, n: number) => void;

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

/** ~24 MB of JSON: 200,000 items, built once. */
let large: Buffer | undefined;
function largeBody(): Buffer {
  const item = JSON.stringify({
    id: '575ec8687ae143cd83dc4a97',
    name: 'x'.repeat(80),
    tags: [{ key: 'floor', value: '2' }],
  });
  return (large ??= Buffer.from(`{"count":200000,"items":[${Array.from({ length: 200_000 }, () => item).join(',')}]}`));
}

const faults: Record<string, Fault> = {
  /** 429 with Retry-After in seconds, then success. */
  '/rate-limited': (_, res, n) =>
    n === 1
      ? json(res, 429, { type: 'TooManyRequests', message: 'slow down' }, { 'retry-after': '1' })
      : json(res, 200, { ok: true }),
  /** 429 with Retry-After as an HTTP date about a second away, then success. */
  '/rate-limited-date': (_, res, n) =>
    n === 1
      ? json(
          res,
          429,
          { type: 'TooManyRequests', message: 'slow down' },
          { 'retry-after': new Date(Date.now() + 1_000).toUTCString() },
        )
      : json(res, 200, { ok: true }),
  /** 429 asking for an hour: the client's cap applies. */
  '/rate-limited-long': (_, res, n) =>
    n === 1
      ? json(res, 429, { type: 'TooManyRequests', message: 'slow down' }, { 'retry-after': '3600' })
      : json(res, 200, { ok: true }),
  /** Three 503s, then success. */
  '/unavailable-burst': (_, res, n) =>
    n <= 3 ? json(res, 503, { type: 'ServiceUnavailable', message: 'try later' }) : json(res, 200, { ok: true }),
  /** Always 503, asking for a long wait (for aborting during the backoff). */
  '/unavailable': (_, res) =>
    json(res, 503, { type: 'ServiceUnavailable', message: 'try later' }, { 'retry-after': '10' }),
  /** Headers and half a body, then the connection is reset. */
  '/reset-mid-body': (_, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
    res.write('{"items":[1,2,');
    setTimeout(() => res.socket?.destroy(), 20);
  },
  /** Accepts the request and never answers. */
  '/no-headers': () => {},
  /** Headers at once, the body trickles in far slower than any timeout. */
  '/slow-body': (_, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"items":[');
    const timer = setInterval(() => res.write('1,'), 200);
    res.on('close', () => clearInterval(timer));
  },
  /** A 200 whose JSON stops half way. */
  '/truncated-json': (_, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"id":"575ec8687ae143cd83dc4a97","name":"Pla');
  },
  /** A proxy's HTML error page. */
  '/html-502': (_, res) => {
    res.writeHead(502, { 'content-type': 'text/html' });
    res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
  },
  /** JSON, labelled as HTML. */
  '/wrong-type-json': (_, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('{"ok":true}');
  },
  /** HTML where JSON was documented. */
  '/wrong-type-html': (_, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>Welcome</body></html>');
  },
  /** About 24 MB of JSON. */
  '/large-body': (_, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    // Sent in 1 MiB chunks (many small writes would test the server's speed, not the client's parsing),
    // each after the last has drained, so a client that drops the body is seen to have done so.
    const body = largeBody();
    let at = 0;
    const next = () => {
      while (at < body.length) if (!res.write(body.subarray(at, (at += 1 << 20)))) return void res.once('drain', next);
      res.end();
    };
    next();
  },
  /** An SSE stream that sends a keepalive every 50 ms until the client leaves. */
  '/stream': (_, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('event: mqttMessage\ndata: {"topic":"t","message":"first"}\n\n');
    const timer = setInterval(() => res.write(': keepalive\n\n'), 50);
    res.on('close', () => clearInterval(timer));
  },
  '/ok': (_, res) => json(res, 200, { ok: true }),
  /** What arrived: method, headers (as received, lower case) and the body as text. */
  '/echo': (req, res) => {
    let body = '';
    req.setEncoding('latin1');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => json(res, 200, { method: req.method, url: req.url, headers: req.headers, body }));
  },
  /** `?status=307&to=<url>`: a redirect there. */
  '/redirect': (req, res) => {
    const q = new URL(req.url!, 'http://x').searchParams;
    res.writeHead(Number(q.get('status') ?? 302), { location: q.get('to')!, 'content-type': 'text/plain' });
    res.end('moved');
  },
  /** A redirect to itself, forever. */
  '/loop': (_, res) => {
    res.writeHead(302, { location: '/loop' });
    res.end();
  },
  /** An empty 200 (no content type). */
  '/empty': (_, res) => {
    res.writeHead(200);
    res.end();
  },
  /** Plain text. */
  '/text': (_, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('hello, world');
  },
  /** Bytes of an unknown kind. */
  '/binary': (_, res) => {
    res.writeHead(200, { 'content-type': 'application/zip' });
    res.end(Buffer.from([80, 75, 3, 4, 0, 255]));
  },
  /** 1 MiB of JSON with a Content-Length. */
  '/declared-large': (_, res) => {
    const body = Buffer.from(JSON.stringify({ pad: 'x'.repeat(1 << 20) }));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
    res.end(body);
  },
  /** A 500 whose (chunked) body never ends. */
  '/endless-error': (_, res) => {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.write('{"message":"');
    const timer = setInterval(() => res.write('x'.repeat(16_384)), 5);
    res.on('close', () => clearInterval(timer));
  },
  /** An event stream whose first line never ends. */
  '/sse-endless-line': (_, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: ');
    const timer = setInterval(() => res.write('x'.repeat(16_384)), 5);
    res.on('close', () => clearInterval(timer));
  },
  /** One legal event of ~4 MB (8 data lines of 512 KiB), sent in 4 KiB writes, then a small one; then the end. */
  '/sse-large-event': (_, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const piece = `"${'y'.repeat(512 * 1024)}",`;
    const text = Buffer.from(
      `event: big\ndata: [\n${Array.from({ length: 8 }, () => `data: ${piece}\n`).join('')}data: "end"]\n\nevent: big\ndata: {"last":true}\n\n`,
    );
    let at = 0;
    const next = () => {
      while (at < text.length) {
        const ok = res.write(text.subarray(at, (at += 4096)));
        if (!ok) return void res.once('drain', next);
      }
      res.end();
    };
    next();
  },
};

export interface FaultServer {
  url: string;
  /** Requests each fault path received. */
  count(path: string): number;
  /** Responses to a path that the client abandoned before they were complete. */
  closedByClient(path: string): number;
  close(): Promise<void>;
}

export async function startFaultServer(): Promise<FaultServer> {
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const abandoned = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    const n = (counts.get(path) ?? 0) + 1;
    counts.set(path, n);
    req.resume();
    res.on('close', () => {
      if (!res.writableFinished) abandoned.set(path, (abandoned.get(path) ?? 0) + 1);
    });
    const fault = faults[path];
    if (!fault) return json(res, 404, { type: 'NotFound', message: path });
    fault(req, res, n);
    // Bounded: nothing the server does outlives MAX_STALL_MS.
    setTimeout(() => res.socket?.destroy(), MAX_STALL_MS).unref();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    count: (path) => counts.get(path) ?? 0,
    closedByClient: (path) => abandoned.get(path) ?? 0,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/**
 * A loopback stand-in for Losant's file actions and the object storage behind them. The storage
 * checks a form POST as S3 does: a `policy` (base64 JSON) lists the fields allowed and the size
 * range; the file part must be the last one (S3 ignores what follows it, so this refuses it);
 * any field the policy does not cover, a missing one or a size out of range is a 403 with S3's
 * XML error. It keeps every form it was sent, as bytes, and serves stored objects back by key.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Part {
  name: string;
  filename: string | undefined;
  contentType: string | undefined;
  body: Buffer;
}

export interface StorageServer {
  url: string;
  /** Every form the storage received (parsed from the bytes on the wire), and the Losant requests. */
  forms: Part[][];
  losant: Array<{ method: string; url: string; body: unknown; authorization: string | undefined }>;
  storageRequests: Array<{ method: string; url: string; headers: IncomingMessage['headers'] }>;
  objects: Map<string, { body: Buffer; type: string }>;
  /** Answers the next storage POSTs with these statuses first. */
  failNext: number[];
  /** Largest object the policy allows (default 1 MiB). */
  maxSize: number;
  close(): Promise<void>;
}

function read(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** multipart/form-data, parsed from the raw bytes (RFC 7578), parts in wire order. */
export function parseMultipart(body: Buffer, contentType: string): Part[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: Part[] = [];
  let at = body.indexOf(delimiter);
  for (;;) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) throw new Error('unterminated multipart body');
    const part = body.subarray(start + 2, next - 2); // after CRLF, before CRLF--boundary
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('latin1');
    const disposition = /content-disposition: *form-data; *name="([^"]*)"(?:; *filename="([^"]*)")?/i.exec(head);
    if (!disposition) throw new Error(`a part without a form-data disposition: ${head}`);
    parts.push({
      name: disposition[1]!,
      filename: disposition[2],
      contentType: /content-type: *([^\r\n]+)/i.exec(head)?.[1],
      body: Buffer.from(part.subarray(split + 4)),
    });
    at = next;
  }
  return parts;
}

const s3Error = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;

export async function startStorageServer(): Promise<StorageServer> {
  let fileCount = 0;
  const state = {
    url: '',
    forms: [] as Part[][],
    losant: [] as StorageServer['losant'],
    storageRequests: [] as StorageServer['storageRequests'],
    objects: new Map<string, { body: Buffer; type: string }>(),
    failNext: [] as number[],
    maxSize: 1 << 20,
  };
  const files = new Map<string, { key: string; record: Record<string, unknown> }>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await read(req);
      const url = req.url!;
      const reply = (status: number, value: unknown, type = 'application/json') => {
        res.writeHead(status, { 'content-type': type });
        res.end(typeof value === 'string' ? value : JSON.stringify(value));
      };
      if (url.startsWith('/storage')) {
        state.storageRequests.push({ method: req.method!, url, headers: req.headers });
        if (req.method === 'GET') {
          const object = state.objects.get(decodeURIComponent(url.slice('/storage/'.length).split('?')[0]!));
          if (!object) return reply(404, s3Error('NoSuchKey', 'The specified key does not exist.'), 'application/xml');
          res.writeHead(200, { 'content-type': object.type, 'content-length': object.body.length });
          return res.end(object.body);
        }
        const parts = parseMultipart(body, req.headers['content-type'] ?? '');
        state.forms.push(parts);
        const fail = state.failNext.shift();
        if (fail) return reply(fail, s3Error('SlowDown', 'Please reduce your request rate.'), 'application/xml');
        const deny = (message: string) => reply(403, s3Error('AccessDenied', message), 'application/xml');
        const fileAt = parts.findIndex((p) => p.name === 'file');
        if (fileAt < 0)
          return reply(
            400,
            s3Error('InvalidArgument', 'POST requires exactly one file upload per request.'),
            'application/xml',
          );
        if (fileAt !== parts.length - 1) return deny('The file must be the last field of the form.');
        const fields = new Map(parts.slice(0, fileAt).map((p) => [p.name, p.body.toString()]));
        const policy = JSON.parse(Buffer.from(fields.get('policy') ?? '', 'base64').toString()) as {
          conditions: Array<Record<string, string> | [string, ...unknown[]]>;
        };
        const allowed = new Set(['policy', 'X-Amz-Signature']);
        let range: [number, number] = [0, Infinity];
        for (const c of policy.conditions) {
          if (Array.isArray(c)) {
            if (c[0] === 'content-length-range') range = [c[1] as number, c[2] as number];
            continue;
          }
          for (const [name, value] of Object.entries(c)) {
            allowed.add(name);
            if (fields.get(name) !== value)
              return deny(`Invalid according to Policy: Policy Condition failed: ["eq", "$${name}", "${value}"]`);
          }
        }
        for (const name of fields.keys())
          if (!allowed.has(name)) return deny(`Invalid according to Policy: Extra input fields: ${name}`);
        const file = parts[fileAt]!;
        if (file.body.length < range[0] || file.body.length > range[1])
          return reply(
            400,
            s3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size'),
            'application/xml',
          );
        state.objects.set(fields.get('key')!, {
          body: file.body,
          type: fields.get('Content-Type') ?? 'binary/octet-stream',
        });
        res.writeHead(204);
        return res.end();
      }
      // Losant's actions.
      const parsed = body.length ? (JSON.parse(body.toString()) as Record<string, unknown>) : undefined;
      state.losant.push({ method: req.method!, url, body: parsed, authorization: req.headers.authorization });
      const create = /^\/applications\/([a-f\d]{24})\/(files|privateFiles)(\?|$)/.exec(url);
      if (create && req.method === 'POST') {
        const description = parsed as { name: string; parentDirectory?: string; contentType: string; fileSize: number };
        const id = (++fileCount).toString(16).padStart(24, '0');
        const key = `${create[1]}/${create[2]}/${description.parentDirectory ?? '/'}${description.name}`.replace(
          /\/+/g,
          '/',
        );
        const policy = Buffer.from(
          JSON.stringify({
            expiration: '2030-01-01T00:00:00Z',
            conditions: [
              { bucket: 'files.onlosant.com' },
              { key },
              { 'Content-Type': description.contentType },
              { 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' },
              { 'X-Amz-Credential': 'AKIAEXAMPLE/20301231/us-west-1/s3/aws4_request' },
              { 'X-Amz-Date': '20301231T000000Z' },
              ['content-length-range', 0, state.maxSize],
            ],
          }),
        ).toString('base64');
        const record = { id, applicationId: create[1], status: 'pending', type: 'file', ...description };
        files.set(id, { key, record });
        const fieldValues: Record<string, string> = {
          bucket: 'files.onlosant.com',
          key,
          'Content-Type': description.contentType,
          'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
          'X-Amz-Credential': 'AKIAEXAMPLE/20301231/us-west-1/s3/aws4_request',
          'X-Amz-Date': '20301231T000000Z',
          policy,
          'X-Amz-Signature': 'c0ffee',
        };
        return reply(201, { ...record, upload: { url: `${state.url}/storage`, fields: fieldValues } });
      }
      const get = /^\/applications\/[a-f\d]{24}\/(?:file|privateFiles)\/([a-f\d]{24})(\?|$)/.exec(url);
      if (get && req.method === 'GET') {
        const file = files.get(get[1]!);
        if (!file) return reply(404, { type: 'NotFound', message: 'File was not found' });
        const signed = url.includes('/privateFiles/') ? '?X-Amz-Signature=SIGNED-SECRET-QUERY&X-Amz-Expires=60' : '';
        return reply(200, {
          ...file.record,
          status: 'completed',
          url: `${state.url}/storage/${encodeURIComponent(file.key)}${signed}`,
        });
      }
      return reply(404, { type: 'NotFound', message: `${req.method} ${url}` });
    })().catch((e: unknown) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  });
}

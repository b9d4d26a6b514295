/** `@losant-sdk/core/files`: create, upload to object storage, download; against a loopback S3 stand-in. */
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient, type ClientOptions } from '../src/client.js';
import {
  LosantAbortError,
  LosantApiError,
  LosantError,
  LosantTimeoutError,
  LosantValidationError,
} from '../src/errors.js';
import { downloadFile, downloadUrl, uploadFile } from '../src/files.js';
import { logging, type Logger } from '../src/log.js';
import { saveToFile } from '../src/node.js';
import type { Route } from '../src/types.js';
import { ID, rejection } from './helpers.js';
import { startStorageServer, type StorageServer } from './storage-server.js';

// The generated routes of the files package, as data.
const filesPost: Route = {
  id: 'files.post',
  method: 'POST',
  path: '/applications/{applicationId}/files',
  params: { applicationId: 'path', file: 'body' },
  required: ['applicationId', 'file'],
  version: '1.30.0',
};
const privateFilesPost: Route = {
  ...filesPost,
  id: 'privateFiles.post',
  path: '/applications/{applicationId}/privateFiles',
  params: { applicationId: 'path', privateFile: 'body' },
  required: ['applicationId', 'privateFile'],
};
const fileGet: Route = {
  id: 'file.get',
  method: 'GET',
  path: '/applications/{applicationId}/file/{fileId}',
  params: { applicationId: 'path', fileId: 'path' },
  version: '1.30.0',
};
const privateFileGet: Route = {
  id: 'privateFile.get',
  method: 'GET',
  path: '/applications/{applicationId}/privateFiles/{privateFileId}',
  params: { applicationId: 'path', privateFileId: 'path', urlTTL: 'query' },
  version: '1.30.0',
};

const TOKEN = 'tok-files-SECRET-0042';
const FORM_ORDER = [
  'bucket',
  'key',
  'Content-Type',
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'policy',
  'X-Amz-Signature',
  'file',
];
/** Every byte value, then some UTF-8: what must arrive unchanged. */
const BYTES = new Uint8Array([
  ...Array.from({ length: 256 }, (_, i) => i),
  ...new TextEncoder().encode('ünïcødé ✓\r\n'),
]);

let server: StorageServer;
let dir: string;
beforeAll(async () => {
  server = await startStorageServer();
  dir = await mkdtemp(join(tmpdir(), 'losant-files-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  server.forms.length = 0;
  server.losant.length = 0;
  server.storageRequests.length = 0;
  server.failNext.length = 0;
  server.maxSize = 1 << 20;
});

const client = (o: ClientOptions = {}) => createClient({ baseUrl: server.url, token: TOKEN, maxRetryDelay: 1, ...o });
const bytesOf = async (stream: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(stream).arrayBuffer());

describe('upload: create, then the pre-signed form', () => {
  const kinds: Array<[string, () => Promise<unknown> | unknown, string | undefined]> = [
    ['a Buffer', () => Buffer.from(BYTES), undefined],
    ['a Uint8Array', () => BYTES, undefined],
    ['an ArrayBuffer', () => BYTES.slice().buffer, undefined],
    [
      'a DataView over part of a buffer',
      () => new DataView(new Uint8Array([9, ...BYTES, 9]).buffer, 1, BYTES.length),
      undefined,
    ],
    ['a Blob', () => new Blob([BYTES]), undefined],
    ['a File (its name)', () => new File([BYTES], 'from-file.bin'), 'from-file.bin'],
    [
      'a web ReadableStream, in chunks',
      () =>
        new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(BYTES.subarray(0, 7));
            c.enqueue(BYTES.subarray(7));
            c.close();
          },
        }),
      undefined,
    ],
    [
      'a Node.js Readable',
      () => Readable.from([Buffer.from(BYTES.subarray(0, 100)), Buffer.from(BYTES.subarray(100))]),
      undefined,
    ],
    [
      'a file on disk, fs.createReadStream(path) (its base name)',
      async () => {
        await writeFile(join(dir, 'on-disk.bin'), BYTES);
        return createReadStream(join(dir, 'on-disk.bin'));
      },
      'on-disk.bin',
    ],
  ];

  for (const [label, make, ownName] of kinds)
    it(`${label}: the exact bytes reach storage as the last part, and download back`, async () => {
      const c = client();
      const name = ownName ?? 'data.bin';
      const created = await uploadFile<{ id: string; upload: unknown }>(c, filesPost, {
        applicationId: ID,
        file: { ...(ownName ? {} : { name }), parentDirectory: '/reports/' },
        content: await make(),
      });
      // The create call: what the content says about itself, on the wire.
      expect(server.losant[0]).toEqual({
        method: 'POST',
        url: `/applications/${ID}/files?_actions=false&_links=true&_embedded=true`,
        body: {
          name,
          parentDirectory: '/reports/',
          type: 'file',
          fileSize: BYTES.length,
          contentType: 'application/octet-stream',
        },
        authorization: `Bearer ${TOKEN}`,
      });
      // The storage POST: fields in the order given, the file last, named, exact bytes; no token.
      const form = server.forms[0]!;
      expect(form.map((p) => p.name)).toEqual(FORM_ORDER);
      expect(form.at(-1)!.filename).toBe(name);
      expect(form.at(-1)!.contentType).toBe('application/octet-stream');
      expect(new Uint8Array(form.at(-1)!.body)).toEqual(BYTES);
      expect(form.find((p) => p.name === 'key')!.body.toString()).toBe(`${ID}/files/reports/${name}`);
      expect(server.storageRequests[0]!.headers.authorization).toBeUndefined();
      expect(Object.keys(server.storageRequests[0]!.headers)).not.toContain('accept-version');
      // And back.
      const stream = await downloadFile(c, fileGet, { applicationId: ID, fileId: created.id });
      expect(await bytesOf(stream)).toEqual(BYTES);
      expect(server.storageRequests[1]!.headers.authorization).toBeUndefined();
    });

  it('a string is sent as UTF-8; the given contentType is the file’s and the part’s', async () => {
    await uploadFile(client(), filesPost, {
      applicationId: ID,
      file: { name: 'notes.csv', contentType: 'text/csv' },
      content: 'a,b\nü,✓\n',
    });
    expect((server.losant[0]!.body as { file?: unknown; contentType: string; fileSize: number }).contentType).toBe(
      'text/csv',
    );
    expect((server.losant[0]!.body as { fileSize: number }).fileSize).toBe(Buffer.byteLength('a,b\nü,✓\n'));
    const file = server.forms[0]!.at(-1)!;
    expect(file.contentType).toBe('text/csv');
    expect(file.body.toString('utf8')).toBe('a,b\nü,✓\n');
    expect(server.objects.get(`${ID}/files/notes.csv`)!.type).toBe('text/csv');
  });

  it('a Blob’s own type is the contentType when none is given; private files take privateFile', async () => {
    const created = await uploadFile<{ id: string }>(client(), privateFilesPost, {
      applicationId: ID,
      privateFile: { name: 'img.png', parentDirectory: '/' },
      content: new Blob([BYTES], { type: 'image/png' }),
    });
    expect(server.losant[0]!.url).toMatch(/^\/applications\/[a-f\d]{24}\/privateFiles\?/);
    expect(server.losant[0]!.body).toMatchObject({ name: 'img.png', contentType: 'image/png', type: 'file' });
    const stream = await downloadFile(client(), privateFileGet, {
      applicationId: ID,
      privateFileId: created.id,
      urlTTL: '60',
    });
    expect(await bytesOf(stream)).toEqual(BYTES);
    expect(server.storageRequests[1]!.url).toContain('X-Amz-Signature=SIGNED-SECRET-QUERY');
  });

  it('a storage 503 is retried with the same bytes; a refusal (too large) is a LosantApiError, not retried', async () => {
    server.failNext.push(503);
    await uploadFile(client(), filesPost, { applicationId: ID, file: { name: 'again.bin' }, content: BYTES });
    expect(server.forms).toHaveLength(2);
    expect(server.forms[1]!.map((p) => [p.name, p.body.toString('hex')])).toEqual(
      server.forms[0]!.map((p) => [p.name, p.body.toString('hex')]),
    );
    server.forms.length = 0;
    server.maxSize = 100;
    const error = await rejection(
      uploadFile(client(), filesPost, { applicationId: ID, file: { name: 'big.bin' }, content: BYTES }),
    );
    expect(error).toBeInstanceOf(LosantApiError);
    expect((error as LosantApiError).status).toBe(400);
    expect((error as LosantApiError).operationId).toBe('files.upload');
    expect((error as LosantApiError).body).toContain('<Code>EntityTooLarge</Code>');
    expect((error as Error).message).toBe('files.upload failed with 400: object storage refused the upload');
    expect(server.forms).toHaveLength(1);
  });

  it('maxRetries 0: a storage 503 is the error; the call’s signal aborts the storage POST', async () => {
    server.failNext.push(503);
    const error = await rejection(
      uploadFile(client({ maxRetries: 0 }), filesPost, { applicationId: ID, file: { name: 'x.bin' }, content: BYTES }),
    );
    expect((error as LosantApiError).status).toBe(503);
    const controller = new AbortController();
    const stalled = client({
      fetch: (req) =>
        req.url.includes('/storage')
          ? new Promise((_, reject) => {
              req.signal.addEventListener('abort', () => reject(req.signal.reason));
              controller.abort('stop');
            })
          : fetch(req),
    });
    const aborted = await rejection(
      uploadFile(
        stalled,
        filesPost,
        { applicationId: ID, file: { name: 'x.bin' }, content: BYTES },
        { signal: controller.signal },
      ),
    );
    expect(aborted).toBeInstanceOf(LosantAbortError);
    expect((aborted as LosantAbortError).reason).toBe('stop');
  });

  it('the client’s timeout applies to the storage POST, each attempt, then it is retried', async () => {
    let attempts = 0;
    const c = client({
      timeout: 30,
      maxRetries: 1,
      fetch: (req) => {
        // The create call answered from memory, not over loopback: only the storage POST meets the 30 ms.
        if (!req.url.includes('/storage'))
          return Promise.resolve(
            Response.json({ upload: { url: `${server.url}/storage`, fields: {} } }, { status: 201 }),
          );
        attempts++;
        return new Promise((_, reject) => req.signal.addEventListener('abort', () => reject(req.signal.reason)));
      },
    });
    const error = await rejection(
      uploadFile(c, filesPost, { applicationId: ID, file: { name: 'slow.bin' }, content: BYTES }),
    );
    expect(error).toBeInstanceOf(LosantTimeoutError);
    expect((error as Error).message).toBe('files.upload: no complete response within 30 ms');
    expect(attempts).toBe(2);
  });

  it('refuses, before anything is sent: no content, a content of another kind, no name to give the file', async () => {
    const c = client();
    const none = await rejection(uploadFile(c, filesPost, { applicationId: ID, file: { name: 'a' } }));
    expect((none as LosantValidationError).param).toBe('content');
    const wrong = await rejection(uploadFile(c, filesPost, { applicationId: ID, file: { name: 'a' }, content: 42 }));
    expect(wrong).toBeInstanceOf(LosantValidationError);
    expect((wrong as Error).message).toMatch(/^files\.upload: parameter "content" must be a Blob, File, Buffer/);
    const nameless = await rejection(uploadFile(c, filesPost, { applicationId: ID, file: {}, content: BYTES }));
    expect((nameless as LosantValidationError).param).toBe('file.name');
    expect(server.losant).toHaveLength(0);
    expect(server.forms).toHaveLength(0);
  });

  it('an answer without an upload form is a LosantError naming the action', async () => {
    const c = createClient({
      fetch: async () => new Response('{"id":"x"}', { status: 201, headers: { 'content-type': 'application/json' } }),
    });
    const error = await rejection(uploadFile(c, filesPost, { applicationId: ID, file: { name: 'a' }, content: 'x' }));
    expect(error).toBeInstanceOf(LosantError);
    expect((error as Error).message).toBe('files.upload: files.post answered without an upload form (upload.url)');
  });
});

describe('the storage stand-in refuses what S3 refuses (so the tests above can fail)', () => {
  const post = async (build: (form: FormData) => void) => {
    const created = await createClient({ baseUrl: server.url }).request<{
      upload: { url: string; fields: Record<string, string> };
    }>(filesPost, {
      applicationId: ID,
      file: { name: 'probe.bin', type: 'file', contentType: 'application/octet-stream', fileSize: 3 },
    });
    const form = new FormData();
    for (const [k, v] of Object.entries(created.upload.fields)) form.append(k, v);
    build(form);
    const response = await fetch(created.upload.url, { method: 'POST', body: form });
    return [response.status, await response.text()] as const;
  };
  it('a field after the file, an extra field, a changed field, a file over the size limit', async () => {
    expect(await post((f) => (f.append('file', new Blob([BYTES])), f.append('late', 'x')))).toEqual([
      403,
      expect.stringContaining('last field'),
    ]);
    expect(await post((f) => (f.append('x-extra', '1'), f.append('file', new Blob([BYTES]))))).toEqual([
      403,
      expect.stringContaining('Extra input fields: x-extra'),
    ]);
    expect(await post((f) => (f.set('key', 'elsewhere'), f.append('file', new Blob([BYTES]))))).toEqual([
      403,
      expect.stringContaining('"$key"'),
    ]);
    server.maxSize = 2;
    expect(await post((f) => f.append('file', new Blob([BYTES])))).toEqual([
      400,
      expect.stringContaining('EntityTooLarge'),
    ]);
    server.maxSize = 1 << 20;
    expect(await post((f) => f.append('file', new Blob([BYTES])))).toEqual([204, '']);
  });
});

describe('downloads', () => {
  it('downloadUrl: a stream as it arrives, no client needed; a 404 is a LosantApiError with the storage’s body', async () => {
    server.objects.set('plain/key.txt', { body: Buffer.from('hello, storage'), type: 'text/plain' });
    expect(new TextDecoder().decode(await bytesOf(await downloadUrl(`${server.url}/storage/plain%2Fkey.txt`)))).toBe(
      'hello, storage',
    );
    const error = await rejection(downloadUrl(`${server.url}/storage/missing`, { client: client({ maxRetries: 0 }) }));
    expect(error).toBeInstanceOf(LosantApiError);
    expect((error as LosantApiError).status).toBe(404);
    expect((error as LosantApiError).operationId).toBe('downloadUrl');
    expect((error as LosantApiError).body).toContain('NoSuchKey');
  });

  it('the file record without a url (a directory) is a LosantError; a missing file the API’s 404', async () => {
    const noUrl = createClient({
      fetch: async () => new Response('{"type":"directory"}', { headers: { 'content-type': 'application/json' } }),
    });
    expect(
      ((await rejection(downloadFile(noUrl, fileGet, { applicationId: ID, fileId: ID }))) as Error).message,
    ).toMatch(/^file\.download: file\.get answered without a url/);
    const missing = await rejection(downloadFile(client(), fileGet, { applicationId: ID, fileId: 'f'.repeat(24) }));
    expect((missing as LosantApiError).status).toBe(404);
  });

  it('saveToFile writes the stream (or the promise of one) to a path, byte for byte', async () => {
    server.objects.set('bin', { body: Buffer.from(BYTES), type: 'application/octet-stream' });
    const path = join(dir, 'saved.bin');
    await saveToFile(downloadUrl(`${server.url}/storage/bin`), path);
    expect(new Uint8Array(await readFile(path))).toEqual(BYTES);
  });

  it('logs each storage attempt without the pre-signed query’s values or the token', async () => {
    const lines: unknown[][] = [];
    const logger: Logger = {
      debug: (...a) => lines.push(a),
      info: (...a) => lines.push(a),
      warn: (...a) => lines.push(a),
      error: (...a) => lines.push(a),
    };
    const c = client({ log: logging({ level: 'debug', logger }) });
    server.failNext.push(500);
    const created = await uploadFile<{ id: string }>(c, privateFilesPost, {
      applicationId: ID,
      privateFile: { name: 'p.bin' },
      content: BYTES,
    });
    await bytesOf(await downloadFile(c, privateFileGet, { applicationId: ID, privateFileId: created.id }));
    const text = lines.map((l) => l.map((a) => JSON.stringify(a)).join(' '));
    expect(text.map((t) => /"action":"([^"]+)"/.exec(t)?.[1])).toEqual([
      'privateFiles.post',
      'privateFiles.upload',
      'privateFiles.upload',
      'privateFile.get',
      'privateFile.download',
    ]);
    expect(text[1]).toContain('retry in');
    expect(text[4]).toContain('"query":["X-Amz-Signature","X-Amz-Expires"]');
    for (const t of text) {
      expect(t).not.toContain('SIGNED-SECRET-QUERY');
      expect(t).not.toContain(TOKEN);
    }
  });
});

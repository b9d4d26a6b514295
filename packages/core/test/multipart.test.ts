import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from '../src/client.js';
import { LosantValidationError } from '../src/errors.js';
import { toFormData } from '../src/multipart.js';
import type { Route, Uploadable } from '../src/types.js';
import { everyRendering, ID, recordingFetch, rejection } from './helpers.js';

const route: Route = {
  id: 'application.import',
  method: 'POST',
  path: '/applications/{applicationId}/import',
  params: { applicationId: 'path', importBundle: 'form:file', email: 'form', count: 'form', options: 'form:json' },
  required: ['applicationId'],
  version: '1.29.4',
  encodeForm: toFormData,
};
const bytes = new Uint8Array([80, 75, 3, 4, 0, 255]);
const dir = mkdtempSync(join(tmpdir(), 'losant-core-multipart-'));
const file = join(dir, 'bundle-on-disk.zip');
writeFileSync(file, bytes);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Send an upload; answer the raw multipart body (latin1, so every byte is one character) and the parsed form. */
async function upload(importBundle: unknown, extra: Record<string, unknown> = {}) {
  const { fetch, requests } = recordingFetch();
  await createClient({ fetch }).request(route, { applicationId: ID, importBundle, ...extra });
  const req = requests[0]!;
  expect(req.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
  const raw = Buffer.from(await req.clone().arrayBuffer()).toString('latin1');
  return { raw, form: await req.formData() };
}

const part = (name: string, filename: string, content: string) =>
  `Content-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n${content}\r\n`;

describe('multipart bodies', () => {
  const exact = Buffer.from(bytes).toString('latin1');
  const uploads: Array<[string, () => Uploadable, string]> = [
    ['Blob', () => new Blob([bytes]), 'importBundle'],
    ['File (its own name)', () => new File([bytes], 'bundle.zip'), 'bundle.zip'],
    ['Uint8Array', () => bytes, 'importBundle'],
    ['Buffer', () => Buffer.from(bytes), 'importBundle'],
    ['a view into a larger buffer', () => new Uint8Array([9, 9, ...bytes, 9]).subarray(2, 8), 'importBundle'],
    ['DataView', () => new DataView(bytes.slice().buffer), 'importBundle'],
    ['ArrayBuffer', () => bytes.slice().buffer, 'importBundle'],
    [
      'web ReadableStream',
      () => new ReadableStream({ start: (c) => (c.enqueue(bytes.slice(0, 3)), c.enqueue(bytes.slice(3)), c.close()) }),
      'importBundle',
    ],
    ['fs.createReadStream (its file name)', () => createReadStream(file), 'bundle-on-disk.zip'],
    [
      'Node Readable without a path',
      () => Readable.from([Buffer.from(bytes.slice(0, 2)), Buffer.from(bytes.slice(2))]),
      'importBundle',
    ],
  ];
  it.each(uploads)(
    'uploads a %s as a file part with a filename, beside JSON and text fields',
    async (_, make, filename) => {
      const { raw, form } = await upload(make(), {
        email: 'a@example.com',
        count: 3,
        options: { importUrl: 'https://x/y.zip' },
      });
      expect(raw).toContain(part('importBundle', filename, exact));
      expect(new Uint8Array(await (form.get('importBundle') as File).arrayBuffer())).toEqual(bytes);
      expect(form.get('email')).toBe('a@example.com');
      expect(form.get('count')).toBe('3');
      expect(form.get('options')).toBe('{"importUrl":"https://x/y.zip"}');
    },
  );

  it('uploads a string as its UTF-8 bytes', async () => {
    const { raw } = await upload('name,value\né,1');
    expect(raw).toContain(
      part('importBundle', 'importBundle', Buffer.from('name,value\né,1', 'utf8').toString('latin1')),
    );
  });

  it('a number, a boolean, an object or a pipe-less stream: LosantValidationError naming the field and the kinds, nothing sent', async () => {
    for (const bad of [42, true, { data: [1, 2] }, { pipe() {} }, [1, 2, 3]]) {
      const { fetch, requests } = recordingFetch();
      const error = await rejection(createClient({ fetch }).request(route, { applicationId: ID, importBundle: bad }));
      expect(error).toBeInstanceOf(LosantValidationError);
      expect(error).toMatchObject({ param: 'importBundle' });
      expect((error as Error).message).toMatch(
        /must be a Blob, File, Buffer, Uint8Array \(or other ArrayBufferView\), ArrayBuffer, web ReadableStream, Node\.js Readable or string \(got \w+\)/,
      );
      expect(requests).toHaveLength(0);
    }
  });

  it('a route with multipart fields but no encodeForm: LosantValidationError naming its first field, nothing sent', async () => {
    const { encodeForm: _, ...bare } = route;
    const { fetch, requests } = recordingFetch();
    const error = await rejection(createClient({ fetch }).request(bare, { applicationId: ID, email: 'a@b.c' }));
    expect(error).toBeInstanceOf(LosantValidationError);
    expect(error).toMatchObject({ param: 'importBundle' });
    expect((error as Error).message).toMatch(/is a multipart field, and the route has no encodeForm \(toFormData\)/);
    expect(requests).toHaveLength(0);
  });

  it('a stream that fails or yields something other than bytes: LosantValidationError, nothing sent', async () => {
    const failing = new Readable({ read: () => undefined });
    queueMicrotask(() => failing.destroy(new Error('disk on fire')));
    const odd = new ReadableStream({ start: (c) => (c.enqueue({ not: 'bytes' }), c.close()) });
    for (const [bad, reason] of [
      [failing, /could not be read: disk on fire/],
      [odd, /yielded a Object/],
    ] as const) {
      const { fetch, requests } = recordingFetch();
      const error = await rejection(createClient({ fetch }).request(route, { applicationId: ID, importBundle: bad }));
      expect(error).toBeInstanceOf(LosantValidationError);
      expect((error as Error).message).toMatch(reason);
      expect(everyRendering(error).join('')).not.toMatch(/TypeError/);
      expect(requests).toHaveLength(0);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { createClient } from '../src/client.js';
import type { Route } from '../src/types.js';
import { ID, recordingFetch } from './helpers.js';

const route: Route = {
  id: 'application.import',
  method: 'POST',
  path: '/applications/{applicationId}/import',
  params: { applicationId: 'path', importBundle: 'form:file', email: 'form', options: 'form:json' },
  required: ['applicationId'],
  version: '1.29.4',
};
const bytes = new Uint8Array([80, 75, 3, 4, 0, 255]);

describe('multipart bodies', () => {
  const uploads: Array<[string, unknown]> = [
    ['Blob', new Blob([bytes])],
    ['File', new File([bytes], 'bundle.zip')],
    ['Uint8Array', bytes],
    ['Buffer', Buffer.from(bytes)],
    ['ArrayBuffer', bytes.slice().buffer],
    ['ReadableStream', new ReadableStream({ start: (c) => (c.enqueue(bytes.slice(0, 3)), c.enqueue(bytes.slice(3)), c.close()) })],
  ];
  it.each(uploads)('uploads a %s as a file part, with JSON and text fields', async (_, upload) => {
    const { fetch, requests } = recordingFetch();
    await createClient({ fetch }).request(route, { applicationId: ID, importBundle: upload, email: 'a@example.com', options: { importUrl: 'https://x/y.zip' } });
    const req = requests[0]!;
    expect(req.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    const form = await req.formData();
    const file = form.get('importBundle') as File;
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
    expect(form.get('email')).toBe('a@example.com');
    expect(JSON.parse(form.get('options') as string)).toEqual({ importUrl: 'https://x/y.zip' });
  });
});

import type { ParamIn, Uploadable } from './types.js';

/** Build a multipart body: file parts from any Uploadable, JSON fields as JSON text, the rest as text. */
export async function toFormData(fields: ReadonlyArray<readonly [name: string, value: unknown, encoding: ParamIn]>): Promise<FormData> {
  const form = new FormData();
  for (const [name, value, encoding] of fields) {
    if (value === undefined || value === null) continue;
    if (encoding === 'form:file') form.append(name, await toBlob(value as Uploadable), fileName(value, name));
    else if (encoding === 'form:json') form.append(name, typeof value === 'string' ? value : JSON.stringify(value));
    else form.append(name, String(value));
  }
  return form;
}

async function toBlob(value: Uploadable): Promise<Blob> {
  if (value instanceof Blob) return value;
  if (value instanceof ArrayBuffer) return new Blob([value]);
  if (ArrayBuffer.isView(value)) return new Blob([new Uint8Array(value.buffer, value.byteOffset, value.byteLength) as Uint8Array<ArrayBuffer>]);
  // A stream must be read to the end: FormData holds Blobs.
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  const reader = (value as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value: chunk } = await reader.read();
    if (done) break;
    chunks.push(chunk as Uint8Array<ArrayBuffer>);
  }
  return new Blob(chunks);
}

function fileName(value: unknown, field: string): string {
  return typeof File !== 'undefined' && value instanceof File && value.name ? value.name : field;
}

import { LosantValidationError } from './errors.js';
import type { NodeReadableLike, ParamIn } from './types.js';

const ACCEPTED =
  'a Blob, File, Buffer, Uint8Array (or other ArrayBufferView), ArrayBuffer, web ReadableStream, Node.js Readable or string';

type Kind = 'blob' | 'bytes' | 'web-stream' | 'node-stream' | 'string';

function kindOf(value: unknown): Kind | undefined {
  if (typeof value === 'string') return 'string';
  if (typeof value !== 'object' || value === null) return undefined;
  if (typeof Blob !== 'undefined' && value instanceof Blob) return 'blob';
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return 'bytes';
  if (typeof (value as ReadableStream).getReader === 'function') return 'web-stream';
  if (
    typeof (value as NodeReadableLike).pipe === 'function' &&
    typeof (value as NodeReadableLike)[Symbol.asyncIterator] === 'function'
  )
    return 'node-stream';
  return undefined;
}

function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return typeof value;
  return (value as object).constructor?.name ?? 'object';
}

/**
 * Build a multipart body: file parts from any Uploadable (each with a filename: a File's own,
 * a Node stream's file name, else the field name), JSON fields as JSON text, the rest as text.
 * Every file value is checked before any stream is read, so a wrong kind never gets far.
 */
export async function toFormData(
  operationId: string,
  fields: ReadonlyArray<readonly [name: string, value: unknown, encoding: ParamIn]>,
): Promise<FormData> {
  const kinds = fields.map(([name, value, encoding]) => {
    if (encoding !== 'form:file') return undefined;
    const kind = kindOf(value);
    if (!kind) throw new LosantValidationError(operationId, name, `must be ${ACCEPTED} (got ${describe(value)})`);
    return kind;
  });
  const form = new FormData();
  for (let i = 0; i < fields.length; i++) {
    const [name, value, encoding] = fields[i]!;
    const kind = kinds[i];
    if (kind) form.append(name, await readUpload(operationId, name, value, kind), fileName(value, kind, name));
    else if (encoding === 'form:json') form.append(name, typeof value === 'string' ? value : JSON.stringify(value));
    else form.append(name, String(value));
  }
  return form;
}

async function readUpload(operationId: string, name: string, value: unknown, kind: Kind): Promise<Blob> {
  try {
    return await toBlob(operationId, name, value, kind);
  } catch (e) {
    if (e instanceof LosantValidationError) throw e;
    throw new LosantValidationError(
      operationId,
      name,
      `could not be read: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

async function toBlob(operationId: string, name: string, value: unknown, kind: Kind): Promise<Blob> {
  switch (kind) {
    case 'blob':
      return value as Blob;
    case 'string':
      return new Blob([value as string]);
    case 'bytes':
      return new Blob([bytesOf(value)!]);
    case 'web-stream': {
      // FormData holds Blobs: a stream is read to the end first.
      const chunks: BlobPart[] = [];
      const reader = (value as ReadableStream<unknown>).getReader();
      for (;;) {
        const { done, value: chunk } = await reader.read();
        if (done) break;
        chunks.push(chunkOf(operationId, name, chunk));
      }
      return new Blob(chunks);
    }
    case 'node-stream': {
      const chunks: BlobPart[] = [];
      for await (const chunk of value as NodeReadableLike) chunks.push(chunkOf(operationId, name, chunk));
      return new Blob(chunks);
    }
  }
}

function bytesOf(value: unknown): Uint8Array<ArrayBuffer> | undefined {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value))
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength) as Uint8Array<ArrayBuffer>;
  return undefined;
}

function chunkOf(operationId: string, name: string, chunk: unknown): BlobPart {
  if (typeof chunk === 'string') return chunk;
  const bytes = bytesOf(chunk);
  if (bytes) return bytes;
  throw new LosantValidationError(
    operationId,
    name,
    `is a stream that yielded a ${describe(chunk)} (expected bytes or strings)`,
  );
}

function fileName(value: unknown, kind: Kind, field: string): string {
  if (kind === 'blob' && typeof File !== 'undefined' && value instanceof File && value.name) return value.name;
  if (kind === 'node-stream') {
    const path = (value as NodeReadableLike).path;
    const base = typeof path === 'string' ? path.split(/[\\/]/).pop() : undefined;
    if (base) return base;
  }
  return field;
}

/**
 * One file value read into a Blob (its kind checked first, a stream read to the end), with the
 * file name it carries (a File's, a Node stream's path), if any.
 */
export async function readFileValue(
  operationId: string,
  name: string,
  value: unknown,
): Promise<{ blob: Blob; fileName: string | undefined }> {
  const kind = kindOf(value);
  if (!kind) throw new LosantValidationError(operationId, name, `must be ${ACCEPTED} (got ${describe(value)})`);
  const own = fileName(value, kind, '');
  return { blob: await readUpload(operationId, name, value, kind), fileName: own || undefined };
}

/**
 * `@losant-sdk/core/node`: Node.js helpers (the rest of core uses no Node-only API).
 */

/**
 * Write a stream (what `file.download` or `downloadUrl` resolves with, or that promise itself) to
 * a file at `path`, replacing it; resolves once every byte is written. A stream that fails
 * leaves the part written so far.
 */
export async function saveToFile(
  source: ReadableStream<Uint8Array> | PromiseLike<ReadableStream<Uint8Array>>,
  path: string,
): Promise<void> {
  const stream = await source;
  const fs = (await import('node:fs/promises' as string)) as {
    writeFile(path: string, data: AsyncIterable<Uint8Array>): Promise<void>;
  };
  await fs.writeFile(path, stream as unknown as AsyncIterable<Uint8Array>);
}

import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GeneratorError } from '../errors.js';
import { download, DownloadError } from './download.js';
import type { LockedInput } from './lock.js';
import { parseByExtension } from './parse.js';

export interface UpstreamSourceOptions {
  /** Mirror root (`../shared/upstream`); undefined when no mirror is available. */
  mirrorDir: string | undefined;
  /** Where downloaded inputs are kept between runs (never committed). */
  cacheDir: string;
  fetch?: typeof fetch;
  /** Per-download timeout. */
  timeoutMs?: number;
  /** Waits between download attempts (tests make them instant). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The largest input file the generator reads: far above any Losant publishes (the largest
 * OpenAPI document is 0.3 MB), and what bounds a run's time and memory (both grow linearly
 * with input size; see README).
 */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Reads upstream inputs: from the mirror when there is one, else from the local download
 * cache, else from the origin URL. Every byte is checked against the lock's sha256.
 */
export class UpstreamSource {
  readonly mirrorDir: string | undefined;
  private readonly cacheDir: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly sleep: ((ms: number) => Promise<void>) | undefined;
  private readonly parsed = new Map<string, Promise<unknown>>();

  constructor(options: UpstreamSourceOptions) {
    this.mirrorDir = options.mirrorDir;
    this.cacheDir = options.cacheDir;
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.sleep = options.sleep;
  }

  /** Verified bytes of one input. */
  async read(input: LockedInput): Promise<Buffer> {
    if (this.mirrorDir) {
      const file = join(this.mirrorDir, input.path);
      const data = await readIfExists(file);
      if (data) return verify(withinLimit(data, file), input, file);
    }
    const cached = join(this.cacheDir, input.path);
    const data = await readIfExists(cached);
    if (data && sha256(data) === input.sha256) return data;
    return this.download(input, cached);
  }

  /** Verified and parsed (YAML or JSON by extension); memoized per path. */
  readParsed(input: LockedInput): Promise<unknown> {
    let p = this.parsed.get(input.path);
    if (!p) {
      p = this.read(input).then((buf) => parseByExtension(buf.toString('utf8'), this.describe(input)));
      this.parsed.set(input.path, p);
    }
    return p;
  }

  /** How to name an input in messages: its mirror path when mirrored, else its URL. */
  describe(input: LockedInput): string {
    return this.mirrorDir ? join(this.mirrorDir, input.path) : input.url;
  }

  private async download(input: LockedInput, cacheFile: string): Promise<Buffer> {
    const where = this.mirrorDir ? `not in the mirror (${this.mirrorDir})` : 'no upstream mirror is configured';
    let data: Buffer;
    try {
      data = await download(input.url, {
        fetch: this.fetchImpl,
        timeoutMs: this.timeoutMs,
        maxBytes: MAX_INPUT_BYTES,
        ...(this.sleep ? { sleep: this.sleep } : {}),
      });
    } catch (cause) {
      if (cause instanceof DownloadError && cause.tooLarge) withinLimit(Buffer.alloc(MAX_INPUT_BYTES + 1), input.url);
      throw new GeneratorError(
        'INPUT_DOWNLOAD_FAILED',
        `${input.path}: ${where}, and downloading ${input.url} failed (${cause instanceof Error ? cause.message : String(cause)})`,
        {
          file: input.path,
          cause,
          hint: 'point LOSANT_UPSTREAM_DIR (or --upstream) at a mirror of the upstream inputs, or run with network access',
        },
      );
    }
    verify(data, input, input.url);
    await mkdir(dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, cacheFile);
    return data;
  }
}

function withinLimit(data: Buffer, file: string): Buffer {
  if (data.length > MAX_INPUT_BYTES) {
    throw new GeneratorError(
      'INPUT_TOO_LARGE',
      `the input is ${(data.length / 1048576).toFixed(1)} MB; the generator reads inputs up to ${MAX_INPUT_BYTES / 1048576} MB`,
      {
        file,
        hint: 'no Losant input is anywhere near this size: check the lock points at the right file (a larger real input would need MAX_INPUT_BYTES raised in generator/src/inputs/source.ts)',
      },
    );
  }
  return data;
}

function verify(data: Buffer, input: LockedInput, file: string): Buffer {
  const actual = sha256(data);
  if (actual !== input.sha256) {
    throw new GeneratorError('SHA_MISMATCH', `sha256 mismatch: expected ${input.sha256}, got ${actual}`, {
      file,
      hint: 'the upstream file changed or is corrupt: restore the mirror, or if the change is intended run `pnpm spec:bump` to re-pin it',
    });
  }
  return data;
}

async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    if (!(await stat(file)).isFile()) return undefined;
    return await readFile(file);
  } catch {
    return undefined;
  }
}

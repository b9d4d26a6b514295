// A content-addressed cache for the costly pure steps of a run (prettier, openapi-typescript,
// redocly lint). An entry is found by the sha256 of everything its step reads (the tool and its
// version, the options, the input text), so a hit is byte-for-byte what the step would compute:
// the output never depends on the cache, only the time does. Each entry carries the sha256 of its
// value; a missing, unreadable or corrupt entry is a miss and the step runs. Entries are written
// to a temporary file and renamed, so a crash never leaves half an entry.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export class ContentCache {
  hits = 0;
  misses = 0;

  /** `dir` undefined: no cache, every step runs. */
  constructor(readonly dir: string | undefined) {}

  /**
   * The value of `compute()`, from the entry of `key` when there is a valid one. A key given as
   * a function is built only when there is a cache to look in (it may serialize a whole document).
   */
  async memo(key: readonly string[] | (() => readonly string[]), compute: () => Promise<string>): Promise<string> {
    if (!this.dir) return compute();
    const parts = typeof key === 'function' ? key() : key;
    // Length-prefixed parts: ['ab', 'c'] and ['a', 'bc'] are different keys.
    const id = sha256(parts.map((part) => `${part.length}:${part}`).join(''));
    const file = join(this.dir, id.slice(0, 2), id);
    const cached = await this.read(file);
    if (cached !== undefined) {
      this.hits++;
      return cached;
    }
    this.misses++;
    const value = await compute();
    await this.write(file, value);
    return value;
  }

  private async read(file: string): Promise<string | undefined> {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    const newline = text.indexOf('\n');
    const value = text.slice(newline + 1);
    return newline === 64 && text.slice(0, 64) === sha256(value) ? value : undefined;
  }

  /** Best effort: a cache that cannot be written (read-only disk, full disk) only costs time. */
  private async write(file: string, value: string): Promise<void> {
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(join(file, '..'), { recursive: true });
      await writeFile(tmp, `${sha256(value)}\n${value}`);
      await rename(tmp, file);
    } catch {
      await rm(tmp, { force: true }).catch(() => {});
    }
  }
}

const versions = new Map<string, string>();

/** The installed version of a dependency of the generator (part of every key of its step). */
export function toolVersion(name: string): string {
  let version = versions.get(name);
  if (version === undefined) versions.set(name, (version = findVersion(name)));
  return version;
}

function findVersion(name: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name && pkg.version) return pkg.version;
    } catch {
      // not this directory's
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the version of ${name}`);
    dir = up;
  }
}

let fingerprint: string | undefined;

/**
 * The sha256 of the generator's own code (every module beside this one, as it runs: the sources
 * under tsx, the build under node): part of the key of a step the generator computes itself, so
 * a change to its code is a miss.
 */
export function generatorFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const dir = dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256');
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(?:[cm]?js|ts)$/.test(e.name))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
  for (const file of files) {
    const text = readFileSync(join(dir, file));
    hash.update(`${file.length}:${file}${text.length}:`).update(text);
  }
  return (fingerprint = hash.digest('hex'));
}

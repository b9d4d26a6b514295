import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GeneratorError } from '../errors.js';
import type { LockedInput, SourcesLock } from './lock.js';
import { parseJson } from './parse.js';
import { download } from './download.js';
import { MAX_INPUT_BYTES, sha256 } from './source.js';

/** spec/origins.json: which upstream revisions exist and where they come from. */
export interface Origins {
  openapi: Record<string, { apiVersion: string; baseUrl: string; documents: Record<string, string> }>;
  docs: Record<string, { baseUrl: string }>;
}

export interface PinOptions {
  origins: Origins;
  originsFile: string;
  openapiRevision: string;
  docsVersion: string;
  /** Mirror root to hash from; without one, files are downloaded from their origin. */
  mirrorDir: string | undefined;
  fetch?: typeof fetch;
}

/**
 * Build a fresh sources lock for the requested revisions by hashing the files themselves
 * (trust on first use, like any lockfile). Used by `spec:bump`.
 */
export async function pinSources(o: PinOptions): Promise<SourcesLock> {
  const rev = o.origins.openapi[o.openapiRevision];
  if (!rev) {
    throw new GeneratorError('USAGE', `unknown OpenAPI revision "${o.openapiRevision}"`, {
      file: o.originsFile,
      pointer: '/openapi',
      hint: `use one of: ${Object.keys(o.origins.openapi).join(', ')}, or add the revision to spec/origins.json`,
    });
  }
  const docs = o.origins.docs[o.docsVersion];
  if (!docs) {
    throw new GeneratorError('USAGE', `unknown docs-index version "${o.docsVersion}"`, {
      file: o.originsFile,
      pointer: '/docs',
      hint: `use one of: ${Object.keys(o.origins.docs).join(', ')}, or add the version to spec/origins.json`,
    });
  }
  const fetchBytes = async (path: string, url: string): Promise<Buffer> => {
    if (o.mirrorDir) {
      try {
        return await readFile(join(o.mirrorDir, path));
      } catch {
        /* fall through to the origin */
      }
    }
    try {
      return await download(url, { fetch: o.fetch ?? fetch, timeoutMs: 30_000, maxBytes: MAX_INPUT_BYTES });
    } catch (cause) {
      throw new GeneratorError(
        'INPUT_DOWNLOAD_FAILED',
        `cannot read ${path} from the mirror or ${url} (${cause instanceof Error ? cause.message : String(cause)})`,
        {
          file: path,
          cause,
          hint: 'check the revision in spec/origins.json, or point --upstream at a mirror that has it',
        },
      );
    }
  };
  const pin = async (path: string, url: string): Promise<LockedInput> => ({
    path,
    url,
    sha256: sha256(await fetchBytes(path, url)),
  });

  const documents: Record<string, LockedInput> = {};
  for (const [api, file] of Object.entries(rev.documents)) {
    documents[api] = await pin(`openapi/${o.openapiRevision}/${file}`, rev.baseUrl + file);
  }
  const indexPath = `docs-index/${o.docsVersion}/api-info.json`;
  const indexBytes = await fetchBytes(indexPath, docs.baseUrl + 'apiInfo.json');
  const docsIndex = {
    apiVersion: o.docsVersion,
    path: indexPath,
    url: docs.baseUrl + 'apiInfo.json',
    sha256: sha256(indexBytes),
  };

  const files: Record<string, LockedInput> = {};
  const pinSchema = async (name: string): Promise<Buffer> => {
    const path = `schemas/${o.docsVersion}/${name}.json`;
    const url = `${docs.baseUrl}${name}.json`;
    const bytes = await fetchBytes(path, url);
    files[name] = { path, url, sha256: sha256(bytes) };
    return bytes;
  };
  if (o.mirrorDir) {
    for (const name of await listSchemaNames(join(o.mirrorDir, 'schemas', o.docsVersion))) await pinSchema(name);
  } else {
    // Without a mirror a directory cannot be listed: pin every schema reachable from the index.
    const queue = [...referencedSchemaNames(parseJson(indexBytes.toString('utf8'), indexPath))];
    while (queue.length) {
      const name = queue.shift()!;
      if (files[name]) continue;
      const bytes = await pinSchema(name);
      queue.push(...referencedSchemaNames(parseJson(bytes.toString('utf8'), name)));
    }
  }
  return {
    openapi: { revision: o.openapiRevision, apiVersion: rev.apiVersion, documents },
    docsIndex,
    schemas: { apiVersion: o.docsVersion, files },
  };
}

async function listSchemaNames(dir: string): Promise<string[]> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  return entries
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** Names of the doc schemas a document references (`#/definitions/<name>`). */
function referencedSchemaNames(index: unknown): string[] {
  const names = new Set<string>();
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      for (const [k, v] of Object.entries(n)) {
        if (k === '$ref' && typeof v === 'string' && v.startsWith('#/definitions/')) {
          names.add(v.slice('#/definitions/'.length).split('/')[0]!);
        } else walk(v);
      }
    }
  };
  walk(index);
  return [...names].sort();
}

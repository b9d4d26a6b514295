import { readFile } from 'node:fs/promises';
import { GeneratorError } from '../errors.js';
import { parseJson } from './parse.js';
import { assertValid } from './validate.js';

/** One upstream file: where it sits in the mirror, where it comes from, and what it must hash to. */
export interface LockedInput {
  /** Path relative to the mirror root, e.g. `openapi/2026-05-25/losant-application-api-openapi.yml`. */
  path: string;
  /** Origin URL used when no mirror is available. */
  url: string;
  sha256: string;
}

export interface SourcesLock {
  openapi: {
    revision: string;
    apiVersion: string;
    /** Keyed by API id (`application`, `device`, …). */
    documents: Record<string, LockedInput>;
  };
  docsIndex: LockedInput & { apiVersion: string };
  schemas: {
    apiVersion: string;
    /** Keyed by schema name (`apiToken`, …). */
    files: Record<string, LockedInput>;
  };
}

const input = {
  type: 'object',
  additionalProperties: false,
  required: ['path', 'url', 'sha256'],
  properties: {
    path: { type: 'string', pattern: '^[^/].*[^/]$' },
    url: { type: 'string', pattern: '^https?://' },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  },
} as const;

export const lockSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['openapi', 'docsIndex', 'schemas'],
  properties: {
    $comment: { type: 'string' },
    openapi: {
      type: 'object',
      additionalProperties: false,
      required: ['revision', 'apiVersion', 'documents'],
      properties: {
        revision: { type: 'string' },
        apiVersion: { type: 'string' },
        documents: { type: 'object', additionalProperties: input, minProperties: 1 },
      },
    },
    docsIndex: {
      type: 'object',
      additionalProperties: false,
      required: ['apiVersion', ...input.required],
      properties: { apiVersion: { type: 'string' }, ...input.properties },
    },
    schemas: {
      type: 'object',
      additionalProperties: false,
      required: ['apiVersion', 'files'],
      properties: {
        apiVersion: { type: 'string' },
        files: { type: 'object', additionalProperties: input },
      },
    },
  },
} as const;

export async function loadLock(file: string): Promise<SourcesLock> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new GeneratorError('INPUT_NOT_FOUND', 'the sources lock is missing', {
      file,
      cause,
      hint: 'restore spec/sources.lock.json from git, or create it with `pnpm spec:bump`',
    });
  }
  const lock = parseJson(text, file);
  assertValid<SourcesLock>(
    lockSchema,
    lock,
    file,
    'INVALID_LOCK',
    'fix the lock by hand or rewrite it with `pnpm spec:bump`',
  );
  return lock;
}

/** Serialize a lock with stable key order and one input per line, so diffs stay readable. */
export function formatLock(lock: SourcesLock): string {
  const line = (i: LockedInput) => JSON.stringify({ path: i.path, url: i.url, sha256: i.sha256 });
  const map = (m: Record<string, LockedInput>, indent: string) =>
    Object.keys(m)
      .sort()
      .map((k) => `${indent}${JSON.stringify(k)}: ${line(m[k]!)}`)
      .join(',\n');
  return [
    '{',
    '  "$comment": "Upstream inputs the generator builds from, pinned by sha256. Never edit by hand: `pnpm spec:bump` rewrites it.",',
    '  "openapi": {',
    `    "revision": ${JSON.stringify(lock.openapi.revision)},`,
    `    "apiVersion": ${JSON.stringify(lock.openapi.apiVersion)},`,
    '    "documents": {',
    map(lock.openapi.documents, '      '),
    '    }',
    '  },',
    `  "docsIndex": ${JSON.stringify({ apiVersion: lock.docsIndex.apiVersion, path: lock.docsIndex.path, url: lock.docsIndex.url, sha256: lock.docsIndex.sha256 })},`,
    '  "schemas": {',
    `    "apiVersion": ${JSON.stringify(lock.schemas.apiVersion)},`,
    '    "files": {',
    map(lock.schemas.files, '      '),
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
}

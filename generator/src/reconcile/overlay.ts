// spec/apis/<api>.yaml: the project-authored scope and tag grouping of each Losant API, loaded
// and checked together, because a resource belongs to exactly one of them.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GeneratorError } from '../errors.js';
import { parseYaml } from '../inputs/parse.js';
import { assertValid } from '../inputs/validate.js';
import { pointer } from '../json/index.js';
import type { NamingOverlay } from '../naming.js';
import type { StreamBackfill } from '../openapi/model.js';
import type { DocsIndex } from './docs-index.js';

export interface TagInfo {
  description: string;
  /** Package directory and npm name suffix; defaults to the tag name in kebab case. */
  package?: string;
}

export interface ApiOverlay {
  api: string;
  title: string;
  description: string;
  docs: { base: string };
  tags: Record<string, TagInfo>;
  /** resource (docs-index name) → tag name */
  resources: Record<string, string>;
  /**
   * SDK names that changed: each earlier name → the current one. The earlier name stays as a
   * deprecated alias (typed and at run time) until the entry is removed (a major change).
   * `resources: { old: resource }`, `actions: { 'resource.old': action }`,
   * `params: { 'resource.action.old': param }`.
   */
  renamed?: { resources?: Record<string, string>; actions?: Record<string, string>; params?: Record<string, string> };
  /** SDK names deprecated (`resource`, `resource.action`, `resource.action.param`) → why, and what to use instead. */
  deprecated?: Record<string, string>;
  /**
   * Event streams whose missed events a reconnect fetches from a history action:
   * `'resource.streamAction': { history: 'resource.action', carry, start, end, limit?, sort?, event, time }`
   * (see StreamBackfill in openapi/model.ts; checked against the actions by reconcile/backfill.ts).
   */
  backfill?: Record<string, BackfillEntry>;
}

/** One `backfill:` entry of an overlay, as written: the model's, with `carry` optional. */
export type BackfillEntry = Omit<StreamBackfill, 'carry'> & { carry?: string[] };

/** An overlay and the file it came from. */
export interface LoadedOverlay extends NamingOverlay {
  overlay: ApiOverlay;
}

export const overlaySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['api', 'title', 'description', 'docs', 'tags', 'resources'],
  properties: {
    api: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
    title: { type: 'string', minLength: 1 },
    description: { type: 'string', minLength: 1 },
    docs: {
      type: 'object',
      additionalProperties: false,
      required: ['base'],
      properties: { base: { type: 'string', pattern: '^https://[^\\s"<>`]*/$' } },
    },
    tags: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9 ]*$' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['description'],
        properties: {
          description: { type: 'string', minLength: 1 },
          package: { type: 'string', pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' },
        },
      },
    },
    resources: {
      type: 'object',
      minProperties: 1,
      additionalProperties: { type: 'string' },
    },
    renamed: {
      type: 'object',
      additionalProperties: false,
      properties: {
        resources: { type: 'object', additionalProperties: { type: 'string' } },
        actions: { type: 'object', additionalProperties: { type: 'string' } },
        params: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    deprecated: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
    backfill: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['history', 'start', 'end', 'event', 'time'],
        properties: {
          history: { type: 'string', minLength: 1 },
          carry: { type: 'array', items: { type: 'string', minLength: 1 } },
          start: { type: 'string', minLength: 1 },
          end: { type: 'string', minLength: 1 },
          limit: {
            type: 'object',
            additionalProperties: false,
            required: ['param', 'value'],
            properties: { param: { type: 'string', minLength: 1 }, value: { type: 'integer', minimum: 1 } },
          },
          sort: {
            type: 'object',
            additionalProperties: false,
            required: ['param', 'value'],
            properties: { param: { type: 'string', minLength: 1 }, value: { type: 'string', minLength: 1 } },
          },
          event: { type: 'string', minLength: 1 },
          time: { type: 'string', pattern: '^[A-Za-z_$][A-Za-z0-9_$]*$' },
        },
      },
    },
  },
} as const;

/** The API names of spec/apis/*.yaml, sorted. */
export async function listApis(specDir: string): Promise<string[]> {
  const entries = await readdir(join(specDir, 'apis')).catch(() => [] as string[]);
  return entries
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort();
}

export async function loadOverlay(file: string, expectedApi?: string): Promise<LoadedOverlay> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new GeneratorError('INPUT_NOT_FOUND', 'the API overlay is missing', {
      file,
      cause,
      hint: 'restore it from git, or create it (see spec/apis/application.yaml for the format)',
    });
  }
  const overlay = parseYaml(text, file);
  assertValid<ApiOverlay>(
    overlaySchema,
    overlay,
    file,
    'INVALID_OVERLAY',
    'fix the overlay so it has the documented shape (see the comments in spec/apis/application.yaml)',
  );
  if (expectedApi !== undefined && overlay.api !== expectedApi) {
    throw new GeneratorError('INVALID_OVERLAY', `the overlay in ${expectedApi}.yaml says \`api: ${overlay.api}\``, {
      file,
      pointer: '/api',
      hint: `name the file ${overlay.api}.yaml, or set \`api: ${expectedApi}\``,
    });
  }
  return { api: overlay.api, file, tags: overlay.tags, resources: overlay.resources, overlay };
}

export async function loadOverlays(specDir: string): Promise<LoadedOverlay[]> {
  const apis = await listApis(specDir);
  if (!apis.length)
    throw new GeneratorError('INPUT_NOT_FOUND', 'no API overlays', {
      file: join(specDir, 'apis'),
      hint: 'add one spec/apis/<api>.yaml per Losant API',
    });
  return Promise.all(apis.map((api) => loadOverlay(join(specDir, 'apis', `${api}.yaml`), api)));
}

/**
 * Check the overlays against the inputs, all together: each maps only documented resources,
 * to declared tags, and uses every tag it declares; every docs-index resource is mapped by
 * exactly one overlay; and a resource whose path an upstream document describes is mapped by
 * that document's API.
 *
 * @param documentPaths - API → the paths its upstream document describes
 */
export function checkOverlays(
  overlays: LoadedOverlay[],
  index: DocsIndex,
  indexFile: string,
  documentPaths: Map<string, Set<string>>,
): void {
  const owner = new Map<string, LoadedOverlay>();
  for (const o of overlays) {
    const used = new Set<string>();
    for (const [resource, tag] of Object.entries(o.resources)) {
      const at = pointer('resources', resource);
      if (!Object.hasOwn(index, resource)) {
        throw new GeneratorError('UNKNOWN_RESOURCE', `resource "${resource}" is not in the docs index (${indexFile})`, {
          file: o.file,
          pointer: at,
          hint: 'spell the resource exactly as the docs index does (e.g. applicationApiToken), or remove it',
        });
      }
      if (!Object.hasOwn(o.tags, tag)) {
        throw new GeneratorError('UNKNOWN_TAG', `resource "${resource}" maps to tag "${tag}", which is not declared`, {
          file: o.file,
          pointer: at,
          hint: `declare "${tag}" under tags:, or use one of: ${Object.keys(o.tags).join(', ')}`,
        });
      }
      const other = owner.get(resource);
      if (other) {
        throw new GeneratorError(
          'INVALID_OVERLAY',
          `resource "${resource}" is mapped by both the ${other.api} and the ${o.api} overlay (${other.file}#${at})`,
          {
            file: o.file,
            pointer: at,
            hint: `a resource belongs to one API: remove it from one of the two${documentOwner(documentPaths, index[resource]!.path) ? ` (its path is in the ${documentOwner(documentPaths, index[resource]!.path)} API's document)` : ''}`,
          },
        );
      }
      owner.set(resource, o);
      const described = documentOwner(documentPaths, index[resource]!.path);
      if (described !== undefined && described !== o.api) {
        throw new GeneratorError(
          'INVALID_OVERLAY',
          `resource "${resource}" (${index[resource]!.path}) is described by the ${described} API's OpenAPI document, but the ${o.api} overlay maps it`,
          {
            file: o.file,
            pointer: at,
            hint: `move "${resource}" to spec/apis/${described}.yaml`,
          },
        );
      }
      used.add(tag);
    }
    for (const tag of Object.keys(o.tags)) {
      if (!used.has(tag)) {
        throw new GeneratorError('INVALID_OVERLAY', `tag "${tag}" has no resources, so its package would be empty`, {
          file: o.file,
          pointer: pointer('tags', tag),
          hint: 'map at least one resource to it, or remove it',
        });
      }
    }
  }
  const unmapped = Object.keys(index).filter((r) => !owner.has(r));
  if (unmapped.length) {
    const lines = unmapped.map((r) => {
      const api = documentOwner(documentPaths, index[r]!.path) ?? nearestApi(index[r]!.path, index, owner);
      return `  ${r} (${index[r]!.path}): map it in spec/apis/${api ?? '<api>'}.yaml${documentOwner(documentPaths, index[r]!.path) ? '' : ' (no OpenAPI document describes it: it will be built from the docs index and doc schemas alone)'}`;
    });
    throw new GeneratorError(
      'UNMAPPED_RESOURCE',
      `${unmapped.length} docs-index resource(s) are not mapped by any overlay:\n${lines.join('\n')}`,
      {
        file: indexFile,
        pointer: pointer(unmapped[0]!),
        hint: 'add each under `resources:` of the overlay named, with a tag (a new tag becomes a new package)',
      },
    );
  }
}

/** The API whose upstream document has this exact path. */
export function documentOwner(documentPaths: Map<string, Set<string>>, path: string): string | undefined {
  for (const [api, paths] of [...documentPaths].sort(([a], [b]) => (a < b ? -1 : 1))) if (paths.has(path)) return api;
  return undefined;
}

/** For a path no document has: the API of the mapped resource sharing the longest path prefix. */
function nearestApi(path: string, index: DocsIndex, owner: Map<string, LoadedOverlay>): string | undefined {
  const segments = path.split('/');
  let best: { api: string; shared: number } | undefined;
  for (const [resource, o] of owner) {
    const other = index[resource]!.path.split('/');
    let shared = 0;
    while (shared < segments.length && shared < other.length && segments[shared] === other[shared]) shared++;
    if (!best || shared > best.shared || (shared === best.shared && o.api < best.api)) best = { api: o.api, shared };
  }
  return best && best.shared > 1 ? best.api : undefined;
}

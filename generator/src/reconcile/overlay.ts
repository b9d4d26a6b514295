import { readFile } from 'node:fs/promises';
import { GeneratorError, pointer } from '../errors.js';
import { parseYaml } from '../inputs/parse.js';
import { assertValid } from '../inputs/validate.js';
import type { DocsIndex } from './docs-index.js';

export interface TagInfo {
  description: string;
  /** npm package name suffix; defaults to the tag name in kebab case. */
  package?: string;
}

/** spec/apis/<api>.yaml: the project-authored scope and tag grouping of one Losant API. */
export interface ApiOverlay {
  api: string;
  title: string;
  description: string;
  docs: { base: string };
  tags: Record<string, TagInfo>;
  /** resource (docs-index name) → tag name */
  resources: Record<string, string>;
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
      properties: { base: { type: 'string', pattern: '^https://.*/$' } },
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
          package: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
        },
      },
    },
    resources: {
      type: 'object',
      minProperties: 1,
      additionalProperties: { type: 'string' },
    },
  },
} as const;

export async function loadOverlay(file: string): Promise<ApiOverlay> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new GeneratorError('INPUT_NOT_FOUND', 'the API overlay is missing', { file, cause, hint: 'restore it from git' });
  }
  const overlay = parseYaml(text, file);
  assertValid<ApiOverlay>(
    overlaySchema,
    overlay,
    file,
    'INVALID_OVERLAY',
    'fix the overlay so it has the documented shape (see the comments in spec/apis/application.yaml)',
  );
  return overlay;
}

/** `Application Templates` → `application-templates`. */
export function packageNameOf(overlay: ApiOverlay, tag: string): string {
  return overlay.tags[tag]?.package ?? tag.toLowerCase().replace(/\s+/g, '-');
}

/**
 * Check the overlay against the inputs: every resource it maps must be documented and
 * map to a declared tag; every declared tag must be used; every resource the upstream
 * document has a path for must be mapped; no two tags may share a package name.
 */
export function checkOverlay(overlay: ApiOverlay, file: string, index: DocsIndex, upstreamPaths: Set<string>): void {
  const packages = new Map<string, string>();
  for (const tag of Object.keys(overlay.tags)) {
    const pkg = packageNameOf(overlay, tag);
    const other = packages.get(pkg);
    if (other) {
      throw new GeneratorError('INVALID_OVERLAY', `tags "${other}" and "${tag}" both map to the package "${pkg}"`, {
        file,
        pointer: pointer('tags', tag),
        hint: 'give one of them an explicit `package:`',
      });
    }
    packages.set(pkg, tag);
  }
  const used = new Set<string>();
  for (const [resource, tag] of Object.entries(overlay.resources)) {
    const at = pointer('resources', resource);
    if (!Object.hasOwn(index, resource)) {
      throw new GeneratorError('UNKNOWN_RESOURCE', `resource "${resource}" is not in the docs index`, {
        file,
        pointer: at,
        hint: 'spell the resource exactly as the docs index does (e.g. applicationApiToken), or remove it',
      });
    }
    if (!Object.hasOwn(overlay.tags, tag)) {
      throw new GeneratorError('UNKNOWN_TAG', `resource "${resource}" maps to tag "${tag}", which is not declared`, {
        file,
        pointer: at,
        hint: `declare "${tag}" under tags:, or use one of: ${Object.keys(overlay.tags).join(', ')}`,
      });
    }
    used.add(tag);
  }
  for (const tag of Object.keys(overlay.tags)) {
    if (!used.has(tag)) {
      throw new GeneratorError('INVALID_OVERLAY', `tag "${tag}" has no resources, so its package would be empty`, {
        file,
        pointer: pointer('tags', tag),
        hint: 'map at least one resource to it, or remove it',
      });
    }
  }
  for (const [resource, def] of Object.entries(index)) {
    if (upstreamPaths.has(def.path) && !Object.hasOwn(overlay.resources, resource)) {
      throw new GeneratorError('UNMAPPED_RESOURCE', `resource "${resource}" (${def.path}) is in the upstream document but not mapped to a tag`, {
        file,
        pointer: '/resources',
        hint: `add "${resource}: <tag>" under resources:`,
      });
    }
  }
}

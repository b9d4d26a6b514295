// spec/token-scopes/<docs-index version>.yaml: the broad scopes (all.Application, all.Device,
// all.User, …) Losant's documentation lists for each action and the docs index leaves out, so
// the generated docs and types can say what a device, application or user token may call.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GeneratorError } from '../errors.js';
import { parseYaml } from '../inputs/parse.js';
import { assertValid } from '../inputs/validate.js';
import { pointer } from '../json/index.js';
import type { CorrectionRecord } from './corrections.js';
import type { DocsIndex } from './docs-index.js';

export interface TokenScopesFile {
  docsIndex: string;
  /** resource → the page the facts were transcribed from */
  sources: Record<string, string>;
  /** family name → the broad scopes of that family */
  families: Record<string, string[]>;
  /** resource → action → family name, or `none` (no token needed) */
  actions: Record<string, Record<string, string>>;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['docsIndex', 'sources', 'families', 'actions'],
  properties: {
    docsIndex: { type: 'string' },
    sources: { type: 'object', additionalProperties: { type: 'string', pattern: '^https://' } },
    families: {
      type: 'object',
      propertyNames: { pattern: '^[a-z_]+$', not: { const: 'none' } },
      additionalProperties: {
        type: 'array',
        minItems: 1,
        items: { type: 'string', pattern: '^(all|only)\\.[A-Za-z.]+$' },
      },
    },
    actions: { type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'string' } } },
  },
} as const;

export function tokenScopesFile(specDir: string, version: string): string {
  return join(specDir, 'token-scopes', `${version}.yaml`);
}

export async function loadTokenScopes(file: string, version: string): Promise<TokenScopesFile | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = parseYaml(text, file);
  assertValid<TokenScopesFile>(
    schema,
    parsed,
    file,
    'INVALID_CORRECTION',
    'fix the file so it has the documented shape (see its header)',
  );
  if (parsed.docsIndex !== version)
    throw new GeneratorError('INVALID_CORRECTION', `the file is for docs index ${parsed.docsIndex}, not ${version}`, {
      file,
      pointer: '/docsIndex',
      hint: `name it ${parsed.docsIndex}.yaml`,
    });
  for (const [resource, actions] of Object.entries(parsed.actions)) {
    for (const [action, family] of Object.entries(actions)) {
      if (family !== 'none' && !Object.hasOwn(parsed.families, family)) {
        throw new GeneratorError('INVALID_CORRECTION', `unknown family "${family}"`, {
          file,
          pointer: pointer('actions', resource, action),
          hint: `use \`none\` or one of: ${Object.keys(parsed.families).join(', ')}`,
        });
      }
    }
  }
  return parsed;
}

/**
 * Add each action's broad scopes to the scopes the docs index lists for it (a copy is returned).
 * Entries that no longer fit the docs index (an action it does not have, or one it says needs
 * no token while the page says it does, or the other way round) are reported, not applied.
 */
export function applyTokenScopes(
  index: DocsIndex,
  table: TokenScopesFile | undefined,
  version: string,
): { index: DocsIndex; record: CorrectionRecord } {
  const record: CorrectionRecord = {
    id: 'token-scopes',
    target: 'docs-index',
    why: "the docs index lists each action's resource scopes (device.*, device.get) but not the broad ones (all.Application, all.Device, all.User, …) Losant's documentation lists, so a reader could not tell what a device, application, organization, instance or user token may call",
    evidence: table
      ? [
          `spec/token-scopes/${version}.yaml: ${Object.keys(table.sources).length} documentation pages, listed with their commits`,
        ]
      : [`no spec/token-scopes/${version}.yaml: the broad scopes of docs index ${version} have not been transcribed`],
    changed: [],
    notes: [],
  };
  if (!table) return { index, record };
  const out = structuredClone(index);
  for (const [resource, actions] of Object.entries(table.actions)) {
    for (const [action, family] of Object.entries(actions)) {
      const a = out[resource]?.actions[action];
      if (!a) {
        record.notes!.push(`${resource}.${action}: not in the docs index any more; not applied`);
        continue;
      }
      const needsToken = a.auth !== undefined;
      if ((family === 'none') === needsToken) {
        record.notes!.push(
          `${resource}.${action}: the page says ${family === 'none' ? 'no token is' : 'a token is'} needed, the docs index the opposite; not applied`,
        );
        continue;
      }
      if (family === 'none') continue;
      a.auth = [...table.families[family]!, ...a.auth!];
      record.changed.push(pointer(resource, 'actions', action, 'auth'));
    }
  }
  for (const [resource, r] of Object.entries(out)) {
    for (const action of Object.keys(r.actions)) {
      if (table.actions[resource]?.[action] === undefined)
        record.notes!.push(
          `${resource}.${action}: not listed on any documentation page; keeps the docs index's scopes`,
        );
    }
  }
  return { index: out, record };
}

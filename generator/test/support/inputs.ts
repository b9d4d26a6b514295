// The inputs, read here directly (not through the generator), for tests that compare the
// output with them: the docs index, the overlays, the corrections and the mirror's README.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { mirrorDir, repoRoot } from './env.js';

type Obj = Record<string, any>;

export const lock = JSON.parse(readFileSync(join(repoRoot, 'spec', 'sources.lock.json'), 'utf8')) as Obj;
export const docsIndex = JSON.parse(readFileSync(join(mirrorDir, lock['docsIndex'].path), 'utf8')) as Record<
  string,
  Obj
>;
export const overlays = readdirSync(join(repoRoot, 'spec', 'apis'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map(
    (f) =>
      parse(readFileSync(join(repoRoot, 'spec', 'apis', f), 'utf8')) as {
        api: string;
        tags: Record<string, { package?: string }>;
        resources: Record<string, string>;
      },
  );
export const corrections = (
  parse(readFileSync(join(repoRoot, 'spec', 'corrections.yaml'), 'utf8')) as {
    corrections: Array<{ id: string; target: string; patch: Array<{ op: string; path: string; value?: unknown }> }>;
  }
).corrections;
export const tokenScopes = parse(
  readFileSync(join(repoRoot, 'spec', 'token-scopes', `${lock['docsIndex'].apiVersion}.yaml`), 'utf8'),
) as { families: Record<string, string[]>; actions: Record<string, Record<string, string>> };

/** Docs-index pointers a correction changes: facts there are the correction's, not the index's. */
export const corrected = new Set(
  corrections
    .filter((c) => c.target === 'docs-index')
    .flatMap((c) => c.patch.filter((p) => p.op !== 'test').map((p) => p.path)),
);

/** Every documented action: its API (by overlay), method, full path, params, responses, auth. */
export interface DocumentedAction {
  api: string;
  id: string;
  resource: string;
  action: string;
  method: string;
  path: string;
  params: Obj[];
  responses: Record<string, Obj>;
  auth: string[] | undefined;
  resourceAuth: string[];
}

export const documented: DocumentedAction[] = Object.entries(docsIndex).flatMap(([resource, r]) =>
  Object.entries(r['actions'] as Record<string, Obj>).map(([action, a]) => ({
    api: overlays.find((o) => Object.hasOwn(o.resources, resource))?.api ?? '(unmapped)',
    id: `${resource}.${action}`,
    resource,
    action,
    method: String(a['method']),
    path: String(r['path']) + String(a['path'] ?? ''),
    params: [...((r['params'] ?? []) as Obj[]), ...((a['params'] ?? []) as Obj[])],
    responses: a['responses'] as Record<string, Obj>,
    auth: a['auth'] as string[] | undefined,
    resourceAuth: (r['auth'] ?? []) as string[],
  })),
);

/**
 * The mirror README's measured table, "Per API (resources / documented actions / upstream
 * operations / described correctly): application 34/114/83/70, …": facts about the inputs,
 * measured independently of this project.
 */
export function readmeTable(): {
  revision: { openapi: string; docsIndex: string };
  table: Record<string, [number, number, number, number]>;
} {
  const text = readFileSync(join(mirrorDir, 'README.md'), 'utf8').replace(/\s+/g, ' ');
  const line =
    /Per API \(resources \/ documented actions \/ upstream operations \/ described correctly\): (.*?)\./.exec(
      text,
    )?.[1];
  // "Across **all nine documents** (2026-05-25) against docs index 1.29.4"
  const revision = /all nine documents\*\* \(([\d-]+)\) against docs index ([\d.]+)/.exec(text);
  if (!line || !revision) throw new Error('the mirror README has no per-API table');
  const table = Object.fromEntries(
    [...line.matchAll(/(\w+) (\d+)\/(\d+)\/(\d+)\/(\d+)/g)].map((m) => [
      m[1]!,
      [Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])] as [number, number, number, number],
    ]),
  );
  return { revision: { openapi: revision[1]!, docsIndex: revision[2]! }, table };
}

/** How many operations an API's locked upstream document has (every method under every path). */
export function upstreamOperations(api: string): number {
  const doc = parse(readFileSync(join(mirrorDir, lock['openapi'].documents[api].path), 'utf8')) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const methods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
  return Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).filter((k) => methods.has(k)).length, 0);
}

// Comparing an upstream OpenAPI document with the documented actions, operation by operation.
import { pointer } from '../json/index.js';
import { HTTP_METHODS as METHODS } from '../openapi/vocabulary.js';
import type { ActionModel } from './model.js';

/** An operation as the upstream OpenAPI document has it. */
interface UpstreamOperation {
  method: string;
  path: string;
  summary: string;
  pointer: string;
  raw: Record<string, unknown>;
}

/** An upstream operation that describes a different (sub-path) action than the one documented at its method and path. */
export interface CollapsedOperation {
  method: string;
  path: string;
  pointer: string;
  upstreamSummary: string;
  /** The documented action the upstream operation actually describes, if its summary identifies one. */
  describes?: { operationId: string; method: string; path: string };
  /** The documented action that really lives at this method and path, if any. */
  documentedHere?: string;
}

export interface MatchedOperation {
  operationId: string;
  pointer: string;
  /** Facts where upstream disagrees with the docs index (the docs index wins). */
  differences: string[];
}

export interface UpstreamComparison {
  operationCount: number;
  matched: MatchedOperation[];
  collapsed: CollapsedOperation[];
  /** Documented actions with no upstream operation at their method and path. */
  missing: string[];
}

/** Compare the upstream document's operations with the documented actions, one by one. */
export function compareWithUpstream(doc: Record<string, unknown>, actions: ActionModel[]): UpstreamComparison {
  const ops = upstreamOperations(doc);
  const byKey = new Map(actions.map((a) => [`${a.method} ${a.path}`, a]));
  const bySummary = new Map<string, ActionModel>();
  for (const a of actions) bySummary.set(normalize(a.summary), a);

  const matched: MatchedOperation[] = [];
  const collapsed: CollapsedOperation[] = [];
  const present = new Set<string>();
  for (const op of ops) {
    const documented = byKey.get(`${op.method} ${op.path}`);
    if (documented && normalize(op.summary) === normalize(documented.summary)) {
      present.add(documented.operationId);
      matched.push({
        operationId: documented.operationId,
        pointer: op.pointer,
        differences: differences(op.raw, documented),
      });
      continue;
    }
    const describes = bySummary.get(normalize(op.summary));
    collapsed.push({
      method: op.method,
      path: op.path,
      pointer: op.pointer,
      upstreamSummary: op.summary,
      ...(describes
        ? { describes: { operationId: describes.operationId, method: describes.method, path: describes.path } }
        : {}),
      ...(documented ? { documentedHere: documented.operationId } : {}),
    });
  }
  const missing = actions.filter((a) => !present.has(a.operationId)).map((a) => a.operationId);
  return { operationCount: ops.length, matched, collapsed, missing };
}

function upstreamOperations(doc: Record<string, unknown>): UpstreamOperation[] {
  const paths = (doc['paths'] ?? {}) as Record<string, Record<string, unknown>>;
  const ops: UpstreamOperation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const raw = item?.[method] as Record<string, unknown> | undefined;
      if (!raw) continue;
      ops.push({
        method: method.toUpperCase(),
        path,
        summary: String(raw['summary'] ?? ''),
        pointer: pointer('paths', path, method),
        raw,
      });
    }
  }
  return ops;
}

/** Title Case vs sentence case, apostrophes and punctuation do not make two summaries different. */
function normalize(summary: string): string {
  return summary.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** The facts an upstream operation states that the docs index contradicts. */
function differences(op: Record<string, unknown>, a: ActionModel): string[] {
  const out: string[] = [];
  const params = ((op['parameters'] ?? []) as Array<Record<string, unknown>>).filter((p) => p && typeof p === 'object');
  const upstreamParams = new Map(params.map((p) => [String(p['name']), p]));
  const documented = new Map<string, { in: string; required: boolean }>();
  for (const p of a.params) documented.set(p.name, { in: p.in, required: p.required });
  if (a.body?.kind === 'multipart')
    for (const f of a.body.fields) documented.set(f.name, { in: 'multipart', required: f.required });

  for (const [name, p] of upstreamParams) {
    const d = documented.get(name);
    if (!d) out.push(`parameter "${name}" (in ${String(p['in'])}) is not documented`);
    else if (d.in !== p['in'])
      out.push(`parameter "${name}" is in ${String(p['in'])} upstream, in ${d.in} in the docs`);
    else if (d.required !== (p['required'] === true))
      out.push(
        `parameter "${name}" required: ${String(p['required'] === true)} upstream, ${String(d.required)} in the docs`,
      );
  }
  for (const [name, d] of documented) {
    if (!upstreamParams.has(name)) out.push(`documented ${d.in} parameter "${name}" is missing`);
  }

  const body = op['requestBody'] as { content?: Record<string, { schema?: { $ref?: string } }> } | undefined;
  const upstreamBody = body?.content?.['application/json']?.schema?.$ref?.split('/').pop();
  const docBody = a.body?.kind === 'json' ? a.body.schema : undefined;
  if (upstreamBody !== docBody)
    out.push(`request body schema is ${upstreamBody ?? 'absent'} upstream, ${docBody ?? 'absent'} in the docs`);

  const responses = (op['responses'] ?? {}) as Record<
    string,
    { content?: Record<string, { schema?: { $ref?: string } }> }
  >;
  const docStatuses = new Map(a.responses.map((r) => [r.status, r]));
  for (const [status, r] of Object.entries(responses)) {
    const d = docStatuses.get(status);
    if (!d) {
      out.push(`response ${status} is not documented`);
      continue;
    }
    const ref = r?.content?.['application/json']?.schema?.$ref?.split('/').pop();
    if (ref !== d.schema)
      out.push(`response ${status} schema is ${ref ?? 'absent'} upstream, ${d.schema ?? 'absent'} in the docs`);
  }
  for (const status of docStatuses.keys())
    if (!(status in responses)) out.push(`documented response ${status} is missing`);

  const security = op['security'] as unknown[] | undefined;
  const upstreamNoAuth = Array.isArray(security) && security.length === 0;
  if (upstreamNoAuth !== !a.auth.required)
    out.push(
      `auth is ${upstreamNoAuth ? 'not required' : 'required'} upstream, ${a.auth.required ? 'required' : 'not required'} in the docs`,
    );
  return out;
}

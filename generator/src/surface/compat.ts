import {
  componentRefName,
  followRefs,
  isObject,
  type Json,
  type JsonObject,
  type ResolveComponent,
} from '../json/index.js';

/**
 * Is a schema change safe for SDK users? It depends on the direction: a request schema
 * describes what callers send (accepting more is safe, accepting less breaks them); a
 * response schema describes what callers read (guaranteeing more is safe, less breaks them).
 */
export type Level = 'major' | 'minor' | 'patch';
export type Direction = 'request' | 'response';

export interface SchemaChange {
  level: Level;
  /** Where in the schema, e.g. `blocks[].config.maxResultsPerDevice`. */
  at: string;
  what: string;
}

type Obj = JsonObject;
type Resolve = ResolveComponent;

export function compareSchemas(
  before: Json,
  after: Json,
  direction: Direction,
  resolveBefore: Resolve,
  resolveAfter: Resolve,
): SchemaChange[] {
  const out: SchemaChange[] = [];
  const seen = new Set<string>();
  const pick = (request: Level, response: Level): Level => (direction === 'request' ? request : response);
  const push = (level: Level, at: string, what: string) => out.push({ level, at: at || '(root)', what });

  // An alias chain that ends nowhere is read as the empty schema; one that loops, as its last `$ref`.
  const deref = (n: Json, resolve: Resolve): { node: Obj; ref?: string } => {
    const f = followRefs(n, resolve);
    const node = !f.cycle && isObject(f.node) && componentRefName(f.node['$ref']) !== undefined ? {} : f.node;
    return { node: isObject(node) ? node : {}, ...(f.name ? { ref: f.name } : {}) };
  };

  const walk = (a: Json, b: Json, at: string): void => {
    const x = deref(a, resolveBefore);
    const y = deref(b, resolveAfter);
    if (x.ref && y.ref) {
      const key = `${x.ref}|${y.ref}|${direction}`;
      if (seen.has(key)) return;
      seen.add(key);
    }
    const A = x.node;
    const B = y.node;

    const ta = types(A, resolveBefore);
    const tb = types(B, resolveAfter);
    const added = [...tb].filter((t) => !ta.has(t));
    const removed = [...ta].filter((t) => !tb.has(t));
    if (added.length) push(pick('minor', 'major'), at, `may now be ${added.join(' or ')}`);
    if (removed.length) push(pick('major', 'minor'), at, `can no longer be ${removed.join(' or ')}`);

    const ea = A['enum'] as Json[] | undefined;
    const eb = B['enum'] as Json[] | undefined;
    if (ea && eb) {
      const plus = eb.filter((v) => !ea.some((w) => JSON.stringify(w) === JSON.stringify(v)));
      const minus = ea.filter((v) => !eb.some((w) => JSON.stringify(w) === JSON.stringify(v)));
      if (plus.length) push('minor', at, `new value${plus.length > 1 ? 's' : ''} ${list(plus)}`);
      if (minus.length) push(pick('major', 'minor'), at, `value${minus.length > 1 ? 's' : ''} ${list(minus)} removed`);
    } else if (ea && !eb) push(pick('minor', 'major'), at, 'no longer limited to fixed values');
    else if (!ea && eb) push(pick('major', 'minor'), at, `now limited to ${list(eb)}`);

    for (const key of ['pattern', 'format'] as const) {
      if (A[key] !== B[key])
        push(
          pick('major', 'patch'),
          at,
          `${key} ${A[key] === undefined ? 'added' : B[key] === undefined ? 'removed' : 'changed'} (${String(A[key] ?? '—')} → ${String(B[key] ?? '—')})`,
        );
    }

    const pa = (A['properties'] ?? {}) as Obj;
    const pb = (B['properties'] ?? {}) as Obj;
    const ra = new Set((A['required'] ?? []) as string[]);
    const rb = new Set((B['required'] ?? []) as string[]);
    for (const name of [...new Set([...Object.keys(pa), ...Object.keys(pb)])].sort()) {
      const here = at ? `${at}.${name}` : name;
      if (!(name in pb)) push('major', here, 'property removed');
      else if (!(name in pa))
        push(
          rb.has(name) ? pick('major', 'minor') : 'minor',
          here,
          `property added${rb.has(name) ? ' (required)' : ''}`,
        );
      else {
        if (!ra.has(name) && rb.has(name)) push(pick('major', 'minor'), here, 'now required');
        if (ra.has(name) && !rb.has(name)) push(pick('minor', 'major'), here, 'no longer required');
        walk(pa[name]!, pb[name]!, here);
      }
    }
    if (A['items'] !== undefined || B['items'] !== undefined) walk(A['items'] ?? {}, B['items'] ?? {}, `${at}[]`);
    const aa = A['additionalProperties'];
    const ab = B['additionalProperties'];
    if (JSON.stringify(aa ?? true) !== JSON.stringify(ab ?? true)) {
      if (typeof aa === 'object' && typeof ab === 'object') walk(aa, ab, `${at}{*}`);
      else
        push(
          ab === false ? pick('major', 'minor') : pick('minor', 'major'),
          at,
          `other keys ${ab === false ? 'no longer allowed' : 'now allowed'}`,
        );
    }
    for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
      const la = (A[key] ?? []) as Json[];
      const lb = (B[key] ?? []) as Json[];
      if (la.length === lb.length) la.forEach((s, i) => walk(s, lb[i]!, `${at}<${key}[${i}]>`));
      else if (lb.length > la.length)
        push(
          key === 'allOf' ? pick('major', 'minor') : pick('minor', 'major'),
          at,
          `${lb.length - la.length} ${key} alternative(s) added`,
        );
      else
        push(
          key === 'allOf' ? pick('minor', 'major') : pick('major', 'minor'),
          at,
          `${la.length - lb.length} ${key} alternative(s) removed`,
        );
    }
    for (const [min, max] of [
      ['minimum', 'maximum'],
      ['minLength', 'maxLength'],
      ['minItems', 'maxItems'],
    ] as const) {
      const tighter = (A[min] ?? -Infinity) < (B[min] ?? -Infinity) || (A[max] ?? Infinity) > (B[max] ?? Infinity);
      const looser = (A[min] ?? -Infinity) > (B[min] ?? -Infinity) || (A[max] ?? Infinity) < (B[max] ?? Infinity);
      if (tighter) push(pick('major', 'patch'), at, `${min}/${max} narrowed`);
      else if (looser) push(pick('minor', 'patch'), at, `${min}/${max} widened`);
    }
  };
  walk(before, after, '');
  return out;
}

/** The JSON types a schema admits (`null` for nullable), looking through compositions. */
function types(s: Obj, resolve: Resolve, depth = 0): Set<string> {
  const out = new Set<string>();
  // Compositions may recurse through refs (a tree of nodes); a few levels tell the types apart.
  if (depth > 5) return out;
  if (typeof s['$ref'] === 'string') {
    const target = followRefs(s, resolve).node;
    return isObject(target) && target['$ref'] === undefined ? types(target, resolve, depth) : out;
  }
  if (typeof s['type'] === 'string') out.add(s['type'] === 'integer' ? 'number' : s['type']);
  else if (s['properties']) out.add('object');
  else if (s['items']) out.add('array');
  for (const key of ['oneOf', 'anyOf'])
    for (const alt of (s[key] ?? []) as Obj[]) for (const t of types(alt, resolve, depth + 1)) out.add(t);
  if (s['nullable'] === true) out.add('null');
  return out;
}

function list(values: Json[]): string {
  const shown = values
    .slice(0, 6)
    .map((v) => JSON.stringify(v))
    .join(', ');
  return values.length > 6 ? `${shown} and ${values.length - 6} more` : shown;
}

export function maxLevel(levels: Level[]): Level | undefined {
  return levels.includes('major')
    ? 'major'
    : levels.includes('minor')
      ? 'minor'
      : levels.includes('patch')
        ? 'patch'
        : undefined;
}

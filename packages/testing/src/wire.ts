// Reading a request back into an action and its SDK-named params, checking each part against the
// bundled spec: the route, the token, path/query/header params (with their wire encodings) and the
// body (JSON or multipart). Every problem is one line saying what was wrong.
import { FLAG_NAMES } from '@losant-sdk/sdk';
import { SPEC } from './generated/spec.js';
import { RouteTable, type RouteMatch } from './kit/routes.js';
import type { OperationSpec, ParamSpec } from './spec-types.js';
import { coerceBrackets, componentErrors, schemaErrors } from './validate.js';

/** The response-shape flags every action takes besides its documented parameters (core's list). */
export const FLAGS = FLAG_NAMES;

let routes: RouteTable<OperationSpec> | undefined;
let byId: Map<string, OperationSpec> | undefined;

/** The bundled operation of an operationId. */
export function operation(id: string): OperationSpec | undefined {
  byId ??= new Map(SPEC.operations.map((o) => [o.id, o]));
  return byId.get(id);
}

/** The action with this method and path, or why there is none. */
export function findRoute(method: string, pathname: string): RouteMatch<OperationSpec> {
  routes ??= new RouteTable(SPEC.operations);
  return routes.find(method, pathname, (op) => `${op.method} (${op.id})`);
}

export interface Decoded {
  params: Record<string, unknown>;
  /** Why the real API would answer 400. */
  problems: string[];
  /** Why the real API would answer 401. */
  unauthorized?: string;
}

/** Read a request to `op` into its params, listing everything the spec rejects. */
export async function decodeRequest(
  op: OperationSpec,
  pathValues: Record<string, string>,
  url: URL,
  headers: Readonly<Record<string, string>>,
  body: Uint8Array,
): Promise<Decoded> {
  const params: Record<string, unknown> = {};
  const problems: string[] = [];
  const decoded: Decoded = { params, problems };
  if (op.auth && !/^Bearer\s+\S/i.test(headers['authorization'] ?? '')) {
    decoded.unauthorized = `${op.id} needs a token: send an "Authorization: Bearer <token>" header`;
  }

  for (const p of op.params) {
    if (p.in === 'path') {
      let value: string;
      try {
        value = decodeURIComponent(pathValues[p.name]!);
      } catch {
        problems.push(`path parameter "${p.name}" is not well-formed percent-encoding (got "${pathValues[p.name]}")`);
        continue;
      }
      set(params, p.name, value);
      check(p, 'path parameter', value, true, problems);
    } else if (p.in === 'header') {
      const value = headers[p.name.toLowerCase()];
      if (value === undefined) {
        if (p.required) problems.push(`header "${p.name}" is required`);
      } else {
        set(params, p.name, value);
        check(p, 'header', value, true, problems);
      }
    }
  }
  if (headers['losantdomain'] !== undefined) params['losantdomain'] = headers['losantdomain'];

  decodeQuery(op, url.searchParams, params, problems);
  await decodeBody(op, headers['content-type'] ?? '', body, params, problems);
  return decoded;
}

function decodeQuery(
  op: OperationSpec,
  search: URLSearchParams,
  params: Record<string, unknown>,
  problems: string[],
): void {
  const query = op.params.filter((p) => p.in === 'query');
  const seen = new Map<string, Array<[string, string]>>();
  for (const [key, value] of search) {
    const base = key.includes('[') ? key.slice(0, key.indexOf('[')) : key;
    if (!seen.has(base)) seen.set(base, []);
    seen.get(base)!.push([key, value]);
  }
  for (const [base, entries] of seen) {
    if ((FLAGS as readonly string[]).includes(base)) {
      for (const [key, value] of entries) {
        if (key !== base || (value !== 'true' && value !== 'false'))
          problems.push(`query parameter "${key}" must be "true" or "false" (got ${JSON.stringify(value)})`);
      }
      if (entries.length > 1) problems.push(`query parameter "${base}" is given ${entries.length} times`);
      continue;
    }
    const p = query.find((q) => q.name === base);
    if (!p) {
      const names = [...query.map((q) => q.name), ...FLAGS];
      problems.push(
        `query parameter "${base}" is not a parameter of ${op.id} (its query parameters: ${names.join(', ')})`,
      );
      continue;
    }
    if (p.encoding === 'brackets') {
      const text = fromBrackets(base, entries, problems);
      if (text === undefined) continue;
      const { value, errors } = coerceBrackets(p.schema, text);
      for (const e of errors) problems.push(`query parameter "${p.name}" ${e}`);
      set(params, base, value);
      continue;
    }
    if (entries.length > 1 || entries[0]![0] !== base) {
      problems.push(
        `query parameter "${base}" is given ${entries.length > 1 ? `${entries.length} times` : `as "${entries[0]![0]}"`}`,
      );
      continue;
    }
    const text = entries[0]![1];
    if (p.encoding === 'json') {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        problems.push(`query parameter "${base}" must be JSON text (got ${JSON.stringify(text)})`);
        continue;
      }
      set(params, base, value);
      check(p, 'query parameter', value, false, problems);
    } else {
      set(params, base, text);
      check(p, 'query parameter', text, true, problems);
    }
  }
  for (const p of query) if (p.required && !seen.has(p.name)) problems.push(`query parameter "${p.name}" is required`);
}

/** `name[0][key]=v&name[0][value]=w` → `[{ key: 'v', value: 'w' }]`; a bare `name=v` → `'v'`. */
function fromBrackets(base: string, entries: Array<[string, string]>, problems: string[]): unknown {
  const bare = entries.filter(([k]) => k === base);
  if (bare.length) {
    if (entries.length > 1) {
      problems.push(`query parameter "${base}" is given ${entries.length} times`);
      return undefined;
    }
    return bare[0]![1];
  }
  const root: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    const m = /^[^[\]]+((?:\[[^[\]]*\])+)$/.exec(key);
    if (!m) {
      problems.push(`query parameter "${key}" is not a well-formed bracketed name`);
      return undefined;
    }
    const path = [...m[1]!.matchAll(/\[([^[\]]*)\]/g)].map((s) => s[1]!);
    let node = root;
    for (const [i, segment] of path.entries()) {
      if (i === path.length - 1) {
        if (Object.hasOwn(node, segment)) {
          problems.push(`query parameter "${key}" is given twice`);
          return undefined;
        }
        set(node, segment, value);
      } else {
        const next = Object.hasOwn(node, segment) ? node[segment] : undefined;
        if (typeof next === 'string') {
          problems.push(`query parameter "${key}" is both a value and a container`);
          return undefined;
        }
        if (!next) set(node, segment, {});
        node = node[segment] as Record<string, unknown>;
      }
    }
  }
  return arrays(root);
}

/** Objects whose keys are exactly 0…n-1 become arrays, as qs reads them. */
function arrays(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o);
  for (const k of keys) o[k] = arrays(o[k]);
  if (keys.length && keys.every((k, i) => k === String(i))) return keys.map((k) => o[k]);
  return o;
}

function isEmptyJsonObject(contentType: string, body: Uint8Array): boolean {
  return /^application\/json\s*(;|$)/i.test(contentType) && body.length === 2 && body[0] === 0x7b && body[1] === 0x7d;
}

async function decodeBody(
  op: OperationSpec,
  contentType: string,
  body: Uint8Array,
  params: Record<string, unknown>,
  problems: string[],
): Promise<void> {
  const spec = op.body;
  if (!spec) {
    // `{}` is what Losant's own client sends on every POST, PUT, PATCH and DELETE; the API accepts it.
    if (body.length && !isEmptyJsonObject(contentType, body))
      problems.push(`${op.id} takes no request body (got ${body.length} bytes)`);
    return;
  }
  if (spec.kind === 'json') {
    const what = `body "${spec.name}"`;
    if (!body.length) {
      if (spec.required) problems.push(`${what} is required`);
      return;
    }
    if (!/^application\/json\s*(;|$)/i.test(contentType)) {
      problems.push(
        `${what} must be sent as application/json (got ${contentType ? JSON.stringify(contentType) : 'no Content-Type'})`,
      );
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch {
      problems.push(`${what} is not JSON`);
      return;
    }
    set(params, spec.name, value);
    for (const e of componentErrors(spec.schema, value)) problems.push(`${what} ${e}`);
    return;
  }
  if (!body.length) {
    if (spec.required)
      problems.push(`${op.id} needs a multipart/form-data body (fields: ${spec.fields.map((f) => f.name).join(', ')})`);
    return;
  }
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    problems.push(
      `the body of ${op.id} must be sent as multipart/form-data (got ${contentType ? JSON.stringify(contentType) : 'no Content-Type'})`,
    );
    return;
  }
  let form: FormData;
  try {
    form = await new Response(body as Uint8Array<ArrayBuffer>, { headers: { 'content-type': contentType } }).formData();
  } catch {
    problems.push(`the multipart/form-data body of ${op.id} cannot be parsed`);
    return;
  }
  const counts = new Map<string, number>();
  for (const [name, value] of form) {
    counts.set(name, (counts.get(name) ?? 0) + 1);
    const field = spec.fields.find((f) => f.name === name);
    const what = `form field "${name}"`;
    if (!field) {
      problems.push(`${what} is not a field of ${op.id} (its fields: ${spec.fields.map((f) => f.name).join(', ')})`);
      continue;
    }
    if (field.kind === 'file') {
      if (typeof value === 'string') problems.push(`${what} must be a file part`);
      else set(params, name, value);
      continue;
    }
    const text = typeof value === 'string' ? value : await value.text();
    if (field.kind === 'json') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        problems.push(`${what} must be JSON text (got ${JSON.stringify(text)})`);
        continue;
      }
      set(params, name, parsed);
      for (const e of schemaErrors(field.schema, parsed)) problems.push(`${what} ${e}`);
    } else {
      set(params, name, text);
      for (const e of schemaErrors(field.schema, text)) problems.push(`${what} ${e} (got ${JSON.stringify(text)})`);
    }
  }
  for (const [name, n] of counts) if (n > 1) problems.push(`form field "${name}" is given ${n} times`);
  for (const f of spec.fields)
    if (f.required && !counts.has(f.name)) problems.push(`form field "${f.name}" is required`);
}

function check(p: ParamSpec, what: string, value: unknown, scalar: boolean, problems: string[]): void {
  for (const e of schemaErrors(p.schema, value))
    problems.push(`${what} "${p.name}" ${e}${scalar ? ` (got ${JSON.stringify(value)})` : ''}`);
}

/** Own property, whatever the name (`__proto__` included). */
function set(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

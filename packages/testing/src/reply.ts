// Replies: is a programmed reply one the real API could send (its status documented for the
// action, its body valid against that status's schema), and does a request match a `match` object.
import type { ParamIn } from '@losant-sdk/sdk';
import type { OperationSpec, ResponseSpec } from './spec-types.js';
import { componentErrors, hasSchema, schemaErrors } from './validate.js';
import { FLAGS } from './wire.js';

/** A reply ready to send. */
export interface Answer {
  status: number;
  body?: unknown;
  events?: ReadonlyArray<{ event: string; data: unknown }>;
  headers?: Readonly<Record<string, string>>;
}

/** Statuses any action may answer whether or not its documentation lists them, with the `error` body. */
export const ALWAYS_POSSIBLE = [401, 403, 429, 500, 502, 503, 504] as const;

/** An object with an integer `status` 100–599 and no keys but `status`, `body` and `headers`. */
export function isStatusReply(
  value: unknown,
): value is { status: number; body?: unknown; headers?: Record<string, string> } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  const o = value as Record<string, unknown>;
  const status = o['status'];
  return (
    typeof status === 'number' &&
    Number.isInteger(status) &&
    status >= 100 &&
    status <= 599 &&
    Object.keys(o).every((k) => k === 'status' || k === 'body' || k === 'headers')
  );
}

/** The answer a reply value makes for `op`, or everything that makes it one Losant never sends. */
export function checkReply(op: OperationSpec, value: unknown): { answer: Answer } | { problems: string[] } {
  if (isStatusReply(value)) {
    const { status, body, headers } = value;
    const problems: string[] = [];
    if (
      headers !== undefined &&
      (typeof headers !== 'object' || headers === null || Object.values(headers).some((v) => typeof v !== 'string'))
    ) {
      problems.push('headers must be an object of strings');
    }
    const documented = op.responses.find((r) => r.status === String(status));
    const spec: ResponseSpec | undefined =
      documented ??
      ((ALWAYS_POSSIBLE as readonly number[]).includes(status) && hasSchema('error')
        ? { status: String(status), schema: 'error' }
        : undefined);
    if (!spec) {
      problems.push(
        `status ${status} is not a response of ${op.id} (it documents ${op.responses.map((r) => r.status).join(', ')}; any action may also answer ${ALWAYS_POSSIBLE.join(', ')})`,
      );
      return { problems };
    }
    const checked = checkBody(op, spec, body);
    if ('problems' in checked)
      return { problems: [...problems, ...checked.problems.map((p) => `as ${label(spec)}: ${p}`)] };
    if (problems.length) return { problems };
    return { answer: { ...checked.answer, ...(headers ? { headers } : {}) } };
  }
  const successes = op.responses.filter((r) => r.status.startsWith('2'));
  const problems: string[] = [];
  for (const spec of successes) {
    const checked = checkBody(op, spec, value);
    if ('answer' in checked) return checked;
    problems.push(...checked.problems.map((p) => `as ${label(spec)}: ${p}`));
  }
  return { problems };
}

function label(spec: ResponseSpec): string {
  if (spec.events) return `${spec.status} (events ${Object.keys(spec.events).join(', ')})`;
  return spec.schema ? `${spec.status} (${spec.schema})` : `${spec.status} (no body)`;
}

function checkBody(op: OperationSpec, spec: ResponseSpec, body: unknown): { answer: Answer } | { problems: string[] } {
  const status = Number(spec.status);
  if (spec.events) {
    if (!Array.isArray(body))
      return { problems: [`${op.id} streams events: reply with an array of { event, data } (got ${kind(body)})`] };
    const problems: string[] = [];
    body.forEach((e: unknown, i) => {
      if (!e || typeof e !== 'object' || typeof (e as { event?: unknown }).event !== 'string' || !('data' in e)) {
        problems.push(`event ${i} must be an object { event, data }`);
        return;
      }
      const { event, data } = e as { event: string; data: unknown };
      const schema = Object.hasOwn(spec.events!, event) ? spec.events![event] : undefined;
      if (schema === undefined)
        problems.push(
          `event ${i}: "${event}" is not an event of ${op.id} (it streams ${Object.keys(spec.events!).join(', ')})`,
        );
      else for (const err of componentErrors(schema, data)) problems.push(`event ${i} (${event}) data ${err}`);
    });
    return problems.length
      ? { problems }
      : { answer: { status, events: body as Array<{ event: string; data: unknown }> } };
  }
  if (spec.schema === undefined) {
    return body === undefined
      ? { answer: { status } }
      : { problems: [`a ${spec.status} response of ${op.id} has no body (got ${kind(body)})`] };
  }
  if (body === undefined) return { problems: ['the body is missing'] };
  const errors = componentErrors(spec.schema, body);
  return errors.length ? { problems: errors } : { answer: { status, body } };
}

function kind(value: unknown): string {
  return value === null
    ? 'null'
    : Array.isArray(value)
      ? 'an array'
      : typeof value === 'object'
        ? 'an object'
        : typeof value === 'undefined'
          ? 'nothing'
          : `a ${typeof value}`;
}

/** Where each param of `op` travels, by SDK name (as the generator bundled it). */
function locations(op: OperationSpec): Map<string, ParamIn> {
  const out = new Map<string, ParamIn>();
  for (const p of op.params) out.set(p.name, p.at);
  if (op.body?.kind === 'json') out.set(op.body.name, 'body');
  if (op.body?.kind === 'multipart') for (const f of op.body.fields) out.set(f.name, f.at);
  out.set('losantdomain', 'header');
  return out;
}

/**
 * A `match` object, checked once: every key must be a param of `op`, and a path or plain query
 * value must be one the spec accepts (else it could never match). Returns the normalized
 * expectations (each as the wire carries it back), or the problems.
 */
export function compileMatch(
  op: OperationSpec,
  match: Record<string, unknown>,
): { expect: Array<[string, ParamIn, unknown]> } | { problems: string[] } {
  const where = locations(op);
  const problems: string[] = [];
  const expect: Array<[string, ParamIn, unknown]> = [];
  for (const [name, value] of Object.entries(match)) {
    if ((FLAGS as readonly string[]).includes(name)) {
      problems.push(`"${name}" cannot be matched on (the mock does not record the response-shape flags as params)`);
      continue;
    }
    const location = where.get(name);
    if (location === undefined) {
      problems.push(`"${name}" is not a parameter of ${op.id} (its parameters: ${[...where.keys()].join(', ')})`);
      continue;
    }
    if (value === undefined) {
      expect.push([name, location, undefined]);
      continue;
    }
    if (location === 'form:file') {
      problems.push(`"${name}" is a file: match files with a predicate, \`(request) => …\``);
      continue;
    }
    const wire = toWire(value, location);
    const p = op.params.find((q) => q.name === name);
    if (p && (location === 'path' || location === 'query')) {
      for (const e of schemaErrors(p.schema, wire))
        problems.push(`"${name}" can never match: the API rejects ${JSON.stringify(wire)} (${e})`);
    }
    expect.push([name, location, wire]);
  }
  return problems.length ? { problems } : { expect };
}

/** Does a request's params meet compiled expectations? */
export function matches(expect: Array<[string, ParamIn, unknown]>, params: Record<string, unknown>): boolean {
  return expect.every(([name, location, wire]) => {
    if (wire === undefined) return !Object.hasOwn(params, name);
    if (!Object.hasOwn(params, name)) return false;
    // Bracketed values come back with their leaves converted as the schema types them: compare as text.
    return deepEqual(wire, location === 'query:brackets' ? leavesAsText(params[name]) : params[name]);
  });
}

/** A value as it comes back off the wire at a location: scalars as text, JSON round-tripped. */
function toWire(value: unknown, location: ParamIn): unknown {
  if (location === 'body' || location === 'query:json' || location === 'form:json')
    return JSON.parse(JSON.stringify(value)) as unknown;
  if (location === 'query:brackets') return leavesAsText(value);
  return value instanceof Date ? value.toISOString() : String(value);
}

function leavesAsText(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(leavesAsText);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, leavesAsText(v)]));
  return String(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

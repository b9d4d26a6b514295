import { LosantValidationError } from './errors.js';
import { fillPath } from './path.js';
import { serializeParam } from './query.js';
import type { CommonParams, ParamIn, Route } from './types.js';

/** The response-shape flags, in the order they are sent: first in every query string, as Losant's own client does. */
export const FLAG_NAMES = ['_actions', '_links', '_embedded'] as const;

export type Flags = Pick<CommonParams, (typeof FLAG_NAMES)[number]>;

/** A call's parameters, validated and sorted into the parts of an HTTP request. */
export interface PreparedRequest {
  /** Filled and encoded path. */
  path: string;
  /** Serialized query string (without `?`). */
  query: string;
  /** Headers from parameters (`losantdomain`), or undefined when there are none. */
  headers: Record<string, string> | undefined;
  /** JSON body, when the route has one and it was given. */
  json?: unknown;
  /** Multipart fields, when the route takes a form. */
  form?: Array<readonly [string, unknown, ParamIn]>;
}

/** Serialize the flags once per client: `_actions=false&_links=true&_embedded=true` by default. */
export function flagQuery(flags: Flags): string {
  let query = '';
  for (const name of FLAG_NAMES) {
    const part = serializeParam(name, flags[name], 'query');
    if (part) query = query ? `${query}&${part}` : part;
  }
  return query;
}

/**
 * Check a call's parameters against its route and sort them into path, query, headers and
 * body. Nothing is sent when this throws: a missing required parameter, an unknown one,
 * a value that does not match its documented pattern or is not one of its documented values
 * (enums), or a path value that would change the request path (with `validate` false, only the
 * last two: the server decides the rest, and names the route does not know are left out). The
 * query string is deterministic: the flags (a call's own values over
 * the client's), then the documented parameters in the route's order, whatever order the
 * caller wrote them in. `flags` is undefined for event streams, which never carry them.
 */
export function prepareRequest(
  route: Route,
  params: object | undefined,
  flags: Flags | undefined,
  defaultFlagQuery = flags ? flagQuery(flags) : '',
  validate = true,
): PreparedRequest {
  const fail = (param: string, reason: string): never => {
    throw new LosantValidationError(route.id, param, reason);
  };
  const { params: known, patterns, enums } = route;
  const given = unalias(route.aliases, (params ?? {}) as Readonly<Record<string, unknown>>, fail);
  let ownFlags = false;
  for (const name in given) {
    if (Object.hasOwn(known, name)) continue;
    if ((FLAG_NAMES as readonly string[]).includes(name)) ownFlags ||= given[name] !== undefined;
    else if (name !== 'losantdomain' && validate)
      fail(
        name,
        `is not a parameter of ${route.id} (expected one of: ${[...Object.keys(known), 'losantdomain', ...FLAG_NAMES].join(', ')})`,
      );
  }
  if (validate) {
    for (const name of route.required ?? []) if (given[name] == null) fail(name, 'is required');
    for (const name in patterns) {
      const text = asText(given[name]);
      if (text !== undefined && (typeof text !== 'string' || !compiled(patterns[name]!).test(text)))
        fail(name, `must match ${patterns[name]}`);
    }
    for (const name in enums) {
      const value = given[name];
      const text = asText(value);
      const allowed = enums[name]!;
      if (text !== undefined && (typeof text !== 'string' || !allowed.includes(text)))
        fail(name, `${notAllowed(value)}; the allowed values are ${allowed.map((v) => JSON.stringify(v)).join(', ')}`);
    }
  }

  const flagPart = !flags ? '' : ownFlags ? flagQuery({ ...flags, ...definedFlags(given) }) : defaultFlagQuery;
  const query: string[] = flagPart ? [flagPart] : [];
  let headers: Record<string, string> | undefined;
  let form: Array<readonly [string, unknown, ParamIn]> | undefined;
  let json: unknown;
  for (const name in known) {
    const where = known[name]!;
    const inForm = where.startsWith('form');
    if (inForm) form ??= [];
    let value = given[name];
    if (where === 'path') {
      if (value == null) fail(name, 'is required');
      if (typeof value === 'object') fail(name, 'must be a string');
      const text = String(value);
      if (text === '' || text === '.' || text === '..') fail(name, 'must not be empty, "." or ".."');
      try {
        encodeURIComponent(text); // a URIError for a lone surrogate, as fillPath would throw
      } catch {
        fail(name, NOT_UNICODE);
      }
    } else if (value == null) continue;
    else if (where === 'header') (headers ??= {})[name] = String(value);
    else if (where === 'body') json = value;
    else if (inForm) form!.push([name, value, where]);
    else {
      // A time parameter's Date goes as its milliseconds since the epoch.
      if (value instanceof Date && route.times?.includes(name)) {
        const ms = value.getTime();
        value = Number.isNaN(ms) ? fail(name, 'is an invalid Date') : String(ms);
      }
      let part = '';
      try {
        part = serializeParam(name, value, where);
      } catch {
        fail(name, NOT_UNICODE);
      }
      if (part) query.push(part);
    }
  }
  if (given['losantdomain'] != null) (headers ??= {})['losantdomain'] = String(given['losantdomain']);
  return {
    path: fillPath(route.path, given),
    query: query.length === 1 ? query[0]! : query.join('&'),
    headers,
    ...(json !== undefined ? { json } : {}),
    ...(form ? { form } : {}),
  };
}

const NOT_UNICODE = 'is not well-formed Unicode (it holds a lone surrogate)';

/** A value as its text is checked: numbers and booleans as their string; undefined when absent (null too). */
const asText = (value: unknown): unknown =>
  typeof value === 'number' || typeof value === 'boolean' ? String(value) : (value ?? undefined);

/** What is wrong with a value outside an enum, without the value itself (it may be a secret). */
function notAllowed(value: unknown): string {
  const type = typeof value;
  const scalar = type === 'string' || type === 'number' || type === 'boolean';
  const what =
    value === ''
      ? 'an empty string'
      : Array.isArray(value)
        ? 'an array'
        : type === 'object'
          ? 'an object'
          : `a ${type}`;
  return `is ${what}${scalar ? ' that is' : ','} not one of its values`;
}

/** The params with every parameter given by an earlier (deprecated) name under its name. */
function unalias(
  aliases: Readonly<Record<string, string>> | undefined,
  given: Readonly<Record<string, unknown>>,
  fail: (param: string, reason: string) => never,
): Readonly<Record<string, unknown>> {
  let out: Record<string, unknown> | undefined;
  for (const old in aliases) {
    if (given[old] === undefined) continue;
    const name = aliases[old]!;
    if (given[name] !== undefined) fail(old, `is the earlier name of "${name}": give only one of them`);
    out ??= { ...given };
    out[name] = given[old];
    delete out[old];
  }
  return out ?? given;
}

const patterns = new Map<string, RegExp>();
const compiled = (pattern: string): RegExp => {
  let re = patterns.get(pattern);
  if (!re) patterns.set(pattern, (re = new RegExp(pattern)));
  return re;
};

function definedFlags(given: Readonly<Record<string, unknown>>): Flags {
  const out: Record<string, unknown> = {};
  for (const name of FLAG_NAMES) if (given[name] !== undefined) out[name] = given[name];
  return out as Flags;
}

import { LosantValidationError } from './errors.js';
import { fillPath } from './path.js';
import { serializeQuery } from './query.js';
import type { ParamIn, Route } from './types.js';

/** Where the common parameters (accepted by every action) go. */
const COMMON: Readonly<Record<string, ParamIn>> = { losantdomain: 'header', _actions: 'query', _links: 'query', _embedded: 'query' };

/** A call's parameters, validated and sorted into the parts of an HTTP request. */
export interface PreparedRequest {
  /** Filled and encoded path. */
  path: string;
  /** Serialized query string (without `?`). */
  query: string;
  headers: Record<string, string>;
  /** JSON body, when the route has one and it was given. */
  json?: unknown;
  /** Multipart fields, when the route takes a form. */
  form?: Array<readonly [string, unknown, ParamIn]>;
}

/**
 * Check a call's parameters against its route and sort them into path, query, headers and
 * body. Nothing is sent when this throws: a missing required parameter, an unknown one,
 * a value that does not match its documented pattern, or a path value that would change
 * the request path.
 */
export function prepareRequest(route: Route, params: Readonly<Record<string, unknown>> | undefined, defaults: Readonly<Record<string, unknown>> = {}): PreparedRequest {
  // Documented parameters first, then client-wide flags the call did not set.
  const given: Record<string, unknown> = { ...(params ?? {}) };
  for (const [name, value] of Object.entries(defaults)) if (!Object.hasOwn(given, name)) given[name] = value;
  const fail = (param: string, reason: string): never => {
    throw new LosantValidationError(route.id, param, reason);
  };
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(route.params, name) && !Object.hasOwn(COMMON, name)) {
      fail(name, `is not a parameter of ${route.id} (expected one of: ${[...Object.keys(route.params), ...Object.keys(COMMON)].join(', ')})`);
    }
  }
  for (const name of route.required ?? []) {
    if (given[name] === undefined || given[name] === null) fail(name, 'is required');
  }
  for (const [name, pattern] of Object.entries(route.patterns ?? {})) {
    const value = given[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || !new RegExp(pattern).test(value)) fail(name, `must match ${pattern}`);
  }

  const pathValues: Record<string, unknown> = {};
  const query: Array<readonly [string, unknown, ParamIn]> = [];
  const headers: Record<string, string> = {};
  const form: Array<readonly [string, unknown, ParamIn]> = [];
  let json: unknown;
  for (const [name, value] of Object.entries(given)) {
    if (value === undefined) continue;
    const where = route.params[name] ?? COMMON[name]!;
    switch (where) {
      case 'path': {
        if (typeof value === 'object' && value !== null) fail(name, 'must be a string');
        const text = String(value);
        if (text === '' || text === '.' || text === '..') fail(name, 'must not be empty, "." or ".."');
        pathValues[name] = text;
        break;
      }
      case 'header':
        headers[name] = String(value);
        break;
      case 'body':
        json = value;
        break;
      case 'form':
      case 'form:json':
      case 'form:file':
        form.push([name, value, where]);
        break;
      default:
        query.push([name, value, where]);
    }
  }
  return {
    path: fillPath(route.path, pathValues),
    query: serializeQuery(query),
    headers,
    ...(json !== undefined ? { json } : {}),
    ...(Object.values(route.params).some((p) => p.startsWith('form')) ? { form } : {}),
  };
}

import { LosantValidationError } from './errors.js';

/** CR, LF and NUL end or split a header; anything past U+00FF cannot be sent as a header byte at all. */
const UNSENDABLE = /[\0\r\n\u0100-\uffff]/;
/** RFC 9110 token characters. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Why a header value cannot be sent, or undefined when it can. Never quotes the value. */
export function headerProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return 'must be a string';
  if (UNSENDABLE.test(value))
    return 'must not contain CR, LF, NUL or characters outside Latin-1 (the value is not shown)';
  return undefined;
}

/** A header or token that cannot be sent, found before anything was; thrown per call as a LosantValidationError. */
export interface HeaderFault {
  param: string;
  kind: 'option' | 'header' | 'parameter';
  reason: string;
}

/** The first header of a set that cannot be sent. */
export function findHeaderFault(headers: Readonly<Record<string, unknown>> | undefined): HeaderFault | undefined {
  if (!headers) return undefined;
  for (const name in headers) {
    // A malformed name is not shown either: it may be a value pasted in the wrong place.
    if (!TOKEN.test(name))
      return { param: 'headers', kind: 'option', reason: 'holds a name that is not a valid header name (not shown)' };
    const reason = headerProblem(headers[name]);
    if (reason) return { param: name, kind: 'header', reason };
  }
  return undefined;
}

export function headerError(operationId: string, fault: HeaderFault): LosantValidationError {
  return new LosantValidationError(operationId, fault.param, fault.reason, fault.kind);
}

/** Set each defined header of `source` on `target`, its name in lower case (an undefined value sends nothing). */
export function setHeaders(
  target: Record<string, string | undefined>,
  source: Readonly<Record<string, string | undefined>> | undefined,
): void {
  for (const name in source) if (source[name] !== undefined) target[name.toLowerCase()] = source[name];
}

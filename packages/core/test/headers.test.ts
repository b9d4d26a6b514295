/**
 * A token or header value HTTP cannot carry (CR, LF, NUL, past Latin-1) is refused before
 * anything is sent, with an error that never shows the value: not in its message, stack,
 * inspection, serialization or cause chain.
 */
import { describe, expect, it } from 'vitest';
import { createClient, type ClientOptions } from '../src/client.js';
import { LosantValidationError } from '../src/errors.js';
import type { RequestOptions } from '../src/types.js';
import { archiveData, everyRendering, ID, recordingFetch, rejection } from './helpers.js';

const MARKER = 'S3CR3T-MARKER-7f1c';
const hostile = [
  `${MARKER}\r\nX-Injected: 1`,
  `${MARKER}\n`,
  `${MARKER}\r`,
  `${MARKER}\0`,
  `${MARKER}€`,
  `${MARKER}😀`,
  `\u0100${MARKER}`,
];

async function refused(options: ClientOptions, call: RequestOptions = {}, params: Record<string, unknown> = {}) {
  const { fetch, requests } = recordingFetch();
  const error = await rejection(
    createClient({ ...options, fetch, maxRetries: 3 }).request(
      archiveData,
      { applicationId: ID, date: '1', ...params },
      call,
    ),
  );
  expect(requests).toHaveLength(0); // nothing sent, so nothing retried
  expect(error).toBeInstanceOf(LosantValidationError);
  for (const text of everyRendering(error)) expect(text).not.toContain(MARKER);
  return error as LosantValidationError;
}

describe('tokens and headers HTTP cannot carry', () => {
  it.each(hostile.map((v) => [JSON.stringify(v).slice(1 + MARKER.length, -1), v]))(
    'a token with %s: refused, never shown',
    async (_, token) => {
      const error = await refused({ token });
      expect(error.param).toBe('token');
      expect(error.message).toBe(
        'application.archiveData: option "token" must not contain CR, LF, NUL or characters outside Latin-1 (the value is not shown)',
      );
    },
  );

  it('a client header, a call header or a losantdomain value: refused, never shown', async () => {
    for (const value of hostile) {
      expect((await refused({ headers: { 'x-app': value } })).param).toBe('x-app');
      expect((await refused({}, { headers: { 'X-Call': value } })).param).toBe('X-Call');
      expect((await refused({}, {}, { losantdomain: value })).param).toBe('losantdomain');
      expect((await refused({}, { headers: { 'user-agent': value } })).param).toBe('user-agent');
    }
  });

  it('a header name that is not a token: refused, the name not shown either', async () => {
    const error = await refused({}, { headers: { [`x-${MARKER}\r\n`]: 'v' } });
    expect(error.message).toMatch(/not a valid header name/);
  });

  it('Latin-1 is fine: a value with é (U+00E9) is sent', async () => {
    const { fetch, requests } = recordingFetch();
    await createClient({ fetch, headers: { 'x-name': 'café' } }).request(archiveData, { applicationId: ID, date: '1' });
    expect(requests).toHaveLength(1);
  });
});

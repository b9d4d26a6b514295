import { describe, expect, it } from 'vitest';
import { LosantValidationError } from '../src/errors.js';
import { prepareRequest } from '../src/prepare.js';
import type { Route } from '../src/types.js';
import { archiveData, ID } from './helpers.js';

describe('checking and sorting parameters before anything is sent', () => {
  it('fills the path, writes the query and routes common params', () => {
    expect(prepareRequest(archiveData, { applicationId: ID, date: '1518556791829', losantdomain: 'example.com', _links: true })).toEqual({
      path: `/applications/${ID}/archiveData`,
      query: 'date=1518556791829&_links=true',
      headers: { losantdomain: 'example.com' },
    });
  });

  const fails = (params: Record<string, unknown>, param: string, reason: RegExp) => {
    const error = (() => {
      try {
        prepareRequest(archiveData, params);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(LosantValidationError);
    expect((error as LosantValidationError).param).toBe(param);
    expect((error as Error).message).toMatch(reason);
  };

  it('names a missing required parameter', () => fails({ applicationId: ID }, 'date', /"date" is required/));
  it('names an unknown parameter', () => fails({ applicationId: ID, date: '1', dat: '1' }, 'dat', /not a parameter of application.archiveData/));
  it('names an ID that is not 24 hex characters', () => fails({ applicationId: 'abc', date: '1' }, 'applicationId', /must match/));

  it('keeps a path value in its segment: slashes are encoded, dot segments refused', () => {
    const loose: Route = { ...archiveData, patterns: {} };
    expect(prepareRequest(loose, { applicationId: 'a/b?c#d', date: '1' }).path).toBe('/applications/a%2Fb%3Fc%23d/archiveData');
    expect(prepareRequest(loose, { applicationId: '../x', date: '1' }).path).toBe('/applications/..%2Fx/archiveData');
    for (const bad of ['..', '.', '']) expect(() => prepareRequest(loose, { applicationId: bad, date: '1' })).toThrow(LosantValidationError);
  });

  it('puts the documented body parameter in the body and form fields in the form', () => {
    const post: Route = { id: 'x.post', method: 'POST', path: '/x', params: { options: 'body' }, version: '1' };
    expect(prepareRequest(post, { options: { a: 1 } })).toEqual({ path: '/x', query: '', headers: {}, json: { a: 1 } });
    const form: Route = { id: 'x.import', method: 'POST', path: '/x', params: { file: 'form:file', options: 'form:json', email: 'form' }, version: '1' };
    expect(prepareRequest(form, { email: 'a@b.c' }).form).toEqual([['email', 'a@b.c', 'form']]);
  });
});

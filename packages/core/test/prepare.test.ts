import { describe, expect, it } from 'vitest';
import { LosantValidationError } from '../src/errors.js';
import { prepareRequest, type Flags } from '../src/prepare.js';
import type { Route } from '../src/types.js';
import { archiveData, ID } from './helpers.js';

const LOSANT_FLAGS: Flags = { _actions: false, _links: true, _embedded: true };
const search: Route = {
  id: 'devices.get',
  method: 'GET',
  path: '/applications/{applicationId}/devices',
  params: {
    applicationId: 'path',
    sortField: 'query',
    page: 'query',
    perPage: 'query',
    filter: 'query',
    tagFilter: 'query:brackets',
    query: 'query:json',
  },
  required: ['applicationId'],
  version: '1.29.4',
};

describe('checking and sorting parameters before anything is sent', () => {
  it('fills the path, writes the query and routes common params', () => {
    expect(
      prepareRequest(
        archiveData,
        { applicationId: ID, date: '1518556791829', losantdomain: 'example.com', _links: true },
        undefined,
      ),
    ).toEqual({
      path: `/applications/${ID}/archiveData`,
      query: 'date=1518556791829',
      headers: { losantdomain: 'example.com' },
    });
  });

  it('sends the flags first, then the documented params in route order, whatever order the caller wrote', () => {
    const a = prepareRequest(
      search,
      { filter: 'x', perPage: 10, _embedded: false, page: 1, applicationId: ID, sortField: 'name' },
      LOSANT_FLAGS,
    );
    const b = prepareRequest(
      search,
      { sortField: 'name', page: 1, perPage: 10, applicationId: ID, _embedded: false, filter: 'x' },
      LOSANT_FLAGS,
    );
    expect(a.query).toBe('_actions=false&_links=true&_embedded=false&sortField=name&page=1&perPage=10&filter=x');
    expect(b.query).toBe(a.query);
  });

  it('a call’s undefined flag leaves the client’s; no flags at all for event streams', () => {
    expect(prepareRequest(search, { applicationId: ID, _links: undefined }, LOSANT_FLAGS).query).toBe(
      '_actions=false&_links=true&_embedded=true',
    );
    expect(prepareRequest(search, { applicationId: ID, _links: false, page: 0 }, undefined).query).toBe('page=0');
    expect(prepareRequest(search, { applicationId: ID }, {}).query).toBe('');
  });

  it('numbers and booleans become the bytes of the equivalent strings, in path, query and patterns', () => {
    const route: Route = {
      id: 'x.get',
      method: 'GET',
      path: '/x/{n}',
      params: { n: 'path', page: 'query', on: 'query' },
      patterns: { n: '^\\d+$' },
      version: '1',
    };
    expect(prepareRequest(route, { n: 7, page: 2, on: true }, LOSANT_FLAGS)).toEqual(
      prepareRequest(route, { n: '7', page: '2', on: 'true' }, LOSANT_FLAGS),
    );
    expect(prepareRequest(route, { n: 7, page: 2, on: true }, undefined)).toMatchObject({
      path: '/x/7',
      query: 'page=2&on=true',
    });
  });

  const fails = (params: Record<string, unknown>, param: string, reason: RegExp, route: Route = archiveData) => {
    const error = (() => {
      try {
        prepareRequest(route, params, LOSANT_FLAGS);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(LosantValidationError);
    expect((error as LosantValidationError).param).toBe(param);
    expect((error as Error).message).toMatch(reason);
  };

  it('names a missing required parameter', () => fails({ applicationId: ID }, 'date', /"date" is required/));
  it('names an unknown parameter', () =>
    fails({ applicationId: ID, date: '1', dat: '1' }, 'dat', /not a parameter of application.archiveData/));
  it('names an ID that is not 24 hex characters', () =>
    fails({ applicationId: 'abc', date: '1' }, 'applicationId', /must match/));
  describe('parameters by an earlier (deprecated) name', () => {
    const renamed: Route = { ...search, aliases: { sort: 'sortField', pageSize: 'perPage' } };
    it('are sent under their current name, in the route order, and checked like it', () => {
      const prepared = prepareRequest(renamed, { applicationId: ID, pageSize: 5, sort: 'name' }, undefined);
      expect(prepared.query).toBe('sortField=name&perPage=5');
      expect(prepareRequest(renamed, { applicationId: ID, perPage: 5 }, undefined).query).toBe('perPage=5');
      const enumChecked: Route = { ...renamed, enums: { sortField: ['name'] } };
      fails({ applicationId: ID, sort: 'sideways' }, 'sortField', /not one of its values/, enumChecked);
    });
    it('are refused beside their current name (which of the two is meant is unknowable)', () => {
      fails(
        { applicationId: ID, sort: 'name', sortField: 'id' },
        'sort',
        /is the earlier name of "sortField"/,
        renamed,
      );
    });
    it('are unknown to a route without the alias', () => {
      fails({ applicationId: ID, sort: 'name' }, 'sort', /is not a parameter of devices\.get/, search);
    });
  });

  describe('enum-valued parameters', () => {
    const sorted: Route = {
      ...search,
      enums: { sortField: ['name', 'id', 'creationDate'], perPage: ['10', '100'] },
    };
    it.each([
      ['a string outside the enum', 'sideways', /is a string that is not one of its values/],
      ['an empty string', '', /is an empty string that is not one of its values/],
      ['a number', 7, /is a number that is not one of its values/],
      ['an object', { name: 1 }, /is an object, not one of its values/],
      ['an array', ['name'], /is an array, not one of its values/],
    ])('refuses %s, naming the parameter and the allowed values, never the value', (_, value, reason) => {
      fails({ applicationId: ID, sortField: value }, 'sortField', reason, sorted);
      fails(
        { applicationId: ID, sortField: value },
        'sortField',
        /the allowed values are "name", "id", "creationDate"$/,
        sorted,
      );
      const error = (() => {
        try {
          prepareRequest(sorted, { applicationId: ID, sortField: value }, LOSANT_FLAGS);
        } catch (e) {
          return e as Error;
        }
      })();
      if (typeof value === 'string' && value) expect(error?.message).not.toContain(value);
    });
    it('sends an allowed value, a number or boolean by its text, and leaves out an absent one', () => {
      expect(prepareRequest(sorted, { applicationId: ID, sortField: 'id', perPage: 100 }, undefined).query).toBe(
        'sortField=id&perPage=100',
      );
      expect(prepareRequest(sorted, { applicationId: ID, sortField: undefined, perPage: null }, undefined).query).toBe(
        '',
      );
    });
    it('is checked after the patterns: a malformed ID is named first', () =>
      fails({ applicationId: 'abc', sortField: 'sideways' }, 'applicationId', /must match/, {
        ...sorted,
        patterns: { applicationId: '^[A-Fa-f\\d]{24}$' },
      }));
  });

  describe('time parameters (ms since the epoch)', () => {
    const logs: Route = {
      id: 'device.getLogs',
      method: 'GET',
      path: '/applications/{applicationId}/devices/{deviceId}/logs',
      params: { applicationId: 'path', deviceId: 'path', since: 'query', limit: 'query', note: 'query' },
      times: ['since'],
      version: '1.30.0',
    };
    const at = new Date(Date.UTC(2026, 11, 3, 12, 0, 0));
    it('sends a Date as its milliseconds, and any other value as it is', () => {
      expect(prepareRequest(logs, { applicationId: ID, deviceId: ID, since: at }, undefined).query).toBe(
        `since=${at.getTime()}`,
      );
      expect(prepareRequest(logs, { applicationId: ID, deviceId: ID, since: '-60000' }, undefined).query).toBe(
        'since=-60000',
      );
      expect(prepareRequest(logs, { applicationId: ID, deviceId: ID, since: 1518556791829 }, undefined).query).toBe(
        'since=1518556791829',
      );
    });
    it('a Date for any other parameter still travels as ISO text', () => {
      expect(prepareRequest(logs, { applicationId: ID, deviceId: ID, note: at }, undefined).query).toBe(
        `note=${encodeURIComponent(at.toISOString())}`,
      );
    });
    it('refuses an invalid Date, sending nothing', () =>
      fails({ applicationId: ID, deviceId: ID, since: new Date(NaN) }, 'since', /"since" is an invalid Date/, logs));
  });

  it('names a value that is not well-formed Unicode', () => {
    fails({ applicationId: ID, date: 'a\ud800b' }, 'date', /lone surrogate/);
    fails({ applicationId: '\udc00', date: '1' }, 'applicationId', /lone surrogate/, { ...archiveData, patterns: {} });
  });

  it('keeps a path value in its segment: slashes are encoded, dot segments refused', () => {
    const loose: Route = { ...archiveData, patterns: {} };
    expect(prepareRequest(loose, { applicationId: 'a/b?c#d', date: '1' }, undefined).path).toBe(
      '/applications/a%2Fb%3Fc%23d/archiveData',
    );
    expect(prepareRequest(loose, { applicationId: '../x', date: '1' }, undefined).path).toBe(
      '/applications/..%2Fx/archiveData',
    );
    for (const bad of ['..', '.', ''])
      expect(() => prepareRequest(loose, { applicationId: bad, date: '1' }, undefined)).toThrow(LosantValidationError);
  });

  it('puts the documented body parameter in the body and form fields in the form', () => {
    const post: Route = { id: 'x.post', method: 'POST', path: '/x', params: { options: 'body' }, version: '1' };
    expect(prepareRequest(post, { options: { a: 1 } }, undefined)).toEqual({
      path: '/x',
      query: '',
      headers: undefined,
      json: { a: 1 },
    });
    const form: Route = {
      id: 'x.import',
      method: 'POST',
      path: '/x',
      params: { file: 'form:file', options: 'form:json', email: 'form', dryRun: 'query' },
      version: '1',
    };
    expect(prepareRequest(form, { email: 'a@b.c', dryRun: true }, undefined)).toEqual({
      path: '/x',
      query: 'dryRun=true',
      headers: undefined,
      form: [['email', 'a@b.c', 'form']],
    });
  });
});

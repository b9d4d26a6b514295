import { describe, expect, it } from 'vitest';
import { isGeneratorError } from '../src/errors.js';
import {
  actionTypeNames,
  className,
  iteratorName,
  kebabCase,
  modelTypeName,
  modelTypeNames,
  planNames,
  referencePage,
  referenceSiteUrl,
  type NamingOverlay,
} from '../src/naming.js';

const overlay = (
  api: string,
  tags: Record<string, { package?: string }>,
  resources: Record<string, string>,
): NamingOverlay => ({ api, file: `spec/apis/${api}.yaml`, tags, resources });
const failure = (run: () => unknown) => {
  try {
    run();
  } catch (e) {
    if (isGeneratorError(e)) return e;
    throw e;
  }
  throw new Error('expected a GeneratorError');
};

describe('the naming module', () => {
  it('writes acronyms like a person would', () => {
    const plan = planNames([
      overlay(
        'application',
        { 'API Tokens': {}, 'Application API Tokens': {} },
        { applicationApiToken: 'Application API Tokens', apiTokens: 'API Tokens' },
      ),
    ]);
    expect(plan.packages.map((p) => [p.dir, p.npmName, p.namespace, p.factory, p.apiType])).toEqual([
      ['api-tokens', '@losant-sdk/api-tokens', 'apiTokens', 'createApiTokensApi', 'ApiTokensApi'],
      [
        'application-api-tokens',
        '@losant-sdk/application-api-tokens',
        'applicationApiTokens',
        'createApplicationApiTokensApi',
        'ApplicationApiTokensApi',
      ],
    ]);
    expect(kebabCase('Experience Users')).toBe('experience-users');
  });

  it('honours an explicit `package:`', () => {
    const plan = planNames([overlay('data', { Data: { package: 'device-data' } }, { data: 'Data' })]);
    expect(plan.packages[0]).toMatchObject({
      dir: 'device-data',
      factory: 'createDeviceDataApi',
      namespace: 'deviceData',
    });
    expect(plan.byResource.get('data')?.dir).toBe('device-data');
  });

  it('names classes, types and iterators from resources and actions', () => {
    expect(className('deviceAttributes')).toBe('DeviceAttributes');
    expect(actionTypeNames('device', 'getState')).toEqual({
      params: 'DeviceGetStateParams',
      result: 'DeviceGetStateResult',
      error: 'DeviceGetStateErrorBody',
      events: 'DeviceGetStateEvents',
      scopes: 'DeviceGetStateScopes',
    });
    expect([iteratorName('get'), iteratorName('periodSummaries')]).toEqual(['iterate', 'iteratePeriodSummaries']);
  });

  it('checks every name across all APIs: a collision names both overlay entries and the fix', () => {
    const e = failure(() =>
      planNames([overlay('application', { Data: {} }, { x: 'Data' }), overlay('data', { Data: {} }, { data: 'Data' })]),
    );
    expect(e.code).toBe('NAME_COLLISION');
    expect(e.file).toBe('spec/apis/data.yaml');
    expect(e.pointer).toBe('/tags/Data');
    expect(e.message).toContain('spec/apis/application.yaml#/tags/Data');
    expect(e.hint).toContain('package:');
  });

  it('refuses reserved package directories and umbrella names the SDK already exports', () => {
    expect(failure(() => planNames([overlay('a', { Core: {} }, { x: 'Core' })])).message).toContain('reserved');
    expect(failure(() => planNames([overlay('a', { Paginate: {} }, { x: 'Paginate' })])).message).toContain(
      'already exports',
    );
    expect(failure(() => planNames([overlay('a', { T: {} }, { client: 'T' })])).message).toContain('client key');
  });

  it('refuses a resource mapped twice, and an action named like another member', () => {
    expect(
      failure(() => planNames([overlay('a', { A: {} }, { x: 'A' }), overlay('b', { B: {} }, { x: 'B' })])).message,
    ).toContain('client key "x"');
    const e = failure(() =>
      planNames(
        [overlay('a', { A: {} }, { things: 'A' })],
        [
          { resource: 'things', action: 'get', paginated: true },
          { resource: 'things', action: 'iterate', paginated: false },
        ],
      ),
    );
    expect(e.message).toContain('"iterate"');
  });
});

describe('the API reference site', () => {
  it('is published on the GitHub Pages of the repository, and absent elsewhere', () => {
    expect(referenceSiteUrl({ url: 'git+https://github.com/Losant-SDK/losant-sdk-typescript.git' })).toBe(
      'https://losant-sdk.github.io/losant-sdk-typescript/',
    );
    expect(referenceSiteUrl({ url: 'git@github.com:acme/sdk.git' })).toBe('https://acme.github.io/sdk/');
    expect(referenceSiteUrl({ url: 'https://gitlab.com/acme/sdk.git' })).toBeUndefined();
    expect(referenceSiteUrl(undefined)).toBeUndefined();
  });

  it("names a package's page as TypeDoc does", () => {
    expect(referencePage('@losant-sdk/application-api-tokens')).toBe('modules/_losant-sdk_application-api-tokens.html');
  });
});

describe('model type names', () => {
  it('one scheme: the schema in PascalCase with the suffix Model, never a resource class name', () => {
    expect(modelTypeName('device')).toBe('DeviceModel');
    expect(modelTypeName('dataTableRow')).toBe('DataTableRowModel');
    expect(modelTypeName('blocks.eventList')).toBe('BlocksEventListModel');
    expect(modelTypeName('device')).not.toBe(className('device'));
  });

  it('names every schema of a package, and refuses two schemas or an exported name giving one type', () => {
    const at = { file: 'spec/apis/x.yaml', pointer: '/tags/X' };
    expect([...modelTypeNames(['devices', 'device'], new Set(), at)]).toEqual([
      ['device', 'DeviceModel'],
      ['devices', 'DevicesModel'],
    ]);
    expect(() => modelTypeNames(['blocks.eventList', 'blocksEventList'], new Set(), at)).toThrow(
      /"blocksEventList" and "blocks.eventList" both want the model type name "BlocksEventListModel"/,
    );
    expect(() => modelTypeNames(['device'], new Set(['DeviceModel']), at)).toThrow(/an exported name of the package/);
  });
});

/**
 * Type tests: checked by `tsc -p tsconfig.json` (part of this package's test script);
 * every `@ts-expect-error` must be an error, every `expectTypeOf` must hold.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  authStrategy,
  createLosantClient,
  logging,
  openStream,
  rateLimits,
  tokenProvider,
  type AuthStrategy,
  type EventStream,
  type Logging,
  type RateLimits,
  type LosantApiError,
  type Paginator,
  type Uploadable,
} from '../src/index.js';
import { Application, type Schemas as ApplicationSchemas } from '@losant-sdk/applications';
import type { Schemas as DashboardSchemas, DashboardsGetParams } from '@losant-sdk/dashboards';
import type { Schemas as EventSchemas } from '@losant-sdk/events';
import type { AuthAuthenticateUserScopes, Schemas as AuthSchemas } from '@losant-sdk/auth';
import type { DeviceDeleteScopes, DeviceGetStateScopes, Schemas as DeviceSchemas } from '@losant-sdk/devices';

const losant = createLosantClient({ token: 't', fetch: async () => new Response('{}') });
const applicationId = '575ec8687ae143cd83dc4a97';
const dashboardId = '575ece2b7ae143cd83dc4a9b';
const never = <T>(): T => undefined as T;

describe('types of every kind of operation', () => {
  it('path + query: required params enforced, unknown params rejected, response typed', () => {
    const result = losant.application.archiveData({ applicationId, date: '1518556791829' });
    expectTypeOf(result).resolves.toEqualTypeOf<ApplicationSchemas['jobEnqueuedResult']>();
    // @ts-expect-error `date` is required
    void losant.application.archiveData({ applicationId });
    // @ts-expect-error `applicationId` is required
    void losant.application.archiveData({ date: '1' });
    // @ts-expect-error unknown parameter
    void losant.application.archiveData({ applicationId, date: '1', dat: '1' });
    // The docs type `date` a string but mean a number (their example is one): both are accepted, and sent as the same text.
    void losant.application.archiveData({ applicationId, date: 1518556791829 });
    // @ts-expect-error but not anything else
    void losant.application.archiveData({ applicationId, date: { ms: 1 } });
    // A flag the docs type `string` takes a boolean.
    void losant.device.get({
      applicationId,
      deviceId: applicationId,
      tagsAsObject: true,
      excludeConnectionInfo: 'true',
    });
    // Every action also takes Losant's common params.
    void losant.application.get({ applicationId, losantdomain: 'example.com', _links: true, _embedded: false });
  });

  it('JSON body: under its documented name, typed by its schema', () => {
    type Body = Parameters<typeof losant.dashboard.sendReport>[0]['reportConfig'];
    expectTypeOf<Body>().toEqualTypeOf<DashboardSchemas['dashboardSendReport']>();
    void losant.dashboard.sendReport({ dashboardId, reportConfig: { toEmail: ['a@example.com'], theme: 'dark' } });
    // @ts-expect-error the body is required
    void losant.dashboard.sendReport({ dashboardId });
    // @ts-expect-error `theme` is an enum
    void losant.dashboard.sendReport({ dashboardId, reportConfig: { theme: 'blue' } });
    expectTypeOf(losant.data.timeSeriesQuery).parameter(0).toHaveProperty('query');
  });

  it('object-typed query params take the object (the runtime JSON-encodes it)', () => {
    void losant.events.get({ applicationId, query: { $or: [{ subject: 'overheat' }] } });
    expectTypeOf<Parameters<typeof losant.events.get>[0]>()
      .toHaveProperty('query')
      .toEqualTypeOf<EventSchemas['advancedEventQuery'] | undefined>();
    // @ts-expect-error not an event query field
    void losant.events.get({ applicationId, query: { colour: 'red' } });
  });

  it('multipart: file fields take any Uploadable, JSON fields their schema', () => {
    void losant.file.upload({ applicationId, fileId: applicationId, file: new Blob(['x']) });
    void losant.file.upload({ applicationId, fileId: applicationId, file: new Uint8Array([1, 2]) });
    expectTypeOf<Parameters<typeof losant.file.upload>[0]['file']>().toEqualTypeOf<Uploadable>();
    // @ts-expect-error the file is required
    void losant.file.upload({ applicationId, fileId: applicationId });
    void losant.application.import({ applicationId, options: { importUrl: 'https://example.com/bundle.zip' } });
  });

  it('SSE: resolves to a typed event stream', () => {
    const stream = losant.application.mqttSubscriptionStream({ applicationId, topic: 'my/topic' });
    expectTypeOf(stream).resolves.toEqualTypeOf<EventStream<{ mqttMessage: ApplicationSchemas['mqttPublishBody'] }>>();
    // Type-checked, never run.
    void (async () => {
      for await (const e of await stream) {
        expectTypeOf(e.event).toEqualTypeOf<'mqttMessage'>();
        expectTypeOf(e.data).toEqualTypeOf<{ topic: string; message: string }>();
      }
    });
  });

  it('no-auth actions are ordinary methods', () => {
    expectTypeOf(losant.dashboard.get({ dashboardId, password: 'p' })).resolves.toEqualTypeOf<
      DashboardSchemas['dashboard']
    >();
  });

  it('a token from one call is used on the next; the types say which actions need which token', () => {
    const anonymous = createLosantClient();
    const login = anonymous.auth.authenticateUser({ credentials: { email: 'user@example.com', password: 'secret' } });
    expectTypeOf(login).resolves.toEqualTypeOf<AuthSchemas['authedUser']>();
    void (async () => {
      const { token } = await login;
      const user = anonymous.withToken(token);
      expectTypeOf(user.me.get()).resolves.toHaveProperty('email');
    });
    // No token needed: its scopes are `never`.
    expectTypeOf<AuthAuthenticateUserScopes>().toEqualTypeOf<never>();
    // A device token (all.Device) may read its state, but not delete the device.
    expectTypeOf<'all.Device'>().toExtend<DeviceGetStateScopes>();
    expectTypeOf<'all.Device'>().not.toExtend<DeviceDeleteScopes>();
    expectTypeOf<'all.Application'>().toExtend<DeviceDeleteScopes>();
  });

  it('devices: list and read state', () => {
    const deviceId = '575ecf887ae143cd83dc4aa2';
    expectTypeOf(losant.devices.get({ applicationId })).resolves.toEqualTypeOf<DeviceSchemas['devices']>();
    expectTypeOf(losant.device.getState({ applicationId, deviceId })).resolves.toEqualTypeOf<
      DeviceSchemas['deviceStates']
    >();
    const stream = losant.device.stateStream({ applicationId, deviceId });
    expectTypeOf(stream).resolves.toEqualTypeOf<EventStream<{ deviceState: DeviceSchemas['deviceState'] }>>();
  });

  it('list actions: pagination params are optional, typed as documented; params object may be omitted', () => {
    expectTypeOf<DashboardsGetParams['page']>().toEqualTypeOf<string | number | undefined>();
    expectTypeOf<DashboardsGetParams['sortDirection']>().toEqualTypeOf<'asc' | 'desc' | undefined>();
    void losant.dashboards.get();
    void losant.dashboards.get({ page: '0', perPage: '100', sortField: 'name' });
    void losant.dashboards.get({ page: 2, perPage: 100 });
    // @ts-expect-error not a sort field
    void losant.dashboards.get({ sortField: 'color' });
    expectTypeOf(losant.dashboards.get()).resolves.toEqualTypeOf<DashboardSchemas['dashboards']>();
    // …and iterate them item by item across pages.
    expectTypeOf(losant.dashboards.iterate({ perPage: '50' })).toEqualTypeOf<
      Paginator<DashboardSchemas['dashboard'], DashboardSchemas['dashboards']>
    >();
    expectTypeOf(losant.dashboards.iterate({ perPage: '50' })).toExtend<
      AsyncGenerator<DashboardSchemas['dashboard'], void, undefined>
    >();
    expectTypeOf(losant.dashboards.iterate().toArray()).resolves.toEqualTypeOf<DashboardSchemas['dashboard'][]>();
    expectTypeOf(losant.dashboards.iterate().pages()).toEqualTypeOf<
      AsyncGenerator<DashboardSchemas['dashboards'], void, undefined>
    >();
    // @ts-expect-error the iterator owns `page`
    void losant.dashboards.iterate({ page: '2' });
  });

  it('files.upload takes the description without what the content says, and content; file.download a stream', () => {
    type Created = import('@losant-sdk/files').FilesPostResult;
    expectTypeOf(
      losant.files.upload({ applicationId, file: { name: 'a.csv', parentDirectory: '/' }, content: new Uint8Array() }),
    ).resolves.toEqualTypeOf<Created>();
    void losant.privateFiles.upload({ applicationId, privateFile: {}, content: new Blob([]) });
    // @ts-expect-error the size is the content's
    void losant.files.upload({ applicationId, file: { name: 'a', fileSize: 3 }, content: 'x' });
    // @ts-expect-error content is required
    void losant.files.upload({ applicationId, file: { name: 'a' } });
    expectTypeOf(losant.file.download({ applicationId, fileId: applicationId })).resolves.toEqualTypeOf<
      ReadableStream<Uint8Array>
    >();
    expectTypeOf(losant.privateFile.download)
      .parameter(0)
      .toEqualTypeOf<import('@losant-sdk/files').PrivateFileGetParams>();
  });

  it('withResponse gives the data with the Response and request id; asResponse the Response; errors are typed by body', () => {
    expectTypeOf(losant.application.get({ applicationId }).withResponse()).resolves.toEqualTypeOf<{
      data: ApplicationSchemas['application'];
      response: Response;
      requestId: string | undefined;
    }>();
    expectTypeOf(losant.application.get({ applicationId }).asResponse()).resolves.toEqualTypeOf<Response>();
    expectTypeOf(losant.application.get({ applicationId }).asStream()).resolves.toEqualTypeOf<
      ReadableStream<Uint8Array>
    >();
    type E = import('@losant-sdk/applications').ApplicationCloneErrorBody;
    expectTypeOf<E>().toEqualTypeOf<ApplicationSchemas['error'] | ApplicationSchemas['validationErrors']>();
    expectTypeOf(never<LosantApiError<E>>().body).toEqualTypeOf<E>();
  });
});

describe('opt-in features are values passed in (issue 23)', () => {
  it('rateLimit takes what rateLimits makes, not a name or a bare bucket', () => {
    expectTypeOf(rateLimits('losant')).toEqualTypeOf<RateLimits>();
    void createLosantClient({ token: 't', rateLimit: rateLimits([{ key: () => 'k', capacity: 1, perMs: 1 }]) });
    // @ts-expect-error the former option: rateLimits('losant') instead
    void createLosantClient({ token: 't', rateLimit: 'losant' });
    // @ts-expect-error a bucket goes through rateLimits too
    void createLosantClient({ token: 't', rateLimit: { key: () => 'k', capacity: 1, perMs: 1 } });
  });

  it('log takes what logging makes; the former logLevel and logger options are gone', () => {
    expectTypeOf(logging({ level: 'debug', logger: console })).toEqualTypeOf<Logging>();
    void createLosantClient({ token: 't', log: logging({ level: 'warn' }) });
    // @ts-expect-error not a level
    void logging({ level: 'verbose' });
    // @ts-expect-error a level goes through logging
    void createLosantClient({ token: 't', log: 'debug' });
    // @ts-expect-error the former option: log: logging({ level }) instead
    void createLosantClient({ token: 't', logLevel: 'debug' });
  });

  it('auth takes a strategy a factory made; a plain object shaped as one is refused', () => {
    expectTypeOf(authStrategy({ name: 'own', authenticate: async () => 'token' })).toEqualTypeOf<AuthStrategy>();
    void createLosantClient({ auth: tokenProvider(() => 'token') });
    // @ts-expect-error not made by authStrategy (or another factory)
    void createLosantClient({ auth: { name: 'plain', authenticate: async () => 'token' } });
  });

  it('openStream: the client has no stream method; the function types the events it is given', () => {
    // @ts-expect-error streams are opened by openStream(client, …)
    void losant.client.stream;
    const route = Application.routes.mqttSubscriptionStream;
    const stream = openStream<{ mqttMessage: { topic: string } }>(losant.client, route, { applicationId }, [
      'mqttMessage',
    ]);
    expectTypeOf(stream).resolves.toEqualTypeOf<EventStream<{ mqttMessage: { topic: string } }>>();
    // @ts-expect-error an event not in the map
    void openStream<{ mqttMessage: { topic: string } }>(losant.client, route, { applicationId }, ['other']);
  });
});

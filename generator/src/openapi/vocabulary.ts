// The vocabulary of a reconciled Losant OpenAPI document: every extension and convention the
// generator writes, and every reader (emit, surface, fixtures, SDK tests) relies on, in one file.
//
//   info.x-losant-api                  the API's name (`device`), as in spec/apis/<api>.yaml
//   info.x-losant-openapi-revision     the upstream OpenAPI revision the document was built from
//   info.x-losant-docs-index-version   the docs-index version it was built from
//   operation.operationId              `<resource>.<action>`: the spelling of Losant's per-action auth scope
//   operation.tags[0]                  the tag (one package per tag)
//   operation.x-losant-resource        the docs-index resource (`device`): the client key
//   operation.x-losant-action          the docs-index action (`getState`): the method name
//   operation.x-losant-scopes          every scope that grants the action (`all.Device`, `device.*`, `device.get`)
//   operation.security: []             the action needs no token
//   operation.x-codegen-request-body-name   the documented name of the JSON body parameter
//   parameter.content[application/json]     a query parameter sent as JSON text (docs type `object`)
//   parameter.style: deepObject             a query parameter spelled out with brackets (`filter[0][key]=…`)
//   parameter.x-losant-accepts              [number] / [boolean]: a documented string that means a number or a
//                                            flag (its docs example or default is one); also on multipart fields
//   requestBody multipart/form-data          file parts are `format: binary`; JSON parts have
//                                            `encoding.<field>.contentType: application/json`
//   response.content[text/event-stream]      a Server-Sent Events stream, with
//   response.x-losant-sse-events             event name → { description, schema $ref }
//   operation.x-losant-backfill              for a stream: { history, carry, start, end, limit?, sort?, event, time }

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export const X = {
  api: 'x-losant-api',
  openapiRevision: 'x-losant-openapi-revision',
  docsIndexVersion: 'x-losant-docs-index-version',
  resource: 'x-losant-resource',
  action: 'x-losant-action',
  scopes: 'x-losant-scopes',
  sseEvents: 'x-losant-sse-events',
  bodyName: 'x-codegen-request-body-name',
  accepts: 'x-losant-accepts',
  /** The SDK names an operation, its resource or a parameter had before, and why it is deprecated (spec/apis/<api>.yaml). */
  evolution: 'x-losant-evolution',
  /** For an event stream: the history action that fills what a reconnect missed (spec/apis/<api>.yaml `backfill:`). */
  backfill: 'x-losant-backfill',
} as const;

export const MEDIA = {
  json: 'application/json',
  multipart: 'multipart/form-data',
  sse: 'text/event-stream',
} as const;

export const SECURITY_SCHEME = 'BearerAuth';

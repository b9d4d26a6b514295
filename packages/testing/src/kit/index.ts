// The wire kit: what every loopback stand-in for the Losant API is made of (the testing kit's mock,
// and the repository's fixtures harness: its replay server and its recording stand-in): the route
// table, reading and sending on node:http, validation against component schemas, recorded exchanges.
export { close, listen, readBody, sendJson } from './http.js';
export { RouteTable, type RoutedOperation, type RouteMatch } from './routes.js';
export { SchemaValidator, type Schema } from './validator.js';
export {
  callParams,
  readHarFile,
  REDACTED,
  responseBody,
  type Har,
  type HarEntry,
  type HarHeader,
  type HarParam,
  type HarRequest,
  type HarResponse,
  type Scenario,
} from './har.js';

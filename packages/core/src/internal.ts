import type { ApiPromise } from './api-promise.js';
import type { Transport } from './exchange.js';
import type { StreamOptions } from './reconnect.js';
import type { EventStream } from './sse.js';
import type { Route } from './types.js';

/** How a client that is not a plain `createClient` one opens streams (compat's, which adapts them). */
export type StreamOpener = <E>(
  route: Route,
  params: object | undefined,
  events: readonly (keyof E & string)[],
  options: StreamOptions | undefined,
) => ApiPromise<EventStream<E>>;

// Not exported from the package: each client's transport, for the functions imported apart from
// the client (`openStream`), so that the client object holds none of their code.
const transports = new WeakMap<object, Transport | StreamOpener>();

export function register(client: object, transport: Transport | StreamOpener): void {
  transports.set(client, transport);
}

export function transportOf(client: object): Transport | StreamOpener | undefined {
  return transports.get(client);
}

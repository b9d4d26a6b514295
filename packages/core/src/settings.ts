import type { Log } from './log.js';

/** What the file helpers use of a client's settings (its token is not among them). */
export interface ClientSettings {
  fetch: ((request: Request) => Promise<Response>) | undefined;
  timeout: number;
  maxRetries: number;
  maxRetryDelay: number;
  log: Log | undefined;
}

/** Where a client keeps its ClientSettings, for the separately imported helpers. */
export const SETTINGS = Symbol.for('losant-sdk.settings');

/** A client's settings; the defaults for none (or a client that is not the SDK's own). */
export function settingsOf(client: unknown): ClientSettings {
  const own =
    typeof client === 'object' && client !== null ? (client as { [SETTINGS]?: ClientSettings })[SETTINGS] : undefined;
  return own ?? { fetch: undefined, timeout: 60_000, maxRetries: 2, maxRetryDelay: 60_000, log: undefined };
}

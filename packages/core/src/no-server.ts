/**
 * `#server` outside Node, Deno and Bun (see server.ts): browsers, workers and edge runtimes share
 * no deadlines, read no `LOSANT_SDK_LOG` (they have no such variable; the `log` option still works)
 * and load no tracing by themselves (`enableTracing` from core/tracing still works).
 */
import type * as Server from './server.js';

export const sharedDeadline: typeof Server.sharedDeadline = undefined;

export const loadTracing: typeof Server.loadTracing = () => undefined;

export const envLog: typeof Server.envLog = () => undefined;

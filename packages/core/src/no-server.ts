/**
 * `#server` outside Node, Deno and Bun (see server.ts): browsers, workers and edge runtimes share
 * no deadlines and load no tracing by themselves (`enableTracing` from core/tracing still works).
 */
import type * as Server from './server.js';

export const sharedDeadline: typeof Server.sharedDeadline = undefined;

export const loadTracing: typeof Server.loadTracing = () => undefined;

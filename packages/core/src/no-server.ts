/**
 * server.ts as a browser bundle has it (package.json's `browser` field): a browser shares no
 * deadlines, reads no `LOSANT_SDK_LOG` (it has no such variable; the `log` option still works)
 * and loads no tracing by itself (`enableTracing` from core/tracing still works).
 */
import type * as Server from './server.js';

export const sharedDeadline: typeof Server.sharedDeadline = undefined;

export const loadTracing: typeof Server.loadTracing = () => undefined;

export const envLog: typeof Server.envLog = () => undefined;

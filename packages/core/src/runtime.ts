/** This package's version; a test keeps it equal to package.json's. */
export const VERSION = '0.1.0';

type Globals = {
  document?: unknown;
  WorkerGlobalScope?: unknown;
  navigator?: { userAgent?: unknown };
  Deno?: { version?: { deno?: string } };
  Bun?: { version?: string };
  process?: { versions?: { node?: string; bun?: string } };
};

/** `browser`: a page or a browser worker, where the browser sets the User-Agent and redirects are opaque to scripts. */
export type RuntimeKind = 'node' | 'deno' | 'bun' | 'workerd' | 'browser' | 'other';

/** What the runtime allows, as the client uses it. */
export interface Runtime {
  readonly kind: RuntimeKind;
  /** The User-Agent the SDK sends; undefined in a browser (which sends its own). */
  readonly userAgent: string | undefined;
  /**
   * Whether attempts may share one deadline timer. Only where one event loop serves the whole
   * process: in workerd a timer belongs to the request that set it, and dies with it.
   */
  readonly sharedDeadlines: boolean;
}

/** What the global scope says about the runtime; feature-detected, never imported. */
export function detectRuntime(g: Globals = globalThis as Globals): Runtime {
  const sdk = `losant-sdk-typescript/${VERSION}`;
  // workerd (Cloudflare Workers) has a WorkerGlobalScope, and with nodejs_compat a `process`;
  // its navigator says what it is. It is a server: it sends our User-Agent and shows redirects.
  if (g.navigator?.userAgent === 'Cloudflare-Workers')
    return { kind: 'workerd', userAgent: `${sdk} workerd`, sharedDeadlines: false };
  const deno = g.Deno?.version?.deno;
  if (deno) return { kind: 'deno', userAgent: `${sdk} deno/${deno}`, sharedDeadlines: true };
  if (g.document !== undefined || g.WorkerGlobalScope !== undefined)
    return { kind: 'browser', userAgent: undefined, sharedDeadlines: false };
  const bun = g.Bun?.version ?? g.process?.versions?.bun;
  if (bun) return { kind: 'bun', userAgent: `${sdk} bun/${bun}`, sharedDeadlines: true };
  const node = g.process?.versions?.node;
  if (node) return { kind: 'node', userAgent: `${sdk} node/${node}`, sharedDeadlines: true };
  return { kind: 'other', userAgent: sdk, sharedDeadlines: false };
}

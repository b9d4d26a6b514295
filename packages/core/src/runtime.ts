/** This package's version; a test keeps it equal to package.json's. */
export const VERSION = '0.1.0';

type Globals = {
  document?: unknown;
  WorkerGlobalScope?: unknown;
  Deno?: { version?: { deno?: string } };
  Bun?: { version?: string };
  process?: { versions?: { node?: string; bun?: string } };
};

/** What the global scope says about the runtime; feature-detected, never imported. */
export function detectRuntime(g: Globals = globalThis as Globals): { browser: boolean; userAgent: string | undefined } {
  // A page or a browser worker: User-Agent is the browser's, and redirects are opaque to scripts.
  if (g.document !== undefined || (g.WorkerGlobalScope !== undefined && g.Deno === undefined))
    return { browser: true, userAgent: undefined };
  const sdk = `losant-sdk-typescript/${VERSION}`;
  const deno = g.Deno?.version?.deno;
  if (deno) return { browser: false, userAgent: `${sdk} deno/${deno}` };
  const bun = g.Bun?.version ?? g.process?.versions?.bun;
  if (bun) return { browser: false, userAgent: `${sdk} bun/${bun}` };
  const node = g.process?.versions?.node;
  return { browser: false, userAgent: node ? `${sdk} node/${node}` : sdk };
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectRuntime, VERSION } from '../src/runtime.js';

const sdk = `losant-sdk-typescript/${VERSION}`;

describe('the runtime the SDK names in its User-Agent', () => {
  it('VERSION is package.json’s version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });

  it('names Node, Deno and Bun by their versions, and lets them share deadlines', () => {
    expect(detectRuntime()).toEqual({
      kind: 'node',
      userAgent: `${sdk} node/${process.versions.node}`,
      sharedDeadlines: true,
    });
    expect(detectRuntime({ Deno: { version: { deno: '2.1.0' } }, process: { versions: { node: '20.0.0' } } })).toEqual({
      kind: 'deno',
      userAgent: `${sdk} deno/2.1.0`,
      sharedDeadlines: true,
    });
    // Deno has a WorkerGlobalScope too: it is still Deno.
    expect(detectRuntime({ Deno: { version: { deno: '2.9.6' } }, WorkerGlobalScope: function () {} }).kind).toBe(
      'deno',
    );
    expect(
      detectRuntime({ Bun: { version: '1.1.0' }, process: { versions: { node: '22.0.0', bun: '1.1.0' } } }),
    ).toEqual({
      kind: 'bun',
      userAgent: `${sdk} bun/1.1.0`,
      sharedDeadlines: true,
    });
  });

  it('sets no User-Agent in a browser page or browser worker', () => {
    for (const g of [
      { document: {}, process: { versions: { node: '20.0.0' } } },
      { WorkerGlobalScope: function () {} },
    ])
      expect(detectRuntime(g)).toEqual({ kind: 'browser', userAgent: undefined, sharedDeadlines: false });
    expect(
      detectRuntime({ navigator: { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140' }, document: {} }).kind,
    ).toBe('browser');
  });

  it('tells workerd from a browser by its navigator (it has a WorkerGlobalScope, and with nodejs_compat a process)', () => {
    const workerd = { navigator: { userAgent: 'Cloudflare-Workers' }, WorkerGlobalScope: function () {} };
    expect(detectRuntime(workerd)).toEqual({ kind: 'workerd', userAgent: `${sdk} workerd`, sharedDeadlines: false });
    expect(detectRuntime({ ...workerd, process: { versions: { node: '22.0.0' } } }).kind).toBe('workerd');
  });

  it('anything else: the SDK’s name alone, and no shared deadlines', () => {
    expect(detectRuntime({})).toEqual({ kind: 'other', userAgent: sdk, sharedDeadlines: false });
  });
});

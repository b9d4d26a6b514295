import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectRuntime, VERSION } from '../src/runtime.js';

describe('the runtime the SDK names in its User-Agent', () => {
  it('VERSION is package.json’s version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });

  it('names Node, Deno and Bun by their versions; sets none in a browser', () => {
    expect(detectRuntime()).toEqual({
      browser: false,
      userAgent: `losant-sdk-typescript/${VERSION} node/${process.versions.node}`,
    });
    expect(detectRuntime({ Deno: { version: { deno: '2.1.0' } }, process: { versions: { node: '20.0.0' } } })).toEqual({
      browser: false,
      userAgent: `losant-sdk-typescript/${VERSION} deno/2.1.0`,
    });
    expect(
      detectRuntime({ Bun: { version: '1.1.0' }, process: { versions: { node: '22.0.0', bun: '1.1.0' } } }).userAgent,
    ).toBe(`losant-sdk-typescript/${VERSION} bun/1.1.0`);
    expect(detectRuntime({})).toEqual({ browser: false, userAgent: `losant-sdk-typescript/${VERSION}` });
    expect(detectRuntime({ document: {}, process: { versions: { node: '20.0.0' } } })).toEqual({
      browser: true,
      userAgent: undefined,
    });
    expect(detectRuntime({ WorkerGlobalScope: function () {} })).toEqual({ browser: true, userAgent: undefined });
  });
});

/** The consumer type test's `any` scan: finds every `any` in a type position, and holds the allow-list to its counts. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anyKeywords, COMPILER_OPTIONS, scanForAny } from '../consumer-types.js';

function installed(files: Record<string, string>): { name: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'consumer-types-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { name: '@example/pkg', dir };
}

describe('the any scan', () => {
  it('finds `any` in type positions only, not in comments or strings', () => {
    const text = [
      '/** any one of them */',
      'export declare const a: any;',
      "export declare const b: 'any';",
      'export type C = Record<string, any[]>;',
    ].join('\n');
    expect(anyKeywords('x.d.ts', text)).toEqual([
      '2: export declare const a: any;',
      '4: export type C = Record<string, any[]>;',
    ]);
  });

  it('fails on an `any` not on the allow-list, and on a count the allow-list does not say', () => {
    const pkg = installed({
      'dist/index.d.ts': 'export declare const a: any;\n',
      'dist/ok.d.ts': 'export declare const b: unknown;\n',
      'node_modules/dep/index.d.ts': 'export declare const c: any;\n',
    });
    const plain = scanForAny([pkg], {});
    expect(plain.files).toBe(2);
    expect(plain.problems).toHaveLength(1);
    expect(plain.problems[0]).toMatch(/^@example\/pkg\/dist\/index\.d\.ts: 1 `any`/);
    expect(scanForAny([pkg], { '@example/pkg/dist/index.d.ts': { count: 1, why: 'reviewed' } }).problems).toEqual([]);
    expect(scanForAny([pkg], { '@example/pkg/dist/index.d.ts': { count: 2, why: 'reviewed' } }).problems).toHaveLength(
      1,
    );
    expect(scanForAny([pkg], { '@example/pkg/dist/gone.d.ts': { count: 1, why: 'old' } }).problems).toHaveLength(2);
  });

  it('checks what a strict user compiles with', () => {
    expect(COMPILER_OPTIONS).toMatchObject({
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noUnusedLocals: true,
      skipLibCheck: false,
      module: 'nodenext',
    });
  });
});

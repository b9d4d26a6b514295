/** check:packages finds what would hurt a user of a published package, and passes a sound one. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTarball } from '../check-packages.js';

/** `npm pack` of a package made of `files` (path → text), as bytes. */
function pack(files: Record<string, string>): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'check-packages-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: dir, stdio: 'ignore' });
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
  return new Uint8Array(readFileSync(join(dir, tarball)));
}

const sound = {
  'package.json': JSON.stringify({
    name: '@example/sound',
    version: '1.0.0',
    type: 'module',
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './package.json': './package.json' },
    main: './dist/index.js',
    types: './dist/index.d.ts',
    files: ['dist'],
  }),
  'README.md': '# sound\n',
  LICENSE: 'MIT\n',
  'dist/index.js': 'export const x = 1;\n',
  'dist/index.d.ts': 'export declare const x: number;\n',
};

describe('checkTarball', () => {
  it('passes a sound ESM package', async () => {
    expect(await checkTarball(pack(sound))).toEqual([]);
  }, 60_000);

  it('names a stray published file, a missing README, and an exports map publint rejects', async () => {
    const { 'README.md': _readme, ...rest } = sound;
    const problems = await checkTarball(
      pack({
        ...rest,
        'package.json': JSON.stringify({
          ...JSON.parse(sound['package.json']),
          exports: { '.': { default: './dist/index.js', types: './dist/missing.d.ts' } },
          files: ['dist', 'src'],
        }),
        'src/secret.ts': 'export const token = "x";\n',
      }),
    );
    expect(problems).toContain('pack: README.md is not in the tarball');
    expect(problems).toContain('pack: src/secret.ts should not be published');
    expect(problems).toContain(
      'publint error: pkg.exports["."].types is ./dist/missing.d.ts but the file does not exist.',
    );
  }, 60_000);

  it('names types that describe another module format than the JavaScript (attw)', async () => {
    const problems = await checkTarball(
      pack({
        ...sound,
        'package.json': JSON.stringify({
          ...JSON.parse(sound['package.json']),
          exports: { '.': { types: './dist/index.d.cts', default: './dist/index.js' } },
          types: './dist/index.d.cts',
        }),
        'dist/index.d.cts': 'export declare const x: number;\n',
      }),
    );
    expect(problems.filter((p) => p.startsWith('attw:'))).toEqual([
      'attw: FalseCJS (/node_modules/@example/sound/dist/index.d.cts types /node_modules/@example/sound/dist/index.js)',
    ]);
  }, 60_000);
});

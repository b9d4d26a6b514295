/** What `npm pack` ships for every published package: the build, the README, the LICENSE, nothing else. */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packages = fileURLToPath(new URL('../..', import.meta.url));
const published = readdirSync(packages).filter((d) => !JSON.parse(readFileSync(join(packages, d, 'package.json'), 'utf8')).private);

describe('npm pack --dry-run', () => {
  it.each(published.map((d) => [d]))('@losant-sdk/%s ships only what users need', (dir) => {
    const [report] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: join(packages, dir), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as Array<{ files: Array<{ path: string }> }>;
    const files = report!.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']));
    for (const f of files) expect(f, dir).toMatch(/^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/.+\.(js|d\.ts|d\.ts\.map))$/);
  });
});

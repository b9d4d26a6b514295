// Losant's own client's test suite (losant-rest's test/*_spec.js, as published) runs against
// `@losant-sdk/sdk/compat` with only the import changed: `require('../lib')` becomes
// `require('@losant-sdk/sdk/compat')`. Its specs mock the wire with nock and assert with should,
// as they do against losant-rest itself; every one of them must pass.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const suite = join(dirname(require.resolve('losant-rest/package.json')), 'test');
const mocha = join(dirname(require.resolve('mocha/package.json')), 'bin', 'mocha.js');
// Inside this package, so that `@losant-sdk/sdk/compat`, nock and should resolve as they would in a user's project.
const dir = join(fileURLToPath(new URL('..', import.meta.url)), '.losant-rest-suite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("losant-rest's own test suite", () => {
  it('passes against @losant-sdk/sdk/compat with only the import changed', async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    // losant-rest's specs are CommonJS, as the code of a losant-rest user is.
    writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
    let specs = 0;
    let tests = 0;
    for (const file of readdirSync(suite).filter((f) => f.endsWith('.js'))) {
      const source = readFileSync(join(suite, file), 'utf8');
      const imports = source.match(/require\('\.\.\/lib'\)/g)?.length ?? 0;
      if (file.endsWith('_spec.js')) {
        // Each spec imports the client exactly once: that line is the whole migration.
        expect(imports, file).toBe(1);
        specs++;
        tests += source.match(/^\s*it\(/gm)?.length ?? 0;
      }
      writeFileSync(join(dir, file), source.replace("require('../lib')", "require('@losant-sdk/sdk/compat')"));
    }
    expect(specs).toBeGreaterThan(0);

    const run = await promisify(execFile)(process.execPath, [mocha, '--reporter', 'json', join(dir, '*_spec.js')], {
      cwd: dir,
    }).catch((e: { stdout?: string; stderr?: string }) => e);
    const report = JSON.parse(run.stdout ?? '{}') as {
      stats?: { tests: number; passes: number; failures: number };
      failures?: Array<{ fullTitle: string; err: { message: string } }>;
    };
    expect(report.failures?.map((f) => `${f.fullTitle}: ${f.err.message}`) ?? [run.stderr]).toEqual([]);
    expect(report.stats).toMatchObject({ tests, passes: tests, failures: 0 });
  });
});

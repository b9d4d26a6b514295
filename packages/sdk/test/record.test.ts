/**
 * The committed fixtures are exactly what `pnpm fixtures:record --stand-in` produces: record
 * every scenario of every API again through this package's public API against the loopback
 * stand-in, and compare byte for byte. This also runs the recorder end to end, redaction included.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturesDir, recordAll, SpecValidator, startStandIn } from '@losant-sdk/fixtures';
import { describe, expect, it } from 'vitest';
import { createLosantClient } from '../src/index.js';

const generated = fileURLToPath(new URL('../../../generated/', import.meta.url));
const apis = (await readdir(generated, { withFileTypes: true }))
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe('recording the fixtures', () => {
  // Records every scenario and validates each against the spec: seconds alone, more while CI runs every package at once.
  it.each(apis.map((api) => [api]))(
    '%s: through the public API against the stand-in reproduces the committed set, secrets redacted',
    { timeout: 120_000 },
    async (api) => {
      const validator = new SpecValidator(JSON.parse(await readFile(join(generated, api, 'openapi.json'), 'utf8')));
      const epochMs = Date.UTC(2026, 10, 22, 8, 30, 0);
      const standIn = await startStandIn(validator, { epochMs });
      const outDir = await mkdtemp(join(tmpdir(), 'fixtures-'));
      const token = 'stand-in-token';
      const clients = new Map<unknown, ReturnType<typeof createLosantClient>>();
      try {
        const result = await recordAll({
          validator,
          outDir,
          token,
          epochMs,
          standIn,
          invoke: (s, params, fetch) => {
            // One client per recording (the recorder's fetch is the same for every call), as a user's program has.
            let losant = clients.get(fetch);
            if (!losant) clients.set(fetch, (losant = createLosantClient({ token, baseUrl: standIn.url, fetch })));
            const actions = losant as unknown as Record<string, Record<string, (p: unknown) => PromiseLike<unknown>>>;
            return Promise.resolve(actions[s.resource]![s.action]!(params));
          },
        });
        expect(result.files).toBe(validator.model.operations.length);
      } finally {
        await standIn.close();
      }
      const committed = fixturesDir(api);
      const names = (await readdir(outDir)).sort();
      expect(names).toEqual((await readdir(committed)).filter((f) => f.endsWith('.har')).sort());
      for (const name of names) {
        const fresh = await readFile(join(outDir, name), 'utf8');
        expect(fresh.includes(token), name).toBe(false);
        expect(
          fresh === (await readFile(join(committed, name), 'utf8')),
          `${api}/${name} differs from the committed fixture: re-run pnpm fixtures:record --stand-in`,
        ).toBe(true);
      }
    },
  );
});

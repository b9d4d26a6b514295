// Each API's verification is a step of the cache: a check taking it from the cache reports what
// one computing it does, and a document changed since (a documented parameter dropped) is
// verified again, and refused.
import { mkdtemp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { checkAll } from '../src/check/index.js';
import { createRunContext } from '../src/context.js';
import { GeneratorError } from '../src/errors.js';
import { loadLock } from '../src/inputs/lock.js';
import { loadLintConfig } from '../src/lint/redocly.js';
import { buildModels } from '../src/pipeline.js';
import { mirrorDir, repoRoot } from './support/env.js';

describe('the check stage with a step cache', () => {
  it('reports from the cache what it computes, and verifies a changed document again', async () => {
    const { reconciled } = await buildModels({ root: repoRoot, upstreamDir: mirrorDir, apis: ['notebook'] });
    const redocly = join(repoRoot, 'spec', 'redocly.yaml');
    const lint = { config: await loadLintConfig(redocly), text: await readFile(redocly, 'utf8') };
    const lock = await loadLock(join(repoRoot, 'spec', 'sources.lock.json'));
    const cacheDir = await mkdtemp(join(inject('scratchDir'), 'check-cache-'));

    const computed = await checkAll(createRunContext(), reconciled, lock, lint);
    const filling = createRunContext({ cacheDir });
    await checkAll(filling, reconciled, lock, lint);
    // Three steps for the one API: its output lint, its input lint, its verification.
    expect([filling.cache.hits, filling.cache.misses]).toEqual([0, 3]);
    const warm = createRunContext({ cacheDir });
    const cached = await checkAll(warm, reconciled, lock, lint);
    expect([warm.cache.hits, warm.cache.misses]).toEqual([3, 0]);
    expect(JSON.stringify([...cached])).toBe(JSON.stringify([...computed]));

    const api = reconciled.apis[0]!;
    const paths = api.document.paths as Record<string, Record<string, { parameters?: Array<{ name: string }> }>>;
    const op = Object.values(paths)
      .flatMap((item) => Object.values(item))
      .find((o) => (o.parameters ?? []).some((p) => p.name !== 'applicationId'))!;
    const dropped = op.parameters!.find((p) => p.name !== 'applicationId')!;
    op.parameters = op.parameters!.filter((p) => p !== dropped);
    const error = await checkAll(createRunContext({ cacheDir }), reconciled, lock, lint).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GeneratorError);
    expect((error as GeneratorError).code).toBe('VERIFY_FAILED');
    expect((error as GeneratorError).message).toContain(dropped.name);
  });
});

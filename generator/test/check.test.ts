// The check stage refuses a reconciled document that disagrees with the docs index, with its own
// error code (a generator bug, not bad input), naming the docs index and listing the disagreement.
// Each API's verification is a step of the cache: a check taking it from the cache reports what
// one computing it does, and a document changed since (a documented parameter dropped) is
// verified again, and refused. Both on the fixture API's application API (test/fixtures/small-api).
import { mkdtemp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { checkAll } from '../src/check/index.js';
import { createRunContext } from '../src/context.js';
import { GeneratorError } from '../src/errors.js';
import { loadLock } from '../src/inputs/lock.js';
import { loadLintConfig } from '../src/lint/redocly.js';
import { buildModels } from '../src/pipeline.js';
import { fixtureDir } from './support/env.js';

type Operation = { operationId?: string; parameters?: Array<{ name: string }> };

/** The fixture's application API reconciled, and what its check reads. */
async function reconciledApplication() {
  const { reconciled } = await buildModels({
    root: fixtureDir,
    upstreamDir: join(fixtureDir, 'upstream'),
    apis: ['application'],
  });
  const redocly = join(fixtureDir, 'spec', 'redocly.yaml');
  const lint = { config: await loadLintConfig(redocly), text: await readFile(redocly, 'utf8') };
  const lock = await loadLock(join(fixtureDir, 'spec', 'sources.lock.json'));
  return { reconciled, lint, lock };
}

/** Drop the first documented parameter other than applicationId from the document (in place). */
function dropParameter(reconciled: Awaited<ReturnType<typeof reconciledApplication>>['reconciled']) {
  const paths = reconciled.apis[0]!.document.paths as Record<string, Record<string, Operation>>;
  const op = Object.values(paths)
    .flatMap((item) => Object.values(item))
    .find((o) => (o.parameters ?? []).some((p) => p.name !== 'applicationId'))!;
  const dropped = op.parameters!.find((p) => p.name !== 'applicationId')!;
  op.parameters = op.parameters!.filter((p) => p !== dropped);
  return { op, dropped };
}

describe('the check stage', () => {
  it('fails with VERIFY_FAILED when a reconciled document loses a documented parameter', async () => {
    const { reconciled, lint, lock } = await reconciledApplication();
    const { op, dropped } = dropParameter(reconciled);

    const error = await checkAll(createRunContext(), reconciled, lock, lint).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GeneratorError);
    const g = error as GeneratorError;
    expect(g.code).toBe('VERIFY_FAILED');
    expect(g.message).toContain(op.operationId!);
    expect(g.message).toContain(dropped.name);
    expect(g.file).toBe(reconciled.indexFile);
    expect(g.format()).toMatch(/^error VERIFY_FAILED: /);
  });
});

describe('the check stage lints every reconciled document', () => {
  // The gate every build passes (the suite-wide build of the nine real APIs included): the same
  // redocly rules (spec/redocly.yaml, recommended, nothing relaxed) over the document as written.
  it('fails with LINT_FAILED, naming the rule and where, when a reconciled document does not lint clean', async () => {
    const { reconciled, lint, lock } = await reconciledApplication();
    const document = reconciled.apis[0]!.document as { components: { schemas: Record<string, unknown> } };
    // recommended's no-unused-components: a schema no operation refers to.
    document.components.schemas['unusedThing'] = { type: 'object', properties: { a: { type: 'string' } } };

    const error = await checkAll(createRunContext(), reconciled, lock, lint).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GeneratorError);
    const g = error as GeneratorError;
    expect(g.code).toBe('LINT_FAILED');
    expect(g.message).toContain('the reconciled application spec has 0 lint errors and 1 warnings');
    expect(g.message).toContain('no-unused-components at #/components/schemas/unusedThing');
    expect(g.file).toBe('generated/application/openapi.json');
    expect(g.pointer).toBe('/components/schemas/unusedThing');
  });
});

describe('the check stage with a step cache', () => {
  it('reports from the cache what it computes, and verifies a changed document again', async () => {
    const { reconciled, lint, lock } = await reconciledApplication();
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

    const { dropped } = dropParameter(reconciled);
    const error = await checkAll(createRunContext({ cacheDir }), reconciled, lock, lint).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GeneratorError);
    expect((error as GeneratorError).code).toBe('VERIFY_FAILED');
    expect((error as GeneratorError).message).toContain(dropped.name);
  });
});

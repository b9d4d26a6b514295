/**
 * A generate run lints on its lint worker, giving Redocly the document object instead of its JSON
 * text to parse again: for every real document, output and input, what it finds is what Redocly's
 * lintFromString finds (the outputs as the suite's build linted them); a lint configuration that cannot be loaded is a clear error.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getTotals, lintFromString, loadConfig } from '@redocly/openapi-core';
import { describe, expect, inject, it } from 'vitest';
import { checkAll, startInputLints } from '../src/check/index.js';
import { createRunContext } from '../src/context.js';
import { GeneratorError } from '../src/errors.js';
import { upstreamSource } from '../src/inputs/upstream.js';
import { lintDocument } from '../src/lint/redocly.js';
import { documentRef, lintSummary, type LintSummary } from '../src/lint/summary.js';
import type { OpenApiDocument } from '../src/openapi/write.js';
import { buildModels } from '../src/pipeline.js';
import { withoutExternalRefs } from '../src/reconcile/index.js';
import { builtApis, report, spec } from './support/built.js';
import { committedLock, mirrorDir, repoRoot, suiteContext } from './support/env.js';

const configPath = join(repoRoot, 'spec', 'redocly.yaml');
const configLoaded = loadConfig({ configPath });
const workers = suiteContext().workers();

/** Redocly's lint of the document's JSON text, as the check stage ran it before. */
async function fromString(doc: OpenApiDocument, name: string): Promise<LintSummary> {
  const config = await configLoaded;
  const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: documentRef(name), config });
  const totals = getTotals(problems);
  return lintSummary({
    errors: totals.errors,
    warnings: totals.warnings,
    problems: problems.map((p) => ({
      ruleId: p.ruleId,
      severity: p.severity,
      message: p.message,
      pointer: (p.location[0]?.pointer ?? '').replace(/^#/, ''),
    })),
  });
}

describe('linting a document object', () => {
  it(
    'finds what lintFromString finds, on the worker for every real input and in the build for every real output',
    { timeout: 180_000 },
    async () => {
      const source = upstreamSource(repoRoot, { upstreamDir: mirrorDir });
      const config = await configLoaded;
      const inputs: Array<[string, OpenApiDocument]> = [];
      for (const api of builtApis()) {
        const input = (await source.readParsed(committedLock.openapi.documents[api]!)) as OpenApiDocument;
        inputs.push([`upstream-${api}`, withoutExternalRefs(input)]);
      }
      expect(inputs.length).toBe(Object.keys(committedLock.openapi.documents).length);
      // The worker lints while this thread lints the text.
      const onWorker = inputs.map(([name, doc]) => workers.lint(doc, documentRef(name), configPath));
      let problems = 0;
      for (const [i, [name, doc]] of inputs.entries()) {
        const want = await fromString(doc, name);
        expect(lintSummary(await onWorker[i]!), name).toEqual(want);
        // The same call in this thread (the CLI's and the tests'), on the smaller documents.
        if (/notebook|edge/.test(name)) expect(await lintDocument({ doc, name }, config), name).toEqual(want);
        problems += want.problems.length;
      }
      // The inputs are not clean: the comparison covers real problems, not only empty lists.
      expect(problems).toBeGreaterThan(100);
      // The suite's build linted every output on its lint worker (what its report counts, rule by
      // rule: nothing, or the build would have failed); the text of each finds the same.
      for (const api of builtApis()) {
        const { errors, warnings, byRule } = await fromString(spec(api), api);
        expect({ errors, warnings, byRule }, api).toEqual(report(api).output.lint);
      }
    },
  );

  it('a lint configuration that cannot be loaded is INPUT_NOT_FOUND, naming the file', async () => {
    const dir = await mkdtemp(join(inject('scratchDir'), 'lint-config-'));
    const broken = join(dir, 'redocly.yaml');
    await writeFile(broken, 'extends: [\n');
    const doc = spec(builtApis()[0]!);
    for (const path of [broken, join(dir, 'missing.yaml')]) {
      const error = await workers.lint(doc, '/x.json', path).catch((e: unknown) => e);
      expect(error, path).toBeInstanceOf(GeneratorError);
      expect((error as GeneratorError).code).toBe('INPUT_NOT_FOUND');
      expect((error as GeneratorError).file).toBe(path);
      expect((error as GeneratorError).message).toMatch(/^the lint configuration cannot be loaded: /);
    }
  });

  it(
    'the input lints started while reconciling give the reports the check stage computes itself',
    { timeout: 120_000 },
    async () => {
      const ctx = createRunContext();
      try {
        const source = upstreamSource(repoRoot, { upstreamDir: mirrorDir });
        const lint = { text: '', path: configPath };
        const early = startInputLints(ctx, lint, [
          ['notebook', source.readParsed(committedLock.openapi.documents['notebook']!)],
        ]);
        const { reconciled } = await buildModels({ root: repoRoot, source, lock: committedLock, apis: ['notebook'] });
        const withEarly = await checkAll(ctx, reconciled, committedLock, lint, early);
        const without = await checkAll(ctx, reconciled, committedLock, lint);
        expect(JSON.stringify([...withEarly])).toBe(JSON.stringify([...without]));
        expect(
          withEarly.get('notebook')!.input.lint.errors + withEarly.get('notebook')!.input.lint.warnings,
        ).toBeGreaterThan(0);
      } finally {
        await ctx.close();
      }
    },
  );
});

// The check stage refuses a reconciled document that disagrees with the docs index, with its own
// error code (a generator bug, not bad input), naming the docs index and listing the disagreement.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAll } from '../src/check/index.js';
import { createRunContext } from '../src/context.js';
import { GeneratorError } from '../src/errors.js';
import { loadLintConfig } from '../src/lint/redocly.js';
import { loadLock } from '../src/inputs/lock.js';
import { buildModels } from '../src/pipeline.js';
import { mirrorDir, repoRoot } from './support/env.js';

describe('the check stage', () => {
  it('fails with VERIFY_FAILED when a reconciled document loses a documented parameter', async () => {
    const { reconciled } = await buildModels({ root: repoRoot, upstreamDir: mirrorDir, apis: ['notebook'] });
    const api = reconciled.apis[0]!;
    const paths = api.document.paths as Record<
      string,
      Record<string, { operationId?: string; parameters?: Array<{ name: string }> }>
    >;
    const op = Object.values(paths)
      .flatMap((item) => Object.values(item))
      .find((o) => (o.parameters ?? []).some((p) => p.name !== 'applicationId'))!;
    const dropped = op.parameters!.find((p) => p.name !== 'applicationId')!;
    op.parameters = op.parameters!.filter((p) => p !== dropped);
    const redocly = join(repoRoot, 'spec', 'redocly.yaml');
    const lint = { config: await loadLintConfig(redocly), text: await readFile(redocly, 'utf8') };

    const lock = await loadLock(join(repoRoot, 'spec', 'sources.lock.json'));
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

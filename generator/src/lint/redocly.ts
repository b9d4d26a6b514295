// Linting with @redocly/openapi-core's recommended rules (spec/redocly.yaml), in this thread: the
// CLI's `lint` and the tests. A generate run lints on its lint worker (emit/workers.ts), with the
// same calls as `lintDocument` here.
import {
  BaseResolver,
  getTotals,
  lint,
  lintDocument as redoclyLint,
  loadConfig,
  Source,
  type NormalizedProblem,
} from '@redocly/openapi-core';
import type { OpenApiDocument } from '../openapi/write.js';
import { documentRef, lintConfigError, lintSummary, type LintFindings, type LintSummary } from './summary.js';

export type { LintFindings, LintSummary } from './summary.js';

export async function loadLintConfig(configPath: string) {
  try {
    return await loadConfig({ configPath });
  } catch (cause) {
    throw lintConfigError(configPath, cause);
  }
}

type Config = Awaited<ReturnType<typeof loadConfig>>;

/** Lint a document (in memory) or a file against the configured ruleset. */
export async function lintDocument(
  input: { doc: OpenApiDocument; name: string } | { file: string },
  config: Config,
): Promise<LintSummary> {
  const problems =
    'file' in input
      ? await lint({ ref: input.file, config })
      : await lintFromDoc(input.doc, documentRef(input.name), config);
  const totals = getTotals(problems);
  return lintSummary({ errors: totals.errors, warnings: totals.warnings, problems: problems.map(finding) });
}

/**
 * The document as it is, not its JSON text parsed again (what `lintFromString` does: the same
 * object, for a YAML parse of a megabyte).
 */
async function lintFromDoc(doc: OpenApiDocument, absoluteRef: string, config: Config): Promise<NormalizedProblem[]> {
  const document = { source: new Source(absoluteRef, JSON.stringify(doc)), parsed: doc };
  return redoclyLint({ document, config, externalRefResolver: new BaseResolver(config.resolve) });
}

function finding(p: NormalizedProblem): LintFindings['problems'][number] {
  return {
    ruleId: p.ruleId,
    severity: p.severity,
    message: p.message,
    pointer: (p.location[0]?.pointer ?? '').replace(/^#/, ''),
  };
}

// Linting with @redocly/openapi-core's recommended rules (spec/redocly.yaml).
import { createConfig, getTotals, lint, loadConfig, type NormalizedProblem } from '@redocly/openapi-core';
import { GeneratorError } from '../errors.js';
import type { OpenApiDocument } from '../openapi/write.js';

export interface LintSummary {
  errors: number;
  warnings: number;
  /** ruleId → count */
  byRule: Record<string, number>;
  problems: Array<{ ruleId: string; severity: string; message: string; pointer: string }>;
}

export async function loadLintConfig(configPath: string) {
  try {
    return await loadConfig({ configPath });
  } catch (cause) {
    throw new GeneratorError(
      'INPUT_NOT_FOUND',
      `the lint configuration cannot be loaded: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`,
      {
        file: configPath,
        cause,
        hint: 'restore spec/redocly.yaml from git',
      },
    );
  }
}

type Config = Awaited<ReturnType<typeof createConfig>>;

/** Lint a document (in memory) or a file against the configured ruleset. */
export async function lintDocument(
  input: { doc: OpenApiDocument; name: string } | { file: string },
  config: Config,
): Promise<LintSummary> {
  const problems =
    'file' in input ? await lint({ ref: input.file, config }) : await lintFromDoc(input.doc, input.name, config);
  return summarize(problems);
}

async function lintFromDoc(doc: OpenApiDocument, name: string, config: Config): Promise<NormalizedProblem[]> {
  const { lintFromString } = await import('@redocly/openapi-core');
  return lintFromString({ source: JSON.stringify(doc), absoluteRef: `/${name}.json`, config });
}

function summarize(problems: NormalizedProblem[]): LintSummary {
  const totals = getTotals(problems);
  const byRule: Record<string, number> = {};
  for (const p of problems) byRule[p.ruleId] = (byRule[p.ruleId] ?? 0) + 1;
  return {
    errors: totals.errors,
    warnings: totals.warnings,
    byRule: Object.fromEntries(Object.entries(byRule).sort(([a], [b]) => a.localeCompare(b))),
    problems: problems.map((p) => ({
      ruleId: p.ruleId,
      severity: p.severity,
      message: p.message,
      pointer: (p.location[0]?.pointer ?? '').replace(/^#/, ''),
    })),
  };
}

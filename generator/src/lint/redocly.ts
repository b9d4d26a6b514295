import { bundle, createConfig, getTotals, lint, loadConfig, makeDocumentFromString, type NormalizedProblem } from '@redocly/openapi-core';
import type { OpenApiDocument } from '../reconcile/document.js';

export interface LintSummary {
  errors: number;
  warnings: number;
  /** ruleId → count */
  byRule: Record<string, number>;
  problems: Array<{ ruleId: string; severity: string; message: string; pointer: string }>;
}

export async function loadLintConfig(configPath: string) {
  return loadConfig({ configPath });
}

type Config = Awaited<ReturnType<typeof createConfig>>;

/** Bundle an in-memory document with @redocly/openapi-core (resolving and inlining any external refs). */
export async function bundleDocument(doc: OpenApiDocument, config: Config, name: string): Promise<{ bundled: OpenApiDocument; problems: NormalizedProblem[] }> {
  const source = makeDocumentFromString(JSON.stringify(doc), `/${name}.json`);
  const result = await bundle({ doc: source, config, dereference: false, removeUnusedComponents: false });
  return { bundled: result.bundle.parsed as OpenApiDocument, problems: result.problems };
}

/** Lint a document (in memory) or a file against the configured ruleset. */
export async function lintDocument(input: { doc: OpenApiDocument; name: string } | { file: string }, config: Config): Promise<LintSummary> {
  const problems =
    'file' in input
      ? await lint({ ref: input.file, config })
      : await lintFromDoc(input.doc, input.name, config);
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
    problems: problems.map((p) => ({ ruleId: p.ruleId, severity: p.severity, message: p.message, pointer: p.location[0]?.pointer ?? '' })),
  };
}

// What a lint found, and how it is summarized for the report: shared by the lint in this thread
// (lint/redocly.ts) and the one on the lint worker (emit/workers.ts), without loading Redocly.
import { GeneratorError } from '../errors.js';

/** What a lint of one document found: its totals and each problem, located by JSON pointer. */
export interface LintFindings {
  errors: number;
  warnings: number;
  problems: Array<{ ruleId: string; severity: string; message: string; pointer: string }>;
}

export interface LintSummary {
  errors: number;
  warnings: number;
  /** ruleId → count */
  byRule: Record<string, number>;
  problems: Array<{ ruleId: string; severity: string; message: string; pointer: string }>;
}

/** The configuration at `configPath` cannot be loaded (missing, or not a Redocly configuration). */
export function lintConfigError(configPath: string, cause: unknown): GeneratorError {
  return new GeneratorError(
    'INPUT_NOT_FOUND',
    `the lint configuration cannot be loaded: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`,
    {
      file: configPath,
      cause,
      hint: 'restore spec/redocly.yaml from git',
    },
  );
}

/** Where a document linted in memory says it is (`/<name>.json`, as a string's lint would). */
export function documentRef(name: string): string {
  return `/${name}.json`;
}

/** A lint's findings, counted by rule. */
export function lintSummary(findings: LintFindings): LintSummary {
  const byRule: Record<string, number> = {};
  for (const p of findings.problems) byRule[p.ruleId] = (byRule[p.ruleId] ?? 0) + 1;
  return {
    errors: findings.errors,
    warnings: findings.warnings,
    byRule: Object.fromEntries(Object.entries(byRule).sort(([a], [b]) => a.localeCompare(b))),
    problems: findings.problems,
  };
}

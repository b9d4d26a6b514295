// The fidelity report: per API, what upstream got wrong, every repair and correction, and the
// action coverage; and a summary across all APIs.
import type { LintSummary } from '../lint/summary.js';
import { reachable, unescapeSegment, type Json } from '../json/index.js';
import type { ApiReconciled, ReconcileResult } from '../reconcile/index.js';
import type { CorrectionRecord } from '../reconcile/corrections.js';
import type { SourcesLock } from '../inputs/lock.js';
import { template } from '../templates.js';
import type { Verification } from './verify.js';

type Factoring = NonNullable<ReconcileResult['factoring']>;

export interface FidelityReport {
  api: string;
  inputs: {
    openapi: { revision: string; path: string; sha256: string };
    docsIndex: { version: string; path: string; sha256: string };
    schemas: { version: string; files: number };
  };
  input: {
    lint: Omit<LintSummary, 'problems'>;
    resources: number;
    operations: number;
    documentedActions: number;
    matchedOperations: number;
    danglingRefs: { count: number; inSchemas: number; refs: Array<{ ref: string; schemas: string[] }> };
    collapsedOperations: ApiReconciled['comparison']['collapsed'];
    missingActions: string[];
    disagreementsWithDocs: Array<{ operationId: string; differences: string[] }>;
    /** Mapped resources no upstream document describes: built from the docs index and doc schemas alone. */
    undescribedResources: string[];
  };
  corrections: CorrectionRecord[];
  repairs: {
    operations: string[];
    parameters: ReconcileResult['actionNotes'];
    schemaOrigins: Record<string, string>;
    schemaRepairCounts: Record<string, number>;
    schemas: ReconcileResult['schemas']['repairs'];
    factoring: {
      created: Factoring['created'];
      docSchemas: Factoring['docSchemas'];
      deduplicated: Factoring['deduplicated'];
      specBytesBefore: number;
      specBytesAfter: number;
    };
    droppedUpstreamSchemas: string[];
  };
  output: {
    operations: number;
    components: number;
    lint: Omit<LintSummary, 'problems'>;
    danglingRefs: string[];
    schemasProvenEquivalent: number;
    coverage: Verification['coverage'];
    disagreements: string[];
  };
}

export function buildReport(
  a: ApiReconciled,
  r: ReconcileResult,
  lock: SourcesLock,
  inputLint: LintSummary,
  outputLint: LintSummary,
  v: Verification,
): FidelityReport {
  const { problems: _a, ...inLint } = inputLint;
  const { problems: _b, ...outLint } = outputLint;
  const components = ((a.document['components'] as { schemas: Record<string, Json> }).schemas ?? {}) as Record<
    string,
    Json
  >;
  const names = new Set(Object.keys(components));
  const upstreamSchemas = Object.keys(
    ((a.upstream.doc['components'] as Record<string, unknown> | undefined)?.['schemas'] ?? {}) as object,
  );
  const built = reachable(names, r.schemas.components);
  const repairs = r.schemas.repairs.filter((x) => built.has(x.schema));
  const counts: Record<string, number> = {};
  for (const x of repairs) counts[x.kind] = (counts[x.kind] ?? 0) + 1;
  const origins: Record<string, string> = {};
  for (const name of Object.keys(r.schemas.origin).sort()) if (built.has(name)) origins[name] = r.schemas.origin[name]!;
  const resources = new Set(Object.keys(a.overlay.resources));

  const operations = a.comparison.collapsed.map((c) => {
    const what = c.describes
      ? `describes ${c.describes.operationId} (documented at ${c.describes.method} ${c.describes.path})`
      : 'describes no documented action';
    return c.documentedHere
      ? `${c.method} ${c.path}: upstream "${c.upstreamSummary}" ${what}; replaced by ${c.documentedHere} from the docs index`
      : `${c.method} ${c.path}: upstream "${c.upstreamSummary}" ${what}; no action is documented here, so it was removed`;
  });
  for (const id of a.comparison.missing) {
    const action = a.actions.find((x) => x.operationId === id)!;
    operations.push(
      `${action.method} ${action.path}: ${id} is documented but absent or wrong upstream; built from the docs index`,
    );
  }
  for (const m of a.comparison.matched)
    for (const d of m.differences) operations.push(`${m.operationId}: ${d}; the docs index wins`);

  const factoring = r.factoring;
  const sizeOf = (o: Record<string, Json>) =>
    JSON.stringify(Object.fromEntries(Object.entries(o).filter(([n]) => built.has(n)))).length;
  return {
    api: a.api,
    inputs: {
      openapi: { revision: lock.openapi.revision, path: a.upstream.input.path, sha256: a.upstream.input.sha256 },
      docsIndex: { version: lock.docsIndex.apiVersion, path: lock.docsIndex.path, sha256: lock.docsIndex.sha256 },
      schemas: { version: lock.schemas.apiVersion, files: Object.keys(lock.schemas.files).length },
    },
    input: {
      lint: inLint,
      resources: resources.size,
      operations: a.comparison.operationCount,
      documentedActions: a.actions.length,
      matchedOperations: a.comparison.matched.length,
      danglingRefs: {
        count: a.danglingRefs.size,
        inSchemas: new Set([...a.danglingRefs.values()].flatMap((s) => [...s].filter((x) => x !== '(paths)'))).size,
        refs: [...a.danglingRefs.entries()]
          .sort(([x], [y]) => (x < y ? -1 : 1))
          .map(([ref, s]) => ({ ref, schemas: [...s].sort() })),
      },
      collapsedOperations: a.comparison.collapsed,
      missingActions: a.comparison.missing,
      disagreementsWithDocs: a.comparison.matched
        .filter((m) => m.differences.length)
        .map((m) => ({ operationId: m.operationId, differences: m.differences })),
      undescribedResources: a.undescribed,
    },
    corrections: r.corrections.flatMap((c) => correctionsFor(c, resources, built)),
    repairs: {
      operations,
      parameters: r.actionNotes.filter((n) =>
        resources.has(n.pointer.split('/')[1]!.replace(/~1/g, '/').replace(/~0/g, '~')),
      ),
      schemaOrigins: origins,
      schemaRepairCounts: Object.fromEntries(Object.entries(counts).sort(([x], [y]) => (x < y ? -1 : 1))),
      schemas: repairs,
      factoring: {
        created: (factoring?.created ?? []).filter((c) => names.has(c.name)),
        docSchemas: (factoring?.docSchemas ?? []).filter((c) => names.has(c.name)),
        deduplicated: (factoring?.deduplicated ?? []).filter((c) => names.has(c.name)),
        specBytesBefore: sizeOf(r.schemas.components as Record<string, Json>),
        specBytesAfter: JSON.stringify(components).length,
      },
      droppedUpstreamSchemas: upstreamSchemas.filter((n) => !names.has(n)).sort(),
    },
    output: {
      operations: a.actions.length,
      components: names.size,
      lint: outLint,
      danglingRefs: v.danglingRefs,
      schemasProvenEquivalent: v.schemasProven,
      coverage: v.coverage,
      disagreements: v.disagreements,
    },
  };
}

/** A correction as far as it concerns one API: its resources (docs index) or its schemas. */
function correctionsFor(c: CorrectionRecord, resources: Set<string>, schemas: Set<string>): CorrectionRecord[] {
  if (c.target !== 'docs-index') return schemas.has(c.target.slice('schema:'.length)) ? [c] : [];
  const mine = (text: string, sep: string) =>
    resources.has(unescapeSegment(text.replace(/^\//, '').split(sep)[0] ?? ''));
  const changed = c.changed.filter((p) => mine(p, '/'));
  const notes = (c.notes ?? []).filter((n) => mine(n, '.'));
  const obsolete = c.obsolete !== undefined && mine(c.obsolete, '/');
  if (!changed.length && !notes.length && !obsolete) return [];
  return [{ ...c, changed, ...(notes.length ? { notes } : {}), ...(obsolete ? {} : { obsolete: undefined }) }].map(
    ({ obsolete: o, ...rest }) => (o === undefined ? rest : { ...rest, obsolete: o }),
  );
}

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** An API's fidelity report as Markdown (templates/fidelity.md.hbs; every value escaped for its cell here). */
export function reportMarkdown(rep: FidelityReport): string {
  const ok = rep.output.coverage.filter((c) => c.ok).length;
  const rules = (byRule: Record<string, number>) =>
    Object.entries(byRule)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none';
  const factoring = rep.repairs.factoring;
  const factoredFrom = (from: string) => factoring.created.filter((c) => c.from === from).length;
  return template('fidelity.md')({
    api: rep.api,
    inputs: `OpenAPI revision ${rep.inputs.openapi.revision} (\`${rep.inputs.openapi.path}\`, sha256 \`${rep.inputs.openapi.sha256.slice(0, 12)}…\`), docs index ${rep.inputs.docsIndex.version}, ${rep.inputs.schemas.files} doc schemas`,
    summaryRows: [
      `| redocly lint (recommended) | ${rep.input.lint.errors} errors, ${rep.input.lint.warnings} warnings | ${rep.output.lint.errors} errors, ${rep.output.lint.warnings} warnings |`,
      `| dangling \`$ref\`s | ${rep.input.danglingRefs.count} in ${rep.input.danglingRefs.inSchemas} component schemas | ${rep.output.danglingRefs.length} |`,
      `| operations | ${rep.input.operations} (${rep.input.matchedOperations} match the documented action at their method and path, ${rep.input.collapsedOperations.length} describe a collapsed action) | ${rep.output.operations} |`,
      `| documented actions covered | ${rep.input.matchedOperations}/${rep.input.documentedActions} | ${ok}/${rep.input.documentedActions} |`,
      `| documented facts the output disagrees with | — | ${rep.output.disagreements.length} |`,
      `| component schemas | — | ${rep.output.components} (${rep.output.schemasProvenEquivalent} proven to accept exactly what their doc schema accepts) |`,
    ],
    lintByRule: rules(rep.input.lint.byRule),
    undescribed: rep.input.undescribedResources.map((r) => `\`${r}\``).join(', '),
    corrections: orNone(
      rep.corrections.map(
        (c) =>
          `- **${c.id}** (${c.target}${c.obsolete ? `, not applied: ${esc(c.obsolete)}` : `: ${c.changed.length} place${c.changed.length === 1 ? '' : 's'}${c.changed.length <= 3 ? ` (${c.changed.map((p) => `\`${p}\``).join(', ')})` : ''}`}): ${esc(c.why)}. Evidence: ${c.evidence.map(esc).join('; ')}${c.notes?.length ? `. Not applied or not covered: ${c.notes.map(esc).join('; ')}` : ''}`,
      ),
    ),
    collapsed: rep.input.collapsedOperations.map(
      (c) =>
        `| ${c.method} ${c.path} | ${esc(c.upstreamSummary)} | ${c.describes ? `${c.describes.operationId} (${c.describes.method} ${c.describes.path})` : '—'} | ${c.documentedHere ?? '— (removed)'} |`,
    ),
    operationRepairs: orNone(rep.repairs.operations.map((o) => `- ${esc(o)}`)),
    parameterRepairs: orNone(rep.repairs.parameters.map((n) => `- ${esc(n.detail)} (docs index \`${n.pointer}\`)`)),
    origins:
      Object.entries(countValues(rep.repairs.schemaOrigins))
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none',
    dropped: rep.repairs.droppedUpstreamSchemas.join(', ') || 'none',
    repairCounts: Object.entries(rep.repairs.schemaRepairCounts).map(([k, v]) => `| ${k} | ${v} | ${WHY[k] ?? ''} |`),
    factoring: `in this document ${factoring.docSchemas.length} doc-linked schemas are shared under their documented names and ${factoring.created.length} factored components are used (${factoredFrom('anchored')} keeping the name the API-surface snapshot anchors, ${factoredFrom('upstream-common')} named by upstream's \`common/…\` refs, ${factoredFrom('repeated')} repeated parts); components JSON ${kb(factoring.specBytesBefore)} → ${kb(factoring.specBytesAfter)}`,
    schemaRepairs: rep.repairs.schemas.map(
      (x) => `| ${x.schema} | \`${esc(x.pointer || '/')}\` | ${x.kind}: ${esc(x.detail)} |`,
    ),
    coverage: rep.output.coverage.map(
      (c) =>
        `| ${c.ok ? '✓' : '✗'} | ${c.operationId} | ${c.method} | ${c.path} | ${esc(c.params.join(', ') || '—')} |`,
    ),
    disagreements: orNone(rep.output.disagreements.map((d) => `- ${esc(d)}`)),
  });
}

/** A list's lines, or the one line `None.`. */
function orNone(lines: string[]): string[] {
  return lines.length ? lines : ['None.'];
}

/** The summary across all APIs: one row per API and the totals. */
export interface FidelitySummary {
  inputs: FidelityReport['inputs'] extends infer I ? Omit<I, 'openapi'> & { openapiRevision: string } : never;
  apis: Array<{
    api: string;
    resources: number;
    documentedActions: number;
    upstreamOperations: number;
    describedCorrectly: number;
    collapsed: number;
    covered: number;
    inputLint: { errors: number; warnings: number };
    outputLint: { errors: number; warnings: number };
    danglingRefs: number;
    undescribedResources: string[];
  }>;
  corrections: CorrectionRecord[];
  upstreamConflicts: string[];
}

export function buildSummary(reports: FidelityReport[], r: ReconcileResult, lock: SourcesLock): FidelitySummary {
  return {
    inputs: {
      openapiRevision: lock.openapi.revision,
      docsIndex: { version: lock.docsIndex.apiVersion, path: lock.docsIndex.path, sha256: lock.docsIndex.sha256 },
      schemas: { version: lock.schemas.apiVersion, files: Object.keys(lock.schemas.files).length },
    },
    apis: reports.map((rep) => ({
      api: rep.api,
      resources: rep.input.resources,
      documentedActions: rep.input.documentedActions,
      upstreamOperations: rep.input.operations,
      describedCorrectly: rep.input.matchedOperations,
      collapsed: rep.input.collapsedOperations.length,
      covered: rep.output.coverage.filter((c) => c.ok).length,
      inputLint: { errors: rep.input.lint.errors, warnings: rep.input.lint.warnings },
      outputLint: { errors: rep.output.lint.errors, warnings: rep.output.lint.warnings },
      danglingRefs: rep.input.danglingRefs.count,
      undescribedResources: rep.input.undescribedResources,
    })),
    corrections: r.corrections,
    upstreamConflicts: r.upstreamConflicts,
  };
}

/** The summary across all APIs as Markdown (templates/fidelity-summary.md.hbs). */
export function summaryMarkdown(s: FidelitySummary): string {
  const sum = (f: (a: FidelitySummary['apis'][number]) => number) => s.apis.reduce((n, a) => n + f(a), 0);
  const undescribed = s.apis.flatMap((a) => a.undescribedResources.map((r) => `\`${r}\` (${a.api})`));
  return template('fidelity-summary.md')({
    inputs: `OpenAPI revision ${s.inputs.openapiRevision}, docs index ${s.inputs.docsIndex.version}, ${s.inputs.schemas.files} doc schemas`,
    rows: [
      ...s.apis.map(
        (a) =>
          `| [${a.api}](${a.api}/fidelity.md) | ${a.resources} | ${a.documentedActions} | ${a.upstreamOperations} | ${a.describedCorrectly} | ${a.collapsed} | ${a.inputLint.errors} / ${a.inputLint.warnings} | ${a.danglingRefs} | **${a.covered}/${a.documentedActions}** | ${a.outputLint.errors} / ${a.outputLint.warnings} |`,
      ),
      `| **all** | ${sum((a) => a.resources)} | ${sum((a) => a.documentedActions)} | ${sum((a) => a.upstreamOperations)} | ${sum((a) => a.describedCorrectly)} | ${sum((a) => a.collapsed)} | ${sum((a) => a.inputLint.errors)} / ${sum((a) => a.inputLint.warnings)} | ${sum((a) => a.danglingRefs)} | **${sum((a) => a.covered)}/${sum((a) => a.documentedActions)}** | ${sum((a) => a.outputLint.errors)} / ${sum((a) => a.outputLint.warnings)} |`,
    ],
    undescribed: undescribed.join(', ') || 'none',
    corrections: orNone(
      s.corrections.map(
        (c) =>
          `- **${c.id}** (${c.target}, ${c.obsolete ? `not applied, upstream changed: ${esc(c.obsolete)}` : `${c.changed.length} place${c.changed.length === 1 ? '' : 's'}`}): ${esc(c.why)}${c.notes?.length ? ` (${c.notes.length} note${c.notes.length === 1 ? '' : 's'}: ${c.notes.map(esc).join('; ')})` : ''}`,
      ),
    ),
    conflicts: s.upstreamConflicts.length
      ? s.upstreamConflicts.map((c) => `- ${esc(c)}`)
      : ['None: every schema two documents share is defined identically.'],
  });
}

const WHY: Record<string, string> = {
  'filled-ref': 'upstream `$ref` pointed nowhere; filled from the doc schema at the same place',
  'type-array': '`type: [a, b]` is not 3.0; became oneOf (with nullable for null)',
  'null-type': '`{type: null}` is not 3.0; became `nullable: true`',
  'pattern-properties': '`patternProperties` is not 3.0; became `additionalProperties`',
  'merged-enums': 'a oneOf of plain string enums is one enum (same meaning)',
  'single-alternative': 'a composition of one schema is that schema (same meaning)',
  'ambiguous-oneof': 'alternatives told apart only by an optional property; anyOf accepts all documented values',
  'misplaced-properties': 'properties written beside the keywords instead of under `properties`',
  'malformed-composition': 'an array nested inside a composition list was flattened',
  'unknown-keyword': 'non-standard keyword (`min`/`max`) that validators ignore',
  pattern: 'a regex valid only under Annex B (literal braces) rewritten to its Unicode-mode spelling',
  'unsupported-keyword': 'a JSON Schema keyword with no 3.0 form',
  'empty-required': '`required: []` is invalid in 3.0',
  const: '`const` became a one-value enum',
  'exclusive-bound': 'numeric exclusive bounds became the 3.0 boolean form',
  replaced: 'upstream schema disagreed with the doc schema',
};

function countValues(o: Record<string, string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of Object.values(o)) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function kb(n: number): string {
  return `${(n / 1024).toFixed(0)} KB`;
}

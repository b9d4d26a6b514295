import type { LintSummary } from '../lint/redocly.js';
import type { ReconcileResult } from '../reconcile/index.js';
import type { SourcesLock } from '../inputs/lock.js';
import type { Verification } from './verify.js';

export interface FidelityReport {
  api: string;
  inputs: { openapi: { revision: string; path: string; sha256: string }; docsIndex: { version: string; path: string; sha256: string }; schemas: { version: string; files: number } };
  input: {
    lint: Omit<LintSummary, 'problems'>;
    operations: number;
    documentedActions: number;
    matchedOperations: number;
    danglingRefs: { count: number; inSchemas: number; refs: Array<{ ref: string; schemas: string[] }> };
    collapsedOperations: ReconcileResult['comparison']['collapsed'];
    missingActions: string[];
    disagreementsWithDocs: Array<{ operationId: string; differences: string[] }>;
  };
  repairs: {
    operations: string[];
    parameters: ReconcileResult['actionNotes'];
    schemaOrigins: Record<string, string>;
    schemaRepairCounts: Record<string, number>;
    schemas: ReconcileResult['schemas']['repairs'];
    factoring: {
      created: NonNullable<ReconcileResult['factoring']>['created'];
      docSchemas: NonNullable<ReconcileResult['factoring']>['docSchemas'];
      deduplicated: NonNullable<ReconcileResult['factoring']>['deduplicated'];
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

export function buildReport(r: ReconcileResult, lock: SourcesLock, inputLint: LintSummary, outputLint: LintSummary, v: Verification, specBytesBefore: number, specBytesAfter: number): FidelityReport {
  const { problems: _a, ...inLint } = inputLint;
  const { problems: _b, ...outLint } = outputLint;
  const upstreamInput = lock.openapi.documents[r.overlay.api]!;
  const upstreamSchemas = Object.keys(((r.upstream['components'] as Record<string, unknown> | undefined)?.['schemas'] ?? {}) as object);
  const finalSchemas = Object.keys(r.schemas.components);
  const counts: Record<string, number> = {};
  for (const x of r.schemas.repairs) counts[x.kind] = (counts[x.kind] ?? 0) + 1;
  const origins: Record<string, string> = {};
  for (const name of Object.keys(r.schemas.origin).sort()) origins[name] = r.schemas.origin[name]!;

  const operations = r.comparison.collapsed.map((c) => {
    const what = c.describes ? `describes ${c.describes.operationId} (documented at ${c.describes.method} ${c.describes.path})` : 'describes no documented action';
    return c.documentedHere
      ? `${c.method} ${c.path}: upstream "${c.upstreamSummary}" ${what}; replaced by ${c.documentedHere} from the docs index`
      : `${c.method} ${c.path}: upstream "${c.upstreamSummary}" ${what}; no action is documented here, so it was removed`;
  });
  for (const id of r.comparison.missing) {
    const a = r.actions.find((x) => x.operationId === id)!;
    operations.push(`${a.method} ${a.path}: ${id} is documented but absent or wrong upstream; built from the docs index`);
  }
  for (const m of r.comparison.matched) for (const d of m.differences) operations.push(`${m.operationId}: ${d}; the docs index wins`);

  return {
    api: r.overlay.api,
    inputs: {
      openapi: { revision: lock.openapi.revision, path: upstreamInput.path, sha256: upstreamInput.sha256 },
      docsIndex: { version: lock.docsIndex.apiVersion, path: lock.docsIndex.path, sha256: lock.docsIndex.sha256 },
      schemas: { version: lock.schemas.apiVersion, files: Object.keys(lock.schemas.files).length },
    },
    input: {
      lint: inLint,
      operations: r.comparison.operationCount,
      documentedActions: r.actions.length,
      matchedOperations: r.comparison.matched.length,
      danglingRefs: {
        count: r.danglingRefs.size,
        inSchemas: new Set([...r.danglingRefs.values()].flatMap((s) => [...s])).size,
        refs: [...r.danglingRefs.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([ref, s]) => ({ ref, schemas: [...s].sort() })),
      },
      collapsedOperations: r.comparison.collapsed,
      missingActions: r.comparison.missing,
      disagreementsWithDocs: r.comparison.matched.filter((m) => m.differences.length).map((m) => ({ operationId: m.operationId, differences: m.differences })),
    },
    repairs: {
      operations,
      parameters: r.actionNotes,
      schemaOrigins: origins,
      schemaRepairCounts: Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b))),
      schemas: r.schemas.repairs,
      factoring: { created: r.factoring?.created ?? [], docSchemas: r.factoring?.docSchemas ?? [], deduplicated: r.factoring?.deduplicated ?? [], specBytesBefore, specBytesAfter },
      droppedUpstreamSchemas: upstreamSchemas.filter((n) => !finalSchemas.includes(n)).sort(),
    },
    output: {
      operations: r.actions.length,
      components: Object.keys((r.document['components'] as { schemas: object }).schemas).length,
      lint: outLint,
      danglingRefs: v.danglingRefs,
      schemasProvenEquivalent: v.schemasProven,
      coverage: v.coverage,
      disagreements: v.disagreements,
    },
  };
}

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function reportMarkdown(rep: FidelityReport): string {
  const ok = rep.output.coverage.filter((c) => c.ok).length;
  const lines: string[] = [];
  const push = (...l: string[]) => lines.push(...l);
  const rules = (byRule: Record<string, number>) => Object.entries(byRule).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  push(
    `# Fidelity report: ${rep.api}`,
    '',
    `Inputs: OpenAPI revision ${rep.inputs.openapi.revision} (\`${rep.inputs.openapi.path}\`, sha256 \`${rep.inputs.openapi.sha256.slice(0, 12)}…\`), docs index ${rep.inputs.docsIndex.version}, ${rep.inputs.schemas.files} doc schemas.`,
    '',
    '## Summary',
    '',
    '| | input (upstream) | output (reconciled) |',
    '|---|---|---|',
    `| redocly lint (recommended) | ${rep.input.lint.errors} errors, ${rep.input.lint.warnings} warnings | ${rep.output.lint.errors} errors, ${rep.output.lint.warnings} warnings |`,
    `| dangling \`$ref\`s | ${rep.input.danglingRefs.count} in ${rep.input.danglingRefs.inSchemas} component schemas | ${rep.output.danglingRefs.length} |`,
    `| operations | ${rep.input.operations} (${rep.input.matchedOperations} match the documented action at their method and path, ${rep.input.collapsedOperations.length} describe a collapsed action) | ${rep.output.operations} |`,
    `| documented actions covered | ${rep.input.matchedOperations}/${rep.input.documentedActions} | ${ok}/${rep.input.documentedActions} |`,
    `| documented facts the output disagrees with | — | ${rep.output.disagreements.length} |`,
    `| component schemas | — | ${rep.output.components} (${rep.output.schemasProvenEquivalent} proven to accept exactly what their doc schema accepts) |`,
    '',
    `Input lint by rule: ${rules(rep.input.lint.byRule)}.`,
    '',
    '## Collapsed operations in the input',
    '',
    'Sub-path actions the upstream document folded onto their resource path (one survivor per method). The docs index wins.',
    '',
    '| upstream operation | upstream summary | actually describes | documented here |',
    '|---|---|---|---|',
    ...rep.input.collapsedOperations.map((c) => `| ${c.method} ${c.path} | ${esc(c.upstreamSummary)} | ${c.describes ? `${c.describes.operationId} (${c.describes.method} ${c.describes.path})` : '—'} | ${c.documentedHere ?? '— (removed)'} |`),
    '',
    '## Repairs',
    '',
    '### Operations',
    '',
    ...rep.repairs.operations.map((o) => `- ${esc(o)}`),
    '',
    '### Parameters',
    '',
    ...(rep.repairs.parameters.length ? rep.repairs.parameters.map((n) => `- ${esc(n.detail)} (docs index \`${n.pointer}\`)`) : ['None.']),
    '',
    '### Schemas',
    '',
    'Every schema an operation needs, transitively. Upstream schemas had their dangling refs filled from the doc-linked schema of the same name and were then proven equivalent to it; schemas upstream lacks were added from the doc schemas. JSON Schema constructs OpenAPI 3.0 cannot spell were rewritten.',
    '',
    `Origins: ${Object.entries(countValues(rep.repairs.schemaOrigins)).map(([k, v]) => `${k} ${v}`).join(', ')}. Dropped upstream schemas no operation uses: ${rep.repairs.droppedUpstreamSchemas.join(', ') || 'none'}.`,
    '',
    '| repair | count | why |',
    '|---|---|---|',
    ...Object.entries(rep.repairs.schemaRepairCounts).map(([k, v]) => `| ${k} | ${v} | ${WHY[k] ?? ''} |`),
    '',
    `Factoring shared sub-schemas (on fully expanded schemas, so upstream's own refs do not decide it): ${rep.repairs.factoring.docSchemas.length} doc-linked schemas found inline and shared under their documented names; ${rep.repairs.factoring.created.length} new components (${rep.repairs.factoring.created.filter((c) => c.from === 'anchored').length} keeping the name the API-surface snapshot anchors, ${rep.repairs.factoring.created.filter((c) => c.from === 'upstream-common').length} named by upstream's \`common/…\` refs, ${rep.repairs.factoring.created.filter((c) => c.from === 'repeated').length} repeated parts), ${rep.repairs.factoring.deduplicated.reduce((n, d) => n + d.uses, 0)} inline copies of existing components replaced by refs; components JSON ${kb(rep.repairs.factoring.specBytesBefore)} → ${kb(rep.repairs.factoring.specBytesAfter)}.`,
    '',
    '<details><summary>Every schema repair</summary>',
    '',
    '| schema | pointer | repair |',
    '|---|---|---|',
    ...rep.repairs.schemas.map((x) => `| ${x.schema} | \`${esc(x.pointer || '/')}\` | ${x.kind}: ${esc(x.detail)} |`),
    '',
    '</details>',
    '',
    '## Action coverage',
    '',
    '| | operationId | method | path | documented parameters |',
    '|---|---|---|---|---|',
    ...rep.output.coverage.map((c) => `| ${c.ok ? '✓' : '✗'} | ${c.operationId} | ${c.method} | ${c.path} | ${esc(c.params.join(', ') || '—')} |`),
    '',
    '## Documented facts the output disagrees with',
    '',
    ...(rep.output.disagreements.length ? rep.output.disagreements.map((d) => `- ${esc(d)}`) : ['None.']),
    '',
  );
  return lines.join('\n');
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

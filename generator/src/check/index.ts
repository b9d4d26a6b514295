// The check stage: every output must lint clean and agree with the docs index fact by fact; every
// input is linted for the report. It gates the write, not the emit (the pipeline runs both at once).
import { createHash } from 'node:crypto';
import { generatorFingerprint, toolVersion } from '../cache.js';
import type { RunContext } from '../context.js';
import { GeneratorError } from '../errors.js';
import type { SourcesLock } from '../inputs/lock.js';
import type { loadLintConfig } from '../lint/redocly.js';
import { documentRef, lintSummary, type LintSummary } from '../lint/summary.js';
import type { SchemaObject } from '../json/index.js';
import type { OpenApiDocument } from '../openapi/write.js';
import { withoutExternalRefs, type ReconcileResult } from '../reconcile/index.js';
import { WORKER_VERSION } from '../emit/workers.js';
import { buildReport, type FidelityReport } from '../report/fidelity.js';
import { verifyDocument, type Verification } from '../report/verify.js';

export interface LintConfig {
  /** spec/redocly.yaml as written: with redocly's version, it decides every result. */
  text: string;
  /** Where it is: the run's lint worker loads it and lints there. */
  path?: string;
  /** The configuration loaded, to lint in this thread instead (tests). */
  config?: Awaited<ReturnType<typeof loadLintConfig>>;
}

/**
 * The lints of the APIs' input documents, started before the rest of the run needs them (each as
 * soon as its document is read), by API: `checkAll` takes them instead of starting its own. A
 * document that cannot be read leaves no lint (the reconcile reports it).
 */
export function startInputLints(
  ctx: RunContext,
  lint: LintConfig,
  docs: ReadonlyArray<readonly [api: string, doc: Promise<unknown>]>,
): Map<string, Promise<LintSummary>> {
  return new Map(
    docs.map(([api, doc]) => [api, started(doc.then((d) => inputLint(ctx, d as OpenApiDocument, api, lint)))] as const),
  );
}

/** An API's input document linted for its report. */
function inputLint(ctx: RunContext, doc: OpenApiDocument, api: string, lint: LintConfig): Promise<LintSummary> {
  // Refs outside the document never reach the linter, which would follow them (read a file, fetch a URL).
  return lintCached(ctx, withoutExternalRefs(doc), `upstream-${api}`, lint);
}

/**
 * Lint every output (must be clean), lint every input (for the report; or take the lints
 * `startInputLints` started, of the same documents), verify against the docs index: the report of
 * each API, by API.
 */
export async function checkAll(
  ctx: RunContext,
  r: ReconcileResult,
  lock: SourcesLock,
  lint: LintConfig,
  inputLints: ReadonlyMap<string, Promise<LintSummary>> = new Map(),
): Promise<Map<string, FidelityReport>> {
  const timed = ctx.timings.timed.bind(ctx.timings);
  const reports = new Map<string, FidelityReport>();
  // What every API's verification reads besides its own document and overlay, hashed once.
  const shared = ctx.cache.dir ? sha256(JSON.stringify([r.index, r.docSchemas])) : '';
  const converted = new Map<string, SchemaObject>();
  // Every lint starts now (on the lint worker, in this order), each API verified here while the
  // next is linted; a failure is still reported for the first API that has one.
  const lints = r.apis.map((a) => ({
    output: started(lintCached(ctx, a.document, a.api, lint)),
    input: inputLints.get(a.api) ?? started(inputLint(ctx, a.upstream.doc as OpenApiDocument, a.api, lint)),
  }));
  for (const [i, a] of r.apis.entries()) {
    const outputLint = await timed('lint output', () => lints[i]!.output);
    if (outputLint.errors || outputLint.warnings) {
      const shown = outputLint.problems
        .slice(0, 20)
        .map((p) => `  ${p.severity} ${p.ruleId} at #${p.pointer}: ${p.message}`);
      throw new GeneratorError(
        'LINT_FAILED',
        `the reconciled ${a.api} spec has ${outputLint.errors} lint errors and ${outputLint.warnings} warnings:\n${shown.join('\n')}`,
        {
          file: `generated/${a.api}/openapi.json`,
          pointer: outputLint.problems[0]?.pointer ?? '',
          hint: 'this is a generator bug: the reconcile step must produce a document that lints clean (a rule may only be relaxed in spec/redocly.yaml with a written justification); nothing was written',
        },
      );
    }
    const inputLint = await timed('lint input (report)', () => lints[i]!.input);
    const verification = await timed('verify', () =>
      ctx.cache.dir
        ? verifyCached(ctx, a.document, a.overlay.resources, shared, () =>
            verifyDocument(a.document, r.index, a.overlay, r.docSchemas, converted),
          )
        : verifyDocument(a.document, r.index, a.overlay, r.docSchemas, converted),
    );
    if (verification.disagreements.length || verification.danglingRefs.length) {
      throw new GeneratorError(
        'VERIFY_FAILED',
        `the reconciled ${a.api} spec disagrees with the docs index:\n${[
          ...verification.disagreements,
          ...verification.danglingRefs.map((ref) => `dangling ${ref}`),
        ]
          .slice(0, 30)
          .map((d) => '  ' + d)
          .join('\n')}`,
        {
          file: r.indexFile,
          hint: 'this is a generator bug: the reconcile step must produce every documented fact; nothing was written',
        },
      );
    }
    const report = buildReport(a, r, lock, inputLint, outputLint, verification);
    ctx.log(
      `${a.api}: ${a.actions.length} operations, ${verification.coverage.filter((c) => c.ok).length}/${verification.coverage.length} actions covered, lint 0/0, ${report.input.danglingRefs.count} dangling refs repaired`,
    );
    reports.set(a.api, report);
  }
  return reports;
}

/** A document's lint result, from the content cache when the same document was linted with the same rules. */
async function lintCached(ctx: RunContext, doc: OpenApiDocument, name: string, lint: LintConfig): Promise<LintSummary> {
  const key = () => [
    'redocly lint',
    toolVersion('@redocly/openapi-core'),
    WORKER_VERSION,
    lint.text,
    name,
    JSON.stringify(doc),
  ];
  return JSON.parse(
    await ctx.cache.memo(key, async () => JSON.stringify(await lintOnce(ctx, doc, name, lint))),
  ) as LintSummary;
}

async function lintOnce(ctx: RunContext, doc: OpenApiDocument, name: string, lint: LintConfig): Promise<LintSummary> {
  if (lint.config) {
    const { lintDocument } = await import('../lint/redocly.js');
    return lintDocument({ doc, name }, lint.config);
  }
  return lintSummary(await ctx.workers().lint(doc, documentRef(name), lint.path!));
}

/** A promise awaited later: its failure is handled where it is awaited, not reported as unhandled meanwhile. */
function started<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * A document's verification, from the content cache when the same document was verified against
 * the same docs index, doc schemas and overlay resources by the same generator code.
 */
async function verifyCached(
  ctx: RunContext,
  doc: OpenApiDocument,
  resources: Record<string, string>,
  shared: string,
  verify: () => Verification,
): Promise<Verification> {
  const key = ['verify', generatorFingerprint(), shared, JSON.stringify(resources), JSON.stringify(doc)];
  return JSON.parse(await ctx.cache.memo(key, async () => JSON.stringify(verify()))) as Verification;
}

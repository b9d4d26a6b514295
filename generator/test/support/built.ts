import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { readDocument, type LosantApiModel } from '../../src/openapi/index.js';
import type { OpenApiDocument } from '../../src/openapi/write.js';
import type { FidelityReport, FidelitySummary } from '../../src/report/fidelity.js';

/** Outputs of the suite-wide build of the real inputs (see global-setup.ts). */
export function built(path: string): string {
  const file = inject('builtFiles')[path];
  if (!file) throw new Error(`the build produced no ${path}`);
  return readFileSync(file, 'utf8');
}

export function builtPaths(): string[] {
  return Object.keys(inject('builtFiles')).sort();
}

/** The APIs the build produced a document for. */
export function builtApis(): string[] {
  return builtPaths()
    .map((p) => /^generated\/([^/]+)\/openapi\.json$/.exec(p)?.[1])
    .filter((a): a is string => a !== undefined);
}

export const spec = (api: string): OpenApiDocument =>
  JSON.parse(built(`generated/${api}/openapi.json`)) as OpenApiDocument;
export const model = (api: string): LosantApiModel => readDocument(spec(api), `generated/${api}/openapi.json`);
export const report = (api: string): FidelityReport =>
  JSON.parse(built(`generated/${api}/fidelity.json`)) as FidelityReport;
export const summary = (): FidelitySummary => JSON.parse(built('generated/fidelity.json')) as FidelitySummary;

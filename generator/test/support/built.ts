import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import type { OpenApiDocument } from '../../src/reconcile/document.js';
import type { FidelityReport } from '../../src/report/fidelity.js';

/** Outputs of the suite-wide build of the real inputs (see global-setup.ts). */
export function built(path: string): string {
  const file = inject('builtFiles')[path];
  if (!file) throw new Error(`the build produced no ${path}`);
  return readFileSync(file, 'utf8');
}

export const spec = (): OpenApiDocument => JSON.parse(built('generated/application/openapi.json')) as OpenApiDocument;
export const report = (): FidelityReport => JSON.parse(built('generated/application/fidelity.json')) as FidelityReport;

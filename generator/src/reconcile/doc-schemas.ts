// The doc-linked JSON Schemas, read from the pinned inputs with the corrections of spec/corrections.yaml applied.
import type { SourcesLock } from '../inputs/lock.js';
import type { UpstreamSource } from '../inputs/source.js';
import type { Json } from '../json/index.js';
import { applyCorrections, type CorrectionRecord, type loadCorrections } from './corrections.js';

export async function loadDocSchemas(
  o: { lock: SourcesLock; source: UpstreamSource },
  corrections: Awaited<ReturnType<typeof loadCorrections>>,
  correctionsFile: string,
): Promise<{ docs: Record<string, Json>; records: CorrectionRecord[] }> {
  const entries = Object.entries(o.lock.schemas.files).sort(([a], [b]) => (a < b ? -1 : 1));
  const loaded = await Promise.all(
    entries.map(async ([name, input]) => [name, (await o.source.readParsed(input)) as Json] as const),
  );
  const docs: Record<string, Json> = {};
  const records: CorrectionRecord[] = [];
  for (const [name, schema] of loaded) {
    const corrected = applyCorrections(`schema:${name}`, schema, corrections, correctionsFile);
    docs[name] = corrected.value;
    records.push(...corrected.records);
  }
  for (const [i, c] of corrections.entries()) {
    if (c.target.startsWith('schema:') && !Object.hasOwn(docs, c.target.slice('schema:'.length))) {
      records.push({
        id: c.id,
        target: c.target,
        why: c.why,
        evidence: c.evidence,
        changed: [],
        obsolete: `there is no doc schema ${c.target.slice(7)} (correction #${i})`,
      });
    }
  }
  return { docs, records };
}

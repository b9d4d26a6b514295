// Building and factoring the schemas as one step of the content-addressed cache. Both are pure
// functions of what they read: the pooled upstream component schemas (with the file each comes
// from), the doc schemas, the file each doc schema is reported in, the schema roots the operations
// name (with their referrers) and the anchors of earlier runs. The key is the sha256 of all of it
// and of the generator's own code, so a hit is exactly what the step would compute: a factored
// type's name never depends on the cache, nor on which API changed. A change that reaches none of
// these (a tag's description, a title, a renamed SDK method) is a hit; any change to one of them
// (a resource mapped or unmapped, a correction, a doc schema) recomputes every schema and the
// factoring of all of them, since a factored name can depend on every use of a sub-schema.
//
// The value is always read back from its serialized form, whether it was computed or found, so a
// cached run and an uncached one hand the rest of the pipeline the same objects.
import { generatorFingerprint, type ContentCache } from '../../cache.js';
import type { Json } from '../../json/index.js';
import { buildSchemas, type BuiltSchemas, type SchemaInputs } from './build.js';
import type { Anchor, FactorResult } from './factor.js';
import { factorAll } from './factor-all.js';

export interface BuildAndFactorInputs extends SchemaInputs {
  /** Every doc schema name the lock pins, with the file it is reported in (what `docFile` answers for it). */
  docFiles: Record<string, string>;
  anchors: Anchor[];
}

export interface BuiltAndFactored {
  schemas: BuiltSchemas;
  factoring: FactorResult;
}

interface Serialized {
  schemas: Omit<BuiltSchemas, 'commons'> & { commons: Array<[string, Json[]]> };
  factoring: FactorResult;
}

/** The key's parts: everything `buildSchemas` and `factorAll` read, each upstream document's components once. */
export function buildAndFactorKey(input: BuildAndFactorInputs): string[] {
  const documents = new Map<Record<string, Json>, { file: string; index: number }>();
  const owners: Array<[name: string, file: string, document: number]> = [];
  for (const [name, s] of Object.entries(input.upstream)) {
    let d = documents.get(s.components);
    if (!d) documents.set(s.components, (d = { file: s.file, index: documents.size }));
    owners.push([name, s.file, d.index]);
    // The node is the document's own entry of that name (poolUpstreamSchemas), which the key holds through the document.
    if (s.components[name] !== s.node) owners.push([name, JSON.stringify(s.node), -1]);
  }
  return [
    'reconcile: build and factor schemas',
    generatorFingerprint(),
    JSON.stringify(owners),
    ...[...documents].flatMap(([components, d]) => [d.file, JSON.stringify(components)]),
    JSON.stringify(input.docs),
    JSON.stringify(input.docFiles),
    JSON.stringify([...input.roots]),
    JSON.stringify(input.anchors),
  ];
}

export async function buildAndFactor(
  input: BuildAndFactorInputs,
  cache: ContentCache | undefined,
  timed: <T>(stage: string, work: () => T | Promise<T>) => Promise<T>,
): Promise<BuiltAndFactored> {
  const compute = async (): Promise<string> => {
    const schemas = await timed('reconcile: build schemas', () => buildSchemas(input));
    const factoring = await timed('reconcile: factor', () =>
      factorAll(schemas, input.docs, new Set(input.roots.keys()), input.anchors),
    );
    const value: Serialized = { schemas: { ...schemas, commons: [...schemas.commons] }, factoring };
    return JSON.stringify(value);
  };
  if (!cache?.dir) return read(await compute());
  const key = await timed('reconcile: schema step (key, read back)', () => buildAndFactorKey(input));
  const text = await cache.memo(key, compute);
  return timed('reconcile: schema step (key, read back)', () => read(text));
}

function read(text: string): BuiltAndFactored {
  const value = JSON.parse(text) as Serialized;
  return { schemas: { ...value.schemas, commons: new Map(value.schemas.commons) }, factoring: value.factoring };
}

// Factoring over every API at once: shared sub-schemas become named components, whatever
// resources share a document; names settle at a fixpoint and stay anchored across re-publishes.
import { componentRefName, refsIn, type Json, type SchemaObject } from '../../json/index.js';
import { operationRefs } from '../../openapi/model.js';
import type { ActionModel } from '../model.js';
import type { BuiltSchemas } from './build.js';
import { docSchemaToComponent } from './doc-schema.js';
import { expandRefs, factorSchemas, type Anchor, type FactorResult } from './factor.js';

/** Schema names the operations refer to, each with the docs-index pointer of its first referrer. */
export function schemaRoots(actions: ActionModel[], indexFile: string): Map<string, string> {
  const roots = new Map<string, string>();
  for (const a of actions)
    for (const name of operationRefs(a)) if (!roots.has(name)) roots.set(name, `${indexFile}#${a.source}`);
  return roots;
}

/** Factor over every component at once; the other doc schemas are candidate names for inline parts. */
export function factorAll(
  schemas: BuiltSchemas,
  docs: Record<string, Json>,
  roots: Set<string>,
  initial: Anchor[],
): FactorResult {
  const expanded = expandRefs(schemas.components);
  const candidates: Record<string, SchemaObject> = {};
  for (const name of Object.keys(docs).sort()) {
    if (roots.has(name) || name === 'apiExamples') continue;
    const candidate = expanded[name] ?? docSchemaToComponent(docs[name]!);
    // Only self-contained candidates: a ref to a schema that is not built would dangle.
    if (
      refsIn(candidate).every(
        (r) => r.ref === `#/components/schemas/${name}` || Object.hasOwn(expanded, componentRefName(r.ref) ?? ''),
      )
    )
      candidates[name] = candidate;
  }
  const base = Object.fromEntries(
    Object.keys(schemas.components)
      .sort()
      .map((n) => [n, expanded[n]!]),
  );
  const commons = new Map<string, SchemaObject[]>();
  for (const [name, nodes] of schemas.commons) commons.set(name, nodes.map(docSchemaToComponent));
  // Names settle at a fixpoint: anchors from one pass, fed to the next, until they stop changing.
  let anchors = initial;
  let result = factorSchemas(base, commons, anchors, candidates);
  for (let pass = 1; pass < 4; pass++) {
    const next = result.created.map((c) => c.anchor);
    if (sameAnchors(next, anchors)) break;
    anchors = next;
    result = factorSchemas(base, commons, anchors, candidates);
  }
  return result;
}

function sameAnchors(a: Anchor[], b: Anchor[]): boolean {
  const key = (xs: Anchor[]) => JSON.stringify([...xs].sort((x, y) => (x.name < y.name ? -1 : 1)));
  return key(a) === key(b);
}

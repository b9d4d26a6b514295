// The one conversion of a doc schema (JSON Schema, `#/definitions/` refs) into an OpenAPI 3.0
// component: what reconcile builds from, factors against and what the verifier proves against.
import { componentRef, componentRefName, definitionName, type Json, type SchemaObject } from '../../json/index.js';
import { tidyCompositions } from './compositions.js';
import { convertSchema } from './convert.js';

/**
 * A doc schema's `$ref` as a component ref: `#/definitions/<name>` (or an already-rewritten
 * `#/components/schemas/<name>`) → `#/components/schemas/<name>`; anything else → undefined
 * (kept verbatim: it dangles, and the verifier reports it).
 */
export function docRefToComponent(ref: string): string | undefined {
  const name = definitionName(ref) ?? componentRefName(ref);
  return name === undefined ? undefined : componentRef(name).$ref;
}

/**
 * What a doc schema says as an OpenAPI 3.0 component, compositions tidied. The rewrites are not
 * recorded here: reconcile records them for the schemas it keeps (see build.ts).
 */
export function docSchemaToComponent(node: Json): SchemaObject {
  return tidyCompositions(convertSchema(node, { note: () => {}, ref: docRefToComponent }), () => {}) as SchemaObject;
}

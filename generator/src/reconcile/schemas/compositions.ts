import { pointer as ptr } from '../../errors.js';
import type { Json, SchemaObject } from '../model.js';
import { isSchemaLike } from './convert.js';

export type CompositionKind = 'single-alternative' | 'merged-enums' | 'ambiguous-oneof';

/**
 * Tidy `oneOf`/`anyOf` after conversion:
 *  - a composition of one alternative is that alternative (same meaning);
 *  - a composition whose alternatives are all plain string enums is one enum (same meaning:
 *    the enums are disjoint or the union accepts the same strings);
 *  - a `oneOf` of objects told apart only by an *optional* property (`type` on dashboard
 *    controls, `flowClass` on workflow versions) becomes `anyOf`. Under `oneOf` an object
 *    without that property that fits two alternatives is invalid, which no Losant payload
 *    promises to avoid; `anyOf` accepts everything the doc schema accepts and yields the
 *    same TypeScript union.
 */
export function tidyCompositions(node: Json, note: (kind: CompositionKind, at: string, detail: string) => void, at = ''): Json {
  if (Array.isArray(node)) return node.map((n, i) => tidyCompositions(n, note, at + ptr(i)));
  if (!isSchemaLike(node)) return node;
  const out: SchemaObject = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'properties' && isSchemaLike(v)) out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, tidyCompositions(s, note, at + ptr(k, p))]));
    else if (k === 'enum' || k === 'required' || k === 'default' || k === 'example' || k.startsWith('x-')) out[k] = v;
    else out[k] = tidyCompositions(v, note, at + ptr(k));
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const alts = out[key];
    if (!Array.isArray(alts)) continue;
    if (alts.length === 1 && isSchemaLike(alts[0]) && typeof alts[0]['$ref'] !== 'string' && !sharesKeys(out, alts[0], key)) {
      note('single-alternative', at + ptr(key), `\`${key}\` with one alternative replaced by that alternative`);
      const { [key]: _, ...rest } = out;
      return { ...rest, ...alts[0] };
    }
    const merged = mergeStringEnums(alts);
    if (merged) {
      note('merged-enums', at + ptr(key), `\`${key}\` of string enums merged into one enum`);
      const { [key]: _, ...rest } = out;
      return { ...rest, ...merged };
    }
    if (key === 'oneOf') {
      const optional = optionalDiscriminant(alts);
      if (optional) {
        note('ambiguous-oneof', at + ptr(key), `alternatives differ only by the optional property "${optional}"; oneOf became anyOf so no documented value is rejected`);
        const { oneOf: members, ...rest } = out;
        return { ...rest, anyOf: members! };
      }
    }
  }
  return out;
}

function sharesKeys(parent: SchemaObject, child: SchemaObject, key: string): boolean {
  return Object.keys(child).some((k) => k !== key && k in parent);
}

function mergeStringEnums(alts: Json[]): SchemaObject | undefined {
  if (alts.length < 2) return undefined;
  const values: Json[] = [];
  let nullable = false;
  for (const a of alts) {
    if (!isSchemaLike(a) || a['type'] !== 'string' || !Array.isArray(a['enum'])) return undefined;
    if (Object.keys(a).some((k) => k !== 'type' && k !== 'enum' && k !== 'nullable')) return undefined;
    if (a['nullable'] === true) nullable = true;
    for (const v of a['enum']) if (!values.includes(v)) values.push(v);
  }
  return { type: 'string', enum: values, ...(nullable ? { nullable: true } : {}) };
}

/**
 * A property every alternative declares with a single-valued, pairwise distinct enum, but
 * that not every alternative requires. Alternatives must all be inline objects.
 */
function optionalDiscriminant(alts: Json[]): string | undefined {
  if (alts.length < 2 || !alts.every((a) => isSchemaLike(a) && isSchemaLike(a['properties']))) return undefined;
  const objects = alts as SchemaObject[];
  const first = objects[0]!['properties'] as SchemaObject;
  for (const name of Object.keys(first)) {
    const values = objects.map((o) => {
      const p = (o['properties'] as SchemaObject)[name];
      return isSchemaLike(p) && Array.isArray(p['enum']) ? p['enum'] : undefined;
    });
    if (values.some((v) => v === undefined)) continue;
    const all = values.flatMap((v) => v!.map((x) => JSON.stringify(x)));
    if (new Set(all).size !== all.length) continue;
    const requiredEverywhere = objects.every((o) => Array.isArray(o['required']) && o['required'].includes(name));
    if (!requiredEverywhere) return name;
  }
  return undefined;
}

// Tidying compositions after conversion, without changing what they accept.
import {
  isObject as isSchemaLike,
  mapSubschemas,
  pointer as ptr,
  type Json,
  type SchemaObject,
} from '../../json/index.js';

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
 *    same TypeScript union. So does a `oneOf` of objects that share a property and that
 *    nothing tells apart (refs are looked through with `resolve`).
 */
export function tidyCompositions(
  node: Json,
  note: (kind: CompositionKind, at: string, detail: string) => void,
  at = '',
  resolve: (ref: string) => Json | undefined = () => undefined,
): Json {
  if (Array.isArray(node)) return node.map((n, i) => tidyCompositions(n, note, at + ptr(i), resolve));
  if (!isSchemaLike(node)) return node;
  const out = mapSubschemas(node, (sub, keyword, name) =>
    tidyCompositions(sub, note, at + (name === undefined ? ptr(keyword) : ptr(keyword, name)), resolve),
  );
  for (const key of ['oneOf', 'anyOf'] as const) {
    const alts = out[key];
    if (!Array.isArray(alts)) continue;
    if (
      alts.length === 1 &&
      isSchemaLike(alts[0]) &&
      typeof alts[0]['$ref'] !== 'string' &&
      !sharesKeys(out, alts[0], key)
    ) {
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
      const overlap = optional
        ? undefined
        : overlappingPair(
            alts.map((a) => (isSchemaLike(a) && typeof a['$ref'] === 'string' ? (resolve(a['$ref']) ?? a) : a)),
          );
      if (optional || overlap) {
        note(
          'ambiguous-oneof',
          at + ptr(key),
          optional
            ? `alternatives differ only by the optional property "${optional}"; oneOf became anyOf so no documented value is rejected`
            : `alternatives ${overlap![0]} and ${overlap![1]} both accept some objects (they share "${overlap![2]}" and nothing excludes one from the other); oneOf became anyOf so no documented value is rejected`,
        );
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

/**
 * Two inline object alternatives that share a property name and that nothing tells apart: no
 * property both require with disjoint values, and neither forbids a property the other requires.
 * An object fitting both is then invalid under `oneOf`, though the doc schema's authors meant a union.
 */
function overlappingPair(alts: Json[]): [number, number, string] | undefined {
  if (
    alts.length < 2 ||
    !alts.every(
      (a) =>
        isSchemaLike(a) &&
        (a['type'] === 'object' || a['type'] === undefined) &&
        isSchemaLike(a['properties']) &&
        typeof a['$ref'] !== 'string',
    )
  )
    return undefined;
  const objects = alts as SchemaObject[];
  for (let i = 0; i < objects.length; i++) {
    for (let j = i + 1; j < objects.length; j++) {
      const a = objects[i]!;
      const b = objects[j]!;
      const shared = Object.keys(a['properties'] as SchemaObject).find((p) =>
        Object.hasOwn(b['properties'] as SchemaObject, p),
      );
      if (shared !== undefined && !excludes(a, b) && !excludes(b, a)) return [i, j, shared];
    }
  }
  return undefined;
}

/** Does every object `a` accepts fail `b` (or the other way round), for a reason we can see? */
function excludes(a: SchemaObject, b: SchemaObject): boolean {
  const pa = a['properties'] as SchemaObject;
  const pb = b['properties'] as SchemaObject;
  const required = (s: SchemaObject) => new Set(Array.isArray(s['required']) ? s['required'].map(String) : []);
  const ra = required(a);
  const rb = required(b);
  // a required discriminant with disjoint values
  for (const p of Object.keys(pa)) {
    if (!ra.has(p) || !rb.has(p)) continue;
    const ea = isSchemaLike(pa[p]) ? pa[p]['enum'] : undefined;
    const eb = isSchemaLike(pb[p]) ? pb[p]['enum'] : undefined;
    if (
      Array.isArray(ea) &&
      Array.isArray(eb) &&
      !ea.some((v) => eb.some((w) => JSON.stringify(v) === JSON.stringify(w)))
    )
      return true;
  }
  // b requires a property a forbids
  return a['additionalProperties'] === false && [...rb].some((p) => !Object.hasOwn(pa, p));
}

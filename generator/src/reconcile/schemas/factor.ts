// Factoring the sub-schemas the doc schemas repeat inline into named, shared components.
import {
  COMPONENT_PREFIX as REF_PREFIX,
  escapeSegment as escape,
  getAt,
  inlineRefs,
  isObject as isSchemaLike,
  mapSubschemas,
  schemaCanonicalizer,
  SUBSCHEMA_KEYWORDS,
  type Json,
  type SchemaObject,
} from '../../json/index.js';

export type FactorOrigin = 'doc-schema' | 'anchored' | 'upstream-common' | 'repeated';

/** Where a factored component is defined: a JSON pointer into a component as converted from its doc schema. */
export interface Anchor {
  name: string;
  owner: string;
  pointer: string;
}

export interface FactorResult {
  components: Record<string, SchemaObject>;
  /** New shared components, how they were found, where they are anchored, and how many places refer to them. */
  created: Array<{ name: string; from: FactorOrigin; uses: number; anchor: Anchor }>;
  /** Inline copies of existing components replaced by a `$ref`, per component. */
  deduplicated: Array<{ name: string; uses: number }>;
  /** Doc-linked schemas found inline and shared under their documented name. */
  docSchemas: Array<{ name: string; uses: number }>;
}

/**
 * Inline every `$ref` except a recursive one, so factoring sees each schema's whole content:
 * which refs upstream happened to write no longer decides what is shared or how it is named.
 */
export function expandRefs(components: Record<string, SchemaObject>): Record<string, SchemaObject> {
  const resolve = (name: string) => (Object.hasOwn(components, name) ? components[name] : undefined);
  const keep = (ref: Json) => ref;
  return Object.fromEntries(
    Object.keys(components).map((name) => [
      name,
      inlineRefs(components[name]!, resolve, { cycle: keep, missing: keep }, [name]) as SchemaObject,
    ]),
  );
}

/** Repeated sub-schemas whose canonical text is shorter than this are left inline. */
const MIN_REPEATED_SIZE = 300;

/**
 * The doc schemas inline their common parts, so the same sub-schema appears many times.
 * Factoring gives each such part one name:
 *  0. names a previous run gave (their anchors, from the API-surface snapshot) come back first,
 *     so the exported type names of a package stay stable when the upstream re-publishes;
 *  1. inline copies of existing components become `$ref`s;
 *  2. parts upstream refers to as `common/<name>` become components named after it, when
 *     every place that name was used holds the same schema and it still occurs twice;
 *  3. every other large sub-schema that occurs at least twice becomes a component named
 *     after the property it sits under (`contextConfiguration`, `aggregation`, …);
 *  4. every inline copy of any component is replaced by a `$ref` to it.
 * Only non-trivial schemas are factored (a `$ref` to a bare `string` would make emitted
 * types larger), and a repeated part used fewer than twice is inlined again.
 */
export function factorSchemas(
  components: Record<string, SchemaObject>,
  commons: Map<string, SchemaObject[]>,
  anchors: Anchor[] = [],
  docSchemas: Record<string, SchemaObject> = {},
): FactorResult {
  const canon = schemaCanonicalizer();
  const all: Record<string, SchemaObject> = { ...components };
  const from = new Map<string, FactorOrigin>();
  const anchorOf = new Map<string, Anchor>();

  // Any doc-linked schema whose content appears inline is shared under its documented name.
  for (const name of Object.keys(docSchemas).sort()) {
    if (Object.hasOwn(all, name) || !isNonTrivial(docSchemas[name]!)) continue;
    all[name] = docSchemas[name]!;
    from.set(name, 'doc-schema');
  }

  for (const a of [...anchors].sort((x, y) => (x.name < y.name ? -1 : 1))) {
    if (Object.hasOwn(all, a.name) || !Object.hasOwn(components, a.owner)) continue;
    const node = getAt(components[a.owner]!, a.pointer);
    if (!isSchemaLike(node) || !isNonTrivial(node)) continue;
    all[a.name] = node;
    from.set(a.name, 'anchored');
    anchorOf.set(a.name, a);
  }

  // Count repeats only once copies of existing components are refs: a part inside a copy is not a repeat.
  const deduped = replaceCopies(all, canon).components;
  const originals = new Set(Object.keys(components));
  let occurrences = collectOccurrences(deduped, canon, originals);
  const anchorAt = (name: string, places: Place[]): Anchor => {
    const p = places.find((x) => originals.has(x.owner)) ?? places[0]!;
    return { name, owner: p.owner, pointer: p.pointer };
  };

  for (const common of [...commons.keys()].sort()) {
    const variants = new Set(commons.get(common)!.map((s) => canon(s)));
    const schema = commons.get(common)![0]!;
    const places = occurrences.get(canon(schema)) ?? [];
    if (
      variants.size !== 1 ||
      !isNonTrivial(schema) ||
      places.length < 2 ||
      Object.values(all).some((c) => canon(c) === canon(schema))
    )
      continue;
    const name = freeName(all, [common.replace(/\//g, '.'), `common.${common.replace(/\//g, '.')}`]);
    all[name] = schema;
    from.set(name, 'upstream-common');
    anchorOf.set(name, anchorAt(name, places));
  }

  // Largest savings first; a candidate nested in a chosen one is still chosen (it is then
  // shared by the outer component) and inlined again if it ends up used only once.
  occurrences = collectOccurrences(replaceCopies(all, canon).components, canon, originals);
  const known = new Set(Object.values(all).map((s) => canon(s)));
  const repeated = [...occurrences.entries()]
    .filter(
      ([key, places]) =>
        places.length >= 2 &&
        key.length >= MIN_REPEATED_SIZE &&
        !known.has(key) &&
        places.every((p) => IDENTIFIER.test(p.path.at(-1) ?? '')),
    )
    .sort(([a, pa], [b, pb]) => b.length * (pb.length - 1) - a.length * (pa.length - 1) || (a < b ? -1 : 1));
  for (const [, places] of repeated) {
    // Named after the property it sits under; where that name is taken, qualified by the shortest place it occurs.
    const shortest = [...places].sort((a, b) => a.path.length - b.path.length || (a.owner < b.owner ? -1 : 1))[0]!;
    const property = mostCommon(places.map((p) => p.path.at(-1)!));
    const variant = places.find((p) => p.variant)?.variant;
    const name = freeName(all, [
      ...(variant ? [`${property}.${variant}`] : []),
      property,
      `${shortest.owner}.${shortest.path.join('.')}`,
    ]);
    all[name] = shortest.node;
    from.set(name, 'repeated');
    anchorOf.set(name, anchorAt(name, places));
  }

  const refsBefore = countRefs(components);
  let result = replaceCopies(all, canon);
  // A repeated part that ends up with fewer than two uses is just indirection: inline it.
  // Named parts (anchored, or named by upstream: dashboard block and trigger types) stay while used at all.
  for (;;) {
    const lonely = [...from.keys()].filter(
      (n) => Object.hasOwn(result.components, n) && (result.uses.get(n) ?? 0) < (from.get(n) === 'repeated' ? 2 : 1),
    );
    if (!lonely.length) break;
    const inlined = inline(result.components, new Set(lonely));
    result = { components: inlined, uses: countRefs(inlined) };
    for (const n of lonely) from.delete(n);
  }
  const uses = result.uses;
  return {
    components: result.components,
    created: [...from.keys()]
      .filter((name) => from.get(name) !== 'doc-schema')
      .sort()
      .map((name) => ({ name, from: from.get(name)!, uses: uses.get(name) ?? 0, anchor: anchorOf.get(name)! })),
    docSchemas: [...from.keys()]
      .filter((name) => from.get(name) === 'doc-schema')
      .sort()
      .map((name) => ({ name, uses: uses.get(name) ?? 0 })),
    deduplicated: [...uses.entries()]
      .filter(([name, n]) => !from.has(name) && Object.hasOwn(components, name) && n > (refsBefore.get(name) ?? 0))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, n]) => ({ name, uses: n - (refsBefore.get(name) ?? 0) })),
  };
}

interface Place {
  owner: string;
  /** Property names from the owner's root down to the sub-schema (through `items` and compositions). */
  path: string[];
  /** JSON pointer of the sub-schema in its owner. */
  pointer: string;
  /** For an alternative of a oneOf/anyOf: the value of its one-value enum property (`type: deviceId`). */
  variant?: string;
  node: SchemaObject;
}

function collectOccurrences(
  components: Record<string, SchemaObject>,
  canon: (n: Json) => string,
  owners: Set<string>,
): Map<string, Place[]> {
  const out = new Map<string, Place[]>();
  const walk = (
    n: Json,
    owner: string,
    path: string[],
    pointer: string,
    isRoot: boolean,
    alternative = false,
  ): void => {
    if (Array.isArray(n)) return n.forEach((x, i) => walk(x, owner, path, `${pointer}/${i}`, false, alternative));
    if (!isSchemaLike(n)) return;
    if (!isRoot && isNonTrivial(n)) {
      const key = canon(n);
      const list = out.get(key) ?? [];
      const v = alternative ? variantOf(n) : undefined;
      list.push({ owner, path, pointer, node: n, ...(v ? { variant: v } : {}) });
      out.set(key, list);
    }
    for (const [k, v] of Object.entries(n)) {
      if (k === 'properties' && isSchemaLike(v))
        for (const [p, s] of Object.entries(v))
          walk(s, owner, [...path, p], `${pointer}/properties/${escape(p)}`, false);
      else if (isSubschemaKeyword(k)) walk(v, owner, path, `${pointer}/${k}`, false, k === 'oneOf' || k === 'anyOf');
    }
  };
  // Original components first, so a part's first place (its anchor) is in a doc schema when it can be.
  const names = Object.keys(components).sort(
    (a, b) => Number(owners.has(b)) - Number(owners.has(a)) || (a < b ? -1 : 1),
  );
  for (const name of names) walk(components[name]!, name, [], '', true);
  return out;
}

/** The value of the one property an alternative pins to a single identifier-like string (`{type: {enum: ['deviceId']}}`). */
function variantOf(node: SchemaObject): string | undefined {
  const props = node['properties'];
  if (!isSchemaLike(props)) return undefined;
  for (const p of Object.values(props)) {
    const e = isSchemaLike(p) ? p['enum'] : undefined;
    if (Array.isArray(e) && e.length === 1 && typeof e[0] === 'string' && IDENTIFIER.test(e[0])) return e[0];
  }
  return undefined;
}

/** Replace every non-root copy of a component's content by a `$ref` to it (outermost match wins). */
function replaceCopies(
  all: Record<string, SchemaObject>,
  canon: (n: Json) => string,
): { components: Record<string, SchemaObject>; uses: Map<string, number> } {
  const byContent = new Map<string, string>();
  for (const name of Object.keys(all).sort()) {
    const key = canon(all[name]!);
    if (isNonTrivial(all[name]!) && !byContent.has(key)) byContent.set(key, name);
  }
  const replace = (node: Json, isRoot: boolean): Json => {
    if (Array.isArray(node)) return node.map((n) => replace(n, false));
    if (!isSchemaLike(node)) return node;
    if (!isRoot && isNonTrivial(node)) {
      const target = byContent.get(canon(node));
      if (target) return { $ref: REF_PREFIX + target };
    }
    return mapSubschemas(node, (s) => replace(s, false));
  };
  const components: Record<string, SchemaObject> = {};
  for (const name of Object.keys(all).sort()) components[name] = replace(all[name]!, true) as SchemaObject;
  return { components, uses: countRefs(components) };
}

function inline(components: Record<string, SchemaObject>, names: Set<string>): Record<string, SchemaObject> {
  const expand = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(expand);
    if (!isSchemaLike(node)) return node;
    const ref = node['$ref'];
    if (typeof ref === 'string' && ref.startsWith(REF_PREFIX) && names.has(ref.slice(REF_PREFIX.length))) {
      return expand(components[ref.slice(REF_PREFIX.length)]!);
    }
    return mapSubschemas(node, expand);
  };
  const out: Record<string, SchemaObject> = {};
  for (const [name, schema] of Object.entries(components))
    if (!names.has(name)) out[name] = expand(schema) as SchemaObject;
  return out;
}

function countRefs(components: Record<string, SchemaObject>): Map<string, number> {
  const uses = new Map<string, number>();
  const walk = (n: Json): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (isSchemaLike(n)) {
      const ref = n['$ref'];
      if (typeof ref === 'string' && ref.startsWith(REF_PREFIX))
        uses.set(ref.slice(REF_PREFIX.length), (uses.get(ref.slice(REF_PREFIX.length)) ?? 0) + 1);
      Object.values(n).forEach(walk);
    }
  };
  Object.values(components).forEach(walk);
  return uses;
}

function isSubschemaKeyword(k: string): boolean {
  return SUBSCHEMA_KEYWORDS.has(k);
}

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]*$/;

/** The first of the wanted names not yet taken, else the last one numbered. */
function freeName(all: Record<string, unknown>, wanted: string[]): string {
  for (const candidate of wanted) if (!Object.hasOwn(all, candidate)) return candidate;
  const last = wanted.at(-1)!;
  for (let i = 2; ; i++) if (!Object.hasOwn(all, `${last}${i}`)) return `${last}${i}`;
}

function mostCommon(xs: string[]): string {
  const counts = new Map<string, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts.entries()].sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : 1))[0]![0];
}

/** Worth a name: objects with properties, arrays or compositions of such, and long enums. */
export function isNonTrivial(s: Json): boolean {
  if (!isSchemaLike(s) || typeof s['$ref'] === 'string') return false;
  if (isSchemaLike(s['properties']) && Object.keys(s['properties']).length > 0) return true;
  if (Array.isArray(s['enum']) && s['enum'].length >= 4) return true;
  for (const k of ['oneOf', 'anyOf', 'allOf'] as const) {
    const alts = s[k];
    if (Array.isArray(alts) && alts.length > 1 && alts.some(isNonTrivial)) return true;
  }
  return isNonTrivial(s['items'] ?? null) || isNonTrivial(s['additionalProperties'] ?? null);
}

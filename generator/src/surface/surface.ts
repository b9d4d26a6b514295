// The API surface, committed as spec/surface/<api>.json: facts only, in our own format. It is
// what `spec:bump` diffs to decide each package's semver bump. The names factoring gave to
// shared sub-schemas are committed beside it (spec/surface/anchors.json) so they stay stable.
import { createHash } from 'node:crypto';
import type { EmitModel } from '../emit/model.js';
import {
  componentRef,
  inlineRefs,
  reachable,
  schemaCanonicalizer,
  type InlineOptions,
  type Json,
  type SchemaObject,
} from '../json/index.js';
import {
  fieldLocation,
  operationRefs,
  paramLocation,
  type LosantApiModel,
  type LosantOperation,
} from '../openapi/model.js';
import type { Anchor } from '../reconcile/schemas/factor.js';

export interface SurfaceParam {
  name: string;
  in: string;
  required: boolean;
  type: string;
  enum?: Json[];
  pattern?: string;
  /** Kinds of value accepted besides the documented one (`number`, `boolean`). */
  accepts?: string[];
}

export interface SurfaceOperation {
  method: string;
  path: string;
  params: SurfaceParam[];
  body?: { kind: 'json' | 'multipart'; name: string; required: boolean; schema: string };
  /** status → fingerprint of its JSON body schema (or of its SSE events); null when it has none */
  responses: Record<string, string | null>;
  /** Does it need a token, and which scopes grant it (its exported `…Scopes` type). */
  auth: boolean;
  scopes: string[];
  /** Fingerprint of everything descriptive: summary, description, parameter and response descriptions. */
  docs: string;
}

export interface PackageSurface {
  /** Exported schema name (`Schemas[name]`) → fingerprints of what it accepts and of its descriptions. */
  schemas: Record<string, { shape: string; docs: string }>;
  operations: Record<string, SurfaceOperation>;
  /**
   * Earlier SDK names kept as deprecated aliases (overlay `renamed:`) → what they name now:
   * `resource` → `resource`, `resource.action` → `resource.action`, `resource.action.param` → `…param`.
   */
  aliases?: Record<string, string>;
  /** SDK names deprecated (overlay `deprecated:`) → why. */
  deprecated?: Record<string, string>;
}

export interface ApiSurface {
  api: string;
  apiVersion: string;
  sources: { openapi: string; docsIndex: string };
  packages: Record<string, PackageSurface>;
}

/** spec/surface/anchors.json: factored component name → where it is defined. */
export interface AnchorsFile {
  anchors: Record<string, { owner: string; pointer: string }>;
}

export function buildSurface(model: LosantApiModel, emit: EmitModel, sources: ApiSurface['sources']): ApiSurface {
  const fp = fingerprinter(model.schemas);
  const packages: Record<string, PackageSurface> = {};
  for (const pkg of emit.packages) {
    const operations: Record<string, SurfaceOperation> = {};
    const reached = new Set<string>();
    for (const r of pkg.resources) {
      for (const o of r.operations) {
        operations[o.operationId] = operationSurface(o, fp);
        for (const n of operationRefs(o)) reached.add(n);
      }
    }
    const exported: PackageSurface['schemas'] = {};
    for (const name of [...reachable(reached, model.schemas)].sort())
      exported[name] = { shape: fp.shape(componentRef(name)), docs: fp.docs(model.schemas[name]!) };
    const { aliases, deprecated } = evolutionSurface(pkg.resources.flatMap((r) => r.operations));
    packages[pkg.names.npmName] = {
      schemas: exported,
      operations,
      ...(Object.keys(aliases).length ? { aliases } : {}),
      ...(Object.keys(deprecated).length ? { deprecated } : {}),
    };
  }
  return {
    api: model.api,
    apiVersion: model.version,
    sources,
    packages: Object.fromEntries(
      Object.keys(packages)
        .sort()
        .map((k) => [k, packages[k]!]),
    ),
  };
}

/** The aliases and deprecations of a package's operations, keyed by SDK name, sorted. */
function evolutionSurface(operations: LosantOperation[]): Required<Pick<PackageSurface, 'aliases' | 'deprecated'>> {
  const aliases: Record<string, string> = {};
  const deprecated: Record<string, string> = {};
  for (const o of operations) {
    const e = o.evolution;
    for (const old of e?.resourceAliases ?? []) aliases[old] = o.resource;
    for (const old of e?.aliases ?? []) aliases[`${o.resource}.${old}`] = o.operationId;
    if (e?.resourceDeprecation) deprecated[o.resource] = e.resourceDeprecation;
    if (e?.deprecation) deprecated[o.operationId] = e.deprecation;
    for (const p of o.params) {
      for (const old of p.evolution?.aliases ?? []) aliases[`${o.operationId}.${old}`] = `${o.operationId}.${p.name}`;
      if (p.evolution?.deprecation) deprecated[`${o.operationId}.${p.name}`] = p.evolution.deprecation;
    }
  }
  const sorted = (r: Record<string, string>) =>
    Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { aliases: sorted(aliases), deprecated: sorted(deprecated) };
}

export function anchorsFile(anchors: Anchor[]): AnchorsFile {
  return {
    anchors: Object.fromEntries(
      [...anchors]
        .sort((a, b) => (a.name < b.name ? -1 : 1))
        .map((a) => [a.name, { owner: a.owner, pointer: a.pointer }]),
    ),
  };
}

/** The multipart body of an operation as one object schema (for fingerprints and diffs). */
export function formSchema(o: LosantOperation): SchemaObject | undefined {
  if (o.body?.kind !== 'multipart') return undefined;
  const required = o.body.fields.filter((f) => f.required).map((f) => f.name);
  return {
    type: 'object',
    properties: Object.fromEntries(o.body.fields.map((f) => [f.name, f.schema])),
    ...(required.length ? { required } : {}),
  };
}

function operationSurface(o: LosantOperation, fp: Fingerprinter): SurfaceOperation {
  const params: SurfaceParam[] = o.params.map((p) => ({
    name: p.name,
    in: paramLocation(p),
    required: p.required,
    type: p.schema['$ref']
      ? `schema:${fp.shape(p.schema)}`
      : String(p.schema['type'] ?? 'any') +
        (p.schema['items'] ? `<${String((p.schema['items'] as SchemaObject)['type'])}>` : ''),
    ...(p.schema['enum'] ? { enum: p.schema['enum'] as Json[] } : {}),
    ...(typeof p.schema['pattern'] === 'string' ? { pattern: p.schema['pattern'] } : {}),
    ...(p.accepts ? { accepts: p.accepts } : {}),
  }));
  let body: SurfaceOperation['body'];
  if (o.body?.kind === 'json')
    body = {
      kind: 'json',
      name: o.body.name,
      required: o.body.required,
      schema: fp.shape(componentRef(o.body.schema)),
    };
  else if (o.body?.kind === 'multipart') {
    // Which fields are files or JSON is part of the shape, and not a schema keyword.
    const kinds = Object.fromEntries(
      o.body.fields.map((f) => [f.name, fieldLocation(f) + (f.accepts ? `|${f.accepts.join('|')}` : '')]),
    );
    body = {
      kind: 'multipart',
      name: 'form',
      required: o.body.required,
      schema: `${fp.shape(formSchema(o)!)}.${hash(JSON.stringify(kinds)).slice(0, 4)}`,
    };
  }
  const responses: Record<string, string | null> = {};
  for (const r of o.responses) {
    responses[r.status] = r.events
      ? fp.shape(Object.fromEntries(Object.entries(r.events).map(([k, e]) => [k, componentRef(e.schema)])))
      : r.schema
        ? fp.shape(componentRef(r.schema))
        : null;
  }
  const docs = {
    summary: o.summary,
    description: o.description ?? null,
    params: o.params.map((p) => [p.name, p.description ?? null]),
    body: o.body?.kind === 'json' ? (o.body.description ?? null) : null,
    fields: o.body?.kind === 'multipart' ? o.body.fields.map((f) => [f.name, f.description ?? null]) : [],
    responses: o.responses.map((r) => [r.status, r.description]),
  };
  return {
    method: o.method,
    path: o.path,
    params,
    ...(body ? { body } : {}),
    responses,
    auth: o.auth.required,
    scopes: o.auth.scopes,
    docs: hash(JSON.stringify(docs)),
  };
}

interface Fingerprinter {
  /** What a schema accepts: refs followed, annotations dropped, keys sorted. */
  shape(schema: Json): string;
  /** Its descriptive text only. */
  docs(schema: Json): string;
}

function fingerprinter(components: Record<string, Json>): Fingerprinter {
  const memo = new Map<string, string>();
  const resolve = (name: string) => (Object.hasOwn(components, name) ? components[name] : undefined);
  const inline: InlineOptions = { cycle: (_ref, _name, depth) => ({ $cycle: depth }), missing: () => null };
  const canonical = schemaCanonicalizer();
  return {
    shape(schema) {
      const key = JSON.stringify(schema);
      let v = memo.get(key);
      if (v === undefined) {
        v = hash(canonical(inlineRefs(schema, resolve, inline)));
        memo.set(key, v);
      }
      return v;
    },
    docs(schema) {
      const texts: string[] = [];
      const walk = (n: Json, at: string): void => {
        if (Array.isArray(n)) n.forEach((x, i) => walk(x, `${at}/${i}`));
        else if (n && typeof n === 'object') {
          for (const [k, v] of Object.entries(n)) {
            if (k === 'title' || k === 'description') texts.push(`${at}/${k}=${JSON.stringify(v)}`);
            else walk(v, `${at}/${k}`);
          }
        }
      };
      walk(schema, '');
      return hash(texts.join('\n'));
    },
  };
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Stable text: keys in the order built, two-space indent. */
export function formatSurface(s: ApiSurface | AnchorsFile): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}

// Classifying an API-surface change per package: major, minor or patch, with every change named.
import { componentRef, type Json } from '../json/index.js';
import type { LosantApiModel, LosantOperation } from '../openapi/model.js';
import { compareSchemas, maxLevel, type Level } from './compat.js';
import {
  formSchema,
  type ApiSurface,
  type PackageSurface,
  type SurfaceOperation,
  type SurfaceParam,
} from './surface.js';

/** One thing that changed for users of a package, and how much it matters. */
export interface Change {
  level: Level;
  text: string;
}

export interface PackageDiff {
  name: string;
  level: Level;
  changes: Change[];
}

/**
 * Classify every difference between the committed surface and a new one, per package:
 * breaking (removed operation or parameter, newly required, narrowed type, response shape
 * changed incompatibly) → major; additive → minor; descriptions only → patch. Schema changes
 * are compared structurally, using the documents the two surfaces were built from.
 */
export function diffSurfaces(
  before: ApiSurface,
  after: ApiSurface,
  models: { before: LosantApiModel | undefined; after: LosantApiModel },
): PackageDiff[] {
  const resolveBefore = (name: string): Json | undefined => models.before?.schemas[name];
  const resolveAfter = (name: string): Json | undefined => models.after.schemas[name];
  const opsBefore = new Map((models.before?.operations ?? []).map((o) => [o.operationId, o]));
  const opsAfter = new Map(models.after.operations.map((o) => [o.operationId, o]));
  const out: PackageDiff[] = [];
  for (const name of [...new Set([...Object.keys(before.packages), ...Object.keys(after.packages)])].sort()) {
    const changes: Change[] = [];
    const add = (level: Level, text: string) => changes.push({ level, text });
    const a = before.packages[name];
    const b = after.packages[name];
    if (!a) add('minor', 'new package');
    else if (!b) add('major', 'package removed: its operations are no longer documented');
    else {
      if (before.apiVersion !== after.apiVersion)
        add(
          'patch',
          `built from Losant API ${after.apiVersion} (was ${before.apiVersion}); requests send \`Accept-Version: ^${after.apiVersion}\``,
        );
      const renamedTo = (id: string) => b.aliases?.[id] ?? b.aliases?.[id.split('.')[0]!];
      for (const id of [...new Set([...Object.keys(a.operations), ...Object.keys(b.operations)])].sort()) {
        const x = a.operations[id];
        const y = b.operations[id];
        if (!y && renamedTo(id) !== undefined)
          add('minor', `\`${id}\` renamed (\`${renamedTo(id)}\`); the earlier name stays, deprecated`);
        else if (!y) add('major', `\`${id}\` removed`);
        else if (!x) add('minor', `\`${id}\` added (${y.method} ${y.path})`);
        else compareOperation(id, x, y, opsBefore.get(id), opsAfter.get(id)!, resolveBefore, resolveAfter, add);
      }
      evolutionChanges(a, b, add);
      for (const s of [...new Set([...Object.keys(a.schemas), ...Object.keys(b.schemas)])].sort()) {
        if (!b.schemas[s]) add('major', `type \`Schemas['${s}']\` removed`);
        else if (!a.schemas[s]) add('minor', `type \`Schemas['${s}']\` added`);
        else if (a.schemas[s]!.shape === b.schemas[s]!.shape && a.schemas[s]!.docs !== b.schemas[s]!.docs)
          add('patch', `descriptions of \`Schemas['${s}']\` changed`);
      }
    }
    const level = maxLevel(changes.map((c) => c.level));
    if (level) out.push({ name, level, changes: dedupe(changes) });
  }
  return out;
}

/** Does an operation still take `name` as an earlier (deprecated) name of one of its parameters? */
function aliased(op: LosantOperation | undefined, name: string): boolean {
  return op?.params.some((p) => p.evolution?.aliases?.includes(name)) ?? false;
}

/** Aliases and deprecations: a rename that keeps the earlier name, or a deprecation, is additive; dropping an alias breaks its users. */
function evolutionChanges(a: PackageSurface, b: PackageSurface, add: (level: Level, text: string) => void): void {
  for (const [old, now] of Object.entries(b.aliases ?? {}))
    if (a.aliases?.[old] !== now) add('minor', `\`${old}\` is now \`${now}\`; \`${old}\` stays as a deprecated alias`);
  for (const [old, was] of Object.entries(a.aliases ?? {}))
    if (!b.aliases || !(old in b.aliases)) add('major', `deprecated alias \`${old}\` (of \`${was}\`) removed`);
  for (const [name, why] of Object.entries(b.deprecated ?? {}))
    if (a.deprecated?.[name] !== why) add('minor', `\`${name}\` deprecated: ${why}`);
}

function compareOperation(
  id: string,
  x: SurfaceOperation,
  y: SurfaceOperation,
  opA: LosantOperation | undefined,
  opB: LosantOperation,
  resolveBefore: (n: string) => Json | undefined,
  resolveAfter: (n: string) => Json | undefined,
  add: (level: Level, text: string) => void,
): void {
  if (x.method !== y.method || x.path !== y.path)
    add('major', `\`${id}\` moved from ${x.method} ${x.path} to ${y.method} ${y.path}`);
  const pa = new Map(x.params.map((p) => [p.name, p]));
  const pb = new Map(y.params.map((p) => [p.name, p]));
  for (const [name, p] of pa) {
    const q = pb.get(name);
    // A parameter renamed with its earlier name kept as an alias is no removal (evolutionChanges says so).
    if (!q && !aliased(opB, name)) add('major', `\`${id}\`: parameter \`${name}\` removed`);
    else if (q) compareParam(id, p, q, add);
  }
  for (const [name, q] of pb)
    if (!pa.has(name))
      add(
        q.required ? 'major' : 'minor',
        `\`${id}\`: ${q.required ? 'required' : 'optional'} parameter \`${name}\` added`,
      );

  if (x.body && !y.body) add('major', `\`${id}\`: request body removed`);
  else if (!x.body && y.body)
    add(
      y.body.required ? 'major' : 'minor',
      `\`${id}\`: ${y.body.required ? 'required' : 'optional'} request body \`${y.body.name}\` added`,
    );
  else if (x.body && y.body) {
    if (x.body.name !== y.body.name || x.body.kind !== y.body.kind)
      add(
        'major',
        `\`${id}\`: request body is now \`${y.body.name}\` (${y.body.kind}), was \`${x.body.name}\` (${x.body.kind})`,
      );
    if (!x.body.required && y.body.required) add('major', `\`${id}\`: request body now required`);
    if (x.body.required && !y.body.required) add('minor', `\`${id}\`: request body now optional`);
    if (x.body.schema !== y.body.schema)
      schemaChanges(
        `\`${id}\` request body`,
        bodySchema(opA),
        bodySchema(opB),
        'request',
        resolveBefore,
        resolveAfter,
        add,
      );
  }

  for (const status of [...new Set([...Object.keys(x.responses), ...Object.keys(y.responses)])].sort()) {
    const success = status.startsWith('2');
    if (!(status in y.responses))
      add(success ? 'major' : 'minor', `\`${id}\`: response ${status} no longer documented`);
    else if (!(status in x.responses)) add('minor', `\`${id}\`: response ${status} now documented`);
    else if (x.responses[status] !== y.responses[status]) {
      const ra = opA?.responses.find((r) => r.status === status);
      const rb = opB.responses.find((r) => r.status === status)!;
      if (rb.events) {
        for (const [e, v] of Object.entries(rb.events))
          schemaChanges(
            `\`${id}\` event ${e}`,
            ra?.events?.[e] ? componentRef(ra.events[e]!.schema) : {},
            componentRef(v.schema),
            'response',
            resolveBefore,
            resolveAfter,
            add,
          );
      } else
        schemaChanges(
          `\`${id}\` response ${status}`,
          ra?.schema ? componentRef(ra.schema) : {},
          rb.schema ? componentRef(rb.schema) : {},
          'response',
          resolveBefore,
          resolveAfter,
          add,
        );
    }
  }
  if (x.auth && !y.auth) add('minor', `\`${id}\` no longer needs a token`);
  if (!x.auth && y.auth) add('major', `\`${id}\` now needs a token`);
  const gained = y.scopes.filter((s) => !x.scopes.includes(s));
  const lost = x.scopes.filter((s) => !y.scopes.includes(s));
  if (gained.length)
    add(
      'minor',
      `\`${id}\`: also granted by the scope${gained.length > 1 ? 's' : ''} ${gained.map((s) => `\`${s}\``).join(', ')}`,
    );
  if (lost.length)
    add(
      'major',
      `\`${id}\`: no longer granted by the scope${lost.length > 1 ? 's' : ''} ${lost.map((s) => `\`${s}\``).join(', ')}`,
    );
  if (x.docs !== y.docs) add('patch', `\`${id}\`: documentation changed`);
}

function compareParam(id: string, p: SurfaceParam, q: SurfaceParam, add: (level: Level, text: string) => void): void {
  const at = `\`${id}\`: parameter \`${p.name}\``;
  if (p.in !== q.in) add('major', `${at} moved from ${p.in} to ${q.in}`);
  if (!p.required && q.required) add('major', `${at} now required`);
  if (p.required && !q.required) add('minor', `${at} now optional`);
  if (p.type !== q.type) add('major', `${at} type changed (${p.type} → ${q.type})`);
  const ea = p.enum?.map((v) => JSON.stringify(v));
  const eb = q.enum?.map((v) => JSON.stringify(v));
  if (ea && eb) {
    if (ea.some((v) => !eb.includes(v)))
      add('major', `${at}: values ${ea.filter((v) => !eb.includes(v)).join(', ')} removed`);
    if (eb.some((v) => !ea.includes(v)))
      add('minor', `${at}: new values ${eb.filter((v) => !ea.includes(v)).join(', ')}`);
  } else if (!ea && eb) add('major', `${at} now limited to ${eb.join(', ')}`);
  else if (ea && !eb) add('minor', `${at} no longer limited to fixed values`);
  if (p.pattern !== q.pattern)
    add(
      q.pattern === undefined ? 'minor' : 'major',
      `${at} pattern ${q.pattern === undefined ? 'removed' : 'changed'}`,
    );
  const gained = (q.accepts ?? []).filter((k) => !(p.accepts ?? []).includes(k));
  const lost = (p.accepts ?? []).filter((k) => !(q.accepts ?? []).includes(k));
  if (gained.length) add('minor', `${at} now also takes a ${gained.join(' or ')}`);
  if (lost.length) add('major', `${at} no longer takes a ${lost.join(' or ')}`);
}

function schemaChanges(
  where: string,
  a: Json,
  b: Json,
  direction: 'request' | 'response',
  ra: (n: string) => Json | undefined,
  rb: (n: string) => Json | undefined,
  add: (level: Level, text: string) => void,
): void {
  const changes = compareSchemas(a, b, direction, ra, rb);
  for (const c of changes) add(c.level, `${where}: \`${c.at}\` ${c.what}`);
  if (!changes.length) add('patch', `${where}: schema reorganised without a change in what it accepts`);
}

function bodySchema(o: LosantOperation | undefined): Json {
  if (o?.body?.kind === 'json') return componentRef(o.body.schema);
  return formSchema(o ?? ({} as LosantOperation)) ?? {};
}

function dedupe(changes: Change[]): Change[] {
  const seen = new Set<string>();
  const order: Record<Level, number> = { major: 0, minor: 1, patch: 2 };
  return changes
    .filter((c) => (seen.has(c.text) ? false : (seen.add(c.text), true)))
    .sort((a, b) => order[a.level] - order[b.level]);
}

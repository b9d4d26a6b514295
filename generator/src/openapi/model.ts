// The typed model of one Losant REST action: what reconcile builds from the docs index, what
// write.ts writes into the reconciled OpenAPI document, and what read.ts gives back to every
// reader. Nothing downstream walks the OpenAPI JSON itself.
import { componentRefName, refsIn, type Json, type SchemaObject } from '../json/index.js';

/** How a query parameter travels. */
export type QueryEncoding =
  /** `name=value` */
  | 'plain'
  /** `name=<JSON text>`: the docs type it `object` (Losant's own client JSON.stringifies it) */
  | 'json'
  /** `name[0][key]=value`: objects and arrays spelled out with brackets */
  | 'brackets';

export interface LosantParam {
  name: string;
  in: 'path' | 'query' | 'header';
  description?: string;
  required: boolean;
  schema: SchemaObject;
  encoding: QueryEncoding;
  example?: Json;
  deprecated?: boolean;
  /** Besides its documented string, the value may be given as a number or a boolean (sent as its text). */
  accepts?: Array<'number' | 'boolean'>;
  /** Names the SDK gave it before (still accepted, deprecated), and why it is deprecated. */
  evolution?: Evolution;
}

/**
 * How an SDK name changed, as the overlay says (`renamed:`, `deprecated:`): the earlier names stay
 * as deprecated aliases, typed and at run time, until an overlay change removes them.
 */
export interface Evolution {
  /** Earlier names of this operation (action), or parameter. */
  aliases?: string[];
  /** Why it is deprecated and what to use instead. */
  deprecation?: string;
  /** Earlier names of the operation's resource (on every operation of the resource). */
  resourceAliases?: string[];
  /** Why the operation's resource is deprecated. */
  resourceDeprecation?: string;
}

export interface LosantFormField {
  name: string;
  description?: string;
  required: boolean;
  /** file: a binary part; json: a JSON text part; text: a plain text part */
  kind: 'file' | 'text' | 'json';
  schema: SchemaObject;
  example?: Json;
  /** Besides its documented string, the value may be given as a number or a boolean (sent as its text). */
  accepts?: Array<'number' | 'boolean'>;
}

export type LosantBody =
  | { kind: 'json'; name: string; description?: string; required: boolean; schema: string; example?: Json }
  | { kind: 'multipart'; required: boolean; fields: LosantFormField[] };

export interface LosantResponse {
  status: string;
  description: string;
  /** Component schema name of the JSON body, if any. */
  schema?: string;
  /** For a Server-Sent Events response: event name → its data schema. */
  events?: Record<string, { description?: string; schema: string }>;
}

export interface LosantOperation {
  /** `<resource>.<action>`, the spelling of Losant's per-action auth scope. */
  operationId: string;
  resource: string;
  action: string;
  tag: string;
  /** Upper case. */
  method: string;
  path: string;
  summary: string;
  description?: string;
  params: LosantParam[];
  body?: LosantBody;
  responses: LosantResponse[];
  /** Does the action need a token, and which scopes grant it. */
  auth: { required: boolean; scopes: string[] };
  docsUrl?: string;
  /** Earlier SDK names of the action and its resource, and deprecations. */
  evolution?: Evolution;
  /** For an event stream: the history action that fills what a reconnect missed (overlay `backfill:`). */
  backfill?: StreamBackfill;
}

/**
 * How a reconnecting event stream fetches what it missed, as the overlay declares it
 * (`backfill:` in spec/apis/<api>.yaml, checked by reconcile/backfill.ts): which action holds the
 * history of what the stream carries, which of its parameters take the time range, and how one
 * of its items becomes one of the stream's events.
 */
export interface StreamBackfill {
  /** operationId of the history action (`device.getState`), of the same API. */
  history: string;
  /** Parameters of the stream call passed on to the history call under the same name (`deviceId`). */
  carry: string[];
  /** History parameter taking the start of the range, in ms since the epoch. */
  start: string;
  /** History parameter taking the end of the range, in ms since the epoch. */
  end: string;
  /** History parameter capping the items returned, and how many to ask for. */
  limit?: { param: string; value: number };
  /** History parameter ordering the items by time, and its oldest-first value. */
  sort?: { param: string; value: string };
  /** The stream event each history item is delivered as (its data is the item). */
  event: string;
  /** Field of an item (and of the event's data) holding its time: ms, an ISO date text or `{ $date }`. */
  time: string;
}

/** Where a parameter or form field goes on the wire: the one place these Losant rules are decided. */
export type WireLocation =
  'path' | 'query' | 'query:json' | 'query:brackets' | 'header' | 'body' | 'form' | 'form:json' | 'form:file';

export function paramLocation(p: LosantParam): WireLocation {
  if (p.in !== 'query') return p.in;
  return p.encoding === 'json' ? 'query:json' : p.encoding === 'brackets' ? 'query:brackets' : 'query';
}

export function fieldLocation(f: LosantFormField): WireLocation {
  return f.kind === 'file' ? 'form:file' : f.kind === 'json' ? 'form:json' : 'form';
}

/**
 * A time parameter in milliseconds since the epoch, which callers may also give as a `Date` (sent
 * as its milliseconds): a plain path or query parameter whose description says so ("ms since
 * epoch", "milliseconds since epoch"), or a `start`/`end`/`since` whose documented example is such
 * a timestamp (13 digits). The one place the rule is decided; the fidelity summary states it.
 */
export function isEpochMillisParam(p: LosantParam): boolean {
  if ((p.in !== 'query' && p.in !== 'path') || p.encoding !== 'plain' || p.schema['type'] !== 'string') return false;
  if (/\b(ms|milliseconds) since (the )?epoch\b/i.test(p.description ?? '')) return true;
  return /^(start|end|since)$/.test(p.name) && /^[1-9]\d{12}$/.test(String(p.example ?? ''));
}

/** The SSE events of an action (from its 2xx response), or undefined when it is not a stream. */
export function sseEvents(op: LosantOperation): Record<string, { description?: string; schema: string }> | undefined {
  return op.responses.find((r) => r.status.startsWith('2') && r.events)?.events;
}

/** Lists with `page` and `perPage` query parameters can be iterated page by page. */
export function isPaginated(op: LosantOperation): boolean {
  return (
    op.params.some((p) => p.in === 'query' && p.name === 'page') &&
    op.params.some((p) => p.in === 'query' && p.name === 'perPage')
  );
}

/** Lists with `offset` and `limit` query parameters (data table rows) can be iterated slice by slice. */
export function isOffsetPaginated(op: LosantOperation): boolean {
  return (
    op.params.some((p) => p.in === 'query' && p.name === 'offset') &&
    op.params.some((p) => p.in === 'query' && p.name === 'limit')
  );
}

/** 2xx statuses with a JSON body. */
export function jsonSuccessStatuses(op: LosantOperation): string[] {
  return op.responses.filter((r) => r.status.startsWith('2') && r.schema !== undefined).map((r) => r.status);
}

/** Error statuses with a JSON body. */
export function jsonErrorStatuses(op: LosantOperation): string[] {
  return op.responses.filter((r) => !r.status.startsWith('2') && r.schema !== undefined).map((r) => r.status);
}

/** One reconciled API: what its document says, read back. */
export interface LosantApiModel {
  api: string;
  title: string;
  version: string;
  description: string;
  openapiRevision: string;
  docsIndexVersion: string;
  tags: Array<{ name: string; description: string }>;
  operations: LosantOperation[];
  schemas: Record<string, SchemaObject>;
}

/** Component schemas an operation refers to directly (params, body, responses, events). */
export function operationRefs(op: LosantOperation): Set<string> {
  const out = new Set<string>();
  const add = (node: Json) => {
    for (const r of refsIn(node)) {
      const name = componentRefName(r.ref);
      if (name !== undefined) out.add(name);
    }
  };
  for (const p of op.params) add(p.schema);
  if (op.body?.kind === 'json') out.add(op.body.schema);
  if (op.body?.kind === 'multipart') for (const f of op.body.fields) add(f.schema);
  for (const r of op.responses) {
    if (r.schema) out.add(r.schema);
    for (const e of Object.values(r.events ?? {})) if (e.schema) out.add(e.schema);
  }
  return out;
}

// Views: the data the templates place, built from the emit model. Every string in a view is
// already safe for the spot it lands in (see safe.ts); templates add nothing but layout.
import { componentRefName, isObject, setOwn, type Json, type SchemaObject } from '../json/index.js';
import { actionTypeNames, iteratorName, modelTypeName, pascalCase, resourceFile } from '../naming.js';
import {
  fieldLocation,
  isEpochMillisParam,
  isOffsetPaginated,
  isPaginated,
  jsonErrorStatuses,
  jsonSuccessStatuses,
  paramLocation,
  sseEvents,
  type LosantOperation,
} from '../openapi/model.js';
import { GeneratorError } from '../errors.js';
import type { EmitPackage } from './model.js';
import {
  classMemberName,
  codeInComment,
  commentText,
  jsString,
  markdownText,
  memberAccess,
  memberName,
  valueKey,
} from './safe.js';
import {
  access,
  id,
  indexed,
  inter,
  jsonExpr,
  keyOf,
  kw,
  lit,
  ref,
  union,
  type Expr,
  type Prop,
  type Type,
} from './ts-print.js';

// Code in a view is a syntax tree (emit/ts-print.ts), printed as prettier prints it; its names and
// literals are already safe (safe.ts), its comment lines too.
export interface OperationView {
  member: string;
  routeConst: string;
  /** What core sends for the action (its `Route`). */
  route: Expr;
  paramsType: string;
  paramsOptional: boolean;
  resultType: string;
  errorType: string;
  eventsType: string;
  scopesType: string;
  sse: boolean;
  /** The stream's event names, as string literals. */
  eventNames: string[];
  doc: string[];
  opIdDoc: string;
  paramsExpr: Type;
  resultExpr: Type;
  errorExpr: Type;
  eventsExpr: Type;
  scopesExpr: Type;
  scopesDoc: string;
  usesUploads: boolean;
  /** The params type wraps some of its parts in `AcceptUndefined`. */
  usesAcceptUndefined: boolean;
  /** Name of the page-by-page iterator method, for paginated list actions. */
  iterate?: string;
  /** `this.get` / `this["…"]`: how the iterator calls the list action. */
  selfCall: Expr;
  /** Earlier names of the action (overlay `renamed:`): deprecated methods calling it. */
  aliases: Array<{ member: string; doc: string[] }>;
  /** The iterator walks `offset`/`limit` (data table rows) instead of `page`/`perPage`. */
  iterateOffsets?: true;
  /** The action as a key of the class's static `routes` (an object-literal key: `__proto__` quoted). */
  routeKey: string;
  /**
   * The action creates a file and answers with its pre-signed upload form (`fileUploadPostResponse`):
   * the resource also gets `upload`, which sends the content there (`@losant-sdk/core/files`).
   * The body parameter the file's description goes in, as a type key (`'file'`).
   */
  upload?: { key: string; example: string };
  /** The action answers with a file record (`file`, with its `url`): the resource also gets `download`. */
  download?: { example: string };
}

export interface ResourceView {
  className: string;
  /** Some action pages: the file imports the paginator. */
  paginated: boolean;
  /** Some action is iterated by offset: the file imports paginateOffsets. */
  offsetPaginated: boolean;
  /** Some action is an event stream: the file imports openStream and EventStream. */
  streams: boolean;
  /** Some action takes a multipart body: the file imports toFormData, which its routes carry (`encodeForm`). */
  multipart: boolean;
  /** Some action has an `upload` / a `download` helper: the file imports it from `@losant-sdk/core/files`. */
  uploads: boolean;
  downloads: boolean;
  file: string;
  key: string;
  classDoc: string[];
  operations: OperationView[];
  /** Earlier names of the resource (overlay `renamed:`), as keys of the client object. */
  aliases: Array<{ key: string; doc: string }>;
  /** `.device` / `["…"]`: the resource on the client object. */
  access: string;
}

export function resourceView(
  resourceName: string,
  className: string,
  operations: LosantOperation[],
  schemas: Readonly<Record<string, SchemaObject>> = {},
  all: readonly LosantOperation[] = operations,
): ResourceView {
  const docsUrl = operations.find((o) => o.docsUrl)?.docsUrl;
  const resourceDeprecation = operations.find((o) => o.evolution?.resourceDeprecation)?.evolution?.resourceDeprecation;
  const views = operations.map((o) => operationView(o, schemas, all));
  // A helper never takes the name of a documented action, nor a second helper the same name.
  const taken = new Set(views.map((v) => v.member));
  for (const v of views) {
    if (v.upload && taken.has('upload')) delete v.upload;
    if (v.upload) taken.add('upload');
    if (v.download && taken.has('download')) delete v.download;
    if (v.download) taken.add('download');
  }
  return {
    className,
    paginated: views.some((v) => v.iterate !== undefined && !v.iterateOffsets),
    offsetPaginated: views.some((v) => v.iterateOffsets === true),
    streams: views.some((v) => v.sse),
    multipart: operations.some((o) => o.body?.kind === 'multipart'),
    uploads: views.some((v) => v.upload !== undefined),
    downloads: views.some((v) => v.download !== undefined),
    file: resourceFile(resourceName),
    classDoc: [
      commentText(
        `The \`${resourceName}\` resource: ${operations.length} action${operations.length === 1 ? '' : 's'}.`,
      ),
      ...(docsUrl ? [docsLink(docsUrl)] : []),
      ...(resourceDeprecation ? [`@deprecated ${commentText(resourceDeprecation)}`] : []),
    ],
    operations: views,
    ...resourceKeys(resourceName, operations),
  };
}

/** How a resource is keyed on a client object: its key, how to reach it, and its earlier names (deprecated aliases). */
export function resourceKeys(
  resourceName: string,
  operations: LosantOperation[],
): Pick<ResourceView, 'key' | 'access' | 'aliases'> {
  return {
    key: valueKey(resourceName),
    access: memberAccess(resourceName),
    aliases: (operations[0]?.evolution?.resourceAliases ?? []).map((old) => ({
      key: valueKey(old),
      doc: `@deprecated ${commentText(`Renamed to \`${resourceName}\`: the same resource, under its earlier name.`)}`,
    })),
  };
}

/**
 * The documented values of a plain path or query parameter whose schema (or the component it
 * refers to) is a string enum; undefined for any other parameter.
 */
export function enumValues(
  schema: SchemaObject,
  schemas: Readonly<Record<string, SchemaObject>>,
): string[] | undefined {
  const ref = typeof schema['$ref'] === 'string' ? componentRefName(schema['$ref']) : undefined;
  const target = ref !== undefined && Object.hasOwn(schemas, ref) ? schemas[ref]! : schema;
  const values = target['enum'];
  if (!Array.isArray(values) || !values.length || isObject(target['items'])) return undefined;
  if (!values.every((v) => typeof v === 'string' || v === null)) return undefined;
  return values.filter((v): v is string => typeof v === 'string');
}

/** What the runtime sends for an operation (core's `Route`), without its version, as data. */
function routeData(o: LosantOperation, schemas: Readonly<Record<string, SchemaObject>>): Record<string, Json> {
  const fields = o.body?.kind === 'multipart' ? o.body.fields : [];
  const required = o.params.filter((p) => p.required).map((p) => p.name);
  const requiredFields = fields.filter((f) => f.required).map((f) => f.name);
  const bodyRequired = o.body?.kind === 'json' && o.body.required;
  const params: Record<string, string> = {};
  for (const p of o.params) setOwn(params, p.name, paramLocation(p));
  for (const f of fields) setOwn(params, f.name, fieldLocation(f));
  if (o.body?.kind === 'json') setOwn(params, o.body.name, 'body');
  const patterns = Object.fromEntries(
    o.params
      .filter((p) => typeof p.schema['pattern'] === 'string' && (p.in === 'path' || p.in === 'query'))
      .map((p) => [p.name, p.schema['pattern'] as string]),
  );
  const enums = Object.fromEntries(
    o.params
      .filter((p) => (p.in === 'path' || p.in === 'query') && p.encoding === 'plain')
      .flatMap((p) => {
        const values = enumValues(p.schema, schemas);
        return values ? [[p.name, values] as const] : [];
      }),
  );
  const times = o.params.filter(isEpochMillisParam).map((p) => p.name);
  const paramAliases: Record<string, string> = {};
  for (const p of o.params) for (const old of p.evolution?.aliases ?? []) setOwn(paramAliases, old, p.name);
  const allRequired = [
    ...required,
    ...requiredFields,
    ...(bodyRequired && o.body?.kind === 'json' ? [o.body.name] : []),
  ];
  return {
    id: o.operationId,
    method: o.method,
    path: o.path,
    params,
    ...(allRequired.length ? { required: allRequired } : {}),
    ...(Object.keys(patterns).length ? { patterns } : {}),
    ...(Object.keys(enums).length ? { enums } : {}),
    ...(times.length ? { times } : {}),
    ...(Object.keys(paramAliases).length ? { aliases: paramAliases } : {}),
  };
}

/**
 * The route of an operation as an object literal; an event stream with a backfill (overlay
 * `backfill:`) also carries its history action's route and the mapping, so that core fills a
 * reconnect's gap from data alone.
 */
function routeOf(
  o: LosantOperation,
  schemas: Readonly<Record<string, SchemaObject>>,
  all: readonly LosantOperation[],
): Expr {
  const versioned = (data: Record<string, Json>, extra: Prop[] = []): Expr => ({
    k: 'obj',
    props: [...(jsonLiteral(data) as { props: Prop[] }).props, prop('version', id('API_VERSION')), ...extra],
  });
  // A multipart body's encoder comes with the route: only packages with such actions bundle it.
  if (o.body?.kind === 'multipart') return versioned(routeData(o, schemas), [prop('encodeForm', id('toFormData'))]);
  if (!o.backfill) return versioned(routeData(o, schemas));
  const { history, ...mapping } = o.backfill;
  const target = all.find((x) => x.operationId === history);
  if (!target)
    throw new GeneratorError('EMIT_FAILED', `${o.operationId}: its backfill names ${history}, which is not emitted`, {
      hint: 'the history action must be in the same API as the stream',
    });
  const backfill: Expr = {
    k: 'obj',
    props: [
      prop('route', versioned(routeData(target, schemas))),
      ...(jsonLiteral(mapping as unknown as Json) as { props: Prop[] }).props,
    ],
  };
  return versioned(routeData(o, schemas), [prop('backfill', backfill)]);
}

function prop(name: string, value: Expr): Prop {
  return { k: 'prop', key: keyOf(valueKey(name)), value };
}

/** A JS literal of JSON data: keys as `valueKey` writes them, strings as `jsString` does. */
export function jsonLiteral(value: Json): Expr {
  return jsonExpr(value, valueKey, jsString);
}

function operationView(
  o: LosantOperation,
  schemas: Readonly<Record<string, SchemaObject>>,
  all: readonly LosantOperation[],
): OperationView {
  const names = actionTypeNames(o.resource, o.action);
  const required = o.params.filter((p) => p.required).map((p) => p.name);
  const fields = o.body?.kind === 'multipart' ? o.body.fields : [];
  const requiredFields = fields.filter((f) => f.required).map((f) => f.name);
  const bodyRequired = o.body?.kind === 'json' && o.body.required;
  const files = fields.filter((f) => f.kind === 'file').map((f) => f.name);

  // Every optional parameter also takes `undefined` (not sent), for exactOptionalPropertyTypes.
  const at = (t: Type, ...keys: string[]) => keys.reduce((x, k) => indexed(x, lit(jsString(k))), t);
  const opType = indexed(ref('operations'), lit(jsString(o.operationId)));
  const located: Type[] = [];
  if (o.params.some((p) => p.in === 'path')) located.push(at(opType, 'parameters', 'path'));
  if (o.params.some((p) => p.in === 'query')) located.push(ref('NonNullable', [at(opType, 'parameters', 'query')]));
  if (o.params.some((p) => p.in === 'header')) located.push(ref('NonNullable', [at(opType, 'parameters', 'header')]));
  const parts: Type[] = !located.length
    ? []
    : o.params.some((p) => !p.required)
      ? [ref('AcceptUndefined', [inter(located)])]
      : located;
  for (const p of o.params) {
    const where =
      p.in === 'path' ? at(opType, 'parameters', 'path') : ref('NonNullable', [at(opType, 'parameters', p.in)]);
    for (const old of p.evolution?.aliases ?? [])
      parts.push({
        k: 'typelit',
        members: [
          {
            comment: `@deprecated ${commentText(`Renamed to \`${p.name}\`.`)}`,
            key: keyOf(memberName(old)),
            optional: true,
            type: union([at(where, p.name), kw('undefined')]),
          },
        ],
      });
  }
  if (o.body?.kind === 'json') {
    const doc = commentText(o.body.description ?? `The request body of \`${o.operationId}\`.`);
    const body = at(ref('NonNullable', [at(opType, 'requestBody')]), 'content', 'application/json');
    parts.push({
      k: 'typelit',
      members: [
        {
          comment: doc,
          key: keyOf(memberName(o.body.name)),
          optional: !o.body.required,
          type: o.body.required ? body : union([body, kw('undefined')]),
        },
      ],
    });
  }
  if (o.body?.kind === 'multipart') {
    const form = at(ref('NonNullable', [at(opType, 'requestBody')]), 'content', 'multipart/form-data');
    const typed = files.length ? ref('WithUploads', [form, union(files.map((f) => lit(jsString(f))))]) : form;
    parts.push(fields.some((f) => !f.required) ? ref('AcceptUndefined', [typed]) : typed);
  }
  parts.push(ref('CommonParams'));

  const ok = jsonSuccessStatuses(o);
  const errors = jsonErrorStatuses(o);
  // A response body is its schema's named model type (`DeviceModel`): the same type, by name.
  const json = (statuses: string[]): Type => {
    const types = new Map<string, Type>();
    for (const s of statuses) {
      const schema = o.responses.find((r) => r.status === s)?.schema;
      const name = schema !== undefined ? modelTypeName(schema) : undefined;
      const key = name ?? `status ${s}`;
      if (!types.has(key))
        types.set(
          key,
          name !== undefined ? ref(name) : at(indexed(at(opType, 'responses'), lit(s)), 'content', 'application/json'),
        );
    }
    return union([...types.values()]);
  };
  const events = Object.entries(sseEvents(o) ?? {});
  const route = routeOf(o, schemas, all);

  const okSchemas = ok.map((s) => o.responses.find((r) => r.status === s)?.schema);
  const losant = `await losant${memberAccess(o.resource)}`;
  const pathArgs = o.params
    .filter((p) => p.in === 'path')
    .map((p) => `${memberName(p.name)}: "575ec8687ae143cd83dc4a97"`)
    .join(', ');
  const fileHelpers = {
    ...(o.method === 'POST' && o.body?.kind === 'json' && okSchemas.includes('fileUploadPostResponse')
      ? {
          upload: {
            key: jsString(o.body.name),
            example: codeInComment(
              `${losant}.upload({ ${pathArgs}, ${memberName(o.body.name)}: { name: "report.csv", parentDirectory: "/reports/" }, content: "a,b\\n1,2\\n" });`,
            ),
          },
        }
      : {}),
    ...(o.method === 'GET' && okSchemas.includes('file')
      ? { download: { example: codeInComment(`const stream = ${losant}.download({ ${pathArgs} });`) } }
      : {}),
  };

  return {
    ...fileHelpers,
    member: classMemberName(o.action),
    routeConst: `route${pascalCase(o.action)}`,
    route,
    paramsType: names.params,
    paramsOptional: required.length === 0 && !bodyRequired && requiredFields.length === 0,
    resultType: names.result,
    errorType: names.error,
    eventsType: names.events,
    scopesType: names.scopes,
    sse: events.length > 0,
    eventNames: events.map(([n]) => jsString(n)),
    doc: methodDoc(o),
    opIdDoc: commentText(o.operationId),
    paramsExpr: inter(parts),
    resultExpr: ok.length ? json(ok) : kw('void'),
    errorExpr: errors.length ? json(errors) : kw('unknown'),
    eventsExpr: {
      k: 'typelit',
      members: events.map(([n, e]) => ({ key: keyOf(memberName(n)), type: ref(modelTypeName(e.schema)) })),
    },
    scopesExpr: !o.auth.required
      ? kw('never')
      : o.auth.scopes.length
        ? union(o.auth.scopes.map((x) => lit(jsString(x))))
        : kw('string'),
    scopesDoc: o.auth.required
      ? commentText(`Scopes a token needs (any one of them) to call \`${o.operationId}\`.`)
      : commentText(`\`${o.operationId}\` needs no token: \`never\`.`),
    usesUploads: files.length > 0,
    usesAcceptUndefined: parts.some((p) => p.k === 'ref' && p.name === 'AcceptUndefined'),
    ...(isPaginated(o) && ok.length ? { iterate: classMemberName(iteratorName(o.action)) } : {}),
    // `this.constructor` is the class: the action named so is reached by its key.
    selfCall:
      o.action === 'constructor'
        ? access({ k: 'this' }, '["constructor"]')
        : access({ k: 'this' }, memberAccess(o.action)),
    aliases: (o.evolution?.aliases ?? []).map((old) => ({
      member: classMemberName(old),
      doc: [
        commentText(`${o.summary}`),
        '',
        `@deprecated ${commentText(`Renamed to \`${o.action}\` (\`${o.operationId}\`): the same action, under its earlier name.`)}`,
      ],
    })),
    routeKey: valueKey(o.action),
    ...(!isPaginated(o) && isOffsetPaginated(o) && ok.length
      ? { iterate: classMemberName(iteratorName(o.action)), iterateOffsets: true as const }
      : {}),
  };
}

function methodDoc(o: LosantOperation): string[] {
  const names = actionTypeNames(o.resource, o.action);
  const lines: string[] = [commentText(o.summary)];
  if (o.description) lines.push('', commentText(o.description));
  lines.push('', commentText(`\`${o.method} ${o.path}\``), '');
  lines.push(scopesLine(o, names.scopes));
  lines.push('');
  const params = paramLines(o);
  lines.push(
    params.length
      ? `@param params - ${commentText(`\`${names.params}\`:`)}`
      : `@param params - ${commentText(`\`${names.params}\`: only the common ones (\`losantdomain\`, \`_actions\`, \`_links\`, \`_embedded\`).`)}`,
    ...params,
  );
  lines.push(
    '@param options - Per-call options (`RequestOptions`): `signal`, `headers`, `timeout`, `maxRetries` and more.',
  );
  const ok = o.responses.filter((r) => /^2/.test(r.status));
  const errors = o.responses.filter((r) => !/^2/.test(r.status));
  const events = sseEvents(o);
  if (events)
    lines.push(
      `@returns ${commentText(`A stream of events (\`${names.events}\`): ${Object.keys(events).join(', ')}.`)}`,
    );
  else if (ok.length)
    lines.push(
      `@returns ${commentText(`${jsonSuccessStatuses(o).length ? `\`${names.result}\`. ` : ''}${ok.map((r) => `${r.status}: ${r.description}`).join('; ')}`)}`,
    );
  if (errors.length)
    lines.push(
      `@throws \`LosantApiError\` ${commentText(`${errors.map((r) => `${r.status}: ${r.description}`).join('; ')}`)}`,
    );
  lines.push('@throws `LosantValidationError` A parameter is missing, unknown or malformed (nothing was sent).');
  const args = exampleArgs(o);
  if (args !== undefined) {
    const call = `await losant${memberAccess(o.resource)}${memberAccess(o.action)}(${args})`;
    const line = events
      ? `const stream = ${call};`
      : jsonSuccessStatuses(o).length
        ? `const result = ${call};`
        : `${call};`;
    lines.push('@example', '```ts', codeInComment(line), '```');
  }
  if (o.evolution?.deprecation) lines.push(`@deprecated ${commentText(o.evolution.deprecation)}`);
  if (o.docsUrl) lines.push(docsLink(o.docsUrl));
  return lines;
}

/**
 * Losant's page, as a Markdown autolink rather than `@see`: generated comments hold no `@see` and no
 * `{@link}`, because tsc (TypeScript 5.3 and later) parses a declaration's JSDoc only when it holds one of
 * them, and every consumer's type-check pays for that parse (BENCHMARKS.md §5).
 */
function docsLink(url: string): string {
  return `Losant's docs: <${commentText(url)}>`;
}

/**
 * Who may call it, on one line: the action's own scopes (`device.get`, `device.*`), then the broad
 * ones collapsed by base (`all.Application (.bounded, .read)`); the `…Scopes` type lists each.
 */
function scopesLine(o: LosantOperation, scopesType: string): string {
  if (!o.auth.required) return 'No token is required: call it on a client without one.';
  if (!o.auth.scopes.length) return 'Requires a token (any scope).';
  const own = o.auth.scopes.filter((x) => !x.startsWith('all.'));
  const broad = new Map<string, string[]>();
  for (const x of o.auth.scopes.filter((x) => x.startsWith('all.'))) {
    const [, base = '', ...rest] = x.split('.');
    const variants = broad.get(base) ?? [];
    if (rest.length) variants.push(`.${rest.join('.')}`);
    broad.set(base, variants);
  }
  const collapsed = [...broad].map(([base, v]) => `all.${base}${v.length ? ` (${v.join(', ')})` : ''}`);
  const parts = [
    own.length ? own.map((x) => `\`${x}\``).join(' or ') : '',
    collapsed.length ? `${own.length ? 'or ' : ''}any of: ${collapsed.join(', ')}` : '',
  ].filter(Boolean);
  return commentText(`Token scopes: ${parts.join(', ')} (\`${scopesType}\` lists each).`);
}

/** One line per documented parameter: its name, whether it is required, where it goes, and its description's first sentence. */
function paramLines(o: LosantOperation): string[] {
  const line = (name: string, required: boolean, where: string, description: string | undefined, notes = '') =>
    commentText(
      `- \`${name}\`${required ? ' (required)' : ''}, ${where}${description ? `: ${oneLine(description)}` : ''}${notes}`,
    );
  const notes = (p: LosantOperation['params'][number]) =>
    [
      p.evolution?.aliases ? ` Earlier name: ${p.evolution.aliases.join(', ')} (deprecated).` : '',
      p.evolution?.deprecation ? ` Deprecated: ${p.evolution.deprecation}` : '',
    ].join('');
  const out = o.params.map((p) => line(p.name, p.required, p.in, p.description, notes(p)));
  if (o.body?.kind === 'json') out.push(line(o.body.name, o.body.required, 'body', o.body.description));
  if (o.body?.kind === 'multipart')
    for (const f of o.body.fields)
      out.push(line(f.name, f.required, f.kind === 'file' ? 'file' : 'form', f.description));
  return out;
}

/** A description's first sentence, at most 140 characters (cut at a word). */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const sentence = /^(.+?[.!?])(\s|$)/.exec(flat)?.[1] ?? flat;
  if (sentence.length <= 140) return sentence;
  const cut = sentence.slice(0, 140);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 100))}…`;
}

/**
 * The argument of a call that type-checks, from the documented examples: undefined when a
 * required parameter has none (or is a file, which has no literal).
 */
function exampleArgs(o: LosantOperation): string | undefined {
  if (o.params.some((p) => p.required && p.example === undefined)) return undefined;
  if (o.body?.kind === 'multipart' && o.body.fields.some((f) => f.required)) return undefined;
  if (o.body?.kind === 'json' && o.body.required && o.body.example === undefined) return undefined;
  const args = o.params.filter((p) => p.required).map((p) => `${valueKey(p.name)}: ${literal(p.example ?? '')}`);
  if (o.body?.kind === 'json' && o.body.example !== undefined)
    args.push(`${valueKey(o.body.name)}: ${literal(o.body.example)}`);
  return args.length ? `{ ${args.join(', ')} }` : '';
}

/** A JS object/array literal from JSON data, every string made a safe literal. */
export function literal(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value && typeof value === 'object')
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${valueKey(k)}: ${literal(v)}`)
      .join(', ')} }`;
  return typeof value === 'string' ? jsString(value) : JSON.stringify(value);
}

/** A README example's call: an action whose required parameters all have documented examples (printed by emit/sources.ts). */
export interface ExampleCall {
  importFrom: string;
  factory: string;
  /** `api` (a tag package) or `losant` (the umbrella). */
  client: 'api' | 'losant';
  target: Expr;
  args: Expr[];
}

/** The action a README shows: `prefer`, else the first GET, else the first usable one. */
export function exampleCall(
  pkg: EmitPackage,
  importFrom: string,
  factory: string,
  call: 'tag' | 'umbrella',
  prefer?: string,
): ExampleCall {
  const candidates = pkg.resources.flatMap((r) => r.operations.map((o) => ({ r, o })));
  const usable = candidates.filter(
    ({ o }) => !sseEvents(o) && o.body?.kind !== 'multipart' && exampleArgs(o) !== undefined,
  );
  const pick =
    (prefer ? usable.find(({ o }) => o.operationId === prefer) : undefined) ??
    usable.find(({ o }) => o.method === 'GET') ??
    usable[0] ??
    candidates[0]!;
  const client = call === 'tag' ? 'api' : 'losant';
  return {
    importFrom,
    factory,
    client,
    target: access(access(id(client), memberAccess(pick.r.name)), memberAccess(pick.o.action)),
    args: exampleArgsExpr(pick.o) ?? [],
  };
}

/** `exampleArgs` as a syntax tree: the one argument, none, or undefined when an example is missing. */
function exampleArgsExpr(o: LosantOperation): Expr[] | undefined {
  if (exampleArgs(o) === undefined) return undefined;
  const props = o.params.filter((p) => p.required).map((p) => prop(p.name, jsonLiteral(p.example ?? '')));
  if (o.body?.kind === 'json' && o.body.example !== undefined)
    props.push(prop(o.body.name, jsonLiteral(o.body.example)));
  return props.length ? [{ k: 'obj', props }] : [];
}

export function markdownRow(resource: string, o: LosantOperation) {
  return {
    resource: markdownText(resource),
    method: markdownText(o.action),
    http: markdownText(`${o.method} ${o.path}`),
    summary: markdownText(o.summary),
  };
}

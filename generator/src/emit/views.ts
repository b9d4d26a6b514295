// Views: the data the templates place, built from the emit model. Every string in a view is
// already safe for the spot it lands in (see safe.ts); templates add nothing but layout.
import { setOwn, type Json } from '../json/index.js';
import { actionTypeNames, iteratorName, pascalCase, resourceFile } from '../naming.js';
import {
  fieldLocation,
  isOffsetPaginated,
  isPaginated,
  jsonErrorStatuses,
  jsonSuccessStatuses,
  paramLocation,
  sseEvents,
  type LosantOperation,
} from '../openapi/model.js';
import type { EmitPackage } from './model.js';
import { classMemberName, commentText, jsString, markdownText, memberAccess, memberName, valueKey } from './safe.js';

export interface OperationView {
  member: string;
  routeConst: string;
  routeLiteral: string;
  paramsType: string;
  paramsOptional: boolean;
  resultType: string;
  errorType: string;
  eventsType: string;
  scopesType: string;
  sse: boolean;
  eventNames: string;
  doc: string[];
  opIdDoc: string;
  paramsExpr: string;
  resultExpr: string;
  errorExpr: string;
  eventsExpr: string;
  scopesExpr: string;
  scopesDoc: string;
  usesUploads: boolean;
  /** Name of the page-by-page iterator method, for paginated list actions. */
  iterate?: string;
  /** `this.get` / `this["…"]`: how the iterator calls the list action. */
  selfCall: string;
  /** The iterator walks `offset`/`limit` (data table rows) instead of `page`/`perPage`. */
  iterateOffsets?: true;
  /** The action as a key of the class's static `routes` (an object-literal key: `__proto__` quoted). */
  routeKey: string;
}

export interface ResourceView {
  className: string;
  /** Some action pages: the file imports the paginator. */
  paginated: boolean;
  /** Some action is iterated by offset: the file imports paginateOffsets. */
  offsetPaginated: boolean;
  /** Some action is an event stream: the file imports EventStream. */
  streams: boolean;
  file: string;
  key: string;
  classDoc: string[];
  operations: OperationView[];
}

export function resourceView(resourceName: string, className: string, operations: LosantOperation[]): ResourceView {
  const docsUrl = operations.find((o) => o.docsUrl)?.docsUrl;
  const views = operations.map((o) => operationView(o));
  return {
    className,
    paginated: views.some((v) => v.iterate !== undefined && !v.iterateOffsets),
    offsetPaginated: views.some((v) => v.iterateOffsets === true),
    streams: views.some((v) => v.sse),
    file: resourceFile(resourceName),
    key: valueKey(resourceName),
    classDoc: [
      commentText(
        `The \`${resourceName}\` resource: ${operations.length} action${operations.length === 1 ? '' : 's'}.`,
      ),
      ...(docsUrl ? [`@see ${commentText(docsUrl)}`] : []),
    ],
    operations: views,
  };
}

function operationView(o: LosantOperation): OperationView {
  const names = actionTypeNames(o.resource, o.action);
  const op = `operations[${jsString(o.operationId)}]`;
  const required = o.params.filter((p) => p.required).map((p) => p.name);
  const fields = o.body?.kind === 'multipart' ? o.body.fields : [];
  const requiredFields = fields.filter((f) => f.required).map((f) => f.name);
  const bodyRequired = o.body?.kind === 'json' && o.body.required;
  const files = fields.filter((f) => f.kind === 'file').map((f) => f.name);

  const parts: string[] = [];
  if (o.params.some((p) => p.in === 'path')) parts.push(`${op}['parameters']['path']`);
  if (o.params.some((p) => p.in === 'query')) parts.push(`NonNullable<${op}['parameters']['query']>`);
  if (o.params.some((p) => p.in === 'header')) parts.push(`NonNullable<${op}['parameters']['header']>`);
  if (o.body?.kind === 'json') {
    const doc = commentText(o.body.description ?? `The request body of \`${o.operationId}\`.`);
    parts.push(
      `{ /** ${doc} */ ${memberName(o.body.name)}${o.body.required ? '' : '?'}: NonNullable<${op}['requestBody']>['content']['application/json'] }`,
    );
  }
  if (o.body?.kind === 'multipart') {
    const form = `NonNullable<${op}['requestBody']>['content']['multipart/form-data']`;
    parts.push(files.length ? `WithUploads<${form}, ${files.map(jsString).join(' | ')}>` : form);
  }
  parts.push('CommonParams');

  const ok = jsonSuccessStatuses(o);
  const errors = jsonErrorStatuses(o);
  const json = (statuses: string[]) =>
    statuses.map((s) => `${op}['responses'][${s}]['content']['application/json']`).join(' | ');
  const events = Object.entries(sseEvents(o) ?? {});
  const params: Record<string, string> = {};
  for (const p of o.params) setOwn(params, p.name, paramLocation(p));
  for (const f of fields) setOwn(params, f.name, fieldLocation(f));
  if (o.body?.kind === 'json') setOwn(params, o.body.name, 'body');
  const patterns = Object.fromEntries(
    o.params
      .filter((p) => typeof p.schema['pattern'] === 'string' && (p.in === 'path' || p.in === 'query'))
      .map((p) => [p.name, p.schema['pattern'] as string]),
  );
  const allRequired = [
    ...required,
    ...requiredFields,
    ...(bodyRequired && o.body?.kind === 'json' ? [o.body.name] : []),
  ];
  const routeLiteral = literal({
    id: o.operationId,
    method: o.method,
    path: o.path,
    params,
    ...(allRequired.length ? { required: allRequired } : {}),
    ...(Object.keys(patterns).length ? { patterns } : {}),
  }).replace(/\}$/, ', version: API_VERSION }');

  return {
    member: classMemberName(o.action),
    routeConst: `route${pascalCase(o.action)}`,
    routeLiteral,
    paramsType: names.params,
    paramsOptional: required.length === 0 && !bodyRequired && requiredFields.length === 0,
    resultType: names.result,
    errorType: names.error,
    eventsType: names.events,
    scopesType: names.scopes,
    sse: events.length > 0,
    eventNames: `[${events.map(([n]) => jsString(n)).join(', ')}]`,
    doc: methodDoc(o),
    opIdDoc: commentText(o.operationId),
    paramsExpr: parts.join(' & '),
    resultExpr: ok.length ? json(ok) : 'void',
    errorExpr: errors.length ? json(errors) : 'unknown',
    eventsExpr: `{ ${events.map(([n, e]) => `${memberName(n)}: components['schemas'][${jsString(e.schema)}]`).join('; ')} }`,
    scopesExpr: o.auth.required ? o.auth.scopes.map(jsString).join(' | ') || 'string' : 'never',
    scopesDoc: o.auth.required
      ? commentText(`Scopes a token needs (any one of them) to call \`${o.operationId}\`.`)
      : commentText(`\`${o.operationId}\` needs no token: \`never\`.`),
    usesUploads: files.length > 0,
    ...(isPaginated(o) && ok.length ? { iterate: classMemberName(iteratorName(o.action)) } : {}),
    selfCall: `this${memberAccess(o.action).replace(/^\.constructor$/, "['constructor']")}`,
    routeKey: valueKey(o.action),
    ...(!isPaginated(o) && isOffsetPaginated(o) && ok.length
      ? { iterate: classMemberName(iteratorName(o.action)), iterateOffsets: true as const }
      : {}),
  };
}

function methodDoc(o: LosantOperation): string[] {
  const lines: string[] = [commentText(o.summary)];
  if (o.description) lines.push('', commentText(o.description));
  lines.push('', commentText(`\`${o.method} ${o.path}\``), '');
  lines.push(
    o.auth.required
      ? commentText(
          `Requires a token with one of the scopes: ${o.auth.scopes.map((s) => `\`${s}\``).join(', ') || '(any)'}.`,
        )
      : 'No token is required: call it on a client without one.',
  );
  lines.push('');
  lines.push(
    commentText(
      `@param params - The parameters of \`${o.operationId}\`, each documented on its type (path, query and body alike).`,
    ).replace(/^\\@/, '@'),
  );
  lines.push(
    '@param options - Per-call options (`RequestOptions`): `signal`, `headers`, `timeout`, `maxRetries` and more.',
  );
  const ok = o.responses.filter((r) => /^2/.test(r.status));
  const errors = o.responses.filter((r) => !/^2/.test(r.status));
  const events = sseEvents(o);
  if (events)
    lines.push(commentText(`@returns A stream of events: ${Object.keys(events).join(', ')}.`).replace(/^\\@/, '@'));
  else if (ok.length)
    lines.push(
      commentText(`@returns ${ok.map((r) => `${r.status}: ${r.description}`).join('; ')}`).replace(/^\\@/, '@'),
    );
  if (errors.length)
    lines.push(
      commentText(
        `@throws {@link LosantApiError} ${errors.map((r) => `${r.status}: ${r.description}`).join('; ')}`,
      ).replace(/^\\@/, '@'),
    );
  lines.push('@throws {@link LosantValidationError} A parameter is missing, unknown or malformed (nothing was sent).');
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
  if (o.docsUrl) lines.push(`@see ${commentText(o.docsUrl)}`);
  return lines;
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

/** Code safe inside a block comment and a Markdown fence: `*\/` and backticks occur only in string literals, where escapes mean the same. */
function codeInComment(code: string): string {
  return code.replace(/\*\//g, '*\\/').replace(/`/g, '\\u0060');
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

/** A README example that type-checks: a call whose required parameters all have documented examples. */
export function exampleCall(
  pkg: EmitPackage,
  importFrom: string,
  factory: string,
  call: 'tag' | 'umbrella',
  prefer?: string,
): string {
  const candidates = pkg.resources.flatMap((r) => r.operations.map((o) => ({ r, o })));
  const usable = candidates.filter(
    ({ o }) => !sseEvents(o) && o.body?.kind !== 'multipart' && exampleArgs(o) !== undefined,
  );
  const pick =
    (prefer ? usable.find(({ o }) => o.operationId === prefer) : undefined) ??
    usable.find(({ o }) => o.method === 'GET') ??
    usable[0] ??
    candidates[0]!;
  const args = exampleArgs(pick.o) ?? '';
  const target = `${call === 'tag' ? 'api' : 'losant'}${memberAccess(pick.r.name)}${memberAccess(pick.o.action)}`;
  return [
    `import { ${factory}, LosantApiError } from ${jsString(importFrom)};`,
    '',
    `const ${call === 'tag' ? 'api' : 'losant'} = ${factory}({ token: process.env.LOSANT_TOKEN });`,
    '',
    'try {',
    `  const result = await ${target}(${args});`,
    '  console.log(result);',
    '} catch (error) {',
    '  if (error instanceof LosantApiError) console.error(error.status, error.type, error.message);',
    '  else throw error;',
    '}',
  ].join('\n');
}

export function markdownRow(resource: string, o: LosantOperation) {
  return {
    resource: markdownText(resource),
    method: markdownText(o.action),
    http: markdownText(`${o.method} ${o.path}`),
    summary: markdownText(o.summary),
  };
}

import type { Json } from '../reconcile/model.js';
import type { EmitOperation, EmitPackage, EmitParam } from './model.js';
import { camelCase, classMemberName, commentText, jsString, markdownText, memberAccess, memberName, pascalCase } from './safe.js';

/**
 * Views: the data the templates place, built from the emit model. Every string in a view
 * is already safe for the spot it lands in (see safe.ts); templates add nothing but layout.
 */
export interface OperationView {
  member: string;
  routeConst: string;
  routeLiteral: string;
  paramsType: string;
  paramsOptional: boolean;
  resultType: string;
  errorType: string;
  eventsType: string;
  sse: boolean;
  eventNames: string;
  doc: string[];
  opIdDoc: string;
  paramsExpr: string;
  resultExpr: string;
  errorExpr: string;
  eventsExpr: string;
  usesUploads: boolean;
  /** Name of the page-by-page iterator method, for paginated list actions. */
  iterate?: string;
  /** `this.get` / `this["…"]`: how the iterator calls the list action. */
  selfCall: string;
}

export interface ResourceView {
  className: string;
  /** Some action pages: the file imports the paginator. */
  paginated: boolean;
  file: string;
  key: string;
  classDoc: string[];
  operations: OperationView[];
}

export function resourceView(resourceName: string, className: string, operations: EmitOperation[]): ResourceView {
  const docsUrl = operations.find((o) => o.docsUrl)?.docsUrl;
  const views = operations.map((o) => operationView(className, o));
  return {
    className,
    paginated: views.some((v) => v.iterate !== undefined),
    file: camelCase(resourceName),
    key: memberName(resourceName),
    classDoc: [commentText(`The \`${resourceName}\` resource: ${operations.length} action${operations.length === 1 ? '' : 's'}.`), ...(docsUrl ? [`@see ${commentText(docsUrl)}`] : [])],
    operations: views,
  };
}

function operationView(className: string, o: EmitOperation): OperationView {
  const base = `${className}${pascalCase(o.action)}`;
  const op = `operations[${jsString(o.operationId)}]`;
  const required = o.params.filter((p) => p.required).map((p) => p.name);
  const bodyRequired = o.body?.kind === 'json' && o.body.required;
  const files = o.params.filter((p) => p.in === 'form:file').map((p) => p.name);

  const parts: string[] = [];
  if (o.params.some((p) => p.in === 'path')) parts.push(`${op}['parameters']['path']`);
  if (o.params.some((p) => p.in.startsWith('query'))) parts.push(`NonNullable<${op}['parameters']['query']>`);
  if (o.params.some((p) => p.in === 'header')) parts.push(`NonNullable<${op}['parameters']['header']>`);
  if (o.body?.kind === 'json') parts.push(`{ ${memberName(o.body.name)}${o.body.required ? '' : '?'}: NonNullable<${op}['requestBody']>['content']['application/json'] }`);
  if (o.body?.kind === 'multipart') {
    const form = `NonNullable<${op}['requestBody']>['content']['multipart/form-data']`;
    parts.push(files.length ? `WithUploads<${form}, ${files.map(jsString).join(' | ')}>` : form);
  }
  parts.push('CommonParams');

  const json = (statuses: string[]) => statuses.map((s) => `${op}['responses'][${s}]['content']['application/json']`).join(' | ');
  const events = Object.entries(o.sseEvents ?? {});
  const params: Record<string, string> = {};
  for (const p of o.params) params[p.name] = p.in;
  if (o.body?.kind === 'json') params[o.body.name] = 'body';
  const patterns = Object.fromEntries(o.params.filter((p) => p.pattern !== undefined && (p.in === 'path' || p.in === 'query')).map((p) => [p.name, p.pattern!]));
  const routeLiteral = literal({
    id: o.operationId,
    method: o.method,
    path: o.path,
    params,
    ...(required.length || bodyRequired ? { required: [...required, ...(bodyRequired && o.body?.kind === 'json' ? [o.body.name] : [])] } : {}),
    ...(Object.keys(patterns).length ? { patterns } : {}),
    ...(o.sseEvents ? { sse: true } : {}),
  }).replace(/\}$/, ', version: API_VERSION }');

  return {
    member: classMemberName(o.action),
    routeConst: `route${pascalCase(o.action)}`,
    routeLiteral,
    paramsType: `${base}Params`,
    paramsOptional: required.length === 0 && !bodyRequired,
    resultType: `${base}Result`,
    errorType: `${base}ErrorBody`,
    eventsType: `${base}Events`,
    sse: !!o.sseEvents,
    eventNames: `[${events.map(([n]) => jsString(n)).join(', ')}]`,
    doc: methodDoc(o),
    opIdDoc: commentText(o.operationId),
    paramsExpr: parts.join(' & '),
    resultExpr: o.successStatuses.length ? json(o.successStatuses) : 'void',
    errorExpr: o.errorStatuses.length ? json(o.errorStatuses) : 'unknown',
    eventsExpr: `{ ${events.map(([n, schema]) => `${memberName(n)}: components['schemas'][${jsString(schema)}]`).join('; ')} }`,
    usesUploads: files.length > 0,
    ...(o.paginated && o.successStatuses.length ? { iterate: classMemberName(iteratorName(o.action)) } : {}),
    selfCall: `this${memberAccess(o.action).replace(/^\.constructor$/, "['constructor']")}`,
  };
}

/** `get` → `iterate`; `periodSummaries` → `iteratePeriodSummaries`. */
export function iteratorName(action: string): string {
  return action === 'get' ? 'iterate' : `iterate${pascalCase(action)}`;
}

function methodDoc(o: EmitOperation): string[] {
  const lines: string[] = [commentText(o.summary)];
  if (o.description) lines.push('', commentText(o.description));
  lines.push('', commentText(`\`${o.method} ${o.path}\``));
  lines.push(
    o.requiresAuth
      ? commentText(`Requires a token with one of the scopes: ${o.scopes.map((s) => `\`${s}\``).join(', ') || '(any)'}.`)
      : 'No API token is required.',
  );
  lines.push('');
  for (const p of docParams(o)) lines.push(commentText(`@param params.${p.name} - ${p.description ?? ''}${p.required ? ' (required)' : ''}`).replace(/^\\@/, '@'));
  lines.push('@param options - Per-call options: `signal`, `headers`, `acceptVersion`, `middleware`.');
  const ok = o.responses.filter((r) => /^2/.test(r.status));
  const errors = o.responses.filter((r) => !/^2/.test(r.status));
  if (o.sseEvents) lines.push(commentText(`@returns A stream of events: ${Object.keys(o.sseEvents).join(', ')}.`).replace(/^\\@/, '@'));
  else if (ok.length) lines.push(commentText(`@returns ${ok.map((r) => `${r.status}: ${r.description}`).join('; ')}`).replace(/^\\@/, '@'));
  if (errors.length) lines.push(commentText(`@throws {LosantApiError} ${errors.map((r) => `${r.status}: ${r.description}`).join('; ')}`).replace(/^\\@/, '@'));
  lines.push('@throws {LosantValidationError} A parameter is missing, unknown or malformed (nothing was sent).');
  if (o.docsUrl) lines.push(`@see ${commentText(o.docsUrl)}`);
  return lines;
}

function docParams(o: EmitOperation): Array<Pick<EmitParam, 'name' | 'description' | 'required'>> {
  const out: Array<Pick<EmitParam, 'name' | 'description' | 'required'>> = o.params.map((p) => ({ name: p.name, required: p.required, ...(p.description ? { description: p.description } : {}) }));
  if (o.body?.kind === 'json') out.push({ name: o.body.name, required: o.body.required, ...(o.body.description ? { description: o.body.description } : {}) });
  return out.filter((p) => /^[A-Za-z_$][\w$]*$/.test(p.name));
}

/** A JS object/array literal from JSON data, every string made a safe literal. */
export function literal(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value && typeof value === 'object') return `{ ${Object.entries(value).map(([k, v]) => `${memberName(k)}: ${literal(v)}`).join(', ')} }`;
  return typeof value === 'string' ? jsString(value) : JSON.stringify(value);
}

/** A README example that type-checks: a call whose required parameters all have documented examples. */
export function exampleCall(pkg: EmitPackage, importFrom: string, factory: string, call: 'tag' | 'umbrella'): string {
  const candidates = pkg.resources.flatMap((r) => r.operations.map((o) => ({ r, o })));
  const bodyOk = (o: EmitOperation) => !(o.body?.kind === 'json' && o.body.required && o.body.example === undefined);
  const usable = candidates.filter(({ o }) => !o.sseEvents && bodyOk(o) && o.params.every((p) => !p.required || p.example !== undefined) && !o.params.some((p) => p.required && p.in.startsWith('form')));
  const pick = usable.find(({ o }) => o.method === 'GET') ?? usable[0] ?? candidates[0]!;
  const args = pick.o.params.filter((p) => p.required).map((p) => `${memberName(p.name)}: ${literal(p.example ?? '')}`);
  if (pick.o.body?.kind === 'json' && pick.o.body.example !== undefined) args.push(`${memberName(pick.o.body.name)}: ${literal(pick.o.body.example)}`);
  const target = `${call === 'tag' ? 'api' : 'losant'}${memberAccess(pick.r.name)}${memberAccess(pick.o.action)}`;
  return [
    `import { ${factory}, LosantApiError } from ${jsString(importFrom)};`,
    '',
    `const ${call === 'tag' ? 'api' : 'losant'} = ${factory}({ token: process.env.LOSANT_TOKEN });`,
    '',
    'try {',
    `  const result = await ${target}(${args.length ? `{ ${args.join(', ')} }` : ''});`,
    '  console.log(result);',
    '} catch (error) {',
    '  if (error instanceof LosantApiError) console.error(error.status, error.type, error.message);',
    '  else throw error;',
    '}',
  ].join('\n');
}

export function markdownRow(resource: string, o: EmitOperation) {
  return { resource: markdownText(resource), method: markdownText(o.action), http: markdownText(`${o.method} ${o.path}`), summary: markdownText(o.summary) };
}

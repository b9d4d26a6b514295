// The TypeScript files of a package, laid out as prettier prints them (emit/ts-print.ts): a
// resource class, the package's types, its index and version, the umbrella's index and compat
// entry, and a README's example. Each comes with the same code printed flat (every optional line
// break not taken) and whether the print is exact: where it is not (see TsPrinter), prettier
// formats the flat code instead. Every name and literal here comes from safe.ts (through the
// views); comment lines are `commentText`.
import type { Doc } from './doc.js';
import { hardline, join } from './doc.js';
import {
  access,
  block,
  call,
  id,
  indexed,
  inter,
  keyOf,
  kw,
  layout,
  lit,
  member,
  ref,
  str,
  TsPrinter,
  union,
  type Expr,
  type Param,
  type Prop,
  type Type,
} from './ts-print.js';
import type { ExampleCall, OperationView, ResourceView } from './views.js';
import { jsString } from './safe.js';

/** A printed file: its text as prettier prints it when `exact`; `flat()` is the same code, for prettier to format. */
export interface Source {
  text: string;
  flat: () => string;
  exact: boolean;
}

function source(p: TsPrinter, parts: Doc[]): Source {
  const doc = [join(hardline, parts), hardline];
  const { text, flat } = layout(doc);
  return { text, flat, exact: p.exact };
}

/** A blank line: a part of its own, between the line breaks joining the parts around it. */
const BLANK: Doc = '';

const THIS: Expr = { k: 'this' };
const CLIENT = member(THIS, '#client');
const t = (name: string): Type => ref(`T.${name}`);

/** A resource class and its routes (`src/resources/<resource>.ts`). */
export function resourceSource(header: string, r: ResourceView): Source {
  const p = new TsPrinter();
  const core = [
    'bindMethods',
    ...(r.paginated ? ['paginate', 'type PaginateOptions'] : []),
    ...(r.offsetPaginated ? ['paginateOffsets', 'type OffsetPaginateOptions'] : []),
    ...(r.paginated || r.offsetPaginated ? ['type PageItem', 'type Paginator'] : []),
    'type ApiPromise',
    ...(r.multipart ? ['toFormData'] : []),
    ...(r.streams
      ? ['openStream', 'type EventStream', 'type GapEvents', 'type ReconnectOptions', 'type StreamOptions']
      : []),
    'type LosantClient',
    'type RequestOptions',
    'type Route',
  ];
  const files = r.uploads
    ? [...(r.downloads ? ['downloadFile'] : []), 'uploadFile', 'type FileUploadParams']
    : r.downloads
      ? ['downloadFile']
      : [];
  const parts: Doc[] = [
    header,
    p.importDecl(core, jsString('@losant-sdk/core')),
    ...(files.length ? [p.importDecl(files, jsString('@losant-sdk/core/files'))] : []),
    "import type * as T from '../types.js';",
    "import { API_VERSION } from '../version.js';",
    BLANK,
    ...r.operations.map((op) => p.constDecl(op.routeConst, op.route, { type: ref('Route') })),
    BLANK,
  ];
  const routes: Expr = {
    k: 'obj',
    expanded: true,
    props: r.operations.map((op) => ({ k: 'prop', key: keyOf(op.routeKey), value: id(op.routeConst) })),
  };
  const members: Doc[] = [
    "/** Each action's route, as data: what the client sends for it (e.g. to build an auth strategy on). */",
    ['static readonly ', p.assignment('routes', ' =', { k: 'as', expr: routes, type: ref('const') }), ';'],
    BLANK,
    'readonly #client: LosantClient;',
    BLANK,
    ['constructor(client: LosantClient) ', block(['this.#client = client;', 'bindMethods(this);'])],
  ];
  for (const op of r.operations) members.push(BLANK, ...operationMembers(p, op));
  parts.push(p.comment(r.classDoc), [`export class ${p.text(r.className)} `, block(members)]);
  return source(p, parts);
}

/** The members an action gives its class: the method (or a stream's overloads), its iterator, file helpers, renamed aliases. */
function operationMembers(p: TsPrinter, op: OperationView): Doc[] {
  const name = p.key(keyOf(op.member));
  const params: Param = { name: 'params', optional: op.paramsOptional, type: t(op.paramsType) };
  const requestOptions: Param = { name: 'options', optional: true, type: ref('RequestOptions') };
  const route = id(op.routeConst);
  const out: Doc[] = [p.comment(op.doc)];
  const method = (key: Doc, ps: Param[], returns: Type, body: Expr) => [
    p.signature(key, ps, returns),
    ' ',
    block([['return ', p.expr(body), ';']]),
  ];
  if (op.sse) {
    const events = t(op.eventsType);
    const gapped = inter([events, ref('GapEvents')]);
    const stream = (e: Type) => ref('ApiPromise', [ref('EventStream', [e])]);
    const overload = (options: Param, returns: Type) => [p.signature(name, [params, options], returns), ';'];
    out.push(
      overload(
        {
          name: 'options',
          type: inter([
            ref('StreamOptions'),
            {
              k: 'typelit',
              members: [{ key: { id: 'reconnect' }, type: union([ref('ReconnectOptions'), lit('true')]) }],
            },
          ]),
        },
        stream(gapped),
      ),
      overload(
        {
          name: 'options',
          optional: true,
          type: inter([
            ref('RequestOptions'),
            {
              k: 'typelit',
              members: [{ key: { id: 'reconnect' }, optional: true, type: union([lit('false'), kw('undefined')]) }],
            },
          ]),
        },
        stream(events),
      ),
      overload({ name: 'options', optional: true, type: ref('StreamOptions') }, stream(gapped)),
      method(
        name,
        [params, { name: 'options', optional: true, type: ref('StreamOptions') }],
        union([stream(events), stream(gapped)]),
        call(
          id('openStream'),
          [CLIENT, route, id('params'), { k: 'arr', items: op.eventNames.map(str) }, id('options')],
          [gapped],
        ),
      ),
    );
  } else
    out.push(
      method(
        name,
        [params, requestOptions],
        ref('ApiPromise', [t(op.resultType)]),
        call(member(CLIENT, 'request'), [route, id('params'), id('options')]),
      ),
    );
  if (op.iterate !== undefined) {
    const offsets = op.iterateOffsets === true;
    const cursor = offsets ? 'offset' : 'page';
    const doc = offsets
      ? [
          `Every item \`${op.opIdDoc}\` lists, slice after slice (\`offset\` moving by \`limit\`), fetched as`,
          'the iteration needs them: `for await (const item of …)`, `.toArray({ limit })`, `.pages()`.',
          'Stops after the last item `totalCount` promises or on a short slice; `limit` sets the slice',
          'size, `startOffset` where to begin, `prefetch` how many slices to fetch ahead.',
          '',
          `@param params - the parameters of \`${op.opIdDoc}\`, without \`offset\``,
          '@param options - per-call options, plus `startOffset`, `prefetch` and `maxPages` (default 1000, a guard against a server that never ends)',
        ]
      : [
          `Every item \`${op.opIdDoc}\` lists, page after page, fetched as the iteration needs them:`,
          '`for await (const item of …)`, `.toArray({ limit })`, `.pages()`. Stops after the last item',
          '`totalCount` promises or on a short page; `perPage` sets the page size, `startPage` where to',
          'begin, `prefetch` how many pages to fetch ahead.',
          '',
          `@param params - the parameters of \`${op.opIdDoc}\`, without \`page\``,
          '@param options - per-call options, plus `startPage`, `prefetch` and `maxPages` (default 1000, a guard against a server that never ends)',
        ];
    const result = t(op.resultType);
    const paged: Expr = {
      k: 'as',
      expr: {
        k: 'obj',
        props: [
          { k: 'spread', arg: id('params') },
          { k: 'prop', key: { id: cursor }, value: call(id('String'), [id(cursor)]) },
        ],
      },
      type: t(op.paramsType),
    };
    out.push(
      BLANK,
      p.comment(doc),
      method(
        p.key(keyOf(op.iterate)),
        [
          { name: 'params', optional: op.paramsOptional, type: ref('Omit', [t(op.paramsType), lit(`'${cursor}'`)]) },
          {
            name: 'options',
            optional: true,
            type: inter([ref('RequestOptions'), ref(offsets ? 'OffsetPaginateOptions' : 'PaginateOptions')]),
          },
        ],
        ref('Paginator', [ref('PageItem', [result]), result]),
        call(id(offsets ? 'paginateOffsets' : 'paginate'), [
          { k: 'arrow', params: [{ name: cursor }], body: call(op.selfCall, [paged, id('options')]) },
          id('options'),
        ]),
      ),
    );
  }
  if (op.upload) {
    out.push(
      BLANK,
      p.comment([
        `Create a file and upload its content: \`${op.opIdDoc}\` with the file's description (its \`type\`,`,
        '`fileSize` and, unless given, `contentType` and `name` taken from the content), then the content',
        'POSTed to the pre-signed object-storage form it answers with (its fields in order, the file last).',
        '`content` is anything a multipart file field accepts (`Uploadable`): bytes, a Blob or File, a',
        "web or Node.js stream (`fs.createReadStream(path)`), a string. The client's timeout, signal and",
        'logging apply to both requests; the storage POST is retried after a network error, a timeout or a',
        '429/500/502/503/504 (it stores the same bytes under the same key).',
        '',
        `@returns what \`${op.opIdDoc}\` answered (the file, \`status\` pending until storage has it)`,
        "@throws `LosantApiError` the action's errors, or object storage's refusal (operationId `….upload`, body its XML)",
        '@example',
        '```ts',
        op.upload.example,
        '```',
      ]),
      method(
        'upload',
        [{ name: 'params', type: ref('FileUploadParams', [t(op.paramsType), lit(op.upload.key)]) }, requestOptions],
        ref('Promise', [t(op.resultType)]),
        call(id('uploadFile'), [CLIENT, route, id('params'), id('options')]),
      ),
    );
  }
  if (op.download) {
    out.push(
      BLANK,
      p.comment([
        `A file's content as a web \`ReadableStream\`, read as it arrives: \`${op.opIdDoc}\` for its \`url\`,`,
        "then that URL fetched (without the token). The client's timeout (until the whole body is read;",
        '`timeout: 0` for long downloads), signal, retries and logging apply. On Node,',
        '`saveToFile(stream, path)` from `@losant-sdk/core/node` writes it to a file.',
        '',
        "@throws `LosantApiError` the action's errors, or the download's (operationId `….download`)",
        '@example',
        '```ts',
        op.download.example,
        '```',
      ]),
      method(
        'download',
        [{ name: 'params', type: t(op.paramsType) }, requestOptions],
        ref('Promise', [ref('ReadableStream', [ref('Uint8Array')])]),
        call(id('downloadFile'), [CLIENT, route, id('params'), id('options')]),
      ),
    );
  }
  for (const alias of op.aliases)
    out.push(
      BLANK,
      p.comment(alias.doc),
      method(
        p.key(keyOf(alias.member)),
        [params, requestOptions],
        ref('ApiPromise', [op.sse ? ref('EventStream', [t(op.eventsType)]) : t(op.resultType)]),
        call(op.selfCall, [id('params'), id('options')]),
      ),
    );
  return out;
}

/** The package's types (`src/types.ts`): every model type, then each action's parameters, result, errors and scopes. */
export function typesSource(
  header: string,
  o: {
    operations: OperationView[];
    usesUploads: boolean;
    usesAcceptUndefined: boolean;
    models: Array<{ name: string; key: string; doc: string }>;
  },
): Source {
  const p = new TsPrinter();
  const schemas = indexed(ref('components'), lit(jsString('schemas')));
  const alias = (doc: string, name: string, type: Type): Doc[] => [
    p.comment(doc),
    p.typeAlias(name, type, { exported: true }),
  ];
  const parts: Doc[] = [
    header,
    p.importDecl(
      [
        ...(o.usesAcceptUndefined ? ['AcceptUndefined'] : []),
        'CommonParams',
        ...(o.usesUploads ? ['WithUploads'] : []),
      ],
      jsString('@losant-sdk/core'),
      { typeOnly: true },
    ),
    "import type { components, operations } from './schema.js';",
    BLANK,
    ...alias('Every component schema of this package, by name.', 'Schemas', schemas),
    ...o.models.flatMap((m) => alias(m.doc, m.name, indexed(schemas, lit(m.key)))),
  ];
  for (const op of o.operations)
    parts.push(
      BLANK,
      ...alias(`Parameters of \`${op.opIdDoc}\`.`, op.paramsType, op.paramsExpr),
      ...(op.sse
        ? alias(`Events of the \`${op.opIdDoc}\` stream, by event name.`, op.eventsType, op.eventsExpr)
        : alias(`Successful response of \`${op.opIdDoc}\`.`, op.resultType, op.resultExpr)),
      ...alias(
        `Error bodies \`${op.opIdDoc}\` documents (the \`body\` of its LosantApiError).`,
        op.errorType,
        op.errorExpr,
      ),
      ...alias(op.scopesDoc, op.scopesType, op.scopesExpr),
    );
  return source(p, parts);
}

/** The package's entry (`src/index.ts`): its classes, types, and the factory putting every resource on one client. */
export function indexSource(
  header: string,
  o: {
    resources: ResourceView[];
    factory: string;
    apiType: string;
    tagDoc: string;
    coreReexports: string[];
  },
): Source {
  const p = new TsPrinter();
  const parts: Doc[] = [
    header,
    "import { toClient, type ClientOptions, type LosantClient } from '@losant-sdk/core';",
    ...o.resources.map((r) => p.importDecl([r.className], jsString(`./resources/${r.file}.js`))),
    BLANK,
    ...o.resources.map((r) => p.exportDecl([r.className])),
    "export type * from './types.js';",
    "export type { components, operations, paths } from './schema.js';",
    "export { API_VERSION } from './version.js';",
    p.importDecl(o.coreReexports, jsString('@losant-sdk/core'), { exported: true }),
    BLANK,
    p.comment([
      `The ${o.tagDoc} resources on one client.`,
      '',
      '@param client - a client from `createClient`, or the options to create one (`{ token }`).',
    ]),
    [
      'export ',
      p.signature(`function ${p.text(o.factory)}`, [
        { name: 'client', optional: true, type: union([ref('LosantClient'), ref('ClientOptions')]) },
      ]),
      ' ',
      block([
        p.constDecl('c', call(id('toClient'), [id('client')])),
        ['return ', p.expr({ k: 'obj', expanded: true, props: o.resources.flatMap((r) => clientProps(p, r)) }), ';'],
      ]),
    ],
    BLANK,
    p.comment(`What \`${o.factory}\` returns.`),
    p.typeAlias(o.apiType, ref('ReturnType', [{ k: 'typeof', name: o.factory }]), { exported: true }),
  ];
  return source(p, parts);
}

/** A resource on a client object (`devices: new Devices(c)`), and its earlier names as getters returning it. */
function clientProps(
  p: TsPrinter,
  r: { className: string; key: string; access: string; aliases: Array<{ key: string; doc: string }> },
): Prop[] {
  return [
    { k: 'prop', key: keyOf(r.key), value: { k: 'call', callee: id(r.className), args: [id('c')], isNew: true } },
    ...r.aliases.map((a): Prop => ({
      k: 'getter',
      key: keyOf(a.key),
      comments: [a.doc],
      body: [['return ', p.expr(access(THIS, r.access)), ';']],
    })),
  ];
}

/** `src/version.ts`: the API version the package was generated from. */
export function versionSource(header: string, versionDoc: string, versionLiteral: string): Source {
  const p = new TsPrinter();
  return source(p, [
    header,
    p.comment(`The Losant API version this package was generated from; sent as \`Accept-Version: ^${versionDoc}\`.`),
    p.constDecl('API_VERSION', str(versionLiteral), { exported: true }),
  ]);
}

/** A README's example, the code of its ```ts block. */
export function exampleSource(e: ExampleCall): Source {
  const p = new TsPrinter();
  const result = p.constDecl('result', { k: 'await', arg: call(e.target, e.args) });
  const parts: Doc[] = [
    p.importDecl([e.factory, 'LosantApiError'], jsString(e.importFrom)),
    BLANK,
    p.constDecl(
      e.client,
      call(id(e.factory), [
        {
          k: 'obj',
          props: [{ k: 'prop', key: { id: 'token' }, value: member(member(id('process'), 'env'), 'LOSANT_TOKEN') }],
        },
      ]),
    ),
    BLANK,
    [
      'try ',
      block([result, 'console.log(result);']),
      ' catch (error) ',
      block([
        'if (error instanceof LosantApiError) console.error(error.status, error.type, error.message);',
        'else throw error;',
      ]),
    ],
  ];
  const doc = join(hardline, parts);
  const { text, flat } = layout(doc);
  return { text, flat, exact: p.exact };
}

/** `@losant-sdk/sdk`'s entry: every package's classes and namespace, and one client with every resource. */
export function umbrellaIndexSource(
  header: string,
  o: {
    packages: Array<{ classes: string[]; module: string; namespace: string }>;
    resources: Array<{ className: string; key: string; access: string; aliases: Array<{ key: string; doc: string }> }>;
  },
): Source {
  const p = new TsPrinter();
  const interfaceMembers: Doc[] = [
    '/** The underlying client (base URL, middleware). */',
    'readonly client: LosantClient;',
    '/** The same API with another token, e.g. one an `auth` action just returned. */',
    'withToken(token: string | undefined): LosantApi;',
  ];
  for (const r of o.resources) {
    interfaceMembers.push(['readonly ', p.key(keyOf(r.key)), ': ', p.text(r.className), ';']);
    for (const a of r.aliases)
      interfaceMembers.push(p.comment(a.doc), ['readonly ', p.key(keyOf(a.key)), ': ', p.text(r.className), ';']);
  }
  const client: Expr = {
    k: 'obj',
    expanded: true,
    props: [
      { k: 'prop', key: { id: 'client' }, value: id('c') },
      {
        k: 'prop',
        key: { id: 'withToken' },
        value: {
          k: 'arrow',
          params: [{ name: 'token', type: union([kw('string'), kw('undefined')]) }],
          body: call(id('createLosantClient'), [call(member(id('c'), 'withToken'), [id('token')])]),
        },
      },
      ...o.resources.flatMap((r) => clientProps(p, r)),
    ],
  };
  const parts: Doc[] = [
    header,
    "import { toClient, type ClientOptions, type LosantClient } from '@losant-sdk/core';",
    "import { credentialsStrategy, type AuthStrategy, type StrategyOptions } from '@losant-sdk/core';",
    "import type { AuthAuthenticateDeviceParams, AuthAuthenticateUserParams } from '@losant-sdk/auth';",
    ...o.packages.map((pkg) => p.importDecl(pkg.classes, pkg.module)),
    BLANK,
    "export * from '@losant-sdk/core';",
    '/** Each package, as a namespace (its classes and types). */',
    ...o.packages.map((pkg) => [`export * as ${p.text(pkg.namespace)} from `, p.string(pkg.module), ';']),
    BLANK,
    p.comment([
      "Every resource of every Losant API on one client, keyed by resource name as in Losant's own",
      'JavaScript client (`losant.device.getState(...)`, `losant.auth.authenticateUser(...)`). What',
      '`createLosantClient` returns. Every method works detached from its object',
      '(`const get = losant.devices.get`).',
    ]),
    ['export interface LosantApi ', block(interfaceMembers)],
    BLANK,
    p.comment([
      "Every resource of every Losant API on one client, keyed by resource name as in Losant's own",
      'JavaScript client (`losant.device.getState(...)`, `losant.auth.authenticateUser(...)`).',
      '',
      '@param client - a client from `createClient`, or the options to create one (`{ token }`).',
    ]),
    [
      'export ',
      p.signature(
        'function createLosantClient',
        [{ name: 'client', optional: true, type: union([ref('LosantClient'), ref('ClientOptions')]) }],
        ref('LosantApi'),
      ),
      ' ',
      block([p.constDecl('c', call(id('toClient'), [id('client')])), ['return ', p.expr(client), ';']]),
    ],
    BLANK,
    ...credentials(p, 'device'),
    BLANK,
    ...credentials(p, 'user'),
  ];
  return source(p, parts);
}

/** `deviceCredentials` / `userCredentials`: an auth strategy from what `auth.authenticateDevice` / `…User` takes. */
function credentials(p: TsPrinter, who: 'device' | 'user'): Doc[] {
  const device = who === 'device';
  const action = device ? 'authenticateDevice' : 'authenticateUser';
  const doc = device
    ? [
        'Authenticate as a device with its access key and secret (`auth.authenticateDevice`), and renew',
        'the token when it is rejected or about to expire:',
        '`createLosantClient({ auth: deviceCredentials({ deviceId, key, secret }) })`.',
        '',
        '@param credentials - what `auth.authenticateDevice` takes (`deviceId`, `key`, `secret`, optionally `tokenTTL`, `requestedScopes`)',
        '@param options - `refreshMargin`: renew a JWT this many milliseconds before its `exp` (default 60 000)',
      ]
    : [
        'Authenticate as a user with email and password (and `twoFactorCode` when the account has two-factor',
        'authentication) through `auth.authenticateUser`, renewing the token when it is rejected or about to',
        'expire: `createLosantClient({ auth: userCredentials({ email, password }) })`.',
        '',
        '@param credentials - what `auth.authenticateUser` takes (`email`, `password`, optionally `twoFactorCode`, `tokenTTL`, `requestedScopes`)',
        '@param options - `refreshMargin`: renew a JWT this many milliseconds before its `exp` (default 60 000)',
      ];
  const strategy = call(id('credentialsStrategy'), [
    {
      k: 'obj',
      expanded: true,
      props: [
        { k: 'prop', key: { id: 'name' }, value: str(jsString(`${who}Credentials`)) },
        { k: 'prop', key: { id: 'route' }, value: member(member(id('Auth'), 'routes'), action) },
        {
          k: 'prop',
          key: { id: 'params' },
          value: {
            k: 'obj',
            props: [{ k: 'prop', key: { id: 'credentials' }, value: id('credentials'), shorthand: true }],
          },
        },
        { k: 'prop', key: { id: 'refreshMargin' }, value: member(id('options'), 'refreshMargin') },
      ],
    },
  ]);
  return [
    p.comment(doc),
    [
      'export ',
      p.signature(
        `function ${who}Credentials`,
        [
          {
            name: 'credentials',
            type: indexed(
              ref(device ? 'AuthAuthenticateDeviceParams' : 'AuthAuthenticateUserParams'),
              lit("'credentials'"),
            ),
          },
          { name: 'options', type: ref('StrategyOptions'), default: { k: 'obj', props: [] } },
        ],
        ref('AuthStrategy'),
      ),
      ' ',
      block([['return ', p.expr(strategy), ';']]),
    ],
  ];
}

/** `@losant-sdk/sdk/compat`: losant-rest's client over the SDK. */
export function umbrellaCompatSource(header: string, versionLiteral: string): Source {
  const p = new TsPrinter();
  return source(p, [
    header,
    "// `@losant-sdk/sdk/compat`: Losant's own JavaScript client (`losant-rest`) as a drop-in, over the SDK.",
    "import { adaptLosantRest, type CompatApi, type CompatOptions } from '@losant-sdk/core/compat';",
    "import { createLosantClient, type LosantApi } from './index.js';",
    BLANK,
    p.importDecl(
      [
        'asLosantRestError',
        'CompatEventSource',
        'type CompatAction',
        'type CompatOptionalAction',
        'type CompatApi',
        'type CompatCallback',
        'type CompatClientMethods',
        'type CompatOptions',
        'type CompatRequest',
        'type CompatResource',
        'type CompatResult',
      ],
      jsString('@losant-sdk/core/compat'),
      { exported: true },
    ),
    p.importDecl(
      [
        'LosantAbortError',
        'LosantApiError',
        'LosantError',
        'LosantNetworkError',
        'LosantTimeoutError',
        'LosantValidationError',
      ],
      jsString('@losant-sdk/core'),
      { exported: true },
    ),
    BLANK,
    p.comment('The API version the SDK was generated from: raw requests send `Accept-Version: ^<it>` by default.'),
    p.constDecl('API_VERSION', str(versionLiteral)),
    BLANK,
    p.comment("What `createClient` returns: losant-rest's client, every resource and action keyed as there."),
    p.typeAlias('LosantRestClient', ref('CompatApi', [ref('LosantApi')]), { exported: true }),
    BLANK,
    p.comment([
      "A client that behaves as `losant-rest`'s does: `createClient({ accessToken, url, acceptVersion,",
      "timeout })`, `setOption`/`getOption`, raw `request()`, errors with the server's `message`,",
      '`statusCode`, `type`, and parameters passed through for the server to decide. Every method',
      'works detached from the client.',
    ]),
    [
      'export ',
      p.signature(
        'function createClient',
        [{ name: 'options', optional: true, type: ref('CompatOptions') }],
        ref('LosantRestClient'),
      ),
      ' ',
      block([
        [
          'return ',
          p.expr(call(id('adaptLosantRest'), [id('createLosantClient'), id('options'), id('API_VERSION')])),
          ';',
        ],
      ]),
    ],
    BLANK,
    'export default { createClient };',
  ]);
}

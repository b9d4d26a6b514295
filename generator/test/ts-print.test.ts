/**
 * The TypeScript printer (emit/ts-print.ts): each construct emit writes, given a tree, prints what
 * prettier prints for the same code (its flat print), at the widths where each of its layouts is
 * chosen; and whatever prettier might measure or rewrite otherwise marks the print inexact.
 */
import { format } from 'prettier';
import { describe, expect, it } from 'vitest';
import type { Doc } from '../src/emit/doc.js';
import { PRETTIER_OPTIONS } from '../src/emit/workers.js';
import { jsString } from '../src/emit/safe.js';
import {
  block,
  call,
  id,
  indexed,
  inter,
  kw,
  layout,
  lit,
  member,
  printString,
  ref,
  str,
  TsPrinter,
  union,
  type Expr,
  type Type,
} from '../src/emit/ts-print.js';

const prettier = async (code: string) =>
  (await format(`${code}\n`, { ...PRETTIER_OPTIONS, parser: 'typescript' })).replace(/\n$/, '');

/** The print of a statement built by `build`, checked against prettier's print of the same code. */
async function printed(build: (p: TsPrinter) => Doc): Promise<{ text: string; exact: boolean }> {
  const p = new TsPrinter();
  const { text, flat } = layout(build(p));
  expect(text, flat()).toBe(await prettier(flat()));
  return { text, exact: p.exact };
}

const x = (n: number) => 'x'.repeat(n);
const op = (id: string) => indexed(ref('operations'), lit(jsString(id)));
const at = (t: Type, ...keys: string[]) => keys.reduce((acc, k) => indexed(acc, lit(jsString(k))), t);

describe('string literals and keys', () => {
  it.each([
    ['plain', 'a.b', "'a.b'"],
    ['a single quote: double quotes', "it's", `"it's"`],
    ['double quotes: single quotes, unescaped', 'say "x"', `'say "x"'`],
    ['more double quotes than single', `it's "x"`, `'it\\'s "x"'`],
    ['escapes kept as written', 'a\\b\n\t<\u2028', `'a\\\\b\\n\\t\\u003c\\u2028'`],
  ])('%s', async (_, text, want) => {
    const raw = jsString(text);
    expect(printString(raw)).toBe(want);
    expect(await prettier(`x(${raw});`)).toBe(`x(${want});`);
  });

  it('keys: an identifier as is, a quoted key single-quoted, `__proto__` computed', async () => {
    const { text } = await printed((p) =>
      p.constDecl('o', {
        k: 'obj',
        props: [
          { k: 'prop', key: { id: 'a' }, value: str('"1"') },
          { k: 'prop', key: { str: '"b-c"' }, value: str('"2"') },
          { k: 'prop', key: { computed: '"__proto__"' }, value: str('"3"') },
        ],
      }),
    );
    expect(text).toBe("const o = { a: '1', 'b-c': '2', ['__proto__']: '3' };");
  });

  it('text prettier measures otherwise (not printable ASCII) makes the print inexact', async () => {
    for (const value of ['café', 'a\u0301', '日本']) {
      const p = new TsPrinter();
      p.expr(str(jsString(value)));
      expect(p.exact, value).toBe(false);
    }
    const p = new TsPrinter();
    p.expr(str(jsString('plain')));
    expect(p.exact).toBe(true);
  });

  it('numbers prettier would rewrite, and arrays of numbers (which it fills), make the print inexact', () => {
    const exact = (e: Expr) => {
      const p = new TsPrinter();
      p.expr(e);
      return p.exact;
    };
    expect(exact({ k: 'num', raw: '12.5' })).toBe(true);
    expect(exact({ k: 'num', raw: '-3' })).toBe(true);
    expect(exact({ k: 'num', raw: '1e+21' })).toBe(false);
    expect(
      exact({
        k: 'arr',
        items: [
          { k: 'num', raw: '1' },
          { k: 'num', raw: '2' },
        ],
      }),
    ).toBe(false);
    expect(exact({ k: 'arr', items: [{ k: 'num', raw: '1' }] })).toBe(true);
  });
});

describe('each construct, on one line and broken', () => {
  it('an import: one specifier never breaks, several break one a line', async () => {
    expect((await printed((p) => p.importDecl(['A', 'type B'], '"m"'))).text).toBe("import { A, type B } from 'm';");
    const names = Array.from({ length: 12 }, (_, i) => `Name${x(5)}${i}`);
    expect((await printed((p) => p.importDecl(names, '"m"'))).text).toBe(
      `import {\n${names.map((n) => `  ${n},`).join('\n')}\n} from 'm';`,
    );
    expect((await printed((p) => p.importDecl([`A${x(130)}`], '"m"'))).text).toBe(`import { A${x(130)} } from 'm';`);
  });

  it('a type alias: breaks after `=` when its right side cannot break', async () => {
    const model = (n: number) => (p: TsPrinter) =>
      p.typeAlias(`M${x(n)}`, at(ref('components'), 'schemas', `s${x(n)}`), { exported: true });
    expect((await printed(model(10))).text).toBe(`export type M${x(10)} = components['schemas']['s${x(10)}'];`);
    expect((await printed(model(50))).text).toBe(`export type M${x(50)} =\n  components['schemas']['s${x(50)}'];`);
  });

  it('a union: one member a line after `| `, first moving to the next line whole where it annotates', async () => {
    const scopes = (n: number) => (p: TsPrinter) =>
      p.typeAlias('Scopes', union(Array.from({ length: n }, (_, i) => lit(jsString(`scope.${i}`)))), {
        exported: true,
      });
    expect((await printed(scopes(3))).text).toBe("export type Scopes = 'scope.0' | 'scope.1' | 'scope.2';");
    expect((await printed(scopes(12))).text).toBe(
      `export type Scopes =\n${Array.from({ length: 12 }, (_, i) => `  | 'scope.${i}'`).join('\n')};`,
    );
    const member = (n: number) => (p: TsPrinter) =>
      p.typeAlias('P', {
        k: 'typelit',
        members: [
          {
            comment: `doc ${x(n)}`,
            key: { id: 'query' },
            optional: true,
            type: union([
              at(ref('NonNullable', [at(op('a.b'), 'requestBody')]), 'content', 'application/json'),
              kw('undefined'),
            ]),
          },
        ],
      });
    expect((await printed(member(1))).text).toBe(
      `type P = {\n  /** doc x */ query?: NonNullable<operations['a.b']['requestBody']>['content']['application/json'] | undefined;\n};`,
    );
    expect((await printed(member(60))).text).toBe(
      `type P = {\n  /** doc ${x(60)} */ query?:\n    NonNullable<operations['a.b']['requestBody']>['content']['application/json'] | undefined;\n};`,
    );
  });

  it('an intersection: a type literal stays on the line of its neighbours, others break after ` &`', async () => {
    const params = (n: number) => (p: TsPrinter) =>
      p.typeAlias(
        'Params',
        inter([
          ref('AcceptUndefined', [
            inter([
              at(op(`device.get${x(n)}`), 'parameters', 'path'),
              ref('NonNullable', [at(op('device.get'), 'parameters', 'query')]),
            ]),
          ]),
          {
            k: 'typelit',
            members: [
              {
                comment: 'The device',
                key: { id: 'device' },
                type: at(ref('NonNullable', [at(op('device.patch'), 'requestBody')]), 'content', 'application/json'),
              },
            ],
          },
          ref('CommonParams'),
        ]),
        { exported: true },
      );
    expect((await printed(params(40))).text).toBe(
      [
        'export type Params = AcceptUndefined<',
        `  operations['device.get${x(40)}']['parameters']['path'] &`,
        "    NonNullable<operations['device.get']['parameters']['query']>",
        '> & {',
        "  /** The device */ device: NonNullable<operations['device.patch']['requestBody']>['content']['application/json'];",
        '} & CommonParams;',
      ].join('\n'),
    );
  });

  it('an object: on one line when it fits, else one property a line; an expanded one always broken', async () => {
    const route =
      (n: number, expanded = false) =>
      (p: TsPrinter) =>
        p.constDecl(
          'route',
          {
            k: 'obj',
            expanded,
            props: [
              { k: 'prop', key: { id: 'id' }, value: str(jsString('a.get')) },
              { k: 'prop', key: { id: `patterns${x(n)}` }, value: str(jsString(`^[a-f\\d]{24}$${x(n)}`)) },
              { k: 'prop', key: { id: 'required' }, value: { k: 'arr', items: [str('"id"')] } },
              { k: 'prop', key: { id: 'version' }, value: id('API_VERSION') },
            ],
          },
          { type: ref('Route') },
        );
    expect((await printed(route(2))).text).toBe(
      "const route: Route = { id: 'a.get', patternsxx: '^[a-f\\\\d]{24}$xx', required: ['id'], version: API_VERSION };",
    );
    expect((await printed(route(2, true))).text).toBe(
      "const route: Route = {\n  id: 'a.get',\n  patternsxx: '^[a-f\\\\d]{24}$xx',\n  required: ['id'],\n  version: API_VERSION,\n};",
    );
    // A long string breaks after its key's colon, unless the key is short.
    expect((await printed(route(110))).text).toContain(`  patterns${x(110)}:\n    '^[a-f`);
  });

  it('a call: its one object argument hugged, several arguments broken one a line', async () => {
    const example = (n: number) => (p: TsPrinter) =>
      p.constDecl('result', {
        k: 'await',
        arg: call(member(member(id('api'), 'devices'), 'get'), [
          {
            k: 'obj',
            props: [
              { k: 'prop', key: { id: 'applicationId' }, value: str(jsString(x(n))) },
              { k: 'prop', key: { id: 'flag' }, value: { k: 'bool', value: true } },
            ],
          },
        ]),
      });
    expect((await printed(example(10))).text).toBe(
      `const result = await api.devices.get({ applicationId: '${x(10)}', flag: true });`,
    );
    expect((await printed(example(90))).text).toBe(
      `const result = await api.devices.get({\n  applicationId: '${x(90)}',\n  flag: true,\n});`,
    );
    const stream = (p: TsPrinter) => [
      'return ',
      p.expr(
        call(
          id('openStream'),
          [
            member({ k: 'this' }, '#client'),
            id(`route${x(40)}`),
            id('params'),
            { k: 'arr', items: [str('"a"')] },
            id('options'),
          ],
          [inter([ref('T.Events'), ref('GapEvents')])],
        ),
      ),
      ';',
    ];
    expect((await printed(stream)).text).toBe(
      `return openStream<T.Events & GapEvents>(\n  this.#client,\n  route${x(40)},\n  params,\n  ['a'],\n  options,\n);`,
    );
  });

  it('a method: parameters one a line when the signature is long; an arrow body on the next line when long', async () => {
    const iterate = (n: number) => (p: TsPrinter) => [
      'class A ',
      block([
        [
          p.signature(
            `iterate${x(n)}`,
            [
              { name: 'params', optional: true, type: ref('Omit', [ref(`T.P${x(n)}`), lit("'page'")]) },
              { name: 'options', optional: true, type: inter([ref('RequestOptions'), ref('PaginateOptions')]) },
            ],
            ref('Paginator', [ref('PageItem', [ref(`T.R${x(n)}`)]), ref(`T.R${x(n)}`)]),
          ),
          ' ',
          block([
            [
              'return ',
              p.expr(
                call(id('paginate'), [
                  {
                    k: 'arrow',
                    params: [{ name: 'page' }],
                    body: call(member({ k: 'this' }, `get${x(n)}`), [
                      {
                        k: 'as',
                        expr: {
                          k: 'obj',
                          props: [
                            { k: 'spread', arg: id('params') },
                            { k: 'prop', key: { id: 'page' }, value: call(id('String'), [id('page')]) },
                          ],
                        },
                        type: ref(`T.P${x(n)}`),
                      },
                      id('options'),
                    ]),
                  },
                  id('options'),
                ]),
              ),
              ';',
            ],
          ]),
        ],
      ]),
    ];
    expect((await printed(iterate(2))).text).toBe(
      [
        'class A {',
        '  iteratexx(',
        "    params?: Omit<T.Pxx, 'page'>,",
        '    options?: RequestOptions & PaginateOptions,',
        '  ): Paginator<PageItem<T.Rxx>, T.Rxx> {',
        '    return paginate((page) => this.getxx({ ...params, page: String(page) } as T.Pxx, options), options);',
        '  }',
        '}',
      ].join('\n'),
    );
    const long = (await printed(iterate(24))).text;
    expect(long).toContain(
      `      (page) =>\n        this.get${x(24)}({ ...params, page: String(page) } as T.P${x(24)}, options),\n`,
    );
  });
});

describe('at every width', () => {
  const lengths = Array.from({ length: 15 }, (_, i) => i * 8);

  it.each(lengths)('types, routes, signatures and calls with names %i characters longer', async (n) => {
    const name = (s: string) => `${s}${x(n)}`;
    const cases: Array<(p: TsPrinter) => Doc> = [
      (p) =>
        p.typeAlias(
          name('Params'),
          inter([
            ref('AcceptUndefined', [
              inter([
                at(op(name('a.get')), 'parameters', 'path'),
                ref('NonNullable', [at(op('a.get'), 'parameters', 'query')]),
              ]),
            ]),
            {
              k: 'typelit',
              members: [
                {
                  comment: name('The body'),
                  key: { id: 'body' },
                  optional: true,
                  type: union([at(op('a.b'), 'requestBody'), kw('undefined')]),
                },
              ],
            },
            ref('WithUploads', [at(op('a.post'), 'requestBody'), union([lit('"file"'), lit(jsString(name('other')))])]),
            ref('CommonParams'),
          ]),
          { exported: true },
        ),
      (p) =>
        p.typeAlias(name('Result'), union([ref(name('AModel')), ref('BModel'), at(op('a'), 'responses', '200')]), {
          exported: true,
        }),
      (p) =>
        p.typeAlias('Events', {
          k: 'typelit',
          members: [
            { key: { id: name('message') }, type: ref('MessageModel') },
            { key: { str: '"a-b"' }, type: ref(name('B')) },
          ],
        }),
      (p) =>
        p.constDecl(
          name('route'),
          {
            k: 'obj',
            props: [
              { k: 'prop', key: { id: 'id' }, value: str(jsString(name('a.get'))) },
              {
                k: 'prop',
                key: { id: 'params' },
                value: {
                  k: 'obj',
                  props: Array.from({ length: 1 + n / 16 }, (_, i) => ({
                    k: 'prop' as const,
                    key: { id: `p${i}` },
                    value: str('"query:json"'),
                  })),
                },
              },
              {
                k: 'prop',
                key: { id: 'enums' },
                value: {
                  k: 'obj',
                  props: [
                    {
                      k: 'prop',
                      key: { id: name('sort') },
                      value: { k: 'arr', items: [str('"asc"'), str(jsString(name('desc')))] },
                    },
                  ],
                },
              },
              { k: 'prop', key: { id: name('backfill') }, value: member(member(id('Auth'), 'routes'), name('get')) },
              { k: 'prop', key: { id: 'encodeForm' }, value: id('toFormData') },
            ],
          },
          { type: ref('Route') },
        ),
      (p) => [
        'class A ',
        block([
          [
            p.signature(
              name('get'),
              [
                { name: 'params', type: ref(name('T.P')) },
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
              ],
              union([
                ref('ApiPromise', [ref('EventStream', [ref(name('T.E'))])]),
                ref('ApiPromise', [ref('EventStream', [inter([ref('T.E'), ref('GapEvents')])])]),
              ]),
            ),
            ';',
          ],
        ]),
      ],
      (p) =>
        p.constDecl('result', {
          k: 'await',
          arg: call(member(id('api'), name('get')), [
            {
              k: 'obj',
              props: [
                {
                  k: 'prop',
                  key: { id: 'query' },
                  value: {
                    k: 'obj',
                    props: [
                      {
                        k: 'prop',
                        key: { id: name('ids') },
                        value: { k: 'arr', items: [str(jsString(name('a'))), str('"b"')] },
                      },
                      {
                        k: 'prop',
                        key: { id: 'options' },
                        value: {
                          k: 'obj',
                          props: [
                            { k: 'prop', key: { id: 'flag' }, value: { k: 'bool', value: false } },
                            { k: 'prop', key: { id: 'n' }, value: { k: 'num', raw: '-1' } },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          ]),
        }),
      (p) => [
        'const o = ',
        p.expr({
          k: 'obj',
          expanded: true,
          props: [
            {
              k: 'prop',
              key: { id: name('devices') },
              value: { k: 'call', callee: id(name('Devices')), args: [id('c')], isNew: true },
            },
            {
              k: 'getter',
              key: { str: jsString(name('old-devices')) },
              comments: ['@deprecated Renamed.'],
              body: [['return ', p.expr(member({ k: 'this' }, name('devices'))), ';']],
            },
            {
              k: 'prop',
              key: { id: 'withToken' },
              value: {
                k: 'arrow',
                params: [{ name: 'token', type: union([kw('string'), kw('undefined')]) }],
                body: call(id(name('create')), [call(member(id('c'), 'withToken'), [id('token')])]),
              },
            },
          ],
        }),
        ';',
      ],
    ];
    for (const build of cases) expect((await printed(build)).exact).toBe(true);
  });
});

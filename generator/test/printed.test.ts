/**
 * TypeScript written as prettier prints it (emit/printed.ts): each helper's lines equal prettier's
 * print of the same code written plainly, at and past the width, and every generated replay test
 * equals prettier's print of it, so skipping prettier for them can never drift from what it writes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';
import { describe, expect, it } from 'vitest';
import {
  arrowConst,
  callWithObject,
  fitsWidth,
  printedAccess,
  singleQuoted,
  typeArgCall,
} from '../src/emit/printed.js';
import { jsString } from '../src/emit/safe.js';
import { PRETTIER_OPTIONS } from '../src/emit/workers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const prettierTs = (text: string) => format(text, { ...PRETTIER_OPTIONS, parser: 'babel-ts' });
/** Code written at an indent, inside as many nested blocks as prettier needs to indent it so. */
const nested = async (indent: number, code: string) => {
  const depth = indent / 2;
  const open = Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}{\n`).join('');
  const close = Array.from({ length: depth }, (_, i) => `${'  '.repeat(depth - 1 - i)}}\n`).join('');
  return `${open}${code}\n${close}`;
};

describe('singleQuoted', () => {
  it.each<[string, string | undefined]>([
    ['auth.get', "'auth.get'"],
    ['a <b> \\ tab\t', "'a \\u003cb\\u003e \\\\ tab\\t'"],
    ["it's", undefined],
    ['say "x"', undefined],
  ])('%j', async (text, want) => {
    const quoted = singleQuoted(jsString(text));
    expect(quoted).toBe(want);
    if (quoted) expect(await prettierTs(`x(${jsString(text)});\n`)).toBe(`x(${quoted});\n`);
  });

  it('member access: quoted keys single-quoted, identifiers as they are', () => {
    expect(printedAccess('.devices')).toBe('.devices');
    expect(printedAccess(`[${jsString('a-b')}]`)).toBe("['a-b']");
    expect(printedAccess(`[${jsString("a'b")}]`)).toBeUndefined();
  });
});

describe('lines broken as prettier breaks them', () => {
  const long = (n: number) => 'x'.repeat(n);

  it.each([20, 90, 100, 104, 110, 118, 130])('arrowConst with a body of %i characters', async (n) => {
    const body = `api.${long(n)}(callParams<T.P>(entry))`;
    const printed = arrowConst(6, 'call', body);
    const code = await nested(6, `      const call = () => ${body};`);
    if (printed === undefined) expect(code.split('\n').some((l) => l.length > 120)).toBe(true);
    else expect(await prettierTs(code)).toBe(await nested(6, printed));
  });

  it.each([5, 10, 12, 13, 20, 60, 120])('callWithObject with a value of %i characters', async (n) => {
    const fields: Array<[string, string]> = [
      ['status', 'entry.response.status'],
      ['operationId', `'${long(n)}'`],
      ['body', 'responseBody(entry)'],
    ];
    const printed = callWithObject(8, 'expect(typed).toMatchObject', fields);
    const code = await nested(
      8,
      `expect(typed).toMatchObject({ ${fields.map(([k, v]) => `${k}: ${v}`).join(', ')} });`,
    );
    if (printed === undefined) expect(n).toBeGreaterThan(90);
    else expect(await prettierTs(code)).toBe(await nested(8, printed));
  });

  it.each([10, 40, 60, 70, 100, 120])('typeArgCall with a type of %i characters', async (n) => {
    const type = `import('@losant-sdk/core').EventStream<T.${long(n)}>`;
    const printed = typeArgCall(8, 'expectTypeOf(stream).toEqualTypeOf', type);
    const code = await nested(8, `        expectTypeOf(stream).toEqualTypeOf<${type}>();`);
    if (printed === undefined) expect(n).toBeGreaterThan(60);
    else expect(await prettierTs(code)).toBe(await nested(8, printed));
  });

  it('fitsWidth: comment lines may be longer', () => {
    expect(fitsWidth(`// ${long(200)}\nx;`)).toBe(true);
    expect(fitsWidth(`x(${long(200)});`)).toBe(false);
  });
});

describe('the generated replay tests', () => {
  const files = readdirSync(join(ROOT, 'packages'))
    .filter((d) => d !== 'core' && d !== 'testing' && d !== 'sdk')
    .map((d) => join(ROOT, 'packages', d, 'test', 'replay.test.ts'));

  it('are exactly what prettier prints (emit writes them without running it)', async () => {
    expect(files.length).toBeGreaterThan(40);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(await prettierTs(text), file).toBe(text);
    }
  });
});

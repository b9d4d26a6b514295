/**
 * Markdown written as prettier prints it (emit/markdown.ts): tables padded as prettier pads them,
 * the values it may rewrite told apart, and every generated README equal to prettier's print of
 * it, so skipping prettier for them can never drift from what it would write.
 */
import { format } from 'prettier';
import { describe, expect, it } from 'vitest';
import { markdownTable, plainCell } from '../src/emit/markdown.js';
import { PRETTIER_OPTIONS } from '../src/emit/workers.js';
import { built, builtPaths } from './support/built.js';

const prettierMd = (text: string) => format(text, { ...PRETTIER_OPTIONS, parser: 'markdown' });

describe('markdownTable', () => {
  it.each<[string, string[], string[][]]>([
    ['one short column (padded to 3)', ['a'], [['b'], ['c']]],
    ['a header wider than its cells', ['resource', 'method'], [['x', '`get`']]],
    [
      'cells wider than the header',
      ['type', 'schema'],
      [
        ['`ApplicationModel`', 'application'],
        ['`E`', 'error'],
      ],
    ],
    ['a header alone', ['resource', 'method', 'HTTP', 'summary'], []],
    [
      'prose with punctuation',
      ['resource', 'summary'],
      [['devices', "Returns the device's state (if any), for a given range: 1-2 days."]],
    ],
  ])('%s: what prettier prints', async (_, header, rows) => {
    const table = markdownTable(header, rows);
    expect(await prettierMd(`${table}\n`)).toBe(`${table}\n`);
  });
});

describe('plainCell', () => {
  it.each<[string, boolean]>([
    ['`get`', true],
    ["Returns the application's devices (paged)", true],
    ['`GET /applications/{applicationId}`', true],
    ['two  spaces', false],
    [' leading', false],
    ['an \\_escape', false],
    ['an &amp; entity', false],
    ['a\ttab', false],
    ['non-ASCII …', false],
    ['an odd ` backtick', false],
    ['', false],
  ])('%j: %s', (text, plain) => expect(plainCell(text)).toBe(plain));

  it('prettier keeps every plain cell as written', async () => {
    const cells = [
      "Returns the application's devices (paged)",
      '`GET /a/{b}`',
      'a, b; c: d! e? f. (g) [h] {i} #j +k -l',
    ];
    for (const cell of cells) {
      expect(plainCell(cell)).toBe(true);
      const table = markdownTable(['x'], [[cell]]);
      expect(await prettierMd(`${table}\n`)).toBe(`${table}\n`);
    }
  });
});

describe('the generated READMEs', () => {
  // Those of the suite-wide build (committed.test.ts: the committed ones are the same bytes).
  const readmes = builtPaths().filter((p) => /^packages\/[^/]+\/README\.md$/.test(p));

  it('are exactly what prettier prints (emit writes them without running it)', async () => {
    expect(readmes.length).toBeGreaterThan(40);
    for (const path of readmes) {
      const text = built(path);
      expect(await prettierMd(text), path).toBe(text);
    }
  });
});

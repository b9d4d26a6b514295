// Parsing inputs: every refusal names the file, and the line and column where the defect is.
import { describe, expect, it } from 'vitest';
import { GeneratorError } from '../src/errors.js';
import { jsonErrorOffset, parseJson, parseYaml } from '../src/inputs/parse.js';

function refusal(parse: () => unknown): GeneratorError {
  try {
    parse();
  } catch (e) {
    if (e instanceof GeneratorError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('parseYaml', () => {
  it('refuses an alias bomb, naming the line and column of the first alias that alone expands too far', () => {
    const text = [
      'a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]',
      ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
    ].join('\n');
    const e = refusal(() => parseYaml(text, 'bomb.yaml'));
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.file).toBe('bomb.yaml');
    // `f` expands to 9^6 nodes, past the limit (100 000 for a small document): its first alias is on line 7.
    expect(e.message).toMatch(/\(line 7, column (\d+)\)$/);
    const column = Number(/column (\d+)\)$/.exec(e.message)![1]);
    expect(text.split('\n')[6]!.slice(0, column)).toContain('*f');
  });

  it('refuses an alias inside its own anchor, naming where', () => {
    const e = refusal(() => parseYaml('ok: 1\nloop: &l [1, *l]\n', 'cycle.yaml'));
    expect(e.message).toMatch(/a cycle\) \(line 2, column \d+\)$/);
  });

  it('keeps aliases that expand modestly, each place with its own copy', () => {
    const value = parseYaml('a: &a { x: 1 }\nb: *a\n', 'ok.yaml') as { a: object; b: object };
    expect(value.b).toEqual({ x: 1 });
    expect(value.b).not.toBe(value.a);
  });
});

describe('parseJson', () => {
  it('names the line and column of a syntax error and of a key written twice', () => {
    expect(refusal(() => parseJson('{\n  "a": 1,\n  "a": 2\n}', 'dup.json')).message).toMatch(
      /duplicate key "a" \(line 3, column \d+\)/,
    );
    // V8 names no position for these: the generator finds it.
    expect(refusal(() => parseJson('{\n  "a": ,\n}', 'bad.json')).message).toMatch(
      /^malformed JSON \(line 2, column 8\)/,
    );
    expect(refusal(() => parseJson('[1, 2', 'short.json')).message).toMatch(/^malformed JSON \(line 1, column 6\)/);
  });

  it('finds where JSON text first goes wrong, or nothing when it is valid', () => {
    for (const valid of ['{}', ' [1, -2.5e3, "a\\u00e9\\n", true, false, null, {"k": []}] ', '"x"', '0'])
      expect(jsonErrorOffset(valid), valid).toBeUndefined();
    expect(jsonErrorOffset('{"a" 1}')).toBe(5);
    expect(jsonErrorOffset('[01]')).toBe(2);
    expect(jsonErrorOffset('"tab\tin string"')).toBe(4);
    expect(jsonErrorOffset('{"a": tru}')).toBe(9);
    expect(jsonErrorOffset('{} x')).toBe(3);
  });
});

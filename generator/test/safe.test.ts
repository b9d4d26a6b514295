/** Spec text made safe for a string literal and for a block comment (emit/safe.ts), plain text and each escape. */
import { describe, expect, it } from 'vitest';
import { codeInComment, commentText, jsString } from '../src/emit/safe.js';

describe('jsString', () => {
  it.each([
    ['plain text', 'devices.get', '"devices.get"'],
    ['quotes and backslashes', 'say "x" \\ it\'s', '"say \\"x\\" \\\\ it\'s"'],
    ['a template placeholder stays text', '${x}', '"${x}"'],
    ['angle brackets', '</script>', '"\\u003c/script\\u003e"'],
    ['line and paragraph separators', 'a\u2028b\u2029c', '"a\\u2028b\\u2029c"'],
    ['control characters', 'a\nb\tc', '"a\\nb\\tc"'],
  ])('%s', (_, text, want) => {
    expect(jsString(text)).toBe(want);
    expect(
      JSON.parse(
        jsString(text)
          .replace(/\\u003c/g, '<')
          .replace(/\\u003e/g, '>'),
      ),
    ).toBe(text);
  });
});

describe('commentText', () => {
  it.each([
    ['plain text, trimmed', '  Returns the devices  ', 'Returns the devices'],
    ['a comment terminator', 'a */ b', 'a *\\/ b'],
    ['line breaks become one space', 'a\r\n\nb\u2028c', 'a b c'],
    ['a tag at a word start', '@deprecated x and mail@example.com', '\\@deprecated x and mail@example.com'],
    ['a tag after a line break', 'x\n@param y', 'x \\@param y'],
  ])('%s', (_, text, want) => {
    expect(commentText(text)).toBe(want);
  });
});

describe('codeInComment', () => {
  it.each([
    ['plain code', 'await losant.files.get({ id: "x" });', 'await losant.files.get({ id: "x" });'],
    ['a comment terminator in a string literal', 'f({ "*/ x": 1 })', 'f({ "*\\/ x": 1 })'],
    ['a backtick, which would end a Markdown fence', 'f({ "a`b": 1 })', 'f({ "a\\u0060b": 1 })'],
  ])('%s', (_, code, want) => {
    expect(codeInComment(code)).toBe(want);
    // The same values: the escapes are in string literals.
    expect(JSON.parse(codeInComment(code).replace(/^[^"]*|[^"]*$/g, ''))).toBe(
      JSON.parse(code.replace(/^[^"]*|[^"]*$/g, '')),
    );
  });
});

/** Spec text made safe for a string literal and for a block comment (emit/safe.ts), plain text and each escape. */
import { describe, expect, it } from 'vitest';
import { commentText, jsString } from '../src/emit/safe.js';

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

/**
 * emit/doc.ts lays documents out with prettier's own printer; what it adds is a start column (where
 * a template places the code) and the flat print (infinite width). Given, want.
 */
import { describe, expect, it } from 'vitest';
import { group, hardline, ifBreak, indent, line, printDoc, softline } from '../src/emit/doc.js';

describe('printDoc', () => {
  const list = (n: number) =>
    group([
      '[',
      indent([softline, ...Array.from({ length: n }, (_, i) => [i ? [',', line] : '', `x${i}`])]),
      softline,
      ']',
    ]);

  it('lays a group out on one line when it fits the width, else breaks it', () => {
    expect(printDoc(list(3), 20)).toBe('[x0, x1, x2]');
    expect(printDoc(list(3), 10)).toBe('[\n  x0,\n  x1,\n  x2\n]');
  });

  it('starts at a column: what fits is measured from there, and broken lines are indented by as much', () => {
    expect(printDoc(group(['a', line, 'b']), 10, 4)).toBe('a b');
    expect(printDoc(group(['aaaaaa', line, 'b']), 10, 4)).toBe('aaaaaa\n    b');
    // 12 columns fit at column 0 and not at column 4.
    expect(printDoc(list(4), 18, 0)).toBe('[x0, x1, x2, x3]');
    expect(printDoc(list(4), 18, 4)).toBe('[\n      x0,\n      x1,\n      x2,\n      x3\n    ]');
  });

  it('printed at infinite width keeps only the hard breaks', () => {
    expect(printDoc([list(60), hardline, group(['a', line, 'b'], { shouldBreak: true })], Infinity)).toBe(
      `[${Array.from({ length: 60 }, (_, i) => `x${i}`).join(', ')}]\na\nb`,
    );
  });

  it('ifBreak defaults to nothing when its group stays flat', () => {
    expect(printDoc(group(['(', indent([softline, 'x']), ifBreak(','), softline, ')']), 80)).toBe('(x)');
    expect(printDoc(group(['(', indent([softline, 'x']), ifBreak(','), softline, ')']), 2)).toBe('(\n  x,\n)');
  });
});

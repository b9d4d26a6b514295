/**
 * The document printer (emit/doc.ts) lays out as prettier's own: each builder on its own (given,
 * want), then the same random documents printed by both at several widths.
 */
import { doc as prettierDoc } from 'prettier';
import { describe, expect, it } from 'vitest';
import {
  align,
  breakParent,
  conditionalGroup,
  group,
  hardline,
  ifBreak,
  indent,
  indentIfBreak,
  join,
  line,
  printDoc,
  softline,
  type Doc,
} from '../src/emit/doc.js';

const b = prettierDoc.builders;

/** The same document in prettier's builders. */
function toPrettier(d: Doc): prettierDoc.builders.Doc {
  if (typeof d === 'string') return d;
  if (Array.isArray(d)) return d.map(toPrettier);
  switch (d.kind) {
    case 'group':
      return d.states
        ? b.conditionalGroup(d.states.map(toPrettier))
        : b.group(toPrettier(d.contents), { shouldBreak: d.break, ...(d.id ? { id: d.id } : {}) });
    case 'indent':
      return d.width === 2 ? b.indent(toPrettier(d.contents)) : b.align(d.width, toPrettier(d.contents));
    case 'line':
      return d.hard ? b.hardlineWithoutBreakParent : d.soft ? b.softline : b.line;
    case 'ifBreak':
      return b.ifBreak(toPrettier(d.broken), toPrettier(d.flat), d.groupId ? { groupId: d.groupId } : {});
    case 'indentIfBreak':
      return b.indentIfBreak(toPrettier(d.contents), { groupId: d.groupId });
    case 'breakParent':
      return b.breakParent;
  }
}

const prettierPrint = (d: Doc, width: number) =>
  prettierDoc.printer.printDocToString(toPrettier(d), {
    printWidth: width,
    tabWidth: 2,
    useTabs: false,
  } as never).formatted;

describe('builders', () => {
  const list = (n: number, w: number) =>
    group([
      '[',
      indent([
        softline,
        join(
          [',', line],
          Array.from({ length: n }, (_, i) => `${i}`.padStart(w, 'x')),
        ),
      ]),
      softline,
      ']',
    ]);

  it.each<[string, Doc, number, string]>([
    ['a group that fits stays on one line', list(3, 3), 20, '[xx0, xx1, xx2]'],
    ['a group that does not fit breaks every line', list(3, 3), 10, '[\n  xx0,\n  xx1,\n  xx2\n]'],
    ['a hard line breaks the groups around it', group(['a', line, 'b', hardline, 'c']), 80, 'a\nb\nc'],
    ['trailing spaces are trimmed at a break', group(['a ', hardline, 'b']), 80, 'a\nb'],
    [
      'ifBreak: the broken content when its group breaks',
      group(['(', indent([softline, 'x']), ifBreak(','), softline, ')']),
      2,
      '(\n  x,\n)',
    ],
    ['ifBreak: the flat content when it fits', group(['(', ifBreak('broken', 'flat'), ')']), 80, '(flat)'],
    ['align indents by its width', group(['a', align(4, [line, 'b'])], { shouldBreak: true }), 80, 'a\n    b'],
    [
      'fits looks past the group to the next line break',
      [group(['a', line, 'b']), 'cccccccc', hardline, 'd'],
      10,
      'a\nbcccccccc\nd',
    ],
  ])('%s', (_, doc, width, want) => {
    expect(printDoc(doc, width)).toBe(want);
    expect(prettierPrint(doc, width)).toBe(want);
  });

  it('a group id: ifBreak and indentIfBreak follow the group they name, not their own', () => {
    const id = Symbol('g');
    const doc = (n: number) => [
      group(['x =', group(indent(line), { id })]),
      indentIfBreak(['y'.repeat(n), ifBreak('!', '.', id)], id),
    ];
    expect(printDoc(doc(3), 10)).toBe('x = yyy.');
    expect(printDoc(doc(12), 10)).toBe('x =\n  yyyyyyyyyyyy!');
  });

  it('a conditional group takes the first state that fits, else its last broken', () => {
    const states = (arg: string) =>
      conditionalGroup([
        ['f(', arg, ')'],
        ['f(', group(['{', indent([line, arg]), line, '}'], { shouldBreak: true }), ')'],
        group(['f(', indent([line, arg]), line, ')'], { shouldBreak: true }),
      ]);
    expect(printDoc(states('a'), 10)).toBe('f(a)');
    expect(printDoc(states('aaaaaaaaaa'), 10)).toBe('f({\n  aaaaaaaaaa\n})');
  });

  it('starts at a column, as where a template places it', () => {
    expect(printDoc(group(['a', line, 'b']), 10, 4)).toBe('a b');
    expect(printDoc(group(['aaaaaa', line, 'b']), 10, 4)).toBe('aaaaaa\n    b');
  });

  it('printed flat (infinite width) keeps only the hard breaks', () => {
    expect(printDoc([list(50, 10), hardline, group(['a', line, 'b'], { shouldBreak: true })], Infinity)).toBe(
      `[${Array.from({ length: 50 }, (_, i) => `${i}`.padStart(10, 'x')).join(', ')}]\na\nb`,
    );
    expect(breakParent).toEqual({ kind: 'breakParent' });
  });
});

describe('random documents', () => {
  /** A small deterministic generator (mulberry32). */
  const random = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  function randomDoc(next: () => number, depth: number, ids: symbol[]): Doc {
    const pick = Math.floor(next() * (depth > 3 ? 4 : 12));
    const word = () => 'abcdefghij'.slice(0, 1 + Math.floor(next() * 9)) + (next() < 0.2 ? ' ' : '');
    const children = () => Array.from({ length: 1 + Math.floor(next() * 4) }, () => randomDoc(next, depth + 1, ids));
    switch (pick) {
      case 0:
      case 1:
        return word();
      case 2:
        return next() < 0.15 ? hardline : next() < 0.5 ? line : softline;
      case 3:
        return [word(), line, word()];
      case 4:
      case 5: {
        const id = next() < 0.3 ? Symbol('g') : undefined;
        const g = group(children(), { shouldBreak: next() < 0.1, ...(id ? { id } : {}) });
        if (id) ids.push(id);
        return g;
      }
      case 6:
        return indent(children());
      case 7:
        return align(1 + Math.floor(next() * 3), children());
      case 8: {
        const id = ids.length && next() < 0.5 ? ids[Math.floor(next() * ids.length)] : undefined;
        return ifBreak(children(), next() < 0.5 ? children() : '', id);
      }
      case 9: {
        const id = ids[Math.floor(next() * ids.length)];
        return id ? indentIfBreak(children(), id) : children();
      }
      case 10:
        return conditionalGroup([children(), children(), children()]);
      default:
        return children();
    }
  }

  it('print as prettier prints them, at every width', () => {
    let compared = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const next = random(seed);
      const ids: symbol[] = [];
      const docs = Array.from({ length: 6 }, () => randomDoc(next, 0, ids));
      for (const width of [8, 20, 40, 80]) {
        // Each printer marks the groups of its own copy (prettier its own).
        const doc = structuredCloneDoc(docs);
        const mine = printDoc(doc, width);
        const theirs = prettierPrint(structuredCloneDoc(docs), width);
        expect(mine, `seed ${seed} width ${width}`).toBe(theirs);
        compared++;
      }
    }
    expect(compared).toBe(1600);
  });
});

/** A copy of a document (its groups are marked broken when printed), its group ids shared. */
function structuredCloneDoc(d: Doc): Doc {
  if (typeof d === 'string') return d;
  if (Array.isArray(d)) return d.map(structuredCloneDoc);
  switch (d.kind) {
    case 'group': {
      const states = d.states?.map(structuredCloneDoc);
      return { ...d, contents: states ? states[0]! : structuredCloneDoc(d.contents), states };
    }
    case 'indent':
    case 'indentIfBreak':
      return { ...d, contents: structuredCloneDoc(d.contents) };
    case 'ifBreak':
      return { ...d, broken: structuredCloneDoc(d.broken), flat: structuredCloneDoc(d.flat) };
    default:
      return d;
  }
}

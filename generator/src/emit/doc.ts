// Documents of text and possible line breaks, laid out by prettier's own document printer (its
// public `prettier/doc` module: builders, `printDocToString`): emit/ts-print.ts builds the same
// documents prettier's TypeScript printer would, and this lays them out as prettier does, without
// parsing anything. Only the names ts-print uses, with the one addition prettier has no option for:
// a start column (where a template places the code).
import { builders, printer, utils } from 'prettier/doc';

export type Doc = builders.Doc;

export const { line, softline, hardline, breakParent, group, conditionalGroup, indent, align, join } = builders;
export const { willBreak, canBreak } = utils;

export function ifBreak(broken: Doc, flat: Doc = '', groupId?: symbol): Doc {
  return builders.ifBreak(broken, flat, groupId ? { groupId } : {});
}

export function indentIfBreak(contents: Doc, groupId: symbol): Doc {
  return builders.indentIfBreak(contents, { groupId });
}

/**
 * The document laid out in `width` columns, starting at column `startColumn` of a line indented by
 * as much. `Infinity` prints every group that may stay flat on one line.
 */
export function printDoc(doc: Doc, width: number, startColumn = 0): string {
  const lead = ' '.repeat(startColumn);
  const { formatted } = printer.printDocToString(startColumn ? [lead, align(startColumn, doc)] : doc, {
    printWidth: width,
    tabWidth: 2,
    useTabs: false,
  } as Parameters<typeof printer.printDocToString>[1]);
  return startColumn ? formatted.slice(startColumn) : formatted;
}

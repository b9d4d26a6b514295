// A document of text and possible line breaks, laid out the way prettier lays out its own (the
// algorithm of Wadler's "prettier printer" as prettier implements it): a group is printed on one
// line when it fits in what is left of the width, else its lines break; `fits` looks past the group
// to the next line break the rest of the document will make. Only what the generated TypeScript
// needs: no fill, no line suffixes, no alignment. emit/ts-print.ts builds these; test/doc.test.ts
// checks the layout against prettier's own printer.

export type Doc = string | Doc[] | Group | Indent | Line | IfBreak | IndentIfBreak | BreakParent;

export interface Group {
  readonly kind: 'group';
  readonly contents: Doc;
  /** Broken whatever its width (set for a group holding a hard line, see `propagateBreaks`). */
  break: boolean;
  readonly id?: symbol | undefined;
  /** Layouts tried in order (prettier's conditionalGroup): the first that fits flat, else the last, broken. */
  readonly states?: Doc[] | undefined;
}
interface Indent {
  readonly kind: 'indent';
  readonly contents: Doc;
  /** Columns added: 2 (an indentation level) or what an alignment asks for. */
  readonly width: number;
}
interface Line {
  readonly kind: 'line';
  readonly soft: boolean;
  readonly hard: boolean;
}
interface IfBreak {
  readonly kind: 'ifBreak';
  readonly broken: Doc;
  readonly flat: Doc;
  readonly groupId?: symbol | undefined;
}
interface IndentIfBreak {
  readonly kind: 'indentIfBreak';
  readonly contents: Doc;
  readonly groupId: symbol;
}
interface BreakParent {
  readonly kind: 'breakParent';
}

export const line: Doc = { kind: 'line', soft: false, hard: false };
export const softline: Doc = { kind: 'line', soft: true, hard: false };
/** Breaks the group around it (and so every group around that). */
export const breakParent: Doc = { kind: 'breakParent' };
export const hardline: Doc = [{ kind: 'line', soft: false, hard: true }, breakParent];

export function group(contents: Doc, o: { shouldBreak?: boolean; id?: symbol } = {}): Group {
  return { kind: 'group', contents, break: o.shouldBreak === true, id: o.id };
}

/** prettier's conditionalGroup: the first state that fits on the line, else the last one broken. */
export function conditionalGroup(states: Doc[]): Group {
  return { kind: 'group', contents: states[0]!, break: false, states };
}

export function indent(contents: Doc): Doc {
  return { kind: 'indent', contents, width: 2 };
}

/** Contents indented by `width` more columns when they break (prettier's align). */
export function align(width: number, contents: Doc): Doc {
  return { kind: 'indent', contents, width };
}

export function ifBreak(broken: Doc, flat: Doc = '', groupId?: symbol): Doc {
  return { kind: 'ifBreak', broken, flat, groupId };
}

export function indentIfBreak(contents: Doc, groupId: symbol): Doc {
  return { kind: 'indentIfBreak', contents, groupId };
}

export function join(separator: Doc, docs: Doc[]): Doc[] {
  return docs.flatMap((d, i) => (i === 0 ? [d] : [separator, d]));
}

/** Whether a document holds a forced break (prettier's willBreak). */
export function willBreak(doc: Doc): boolean {
  if (typeof doc === 'string') return false;
  if (Array.isArray(doc)) return doc.some(willBreak);
  switch (doc.kind) {
    case 'group':
      return doc.break || willBreak(doc.contents);
    case 'line':
      return doc.hard;
    case 'breakParent':
      return true;
    case 'indent':
    case 'indentIfBreak':
      return willBreak(doc.contents);
    case 'ifBreak':
      return willBreak(doc.broken) || willBreak(doc.flat);
  }
}

/** Whether a document has any line that may break (prettier's canBreak). */
export function canBreak(doc: Doc): boolean {
  if (typeof doc === 'string') return false;
  if (Array.isArray(doc)) return doc.some(canBreak);
  switch (doc.kind) {
    case 'line':
      return true;
    case 'breakParent':
      return false;
    case 'group':
      return canBreak(doc.contents) || (doc.states ?? []).some(canBreak);
    case 'indent':
    case 'indentIfBreak':
      return canBreak(doc.contents);
    case 'ifBreak':
      return canBreak(doc.broken) || canBreak(doc.flat);
  }
}

/**
 * A group holding a hard line breaks, and so does every group around it (a group holding a broken
 * group breaks too); a conditional group is left to choose, as prettier does.
 */
function propagateBreaks(doc: Doc, seen: Set<Group>): boolean {
  if (typeof doc === 'string') return false;
  if (Array.isArray(doc)) {
    let any = false;
    for (const d of doc) if (propagateBreaks(d, seen)) any = true;
    return any;
  }
  switch (doc.kind) {
    case 'breakParent':
      return true;
    case 'line':
      return false;
    case 'indent':
    case 'indentIfBreak':
      return propagateBreaks(doc.contents, seen);
    case 'ifBreak': {
      const broken = propagateBreaks(doc.broken, seen);
      return propagateBreaks(doc.flat, seen) || broken;
    }
    case 'group': {
      if (seen.has(doc)) return doc.break;
      seen.add(doc);
      let inner = false;
      for (const state of doc.states ?? [doc.contents]) if (propagateBreaks(state, seen)) inner = true;
      if (inner && !doc.states) doc.break = true;
      return doc.break;
    }
  }
}

const FLAT = 0;
const BREAK = 1;
type Mode = typeof FLAT | typeof BREAK;
interface Command {
  indent: number;
  mode: Mode;
  doc: Doc;
}

/**
 * Whether `next` fits in `width` columns, followed by the commands still to print up to their first
 * line break (as prettier measures: the rest in the mode it will print in, a group there flat unless
 * broken, trailing spaces not counted).
 */
function fits(next: Command, rest: Command[], width: number, modes: Map<symbol, Mode>, mustBeFlat = false): boolean {
  let restIndex = rest.length;
  const stack: Array<{ mode: Mode; doc: Doc }> = [next];
  let pendingSpace = false;
  while (width >= 0) {
    if (stack.length === 0) {
      if (restIndex === 0) return true;
      stack.push(rest[--restIndex]!);
      continue;
    }
    const { mode, doc } = stack.pop()!;
    if (typeof doc === 'string') {
      if (doc) {
        if (pendingSpace) {
          width -= 1;
          pendingSpace = false;
        }
        width -= doc.length;
      }
      continue;
    }
    if (Array.isArray(doc)) {
      for (let i = doc.length - 1; i >= 0; i--) stack.push({ mode, doc: doc[i]! });
      continue;
    }
    switch (doc.kind) {
      case 'indent':
      case 'indentIfBreak':
        stack.push({ mode, doc: doc.contents });
        break;
      case 'group': {
        if (mustBeFlat && doc.break) return false;
        const groupMode = doc.break ? BREAK : mode;
        stack.push({ mode: groupMode, doc: doc.states && groupMode === BREAK ? doc.states.at(-1)! : doc.contents });
        break;
      }
      case 'ifBreak': {
        const groupMode = doc.groupId ? (modes.get(doc.groupId) ?? FLAT) : mode;
        const contents = groupMode === BREAK ? doc.broken : doc.flat;
        if (contents) stack.push({ mode, doc: contents });
        break;
      }
      case 'line':
        if (mode === BREAK || doc.hard) return true;
        if (!doc.soft) pendingSpace = true;
        break;
      case 'breakParent':
        break;
    }
  }
  return false;
}

/**
 * The document laid out in `width` columns, starting at column `startColumn` of a line indented by
 * as much (where a template places it). `Infinity` prints every group that may stay flat on one line.
 */
export function printDoc(doc: Doc, width: number, startColumn = 0): string {
  propagateBreaks(doc, new Set());
  const modes = new Map<symbol, Mode>();
  const commands: Command[] = [{ indent: startColumn, mode: BREAK, doc }];
  const lines: string[] = [];
  let current = '';
  let position = startColumn;
  let remeasure = false;
  while (commands.length > 0) {
    const { indent: ind, mode, doc: d } = commands.pop()!;
    if (typeof d === 'string') {
      current += d;
      position += d.length;
      continue;
    }
    if (Array.isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) commands.push({ indent: ind, mode, doc: d[i]! });
      continue;
    }
    switch (d.kind) {
      case 'indent':
        commands.push({ indent: ind + d.width, mode, doc: d.contents });
        break;
      case 'group': {
        let chosen: Command;
        if (mode === FLAT && !remeasure) chosen = { indent: ind, mode: d.break ? BREAK : FLAT, doc: d.contents };
        else {
          remeasure = false;
          const flat: Command = { indent: ind, mode: FLAT, doc: d.contents };
          const rem = width - position;
          if (!d.break && (rem === Infinity || fits(flat, commands, rem, modes))) chosen = flat;
          else if (!d.states) chosen = { indent: ind, mode: BREAK, doc: d.contents };
          else {
            chosen = { indent: ind, mode: BREAK, doc: d.states.at(-1)! };
            if (!d.break)
              for (const state of d.states.slice(1, -1)) {
                const attempt: Command = { indent: ind, mode: FLAT, doc: state };
                if (fits(attempt, commands, rem, modes)) {
                  chosen = attempt;
                  break;
                }
              }
          }
        }
        commands.push(chosen);
        if (d.id) modes.set(d.id, chosen.mode);
        break;
      }
      case 'ifBreak':
      case 'indentIfBreak': {
        const groupMode = d.groupId ? modes.get(d.groupId) : mode;
        if (d.kind === 'ifBreak') {
          const contents = groupMode === BREAK ? d.broken : groupMode === FLAT ? d.flat : '';
          if (contents) commands.push({ indent: ind, mode, doc: contents });
        } else if (groupMode === BREAK) commands.push({ indent: ind + 2, mode, doc: d.contents });
        else if (groupMode === FLAT) commands.push({ indent: ind, mode, doc: d.contents });
        break;
      }
      case 'line':
        if (mode === FLAT && !d.hard) {
          if (!d.soft) {
            current += ' ';
            position += 1;
          }
          break;
        }
        if (mode === FLAT) remeasure = true;
        // Trailing spaces are trimmed, an indented blank line included.
        lines.push(current.replace(/[\t ]+$/, ''));
        current = ' '.repeat(ind);
        position = ind;
        break;
      case 'breakParent':
        break;
    }
  }
  lines.push(current);
  return lines.join('\n');
}

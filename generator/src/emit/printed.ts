// TypeScript written as prettier prints it (printWidth 120, single quotes, trailing commas), for
// the generated files regular enough to need no prettier run: a replay test is one shape repeated
// per action. Each helper says `undefined` where it cannot be sure, and the file is then given to
// prettier as before. test/printed.test.ts checks them against prettier itself.
import { PRETTIER_OPTIONS } from './workers.js';

const WIDTH = PRETTIER_OPTIONS.printWidth;

/**
 * A string literal as prettier prints it, from `jsString`'s double-quoted form: single-quoted when
 * the text has no quote of either kind (every other escape prettier keeps as written); otherwise
 * `undefined`.
 */
export function singleQuoted(literal: string): string | undefined {
  const inner = literal.slice(1, -1);
  return literal.startsWith('"') && literal.endsWith('"') && !/["'\\]/.test(inner.replace(/\\[\\bfnrtu]/g, ''))
    ? `'${inner}'`
    : undefined;
}

/** `["na-me"]` member access (see `memberAccess`) with its literal single-quoted; `.name` as is. */
export function printedAccess(access: string): string | undefined {
  if (!access.startsWith('[')) return access;
  const quoted = singleQuoted(access.slice(1, -1));
  return quoted && `[${quoted}]`;
}

/** Whether every line fits prettier's print width (comment lines aside: prettier never wraps those). */
export function fitsWidth(text: string): boolean {
  return text.split('\n').every((line) => line.length <= WIDTH || line.trimStart().startsWith('//'));
}

/**
 * `const name = () => body;` at an indent, as prettier breaks it: on one line when it fits, else
 * the body on the next line indented two more; `undefined` when even that does not fit.
 */
export function arrowConst(indent: number, name: string, body: string): string | undefined {
  const pad = ' '.repeat(indent);
  const one = `${pad}const ${name} = () => ${body};`;
  if (one.length <= WIDTH) return one;
  const next = `${pad}  ${body};`;
  return next.length <= WIDTH ? `${pad}const ${name} = () =>\n${next}` : undefined;
}

/**
 * `callee({ k: v, … });` at an indent, as prettier prints a call whose one argument is an object
 * literal written on one line: on one line when it fits, else the object expanded one key a line
 * with a trailing comma; `undefined` when a key does not fit its line.
 */
export function callWithObject(indent: number, callee: string, entries: Array<[string, string]>): string | undefined {
  const pad = ' '.repeat(indent);
  const one = `${pad}${callee}({ ${entries.map(([k, v]) => `${k}: ${v}`).join(', ')} });`;
  if (one.length <= WIDTH) return one;
  const lines = [`${pad}${callee}({`, ...entries.map(([k, v]) => `${pad}  ${k}: ${v},`), `${pad}});`];
  return fitsWidth(lines.join('\n')) ? lines.join('\n') : undefined;
}

/**
 * `callee<TypeArg>();` at an indent, as prettier breaks it: on one line when it fits, else the type
 * argument on a line of its own indented two more; `undefined` when even that does not fit.
 */
export function typeArgCall(indent: number, callee: string, typeArg: string): string | undefined {
  const pad = ' '.repeat(indent);
  const one = `${pad}${callee}<${typeArg}>();`;
  if (one.length <= WIDTH) return one;
  const inner = `${pad}  ${typeArg}`;
  return inner.length <= WIDTH ? `${pad}${callee}<\n${inner}\n${pad}>();` : undefined;
}

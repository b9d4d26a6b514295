// The TypeScript the generator writes, printed as prettier prints it (printWidth 120, single quotes,
// trailing commas): a small syntax tree of the expressions and types the emitted files use, laid
// out by the rules prettier's printer applies to each of them (assignment layouts, hugged last
// arguments, union and intersection breaking, …), through emit/doc.ts. It covers only what emit
// writes; a value it cannot measure as prettier does (text outside printable ASCII, a number not
// in plain decimal, an array of numbers) marks the print inexact, and the file then goes to
// prettier itself. test/ts-print.test.ts compares every construct with prettier.
import {
  align,
  breakParent,
  canBreak,
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
  willBreak,
  type Doc,
} from './doc.js';
import { PRETTIER_OPTIONS } from './workers.js';

/** prettier's width; its `singleQuote` and `trailingComma: 'all'` are written into the printers below. */
export const PRINT_WIDTH = PRETTIER_OPTIONS.printWidth;

/** An object key or class member name: an identifier, a string literal (as `jsString` writes it), or a computed string. */
export type Key = { id: string } | { str: string } | { computed: string };

export type Expr =
  | { k: 'id'; name: string }
  | { k: 'this' }
  | { k: 'str'; raw: string }
  | { k: 'num'; raw: string }
  | { k: 'bool'; value: boolean }
  | { k: 'null' }
  | { k: 'obj'; props: Prop[]; expanded?: boolean }
  | { k: 'arr'; items: Expr[] }
  | { k: 'member'; object: Expr; name: string }
  | { k: 'index'; object: Expr; raw: string }
  | { k: 'call'; callee: Expr; args: Expr[]; typeArgs?: Type[]; isNew?: boolean }
  | { k: 'arrow'; params: Param[]; body: Expr }
  | { k: 'as'; expr: Expr; type: Type }
  | { k: 'spread'; arg: Expr }
  | { k: 'await'; arg: Expr };

export type Prop =
  | { k: 'prop'; key: Key; value: Expr; comments?: string[] | undefined; shorthand?: boolean }
  | { k: 'spread'; arg: Expr }
  | { k: 'getter'; key: Key; body: Doc[]; comments?: string[] | undefined };

export type Type =
  | { k: 'ref'; name: string; args?: Type[] }
  | { k: 'kw'; name: string }
  | { k: 'lit'; raw: string }
  | { k: 'indexed'; object: Type; index: Type }
  | { k: 'union'; types: Type[] }
  | { k: 'inter'; types: Type[] }
  | { k: 'typeof'; name: string }
  | { k: 'typelit'; members: TypeMember[] };

export interface TypeMember {
  key: Key;
  optional?: boolean;
  type: Type;
  /** A one-line block comment printed before the member, on its line (`/** … *\/ name: T`). */
  comment?: string;
}

export interface Param {
  name: string;
  optional?: boolean;
  type?: Type;
  default?: Expr;
}

// Shorthands for building trees.
export const id = (name: string): Expr => ({ k: 'id', name });
export const str = (raw: string): Expr => ({ k: 'str', raw });
export const ref = (name: string, args?: Type[]): Type => (args ? { k: 'ref', name, args } : { k: 'ref', name });
export const kw = (name: string): Type => ({ k: 'kw', name });
export const lit = (raw: string): Type => ({ k: 'lit', raw });
export const indexed = (object: Type, index: Type): Type => ({ k: 'indexed', object, index });
export const union = (types: Type[]): Type => (types.length === 1 ? types[0]! : { k: 'union', types });
export const inter = (types: Type[]): Type => (types.length === 1 ? types[0]! : { k: 'inter', types });
export const member = (object: Expr, name: string): Expr => ({ k: 'member', object, name });
export const call = (callee: Expr, args: Expr[], typeArgs?: Type[]): Expr =>
  typeArgs ? { k: 'call', callee, args, typeArgs } : { k: 'call', callee, args };

/** A key as `memberName`/`valueKey` write it: an identifier, `"quoted"`, or `["computed"]`. */
export function keyOf(written: string): Key {
  if (written.startsWith('"')) return { str: written };
  if (written.startsWith('[')) return { computed: written.slice(1, -1) };
  return { id: written };
}

/** `.name` or `["na-me"]` as `memberAccess` writes it, on an object. */
export function access(object: Expr, written: string): Expr {
  return written.startsWith('[') ? { k: 'index', object, raw: written.slice(1, -1) } : member(object, written.slice(1));
}

/** A JSON value as a literal, every string as `jsString` writes it. */
export function jsonExpr(value: unknown, key: (name: string) => string, quote: (text: string) => string): Expr {
  if (value === null) return { k: 'null' };
  if (Array.isArray(value)) return { k: 'arr', items: value.map((v) => jsonExpr(v, key, quote)) };
  if (typeof value === 'object')
    return {
      k: 'obj',
      props: Object.entries(value).map(([name, v]) => ({
        k: 'prop' as const,
        key: keyOf(key(name)),
        value: jsonExpr(v, key, quote),
      })),
    };
  if (typeof value === 'string') return str(quote(value));
  if (typeof value === 'boolean') return { k: 'bool', value };
  return { k: 'num', raw: JSON.stringify(value) };
}

/** Printable ASCII: what prettier measures one column a character, as this printer does. */
const ASCII = /^[\x20-\x7e]*$/;

/**
 * Prints trees to documents; `exact` turns false when something was printed whose width or form
 * prettier might measure or rewrite otherwise (the caller then formats the file with prettier).
 */
export class TsPrinter {
  exact = true;

  /** Text placed as is (identifiers, punctuation, names the generator made): must be plain ASCII to be measured right. */
  text(s: string): string {
    if (!ASCII.test(s)) this.exact = false;
    return s;
  }

  /** A string literal (as `jsString` writes it) as prettier prints it. */
  string(raw: string): string {
    return printString(this.text(raw));
  }

  key(key: Key): string {
    if ('id' in key) return this.text(key.id);
    if ('str' in key) return this.string(key.str);
    return `[${this.string(key.computed)}]`;
  }

  // ---- expressions ----

  /** An expression; `inChain`: it is the object of a member access. */
  expr(e: Expr, inChain = false): Doc {
    switch (e.k) {
      case 'id':
        return this.text(e.name);
      case 'this':
        return 'this';
      case 'str':
        return this.string(e.raw);
      case 'num':
        if (!/^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/.test(e.raw)) this.exact = false;
        return e.raw;
      case 'bool':
        return String(e.value);
      case 'null':
        return 'null';
      case 'obj':
        return this.object(e);
      case 'arr':
        return this.array(e.items);
      case 'member': {
        // `a.b` stays together; a longer chain (`a.b.c`, `this.x`) may break before its last `.x`.
        const inline = e.object.k === 'id' && !/^#/.test(e.name) && !inChain;
        const lookup = ['.', this.text(e.name)];
        return [this.expr(e.object, true), inline ? lookup : group(indent([softline, lookup]))];
      }
      case 'index':
        return [this.expr(e.object), '[', this.string(e.raw), ']'];
      case 'call':
        return this.call(e);
      case 'arrow':
        return this.arrow(e);
      case 'as':
        return [this.expr(e.expr), ' as ', this.type(e.type, 'other')];
      case 'spread':
        return ['...', this.expr(e.arg)];
      case 'await':
        return ['await ', this.expr(e.arg)];
    }
  }

  private object(e: Extract<Expr, { k: 'obj' }>): Doc {
    if (e.props.length === 0) return '{}';
    const props = e.props.map((p) => group(this.prop(p)));
    return group(['{', indent([line, join([',', line], props)]), ifBreak(','), line, '}'], {
      shouldBreak: e.expanded === true,
    });
  }

  private prop(p: Prop): Doc {
    if (p.k === 'spread') return ['...', this.expr(p.arg)];
    const comments = (p.comments ?? []).map((c) => [this.comment(c), hardline]);
    if (p.k === 'getter') return [...comments, 'get ', this.key(p.key), '() ', block(p.body)];
    if (p.shorthand) return [...comments, this.key(p.key)];
    return [...comments, this.assignment(this.key(p.key), ':', p.value, { property: true })];
  }

  private array(items: Expr[]): Doc {
    if (items.length === 0) return '[]';
    // prettier fills arrays of numbers (several a line): not written here.
    if (items.length > 1 && items.every((i) => i.k === 'num')) this.exact = false;
    const shouldBreak =
      items.length > 1 &&
      items.every((item, i) => {
        const next = items[i + 1];
        if ((item.k !== 'obj' && item.k !== 'arr') || (next && next.k !== item.k)) return false;
        return (item.k === 'obj' ? item.props.length : item.items.length) > 1;
      });
    return group(
      [
        '[',
        indent([
          softline,
          join(
            [',', line],
            items.map((i) => group(this.expr(i))),
          ),
        ]),
        ifBreak(','),
        softline,
        ']',
      ],
      { shouldBreak },
    );
  }

  private call(e: Extract<Expr, { k: 'call' }>): Doc {
    // A chain of several calls (`a.b().c()`) has layouts of its own, not written here.
    if (countCalls(e.callee) > 0) this.exact = false;
    const typeArgs = e.typeArgs ? this.typeArgs(e.typeArgs) : '';
    const contents = [e.isNew ? 'new ' : '', this.callee(e.callee), typeArgs, this.args(e.args)];
    // A call on a member (`a.b.c(…)`, `this.x(…)`) is a member chain: one group, as it has one call.
    return !e.isNew && (e.callee.k === 'member' || e.callee.k === 'index') ? group(contents) : contents;
  }

  /** A callee: a member chain's accesses are printed together (prettier's member chain, with one call). */
  private callee(e: Expr): Doc {
    if (e.k === 'member') return [this.callee(e.object), '.', this.text(e.name)];
    if (e.k === 'index') return [this.callee(e.object), '[', this.string(e.raw), ']'];
    return this.expr(e);
  }

  private args(args: Expr[]): Doc {
    if (args.length === 0) return '()';
    const printed = args.map((a, i) => (i === args.length - 1 ? this.expr(a) : [this.expr(a), ',', line]));
    const allBroken = () => group(['(', indent([line, ...printed]), ',', line, ')'], { shouldBreak: true });
    const last = args.at(-1)!;
    const penultimate = args.at(-2);
    // A function as the last argument is hugged with layouts of its own, not written here.
    if (last.k === 'arrow') this.exact = false;
    if (couldExpand(last) && (!penultimate || penultimate.k !== last.k)) {
      const head = printed.slice(0, -1);
      if (head.some(willBreak)) return allBroken();
      const lastDoc = printed.at(-1)!;
      if (willBreak(lastDoc))
        return [
          breakParent,
          conditionalGroup([['(', ...head, group(lastDoc, { shouldBreak: true }), ')'], allBroken()]),
        ];
      return conditionalGroup([
        ['(', ...head, lastDoc, ')'],
        ['(', ...head, group(lastDoc, { shouldBreak: true }), ')'],
        allBroken(),
      ]);
    }
    return group(['(', indent([softline, ...printed]), ifBreak(','), softline, ')'], {
      shouldBreak: printed.some(willBreak),
    });
  }

  private arrow(e: Extract<Expr, { k: 'arrow' }>): Doc {
    const params = this.params(e.params);
    const sameLine = e.body.k === 'obj' || e.body.k === 'arr' || e.body.k === 'arrow';
    const body = this.expr(e.body);
    return group([group(group(params)), ' =>', group(sameLine ? [' ', body] : indent([line, body]))]);
  }

  /**
   * `left op right` as prettier lays out an assignment, a variable's initializer, an object
   * property or a type alias: break after the operator, never break there, or the fluid layout
   * (the right side breaks first, then the line after the operator).
   */
  assignment(left: Doc, op: string, right: Expr | Type, o: { property?: boolean; type?: boolean } = {}): Doc {
    const rightDoc = o.type ? this.type(right as Type, 'alias') : this.expr(right as Expr);
    const leftText = typeof left === 'string' ? left : undefined;
    const shortKey = o.property === true && leftText !== undefined && leftText.length < 5;
    const layout = o.type
      ? (right as Type).k === 'union' && !hugsUnion((right as Extract<Type, { k: 'union' }>).types)
        ? 'break-after-operator'
        : 'fluid'
      : breaksAfterOperator(right as Expr, shortKey)
        ? 'break-after-operator'
        : !canBreak(left) && (shortKey || isBoolOrNumber(right as Expr))
          ? 'never-break-after-operator'
          : 'fluid';
    if (layout === 'break-after-operator') return group([group(left), op, group(indent([line, rightDoc]))]);
    if (layout === 'never-break-after-operator') return group([group(left), op, ' ', rightDoc]);
    const id = Symbol('assignment');
    return group([group(left), op, group(indent(line), { id }), indentIfBreak(rightDoc, id)]);
  }

  // ---- types ----

  /** A type; `parent` is where it stands, which decides how a union indents. */
  type(t: Type, parent: 'alias' | 'args' | 'other' = 'other'): Doc {
    switch (t.k) {
      case 'ref':
        return [this.text(t.name), t.args ? this.typeArgs(t.args) : ''];
      case 'kw':
        return this.text(t.name);
      case 'lit':
        return t.raw.startsWith('"') ? this.string(t.raw) : this.text(t.raw);
      case 'typeof':
        return ['typeof ', this.text(t.name)];
      case 'indexed':
        if (t.object.k === 'union' || t.object.k === 'inter') this.exact = false;
        return [this.type(t.object), '[', this.type(t.index), ']'];
      case 'union':
        return this.unionType(t.types, parent);
      case 'inter':
        return this.intersection(t.types);
      case 'typelit':
        return this.typeLiteral(t.members);
    }
  }

  typeArgs(args: Type[]): Doc {
    const only = args.length === 1 ? args[0]! : undefined;
    if (only && (isSimpleType(only) || only.k === 'typelit' || (only.k === 'union' && hugsUnion(only.types))))
      return ['<', this.type(only, 'args'), '>'];
    return group([
      '<',
      indent([
        softline,
        join(
          [',', line],
          args.map((a) => this.type(a, 'args')),
        ),
      ]),
      softline,
      '>',
    ]);
  }

  /**
   * `A | B`: on one line, else one member a line after `| `. Where it is a type annotation (a
   * member's, a parameter's), it first moves to the next line whole; as a type argument or the
   * right side of a type alias (whose `=` the line breaks after) it does not.
   */
  private unionType(types: Type[], parent: 'alias' | 'args' | 'other'): Doc {
    if (hugsUnion(types))
      return join(
        ' | ',
        types.map((t) => this.type(t)),
      );
    const printed = group(types.map((t, i) => [i === 0 ? ifBreak('| ') : [line, '| '], align(2, this.type(t))]));
    return parent === 'other' ? group(indent([softline, printed])) : printed;
  }

  private intersection(types: Type[]): Doc {
    // A union in an intersection takes parentheses, with layouts of their own.
    if (types.some((t) => t.k === 'union')) this.exact = false;
    let indented = false;
    const parts = types.map((t, i) => {
      const doc = this.type(t);
      if (i === 0) return doc;
      const isObject = t.k === 'typelit';
      const previousIsObject = types[i - 1]!.k === 'typelit';
      if (previousIsObject && isObject) return [' & ', indented ? indent(doc) : doc];
      if (!previousIsObject && !isObject) return indent([' &', line, doc]);
      if (i > 1) indented = true;
      return [' & ', i > 1 ? indent(doc) : doc];
    });
    return group(parts);
  }

  private typeLiteral(members: TypeMember[]): Doc {
    if (members.length === 0) return '{}';
    const printed = members.map((m) =>
      group([
        m.comment !== undefined ? `/** ${this.text(m.comment)} */ ` : '',
        this.key(m.key),
        m.optional ? '?' : '',
        ': ',
        this.type(m.type),
      ]),
    );
    return group(['{', indent([line, join([';', line], printed)]), ifBreak(';'), line, '}']);
  }

  // ---- declarations ----

  /** Function or method parameters with their parentheses, breaking one a line (with a trailing comma). */
  params(params: Param[]): Doc {
    if (params.length === 0) return '()';
    const printed = params.map((p, i) => [
      this.text(p.name),
      p.optional ? '?' : '',
      p.type ? [': ', this.type(p.type)] : '',
      p.default ? [' = ', this.expr(p.default)] : '',
      i < params.length - 1 ? [',', line] : '',
    ]);
    return ['(', indent([softline, ...printed]), ifBreak(','), softline, ')'];
  }

  /** `name(params): Return` of a method or function (the body, or `;`, follows). */
  signature(name: Doc, params: Param[], returnType?: Type): Doc {
    const returnDoc = returnType ? [': ', this.type(returnType)] : '';
    // One parameter and a return type that breaks: the return type breaks first.
    const grouped = params.length === 1 && returnType && (returnType.k === 'typelit' || willBreak(returnDoc));
    const paramsDoc = this.params(params);
    return [name, group([grouped ? group(paramsDoc) : paramsDoc, returnDoc])];
  }

  /** A one-line block comment (`/** text *\/`) or a JSDoc block of several lines. */
  comment(text: string | string[]): Doc {
    if (typeof text === 'string') return `/** ${text} */`;
    return ['/**', ...text.map((l) => [hardline, l ? ` * ${l}` : ' *']), hardline, ' */'];
  }

  importDecl(specifiers: string[], source: string, o: { typeOnly?: boolean; exported?: boolean } = {}): Doc {
    const head = `${o.exported ? 'export' : 'import'}${o.typeOnly ? ' type' : ''} `;
    const names = specifiers.map((s) => this.text(s));
    const list =
      names.length > 1
        ? group(['{', indent([line, join([',', line], names)]), ifBreak(','), line, '}'])
        : ['{ ', ...names, ' }'];
    return [head, list, ' from ', this.string(source), ';'];
  }

  /** `export { A, B };` */
  exportDecl(specifiers: string[]): Doc {
    const names = specifiers.map((s) => this.text(s));
    const list =
      names.length > 1
        ? group(['{', indent([line, join([',', line], names)]), ifBreak(','), line, '}'])
        : ['{ ', ...names, ' }'];
    return ['export ', list, ';'];
  }

  /** `const name: T = init;`, optionally exported. */
  constDecl(name: string, init: Expr, o: { exported?: boolean; type?: Type } = {}): Doc {
    const left: Doc = o.type ? [this.text(name), ': ', this.type(o.type)] : this.text(name);
    return [o.exported ? 'export ' : '', group(['const ', this.assignment(left, ' =', init), ';'])];
  }

  typeAlias(name: string, type: Type, o: { exported?: boolean } = {}): Doc {
    return [o.exported ? 'export ' : '', this.assignment(`type ${this.text(name)}`, ' =', type, { type: true }), ';'];
  }
}

/**
 * A string literal as prettier prints it: single-quoted unless the text holds more single quotes
 * than double; only the quotes' escapes change.
 */
export function printString(raw: string): string {
  const content = raw.slice(1, -1);
  let singles = 0;
  let doubles = 0;
  for (const c of content) {
    if (c === "'") singles++;
    else if (c === '"') doubles++;
  }
  const quote = singles > doubles ? '"' : "'";
  if (raw[0] === quote) return raw;
  const other = quote === '"' ? "'" : '"';
  const body = content.replace(/\\(["'\\])|(["'])/g, (match, escaped: string | undefined, bare: string | undefined) => {
    if (escaped) return escaped === other ? other : match;
    return bare === quote ? `\\${bare}` : bare!;
  });
  return quote + body + quote;
}

/** `{ statements }`, each statement on its own line. */
export function block(statements: Doc[]): Doc {
  return statements.length ? ['{', indent([hardline, join(hardline, statements)]), hardline, '}'] : '{}';
}

/**
 * The text of a document laid out at `indent` (where the caller places it), and the same code with
 * no optional line break taken (what prettier formats when the print is not exact).
 */
export function layout(doc: Doc, indent = 0): { text: string; flat: () => string } {
  return { text: printDoc(doc, PRINT_WIDTH, indent), flat: () => printDoc(doc, Infinity, indent) };
}

function isSimpleType(t: Type): boolean {
  return t.k === 'kw' || (t.k === 'ref' && !t.args);
}

/** A union of one object-like type and `null`/`void`s: printed inline (`{ … } | null`). */
function hugsUnion(types: Type[]): boolean {
  const objectLike = types.find((t) => t.k === 'ref' || t.k === 'typelit');
  return (
    objectLike !== undefined &&
    types.every((t) => t === objectLike || (t.k === 'kw' && (t.name === 'null' || t.name === 'void')))
  );
}

function isBoolOrNumber(e: Expr): boolean {
  return e.k === 'bool' || (e.k === 'num' && !e.raw.startsWith('-'));
}

/** prettier's couldExpandArg, for what emit passes: a non-empty object or array, alone or cast. */
function couldExpand(e: Expr): boolean {
  if (e.k === 'obj') return e.props.length > 0;
  if (e.k === 'arr') return e.items.length > 0;
  if (e.k === 'as') return couldExpand(e.expr);
  if (e.k === 'arrow') return e.body.k === 'obj' || e.body.k === 'arr' || e.body.k === 'call';
  return false;
}

/** prettier's shouldBreakAfterOperator for the right sides emit writes. */
function breaksAfterOperator(e: Expr, shortKey: boolean): boolean {
  if (shortKey) return false;
  let node = e;
  while (node.k === 'await') node = node.arg;
  if (node.k === 'num' && node.raw.startsWith('-')) return false;
  return node.k === 'str' || poorlyBreakableChain(node, false);
}

/** A member chain whose calls take nothing or one short argument: breaking after `=` is its only way to shorten. */
function poorlyBreakableChain(e: Expr, deep: boolean): boolean {
  if (e.k === 'call') {
    if (e.isNew) return false;
    const callee = e.callee;
    // More than one call on a member chain prints as a breakable chain.
    if ((callee.k === 'member' || callee.k === 'index') && countCalls(callee) >= 1) return false;
    if (!(e.args.length === 0 || (e.args.length === 1 && isLoneShortArgument(e.args[0]!)))) return false;
    if (
      e.typeArgs &&
      (e.typeArgs.length > 1 || e.typeArgs.some((t) => t.k === 'union' || t.k === 'inter' || t.k === 'typelit'))
    )
      return false;
    return poorlyBreakableChain(callee, true);
  }
  if (e.k === 'member' || e.k === 'index') return poorlyBreakableChain(e.object, true);
  return deep && (e.k === 'id' || e.k === 'this');
}

function countCalls(e: Expr): number {
  if (e.k === 'call') return 1 + countCalls(e.callee);
  if (e.k === 'member' || e.k === 'index') return countCalls(e.object);
  return 0;
}

function isLoneShortArgument(e: Expr): boolean {
  const threshold = PRINT_WIDTH / 4;
  if (e.k === 'this') return true;
  if (e.k === 'id') return e.name.length <= threshold;
  if (e.k === 'num') return true;
  if (e.k === 'str') return printString(e.raw).length <= threshold;
  return e.k === 'bool' || e.k === 'null';
}

// Parsing the inputs: JSON and YAML, every failure located (file, line and column, JSON pointer).
import jsYaml from 'js-yaml';
import { GeneratorError } from '../errors.js';
import { escapeSegment } from '../json/index.js';

/**
 * How many nodes a YAML document may hold once its aliases are expanded, per byte of text (an
 * alias repeats a node without repeating its text): far above any real document, far below
 * an alias bomb (a few hundred bytes expanding to millions of nodes).
 */
export const MAX_NODES_PER_BYTE = 4;

/** Parse JSON text; a syntax error or a duplicate key names the file, line and column. */
export function parseJson(text: string, file: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(message);
    // Not every V8 message names a position: find the first offending character then.
    const offset = pos ? Number(pos[1]) : jsonErrorOffset(text);
    const where = offset === undefined ? '' : ` (${lineCol(text, offset)})`;
    throw new GeneratorError('PARSE_ERROR', `malformed JSON${where}: ${message}`, {
      file,
      hint: 'the file is not valid JSON; restore it from its origin or fix the syntax',
    });
  }
  const duplicate = duplicateKey(text);
  if (duplicate) {
    // JSON.parse silently keeps the last one: which value the author meant is unknowable.
    throw new GeneratorError('PARSE_ERROR', `duplicate key "${duplicate.key}" (${lineCol(text, duplicate.offset)})`, {
      file,
      pointer: duplicate.pointer,
      hint: 'an object may name a key once; restore the file from its origin, or report the defect upstream',
    });
  }
  return value;
}

/**
 * Parse YAML 1.2 text (the core schema: dates stay strings, `<<` is an ordinary key); a syntax
 * error or a duplicate key names the file, line and column. Aliases share their node, so the
 * document's expanded size is counted (linearly) and an alias bomb refused before anything walks it.
 */
export function parseYaml(text: string, file: string): unknown {
  let value: unknown;
  // Where each aliased node is first used again (an alias), to say where an alias bomb is.
  const closed = new WeakSet<object>();
  const aliasAt = new Map<object, number>();
  const listener = (event: string, state: { result: unknown; position: number }) => {
    if (event !== 'close' || state.result === null || typeof state.result !== 'object') return;
    if (closed.has(state.result)) {
      if (!aliasAt.has(state.result)) aliasAt.set(state.result, state.position);
    } else closed.add(state.result);
  };
  try {
    value = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, filename: file, listener } as jsYaml.LoadOptions);
  } catch (e) {
    const mark = (e as { mark?: { line: number; column: number } }).mark;
    const where = mark ? ` (line ${mark.line + 1}, column ${mark.column + 1})` : '';
    const reason = (e as { reason?: string }).reason ?? (e instanceof Error ? e.message.split('\n')[0] : String(e));
    throw new GeneratorError('PARSE_ERROR', `malformed YAML${where}: ${reason}`, {
      file,
      hint: 'the file is not valid YAML (a key written twice is an error too); restore it from its origin or fix the syntax',
    });
  }
  const limit = Math.max(100_000, text.length * MAX_NODES_PER_BYTE);
  const { nodes: expanded, shared, sizes } = expandedSize(value, limit);
  if (expanded === 'cycle' || expanded > limit) {
    // Where: the first alias whose node alone expands past the limit, else the alias of the
    // largest aliased node (the top of a bomb spread over several levels, or the alias closing a cycle).
    const size = (node: object) => sizes.get(node) ?? 0;
    let worst: [object, number] | undefined;
    for (const entry of aliasAt) {
      if (size(entry[0]) > limit) {
        if (!worst || size(worst[0]) <= limit || entry[1] < worst[1]) worst = entry;
      } else if (!worst || (size(worst[0]) <= limit && size(entry[0]) > size(worst[0]))) worst = entry;
    }
    const where = worst ? ` (${lineCol(text, worst[1])})` : '';
    throw new GeneratorError(
      'PARSE_ERROR',
      expanded === 'cycle'
        ? `the YAML has an alias inside its own anchor (a cycle)${where}`
        : `the YAML expands its aliases beyond ${limit} nodes (a ${text.length}-byte document)${where}`,
      {
        file,
        hint: 'an alias bomb, or a document far larger than any Losant publishes: restore the file from its origin',
      },
    );
  }
  // Every place gets its own copy of an aliased node, so no stage can change two places at once.
  return shared ? (JSON.parse(JSON.stringify(value)) as unknown) : value;
}

/** Nodes of a parsed tree with every shared (aliased) node counted once per place it appears; memoized, so linear. */
function expandedSize(
  root: unknown,
  limit: number,
): { nodes: number | 'cycle'; shared: boolean; sizes: ReadonlyMap<object, number> } {
  const memo = new Map<object, number>();
  const open = new Set<object>();
  let shared = false;
  const size = (n: unknown): number => {
    if (n === null || typeof n !== 'object') return 1;
    const known = memo.get(n);
    if (known !== undefined) {
      shared = true;
      return known;
    }
    if (open.has(n)) throw CYCLE;
    open.add(n);
    let total = 1;
    for (const v of Array.isArray(n) ? n : Object.values(n)) {
      total += size(v);
      if (total > limit) break;
    }
    open.delete(n);
    memo.set(n, total);
    return total;
  };
  try {
    return { nodes: size(root), shared, sizes: memo };
  } catch (e) {
    if (e === CYCLE) return { nodes: 'cycle', shared, sizes: memo };
    throw e;
  }
}
const CYCLE = Symbol('cycle');

export function parseByExtension(text: string, file: string): unknown {
  return /\.ya?ml$/i.test(file) ? parseYaml(text, file) : parseJson(text, file);
}

/**
 * The first key an object of (already valid) JSON text names twice, with its pointer: a single
 * pass over the text, tracking the keys of every open object.
 */
function duplicateKey(text: string): { key: string; pointer: string; offset: number } | undefined {
  const stack: Array<{ keys: Set<string> | undefined; segment: string | number }> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      let escaped = false;
      for (let k = text.charCodeAt(j); k !== 0x22; k = text.charCodeAt(j)) {
        if (k === 0x5c /* \ */) {
          escaped = true;
          j += 2;
        } else j++;
      }
      const top = stack.at(-1);
      if (expectKey && top?.keys) {
        const key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
        if (top.keys.has(key))
          return {
            key,
            pointer:
              stack
                .slice(0, -1)
                .map((f) => '/' + escapeSegment(f.segment))
                .join('') +
              '/' +
              escapeSegment(key),
            offset: i,
          };
        top.keys.add(key);
        top.segment = key;
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */) {
      stack.push({ keys: new Set(), segment: '' });
      expectKey = true;
    } else if (c === 0x5b /* [ */) {
      stack.push({ keys: undefined, segment: 0 });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack.at(-1);
      if (top?.keys) expectKey = true;
      else if (top) top.segment = (top.segment as number) + 1;
    }
  }
  return undefined;
}

/**
 * Where JSON text first goes wrong (RFC 8259 grammar), or undefined when it is valid: one pass,
 * for the messages of JSON.parse that name no position.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    for (const c of word) {
      if (text[i] !== c) fail();
      i++;
    }
  };
  const string = () => {
    i++; // the opening quote
    for (;;) {
      const c = text[i];
      if (c === undefined || c < ' ') fail();
      if (c === '"') return void i++;
      if (c === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 5;
        } else if (text[i] !== undefined && '"\\/bfnrt'.includes(text[i]!)) i++;
        else fail();
      } else i++;
    }
  };
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    return number();
  };
  try {
    value();
    ws();
    return i < text.length ? i : undefined;
  } catch (at) {
    if (typeof at === 'number') return at;
    throw at;
  }
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const col = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${col}`;
}

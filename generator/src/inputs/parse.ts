import { parseDocument } from 'yaml';
import { GeneratorError } from '../errors.js';

/** Parse JSON text; a syntax error names the file, line and column. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(message);
    const where = pos ? ` (${lineCol(text, Number(pos[1]))})` : '';
    throw new GeneratorError('PARSE_ERROR', `malformed JSON${where}: ${message}`, {
      file,
      hint: 'the file is not valid JSON; restore it from its origin or fix the syntax',
    });
  }
}

/** Parse YAML 1.2 text (aliases expanded); a syntax error names the file, line and column. */
export function parseYaml(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    const where = at ? ` (line ${at.line}, column ${at.col})` : '';
    throw new GeneratorError('PARSE_ERROR', `malformed YAML${where}: ${error.message.split('\n')[0]}`, {
      file,
      hint: 'the file is not valid YAML; restore it from its origin or fix the syntax',
    });
  }
  // Upstream documents use YAML anchors for shared parameters; allow them, bounded.
  return doc.toJS({ maxAliasCount: 10_000 });
}

export function parseByExtension(text: string, file: string): unknown {
  return /\.ya?ml$/i.test(file) ? parseYaml(text, file) : parseJson(text, file);
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const col = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${col}`;
}

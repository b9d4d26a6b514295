// spec/corrections.yaml: defects of the docs index and doc schemas themselves, corrected as
// data. Each correction says why, cites its evidence and is a JSON Patch (RFC 6902) whose
// `test` operations state what upstream says today (`absent: true` in place of `value`: there
// is nothing at that path); a correction whose test no longer holds
// (upstream changed or fixed it) is not applied, and is reported as obsolete.
import { readFile } from 'node:fs/promises';
import { GeneratorError } from '../errors.js';
import { parseYaml } from '../inputs/parse.js';
import { assertValid } from '../inputs/validate.js';
import { canonicalJson, getAt, isObject, parsePointer, pointer, type Json } from '../json/index.js';

export interface Correction {
  id: string;
  /** `docs-index`, or `schema:<name>` for a doc schema. */
  target: string;
  why: string;
  evidence: string[];
  patch: PatchOperation[];
}

export type PatchOperation =
  | { op: 'test'; path: string; value?: Json; absent?: true }
  | { op: 'replace' | 'add'; path: string; value: Json }
  | { op: 'remove'; path: string }
  | { op: 'move'; from: string; path: string };

export interface CorrectionsFile {
  corrections: Correction[];
}

/** What happened to one correction on this run. */
export interface CorrectionRecord {
  id: string;
  target: string;
  why: string;
  evidence: string[];
  /** Pointers the correction changed (in its target). */
  changed: string[];
  /** Set when it was not applied: what upstream says now. */
  obsolete?: string;
  /** Anything else worth reporting (entries skipped, facts missing). */
  notes?: string[];
}

const patchOp = {
  type: 'object',
  required: ['op', 'path'],
  additionalProperties: false,
  properties: {
    op: { enum: ['test', 'replace', 'add', 'remove', 'move'] },
    path: { type: 'string', pattern: '^(/.*)?$' },
    from: { type: 'string', pattern: '^(/.*)?$' },
    value: {},
    absent: { const: true },
  },
} as const;

export const correctionsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['corrections'],
  properties: {
    corrections: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'target', 'why', 'evidence', 'patch'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
          target: { type: 'string', pattern: '^(docs-index|schema:[A-Za-z0-9_]+)$' },
          why: { type: 'string', minLength: 1 },
          evidence: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          patch: { type: 'array', minItems: 1, items: patchOp },
        },
      },
    },
  },
} as const;

export async function loadCorrections(file: string): Promise<Correction[]> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return [];
  const parsed = parseYaml(text, file);
  assertValid<CorrectionsFile>(
    correctionsSchema,
    parsed,
    file,
    'INVALID_CORRECTION',
    'fix the corrections file so it has the documented shape (see its header)',
  );
  const ids = new Set<string>();
  parsed.corrections.forEach((c, i) => {
    if (ids.has(c.id))
      throw new GeneratorError('INVALID_CORRECTION', `correction id "${c.id}" is used twice`, {
        file,
        pointer: pointer('corrections', i, 'id'),
        hint: 'give each correction its own id',
      });
    ids.add(c.id);
    c.patch.forEach((op: { op: string }, j) => {
      if (op.op === 'move' && !('from' in op))
        throw new GeneratorError('INVALID_CORRECTION', 'a "move" operation needs `from`', {
          file,
          pointer: pointer('corrections', i, 'patch', j),
          hint: 'add `from:`',
        });
      const needs = op.op === 'test' ? Number('value' in op) + Number('absent' in op) : Number('value' in op);
      if (op.op !== 'remove' && op.op !== 'move' && needs !== 1)
        throw new GeneratorError(
          'INVALID_CORRECTION',
          `a "${op.op}" operation needs ${op.op === 'test' ? 'exactly one of `value` and `absent: true`' : 'a value'}`,
          { file, pointer: pointer('corrections', i, 'patch', j), hint: 'add `value:`' },
        );
    });
  });
  return parsed.corrections;
}

/**
 * Apply the corrections for one target to a deep copy of its value. A correction whose `test`
 * fails is skipped and recorded as obsolete; one whose operation cannot apply (its path is
 * not there) is an error naming the correction.
 */
export function applyCorrections<T extends Json>(
  target: string,
  value: T,
  corrections: Correction[],
  file: string,
): { value: T; records: CorrectionRecord[] } {
  const mine = corrections.map((c, i) => ({ c, i })).filter(({ c }) => c.target === target);
  if (!mine.length) return { value, records: [] };
  let doc = structuredClone(value) as Json;
  const records: CorrectionRecord[] = [];
  for (const { c, i } of mine) {
    const base = { id: c.id, target: c.target, why: c.why, evidence: c.evidence };
    const failed = c.patch.find(
      (op) =>
        op.op === 'test' &&
        (op.absent
          ? getAt(doc, op.path) !== undefined
          : canonicalJson(getAt(doc, op.path)) !== canonicalJson(op.value)),
    );
    if (failed) {
      const now = getAt(doc, failed.path);
      records.push({
        ...base,
        changed: [],
        obsolete: `${failed.path} is now ${now === undefined ? 'absent' : JSON.stringify(now)}`,
      });
      continue;
    }
    let next = structuredClone(doc);
    c.patch.forEach((op, j) => {
      if (op.op === 'test') return;
      try {
        next = applyOperation(next, op);
      } catch (e) {
        throw new GeneratorError(
          'INVALID_CORRECTION',
          `correction "${c.id}" cannot ${op.op} ${op.path} in ${target}: ${(e as Error).message}`,
          {
            file,
            pointer: pointer('corrections', i, 'patch', j),
            hint: 'add a `test` operation that states what upstream says, or fix the path',
          },
        );
      }
    });
    doc = next;
    records.push({ ...base, changed: c.patch.filter((op) => op.op !== 'test').map((op) => op.path) });
  }
  return { value: doc as T, records };
}

function applyOperation(doc: Json, op: Exclude<PatchOperation, { op: 'test' }>): Json {
  if (op.op === 'move') {
    const value = getAt(doc, op.from);
    if (value === undefined) throw new Error(`there is nothing at ${op.from}`);
    return applyOperation(applyOperation(doc, { op: 'remove', path: op.from }), { op: 'add', path: op.path, value });
  }
  const segments = parsePointer(op.path);
  if (!segments.length) {
    if (op.op === 'remove') throw new Error('cannot remove the whole document');
    return op.value;
  }
  const parent = getAt(doc, pointer(...segments.slice(0, -1)));
  const key = segments.at(-1)!;
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(index) || index < 0 || index > parent.length - (op.op === 'add' ? 0 : 1))
      throw new Error(`no array index ${key}`);
    if (op.op === 'add') parent.splice(index, 0, op.value);
    else if (op.op === 'replace') parent[index] = op.value;
    else parent.splice(index, 1);
  } else if (isObject(parent)) {
    if (op.op !== 'add' && !Object.hasOwn(parent, key)) throw new Error(`there is no "${key}"`);
    if (op.op === 'remove') delete parent[key];
    else Object.defineProperty(parent, key, { value: op.value, enumerable: true, writable: true, configurable: true });
  } else {
    throw new Error('its parent is not an object or array');
  }
  return doc;
}

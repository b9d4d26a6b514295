// Canonical JSON text: the same value always serializes to the same bytes, whatever key order it was built in.
import { isAnnotation, SET_VALUED_KEYWORDS } from './walk.js';
import { isObject, setOwn, type Json } from './types.js';

/** A deep copy with every object's keys sorted. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) setOwn(out, k, sortKeys(value[k]));
    return out as T;
  }
  return value;
}

/** JSON text with sorted keys. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** Re-serialize JSON text canonically; text that is not JSON is returned as it is. */
export function canonicalJsonText(text: string): string {
  try {
    return canonicalJson(JSON.parse(text));
  } catch {
    return text;
  }
}

/**
 * Canonical text of what a schema accepts: annotations (`title`, `description`, `x-…`) dropped,
 * keys sorted, set-valued keywords (`required`, `enum`, `type`) sorted. Equal text ⇔ the same
 * schema, spelled the same way. Memoized per node object: factoring asks for the same nodes often.
 */
export function schemaCanonicalizer(): (node: Json) => string {
  const memo = new WeakMap<object, string>();
  const canon = (n: Json): string => {
    if (n === null || typeof n !== 'object') return JSON.stringify(n);
    const hit = memo.get(n);
    if (hit !== undefined) return hit;
    let out: string;
    if (Array.isArray(n)) out = `[${n.map(canon).join(',')}]`;
    else {
      const parts: string[] = [];
      for (const k of Object.keys(n).sort()) {
        if (isAnnotation(k)) continue;
        const v = n[k]!;
        let text: string;
        if (k === 'properties' && isObject(v))
          text = `{${Object.keys(v)
            .sort()
            .map((p) => `${JSON.stringify(p)}:${canon(v[p]!)}`)
            .join(',')}}`;
        else if (SET_VALUED_KEYWORDS.has(k) && Array.isArray(v)) text = `[${v.map(canon).sort().join(',')}]`;
        else text = canon(v);
        parts.push(`${JSON.stringify(k)}:${text}`);
      }
      out = `{${parts.join(',')}}`;
    }
    memo.set(n, out);
    return out;
  };
  return canon;
}

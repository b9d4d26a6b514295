// Proving two schemas accept the same JSON, keyword by keyword, following component refs.
import {
  followRefs,
  isAnnotation,
  isObject as isSchemaLike,
  pointer as ptr,
  schemaCanonicalizer,
  SET_VALUED_KEYWORDS,
  type Json,
  type ResolveComponent,
} from '../../json/index.js';

const canonical = schemaCanonicalizer();

/**
 * Does `actual` accept exactly what `expected` accepts? `$ref`s to components in either
 * are followed through `resolve` (cycles are assumed equal once seen). Returns the JSON
 * pointer of the first difference, or undefined when they agree.
 */
export function firstDifference(
  actual: Json,
  expected: Json,
  resolve: ResolveComponent,
  at = '',
  seen = new Set<string>(),
): string | undefined {
  const path: Array<string | number> = [];
  return new Comparison(resolve, seen, path).schemas(actual, expected) ? at + ptr(...path) : undefined;
}

/**
 * One comparison: `path` is where it stands (the pointer of a difference, once found), `seen` the
 * component names followed on the way there; each step adds what it follows and takes it off
 * again, so a sibling never sees them (as if each got its own copy).
 */
class Comparison {
  constructor(
    private readonly resolve: ResolveComponent,
    private readonly seen: Set<string>,
    private readonly path: Array<string | number>,
  ) {}

  /** Whether the schemas differ; `path` then points at the first difference. */
  schemas(actual: Json, expected: Json): boolean {
    const before = this.seen.size;
    try {
      const a = followRefs(actual, this.resolve, this.seen);
      const e = followRefs(expected, this.resolve, this.seen);
      if (a.cycle || e.cycle) return false;
      const x = a.node;
      const y = e.node;
      // Both sides reached the same schema (the same component, through refs): nothing differs there.
      if (x === y) return false;
      if (isSchemaLike(x) && isSchemaLike(y)) {
        const keys = new Set([...Object.keys(x), ...Object.keys(y)].filter((k) => !isAnnotation(k)));
        for (const k of [...keys].sort()) {
          this.path.push(k);
          if (!(k in x) || !(k in y)) return true;
          if (k === 'properties' ? this.maps(x[k]!, y[k]!) : this.values(k, x[k]!, y[k]!)) return true;
          this.path.pop();
        }
        return false;
      }
      return JSON.stringify(x) !== JSON.stringify(y);
    } finally {
      // What this step followed was added last (a Set keeps insertion order); the steps below took theirs off.
      if (this.seen.size !== before) for (const name of [...this.seen].slice(before)) this.seen.delete(name);
    }
  }

  private maps(x: Json, y: Json): boolean {
    if (!isSchemaLike(x) || !isSchemaLike(y)) return true;
    for (const k of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) {
      this.path.push(k);
      if (!(k in x) || !(k in y)) return true;
      if (this.schemas(x[k]!, y[k]!)) return true;
      this.path.pop();
    }
    return false;
  }

  private values(key: string, x: Json, y: Json): boolean {
    if (SET_VALUED_KEYWORDS.has(key)) return setText(x) !== setText(y);
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return true;
      for (let i = 0; i < x.length; i++) {
        this.path.push(i);
        if (this.schemas(x[i]!, y[i]!)) return true;
        this.path.pop();
      }
      return false;
    }
    if (isSchemaLike(x) || isSchemaLike(y)) return this.schemas(x, y);
    return JSON.stringify(x) !== JSON.stringify(y);
  }
}

/** A set-valued keyword's value as canonical text, its members in any order (as `canonical` spells it in a schema). */
function setText(v: Json): string {
  return Array.isArray(v) ? `[${v.map(canonical).sort().join(',')}]` : canonical(v);
}

// `$ref`s: the two spellings the inputs use (`#/definitions/<name>` in the docs index and doc
// schemas, `#/components/schemas/<name>` in OpenAPI), and finding them in a tree.
import { pointer } from './pointer.js';
import { isObject, type Json } from './types.js';

export const COMPONENT_PREFIX = '#/components/schemas/';
export const DEFINITION_PREFIX = '#/definitions/';

/** `{ $ref: '#/components/schemas/<name>' }` */
export function componentRef(name: string): { $ref: string } {
  return { $ref: COMPONENT_PREFIX + name };
}

/** `#/components/schemas/apiToken` → `apiToken`; anything else (nested, other prefixes) → undefined. */
export function componentRefName(ref: unknown): string | undefined {
  return typeof ref === 'string' && ref.startsWith(COMPONENT_PREFIX) && !ref.includes('/', COMPONENT_PREFIX.length)
    ? ref.slice(COMPONENT_PREFIX.length)
    : undefined;
}

/** `#/definitions/apiToken` → `apiToken`. */
export function definitionName(ref: unknown): string | undefined {
  return typeof ref === 'string' && ref.startsWith(DEFINITION_PREFIX) && !ref.includes('/', DEFINITION_PREFIX.length)
    ? ref.slice(DEFINITION_PREFIX.length)
    : undefined;
}

/** Every `$ref` (a string under the key `$ref`) in a JSON tree, with its pointer. */
export function refsIn(node: Json, at = ''): Array<{ pointer: string; ref: string }> {
  const out: Array<{ pointer: string; ref: string }> = [];
  const walk = (n: Json, p: string): void => {
    if (Array.isArray(n)) n.forEach((x, i) => walk(x, p + pointer(i)));
    else if (isObject(n)) {
      for (const [k, v] of Object.entries(n)) {
        if (k === '$ref' && typeof v === 'string') out.push({ pointer: p, ref: v });
        else walk(v, p + pointer(k));
      }
    }
  };
  walk(node, at);
  return out;
}

/** Names of the component schemas a tree refers to directly. */
export function componentNamesIn(node: Json): Set<string> {
  const out = new Set<string>();
  for (const r of refsIn(node)) {
    const name = componentRefName(r.ref);
    if (name !== undefined) out.add(name);
  }
  return out;
}

/** Every component reachable from `roots`, following refs through `components`. */
export function reachable(roots: Iterable<string>, components: Record<string, Json>): Set<string> {
  const out = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const name = queue.pop()!;
    if (out.has(name) || !Object.hasOwn(components, name)) continue;
    out.add(name);
    for (const n of componentNamesIn(components[name]!)) if (!out.has(n)) queue.push(n);
  }
  return out;
}

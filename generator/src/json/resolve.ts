// Following `$ref`s to components: the one resolver every stage uses, to compare, inline or
// classify schemas. Components are looked up by name through `resolve`.
import { componentRefName } from './refs.js';
import { isObject, type Json } from './types.js';
import { mapSubschemas } from './walk.js';

/** A component schema by name, or undefined when there is none. */
export type ResolveComponent = (name: string) => Json | undefined;

/** Where a chain of `$ref`s ends. */
export interface Followed {
  /** The first node that is not a resolvable component `$ref` (a `$ref` node when the chain breaks). */
  node: Json;
  /** The last component name followed, if any. */
  name?: string;
  /** The chain came back to a name in `seen`: `node` is the `$ref` that closes the cycle. */
  cycle: boolean;
}

/**
 * Follow `{ $ref: '#/components/schemas/<name>' }` through `resolve` until a schema that is not
 * such a ref, a name that resolves to nothing, or a name already in `seen` (which collects the
 * names passed, so a walk that shares it stops at every cycle).
 */
export function followRefs(node: Json, resolve: ResolveComponent, seen: Set<string> = new Set()): Followed {
  let current = node;
  let last: string | undefined;
  for (;;) {
    const name = isObject(current) ? componentRefName(current['$ref']) : undefined;
    if (name === undefined) return { node: current, ...(last === undefined ? {} : { name: last }), cycle: false };
    if (seen.has(name)) return { node: current, name, cycle: true };
    seen.add(name);
    const target = resolve(name);
    if (target === undefined) return { node: current, name, cycle: false };
    last = name;
    current = target;
  }
}

export interface InlineOptions {
  /** What stands for a `$ref` back to `name`, which is `depth` levels up the chain being inlined. */
  cycle(ref: Json, name: string, depth: number): Json;
  /** What stands for a `$ref` that resolves to nothing. */
  missing(ref: Json): Json;
}

/**
 * A copy of `node` with every component `$ref` in a schema position replaced by the component's
 * own (inlined) content, except where the chain comes back to itself. `stack` names the
 * components already being inlined (e.g. the one `node` is).
 */
export function inlineRefs(node: Json, resolve: ResolveComponent, options: InlineOptions, stack: string[] = []): Json {
  if (Array.isArray(node)) return node.map((n) => inlineRefs(n, resolve, options, stack));
  if (!isObject(node)) return node;
  if (typeof node['$ref'] === 'string') {
    const name = componentRefName(node['$ref']);
    if (name === undefined) return options.missing(node);
    const at = stack.indexOf(name);
    if (at >= 0) return options.cycle(node, name, stack.length - at);
    const target = resolve(name);
    return target === undefined ? options.missing(node) : inlineRefs(target, resolve, options, [...stack, name]);
  }
  return mapSubschemas(node, (sub) => inlineRefs(sub, resolve, options, stack));
}

// JSON Pointers (RFC 6901): how every error and report names a place inside a document.
import type { Json } from './types.js';
import { isObject } from './types.js';

/** Escape one segment (`~` → `~0`, `/` → `~1`). */
export function escapeSegment(segment: string | number): string {
  if (typeof segment === 'number') return String(segment);
  return segment.includes('~') || segment.includes('/') ? segment.replace(/~/g, '~0').replace(/\//g, '~1') : segment;
}

/** Undo `escapeSegment`. */
export function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** `pointer('paths', '/a/{b}', 'get')` → `/paths/~1a~1{b}/get`. */
export function pointer(...segments: Array<string | number>): string {
  let out = '';
  for (const s of segments) out += '/' + escapeSegment(s);
  return out;
}

/** The segments of a pointer (`''` is the root: no segments). */
export function parsePointer(p: string): string[] {
  if (p === '' || p === '#') return [];
  const body = p.startsWith('#') ? p.slice(1) : p;
  return body.split('/').slice(1).map(unescapeSegment);
}

/** The value at a pointer, or undefined when nothing is there. Own properties only. */
export function getAt(root: Json, p: string): Json | undefined {
  let node: Json | undefined = root;
  for (const seg of parsePointer(p)) {
    if (Array.isArray(node)) node = /^(0|[1-9]\d*)$/.test(seg) ? node[Number(seg)] : undefined;
    else if (isObject(node)) node = Object.hasOwn(node, seg) ? node[seg] : undefined;
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

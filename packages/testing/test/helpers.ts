// Shared by the tests: the bundled spec, the recorded exchanges, and raw HTTP requests for what
// the SDK would never send.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readHarFile, type HarEntry } from '../src/kit/har.js';
import { SPEC } from '../src/generated/spec.js';
import type { OperationSpec } from '../src/spec-types.js';

export const applicationId = '575ec8687ae143cd83dc4a97';
export const deviceId = '575ecf887ae143cd83dc4aa2';

export function op(id: string): OperationSpec {
  const found = SPEC.operations.find((o) => o.id === id);
  if (!found) throw new Error(`no operation ${id} in the bundled spec`);
  return found;
}

/** An operation's path with its template filled in. */
export function pathOf(id: string, values: Record<string, string>): string {
  return op(id).path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? `{${name}}`));
}

export interface RawResponse {
  status: number;
  contentType: string | null;
  body: unknown;
}

/** One request as written, with a bearer token unless `headers` says otherwise. */
export async function raw(
  baseUrl: string,
  method: string,
  path: string,
  init: { headers?: Record<string, string | undefined>; body?: BodyInit } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries({ authorization: 'Bearer test-token', ...init.headers }))
    if (v !== undefined) headers[k] = v;
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    body: text ? (JSON.parse(text) as unknown) : undefined,
  };
}

/** The repository's recorded exchanges of an operation (fixtures/<api>/<operationId>.har). */
export const fixturesRoot = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
export function readHar(api: string, operationId: string): HarEntry[] {
  return readHarFile(join(fixturesRoot, api, `${operationId}.har`));
}

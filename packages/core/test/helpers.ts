import { inspect } from 'node:util';
import { expect } from 'vitest';
import type { Route } from '../src/types.js';

/** A fetch that records every request and answers with `reply`. */
export function recordingFetch(reply: (req: Request) => Response | Promise<Response> = () => json(200, {})) {
  const requests: Request[] = [];
  const fetch = async (req: Request) => {
    requests.push(req.clone());
    return reply(req);
  };
  return { fetch, requests };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** What a call rejects with (fails the test if it resolves). */
export async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  return promise.then(
    (value) => expect.fail(`expected a rejection, got ${JSON.stringify(value)}`),
    (e: unknown) => e,
  );
}

/** Every way an error can be shown or serialized, its cause chain included. */
export function everyRendering(error: unknown): string[] {
  const out: string[] = [];
  for (
    let e: unknown = error, depth = 0;
    e !== undefined && depth < 10;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    out.push(
      String(e),
      inspect(e, { depth: 10, showHidden: true }),
      JSON.stringify(e) ?? '',
      JSON.stringify(Object.getOwnPropertyDescriptors(e ?? {})) ?? '',
    );
    if (e instanceof Error) out.push(e.message, e.stack ?? '');
  }
  return out;
}

export const ID = '575ec8687ae143cd83dc4a97';

export const archiveData: Route = {
  id: 'application.archiveData',
  method: 'GET',
  path: '/applications/{applicationId}/archiveData',
  params: { applicationId: 'path', date: 'query' },
  required: ['applicationId', 'date'],
  patterns: { applicationId: '^[A-Fa-f\\d]{24}$' },
  version: '1.29.4',
};

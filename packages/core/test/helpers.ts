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

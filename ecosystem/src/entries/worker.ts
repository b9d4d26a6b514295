/**
 * The scenario program as a workerd module worker: `GET /run` runs every scenario and answers the
 * results; `GET /leg?i=N` is one leg of `mixed-timeouts`, so that each leg is a request of its own.
 * The config is the ECO_CONFIG text binding.
 */
import { leg, runScenarios } from '../scenarios.js';

export default {
  async fetch(request: Request, env: { ECO_CONFIG: string }): Promise<Response> {
    const config = JSON.parse(env.ECO_CONFIG);
    const url = new URL(request.url);
    if (url.pathname === '/run') return Response.json(await runScenarios(config));
    if (url.pathname === '/leg') return Response.json(await leg(config, Number(url.searchParams.get('i'))));
    if (url.pathname === '/navigator')
      return Response.json({
        userAgent: (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent,
        WorkerGlobalScope: typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope,
        document: typeof (globalThis as { document?: unknown }).document,
        process: typeof (globalThis as { process?: unknown }).process,
      });
    return new Response('not found', { status: 404 });
  },
};

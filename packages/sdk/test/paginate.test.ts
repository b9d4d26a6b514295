import { describe, expect, it } from 'vitest';
import { createLosantClient } from '../src/index.js';

/** A fetch serving a collection of 5 dashboards, `perPage` at a time, as Losant pages them. */
function pagedFetch(total: number) {
  const pages: string[] = [];
  const fetch = async (req: Request) => {
    const url = new URL(req.url);
    const page = Number(url.searchParams.get('page'));
    const perPage = Number(url.searchParams.get('perPage') ?? 100);
    pages.push(url.search);
    const items = Array.from({ length: Math.max(0, Math.min(perPage, total - page * perPage)) }, (_, i) => ({
      id: `d${page * perPage + i}`,
      name: `Dashboard ${page * perPage + i}`,
    }));
    return new Response(JSON.stringify({ items, count: items.length, totalCount: total, perPage, page }), {
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetch, pages };
}

describe('iterating a list action', () => {
  it('dashboards.iterate walks every page, keeping the other params', async () => {
    const { fetch, pages } = pagedFetch(5);
    const losant = createLosantClient({ token: 't', fetch });
    const names: string[] = [];
    for await (const dashboard of losant.dashboards.iterate({ perPage: '2', sortField: 'name' }))
      names.push(dashboard.name!);
    expect(names).toEqual(['Dashboard 0', 'Dashboard 1', 'Dashboard 2', 'Dashboard 3', 'Dashboard 4']);
    // Flags first, then the params in the docs' order (sortField, page, perPage), as losant-rest sends them.
    expect(pages).toEqual([
      '?_actions=false&_links=true&_embedded=true&sortField=name&page=0&perPage=2',
      '?_actions=false&_links=true&_embedded=true&sortField=name&page=1&perPage=2',
      '?_actions=false&_links=true&_embedded=true&sortField=name&page=2&perPage=2',
    ]);
  });

  it('actions other than get iterate under their own name', async () => {
    const { fetch } = pagedFetch(3);
    const losant = createLosantClient({ token: 't', fetch });
    let n = 0;
    for await (const _ of losant.applications.iteratePeriodSummaries({ perPage: '2' })) n++;
    expect(n).toBe(3);
  });
});

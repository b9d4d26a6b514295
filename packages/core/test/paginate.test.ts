import { describe, expect, it } from 'vitest';
import { LosantError } from '../src/errors.js';
import { paginate, type Page } from '../src/paginate.js';

/** A collection of `total` numbered items served `perPage` at a time; records the pages asked for. */
function collection(total: number, perPage: number, lie?: { totalCount?: number }) {
  const asked: number[] = [];
  const fetchPage = async (page: number): Promise<Page<number>> => {
    asked.push(page);
    const items = Array.from(
      { length: Math.max(0, Math.min(perPage, total - page * perPage)) },
      (_, i) => page * perPage + i,
    );
    return { items, count: items.length, totalCount: lie?.totalCount ?? total, perPage, page };
  };
  return { fetchPage, asked };
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('pagination', () => {
  it('yields every item, page by page, and stops at totalCount without an extra request', async () => {
    const c = collection(7, 3);
    expect(await all(paginate(c.fetchPage))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(c.asked).toEqual([0, 1, 2]);
    const exact = collection(6, 3);
    expect(await all(paginate(exact.fetchPage))).toHaveLength(6);
    expect(exact.asked).toEqual([0, 1]);
  });

  it('stops on a short or empty page even if totalCount says otherwise', async () => {
    const c = collection(4, 3, { totalCount: 100 });
    expect(await all(paginate(c.fetchPage))).toEqual([0, 1, 2, 3]);
    expect(c.asked).toEqual([0, 1]);
    const empty = collection(0, 3);
    expect(await all(paginate(empty.fetchPage))).toEqual([]);
  });

  it('fetches lazily: breaking out early asks for no more pages', async () => {
    const c = collection(100, 10);
    for await (const x of paginate(c.fetchPage)) if (x === 12) break;
    expect(c.asked).toEqual([0, 1]);
  });

  it('starts from a given page', async () => {
    const c = collection(10, 4);
    expect(await all(paginate(c.fetchPage, { startPage: 1 }))).toEqual([4, 5, 6, 7, 8, 9]);
  });

  it('fails instead of looping forever on a server that never ends', async () => {
    const endless = async (page: number): Promise<Page<number>> => ({ items: [page, page], perPage: 2 });
    await expect(all(paginate(endless, { maxPages: 5 }))).rejects.toThrow(LosantError);
    await expect(all(paginate(endless, { maxPages: 5 }))).rejects.toThrow('pagination did not end after 5 pages');
  });
});

import { describe, expect, it } from 'vitest';
import { LosantError } from '../src/errors.js';
import { paginate, paginateOffsets, type OffsetPage, type Page } from '../src/paginate.js';

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

/** Rows `offset`/`limit` at a time, answered only when the test releases them; records offsets and the most in flight. */
function rows(total: number, limit: number, options: { report?: boolean } = {}) {
  const asked: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetchAt = async (offset: number): Promise<OffsetPage<number>> => {
    asked.push(offset);
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    await new Promise((r) => setTimeout(r, 1));
    inFlight--;
    const items = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => offset + i);
    return { items, count: items.length, totalCount: total, ...(options.report === false ? {} : { limit, offset }) };
  };
  return { fetchAt, asked, maxInFlight: () => maxInFlight };
}

describe('offset pagination', () => {
  it('walks offset by the limit the response reports, stopping at totalCount', async () => {
    const r = rows(7, 3);
    expect(await all(paginateOffsets(r.fetchAt))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(r.asked).toEqual([0, 3, 6]);
    const from = rows(7, 3);
    expect(await all(paginateOffsets(from.fetchAt, { startOffset: 2 }))).toEqual([2, 3, 4, 5, 6]);
    expect(from.asked).toEqual([2, 5]);
    // A response without `limit`: the first page's length is the stride.
    const bare = rows(5, 2, { report: false });
    expect(await all(paginateOffsets(bare.fetchAt))).toEqual([0, 1, 2, 3, 4]);
    expect(bare.asked).toEqual([0, 2, 4]);
  });

  it('prefetches at most n pages ahead, never past totalCount', async () => {
    const r = rows(10, 2);
    const it = paginateOffsets(r.fetchAt, { prefetch: 2 });
    expect(await it.next()).toEqual({ value: 0, done: false });
    // Having read page 0, pages 1 and 2 are asked for; nothing more.
    expect(r.asked).toEqual([0, 2, 4]);
    expect(await all(it)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(r.asked).toEqual([0, 2, 4, 6, 8]);
    expect(r.maxInFlight()).toBe(2);
    const big = rows(10, 2);
    expect(await all(paginateOffsets(big.fetchAt, { prefetch: 50 }))).toHaveLength(10);
    expect(big.asked).toEqual([0, 2, 4, 6, 8]);
    expect(big.maxInFlight()).toBe(4);
  });

  it('does not prefetch without a totalCount', async () => {
    const asked: number[] = [];
    const fetchAt = async (offset: number): Promise<OffsetPage<number>> => {
      asked.push(offset);
      return { items: offset < 4 ? [offset, offset + 1] : [], limit: 2 };
    };
    const it = paginateOffsets(fetchAt, { prefetch: 3 });
    await it.next();
    expect(asked).toEqual([0]);
    expect(await all(it)).toEqual([1, 2, 3]);
    expect(asked).toEqual([0, 2, 4]);
  });
});

describe('every iterator', () => {
  it('toArray({ limit }) fetches only the pages that hold the first limit items, even with prefetch', async () => {
    const c = collection(100, 10);
    expect(await paginate(c.fetchPage).toArray({ limit: 15 })).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(c.asked).toEqual([0, 1]);
    const p = collection(100, 10);
    expect(await paginate(p.fetchPage, { prefetch: 5 }).toArray({ limit: 25 })).toHaveLength(25);
    expect(p.asked).toEqual([0, 1, 2]);
    const none = collection(100, 10);
    expect(await paginate(none.fetchPage).toArray({ limit: 0 })).toEqual([]);
    expect(none.asked).toEqual([]);
    const every = collection(7, 3);
    expect(await paginate(every.fetchPage).toArray()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('pages() yields each response whole; each walk starts anew', async () => {
    const c = collection(5, 2);
    const pager = paginate(c.fetchPage);
    const pages = await all(pager.pages());
    expect(pages).toEqual([
      { items: [0, 1], count: 2, totalCount: 5, perPage: 2, page: 0 },
      { items: [2, 3], count: 2, totalCount: 5, perPage: 2, page: 1 },
      { items: [4], count: 1, totalCount: 5, perPage: 2, page: 2 },
    ]);
    expect(await all(pager)).toEqual([0, 1, 2, 3, 4]);
    expect(c.asked).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('a prefetched page that fails after the loop was left is no unhandled rejection', async () => {
    let n = 0;
    const fetchPage = async (page: number): Promise<Page<number>> => {
      n++;
      if (page > 0) throw new Error('boom');
      return { items: [0, 1], perPage: 2, totalCount: 10 };
    };
    for await (const x of paginate(fetchPage, { prefetch: 3 })) if (x === 1) break;
    expect(n).toBe(4);
    await expect(all(paginate(fetchPage, { prefetch: 1 }))).rejects.toThrow('boom');
  });

  it('the item type comes from the result', () => {
    const typed = paginate(async () => ({ items: [{ id: 'a' }], totalCount: 1 }));
    const check: AsyncGenerator<{ id: string }, void, undefined> = typed;
    expect(check).toBe(typed);
  });
});

import { LosantError } from './errors.js';

/** A page of a Losant collection. */
export interface Page<Item> {
  items?: Item[] | undefined;
  count?: number | undefined;
  totalCount?: number | undefined;
  perPage?: number | undefined;
  page?: number | undefined;
}

/** A slice of a Losant collection asked for by `offset` and `limit` (data table rows). */
export interface OffsetPage<Item> {
  items?: Item[] | undefined;
  count?: number | undefined;
  totalCount?: number | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** The item type of a collection response. */
export type PageItem<R> = R extends { items?: Array<infer Item> } ? Item : never;

/** Options every iterator takes. */
interface WalkOptions {
  /** Stop with an error after this many pages, in case a server never signals the end. Default 1000. */
  maxPages?: number | undefined;
  /**
   * Fetch up to this many pages ahead of the one being read (default 0: one at a time). Only once
   * the first page has told `totalCount`, and never past it.
   */
  prefetch?: number | undefined;
}

export interface PaginateOptions extends WalkOptions {
  /** Page to start from (Losant pages count from 0). Default 0. */
  startPage?: number | undefined;
}

export interface OffsetPaginateOptions extends WalkOptions {
  /** Items to skip before the first one. Default 0. */
  startOffset?: number | undefined;
}

/**
 * Every item of a collection, fetched as iteration needs them (`for await`), plus `pages()` (each
 * response whole, as it came) and `toArray({ limit })`. Each of the three walks the collection
 * anew; breaking out of a loop fetches nothing more (pages already prefetched are dropped).
 */
export interface Paginator<Item, P> extends AsyncGenerator<Item, void, undefined> {
  /** Each response as it came, `items` and all. */
  pages(): AsyncGenerator<P, void, undefined>;
  /** Every item in one array; with `limit`, at most that many, and no page past the one that holds the last. */
  toArray(options?: { limit?: number | undefined }): Promise<Item[]>;
}

type Slice = { items?: unknown[] | undefined; totalCount?: number | undefined };

/** How one kind of paging names its requests: the k-th request, the stride the first response tells, where it starts. */
interface Plan<P> {
  fetch(k: number, stride: number): PromiseLike<P>;
  stride(first: P, items: number): number;
  start(stride: number): number;
}

const noop = () => undefined;

async function* walk<P extends Slice>(
  plan: Plan<P>,
  options: WalkOptions,
  maxItems: number | undefined,
): AsyncGenerator<P, void, undefined> {
  const maxPages = options.maxPages ?? 1000;
  const ahead = Math.max(0, Math.floor(options.prefetch ?? 0));
  const queue: Promise<P>[] = [];
  let requested = 0;
  let stride = 0;
  let start = 0;
  let total: number | undefined;
  let seen = 0;
  const issue = () => {
    const next = Promise.resolve(plan.fetch(requested++, stride));
    next.catch(noop); // a prefetched page nobody reads must not be an unhandled rejection
    queue.push(next);
  };
  for (let k = 0; ; k++) {
    if (k >= maxPages)
      throw new LosantError(
        `pagination did not end after ${maxPages} pages (raise maxPages if the collection is that large)`,
      );
    if (queue.length === 0) issue();
    const result = await queue.shift()!;
    const items = result.items?.length ?? 0;
    if (k === 0) {
      stride = plan.stride(result, items);
      start = plan.start(stride);
      total = result.totalCount;
    }
    seen += items;
    const last =
      items === 0 ||
      items < stride ||
      (total !== undefined && start + seen >= total) ||
      (maxItems !== undefined && seen >= maxItems);
    if (!last && total !== undefined)
      while (
        requested <= k + ahead &&
        requested < maxPages &&
        start + requested * stride < total &&
        (maxItems === undefined || requested * stride < maxItems)
      )
        issue();
    yield result;
    if (last) return;
  }
}

function paginator<P extends Slice>(plan: Plan<P>, options: WalkOptions): Paginator<PageItem<P>, P> {
  async function* items(maxItems: number | undefined): AsyncGenerator<PageItem<P>, void, undefined> {
    let n = 0;
    for await (const page of walk(plan, options, maxItems))
      for (const item of page.items ?? []) {
        yield item as PageItem<P>;
        if (maxItems !== undefined && ++n >= maxItems) return;
      }
  }
  return Object.assign(items(undefined), {
    pages: () => walk(plan, options, undefined),
    toArray: async ({ limit }: { limit?: number | undefined } = {}) => {
      const out: PageItem<P>[] = [];
      if (limit !== undefined && limit <= 0) return out;
      for await (const item of items(limit)) out.push(item);
      return out;
    },
  });
}

/**
 * Every item of a paged collection (`page`/`perPage`), fetching pages as iteration needs them.
 * Stops after the last item `totalCount` promises, on a short or empty page, or fails after
 * `maxPages`.
 */
export function paginate<P extends Page<unknown>>(
  fetchPage: (page: number) => PromiseLike<P>,
  options: PaginateOptions = {},
): Paginator<PageItem<P>, P> {
  const first = options.startPage ?? 0;
  return paginator<P>(
    {
      fetch: (k) => fetchPage(first + k),
      stride: (result, items) => result.perPage ?? items,
      start: (stride) => first * stride,
    },
    options,
  );
}

/**
 * Every item of a collection asked for by `offset` and `limit`: the first request at
 * `startOffset`, each next one `limit` (as the response reports it) further. Stops as `paginate`.
 */
export function paginateOffsets<P extends OffsetPage<unknown>>(
  fetchAt: (offset: number) => PromiseLike<P>,
  options: OffsetPaginateOptions = {},
): Paginator<PageItem<P>, P> {
  const first = options.startOffset ?? 0;
  return paginator<P>(
    {
      fetch: (k, stride) => fetchAt(first + k * stride),
      stride: (result, items) => result.limit ?? items,
      start: () => first,
    },
    options,
  );
}

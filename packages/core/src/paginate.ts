import { LosantError } from './errors.js';

/** A page of a Losant collection. */
export interface Page<Item> {
  items?: Item[] | undefined;
  count?: number | undefined;
  totalCount?: number | undefined;
  perPage?: number | undefined;
  page?: number | undefined;
}

/** The item type of a collection response. */
export type PageItem<R> = R extends { items?: Array<infer Item> } ? Item : never;

export interface PaginateOptions {
  /** Page to start from (Losant pages count from 0). Default 0. */
  startPage?: number | undefined;
  /** Stop with an error after this many pages, in case a server never signals the end. Default 1000. */
  maxPages?: number | undefined;
}

/**
 * Every item of a paged collection, fetching pages as iteration needs them. Stops after the
 * last item `totalCount` promises, on a short or empty page, or fails after `maxPages`.
 */
export async function* paginate<Item>(
  fetchPage: (page: number) => PromiseLike<Page<Item>>,
  options: PaginateOptions = {},
): AsyncGenerator<Item, void, undefined> {
  const maxPages = options.maxPages ?? 1000;
  let seen = 0;
  for (let n = 0, page = options.startPage ?? 0; ; n++, page++) {
    if (n >= maxPages)
      throw new LosantError(
        `pagination did not end after ${maxPages} pages (raise maxPages if the collection is that large)`,
      );
    const result = await fetchPage(page);
    const items = result.items ?? [];
    for (const item of items) yield item;
    seen += items.length;
    const perPage = result.perPage ?? items.length;
    const total = result.totalCount;
    if (
      items.length === 0 ||
      items.length < perPage ||
      (total !== undefined && (options.startPage ?? 0) * perPage + seen >= total)
    )
      return;
  }
}

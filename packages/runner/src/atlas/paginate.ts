import type { HttpResponse } from '../http/types.js';

/** Largest page Atlas serves. */
export const ITEMS_PER_PAGE = 500;

/** Safety stop: a server that never ends a listing cannot keep us reading forever. */
const MAX_PAGES = 1000;

/** All items of a paginated listing and how many page requests it took. */
export interface ListResult<T> {
  results: T[];
  /** Requests made; 1 for any listing of up to 500 items. */
  pages: number;
}

/**
 * Read every page of an Atlas listing (`pageNum`, `itemsPerPage=500`, `includeCount=true`). Stops on an
 * empty page, once `totalCount` items are read, or on a short page when `totalCount` is absent.
 */
export async function paginate<T>(
  fetchPage: (query: URLSearchParams) => Promise<HttpResponse>,
  parse: (response: HttpResponse) => { results?: T[]; totalCount?: number },
): Promise<ListResult<T>> {
  const results: T[] = [];
  for (let pageNum = 1; pageNum <= MAX_PAGES; pageNum += 1) {
    const query = new URLSearchParams({
      pageNum: String(pageNum),
      itemsPerPage: String(ITEMS_PER_PAGE),
      includeCount: 'true',
    });
    const response = await fetchPage(query);
    const body = parse(response);
    const page = Array.isArray(body.results) ? body.results : [];
    results.push(...page);
    const total = typeof body.totalCount === 'number' ? body.totalCount : undefined;
    const done = page.length === 0 || (total !== undefined ? results.length >= total : page.length < ITEMS_PER_PAGE);
    if (done) return { results, pages: pageNum };
  }
  return { results, pages: MAX_PAGES };
}

import { atlasError, type SimResponse } from './sim-response.js';

/** Atlas's paginated view: `{links, results, totalCount?}` with `self`, `previous`, `next` links. */
export function paginate<T>(
  items: readonly T[],
  query: URLSearchParams,
  selfUrl: URL,
): { body: { links: { href: string; rel: string }[]; results: T[]; totalCount?: number } } | { error: SimResponse } {
  const pageNumRaw = query.get('pageNum') ?? '1';
  const perPageRaw = query.get('itemsPerPage') ?? '100';
  const pageNum = Number(pageNumRaw);
  const perPage = Number(perPageRaw);
  if (!Number.isInteger(pageNum) || pageNum < 1)
    return {
      error: atlasError(400, 'INVALID_QUERY_PARAMETER', `Invalid value ${pageNumRaw} for query parameter pageNum.`, [
        'pageNum',
        pageNumRaw,
      ]),
    };
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 500) {
    return {
      error: atlasError(
        400,
        'INVALID_QUERY_PARAMETER',
        `Invalid value ${perPageRaw} for query parameter itemsPerPage.`,
        ['itemsPerPage', perPageRaw],
      ),
    };
  }
  const includeCount = query.get('includeCount') !== 'false';
  const results = items.slice((pageNum - 1) * perPage, pageNum * perPage);
  const link = (page: number, rel: string): { href: string; rel: string } => {
    const url = new URL(selfUrl);
    url.searchParams.set('pageNum', String(page));
    url.searchParams.set('itemsPerPage', String(perPage));
    return { href: url.toString(), rel };
  };
  const links = [link(pageNum, 'self')];
  if (pageNum > 1) links.push(link(pageNum - 1, 'previous'));
  if (pageNum * perPage < items.length) links.push(link(pageNum + 1, 'next'));
  return { body: { links, results, ...(includeCount ? { totalCount: items.length } : {}) } };
}

/** `page` / `per_page` and the `Link` header of list endpoints (reference §4.4). */
import { invalid } from './http.ts';
import { ApiLimits } from './limits.ts';

export interface Paging {
  page: number;
  perPage: number;
}

/**
 * Reads `page` (≥ 1) and, when `perPageAllowed`, `per_page` (1–100, default 30); anything else is
 * 400 `invalid_value` naming the parameter (§4.4: "values over 100 give an error").
 */
export function readPaging(query: URLSearchParams, perPageAllowed = true, fixedSize: number = ApiLimits.DEFAULT_PER_PAGE): Paging {
  const page = positiveInt(query.get('page'), 1);
  if (page === undefined) throw invalid('page', 'It should be a/an Positive Integer');
  if (!perPageAllowed) return { page, perPage: fixedSize };
  const perPage = positiveInt(query.get('per_page'), ApiLimits.DEFAULT_PER_PAGE);
  if (perPage === undefined || perPage > ApiLimits.MAX_PER_PAGE) {
    throw invalid('per_page', `It should be a Positive Integer less than or equal to ${ApiLimits.MAX_PER_PAGE}`);
  }
  return { page, perPage };
}

function positiveInt(raw: string | null, fallback: number): number | undefined {
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 && Number.isSafeInteger(n) ? n : undefined;
}

export function slice<T>(items: readonly T[], { page, perPage }: Paging): { items: T[]; hasMore: boolean } {
  const start = (page - 1) * perPage;
  return { items: items.slice(start, start + perPage), hasMore: items.length > start + perPage };
}

/** `<base/path?…&page=N+1>; rel="next"`, keeping every other parameter as sent. */
export function nextLink(baseUrl: string, path: string, query: URLSearchParams, page: number): string {
  const next = new URLSearchParams(query);
  next.set('page', String(page + 1));
  return `<${baseUrl}${path}?${next.toString()}>; rel="next"`;
}

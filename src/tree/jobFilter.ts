/**
 * The Training Jobs view's filter: a name search and one status code, both applied by ModelArts
 * (`search_content`, `status`), so paging stays exact. No `vscode` import: unit-tested in plain Node.
 */
import { statusInfo } from '../model/status';

/** What the view is filtered by; an empty object is "no filter". */
export interface JobFilter {
  /** Text the job name contains (ModelArts `search_content`), trimmed, 1–64 characters. */
  readonly search?: string;
  /** One status code of the latest version (ModelArts `status`). */
  readonly status?: number;
}

/** The API's limit of `search_content`. */
export const MAX_SEARCH_LENGTH = 64;

/**
 * The statuses the filter offers. The API filters by exactly one code, so only statuses that are a
 * single code are offered; a group such as "all failures" (codes 3, 5, 6, 11, 14, …) would need several
 * requests or client-side filtering, which would break paging.
 */
export const STATUS_FILTERS: readonly number[] = [8, 7, 10, 11, 12, 13, 6];

/** The filter with the search trimmed and empty parts dropped. */
export function normaliseFilter(filter: JobFilter | undefined): JobFilter {
  const search = filter?.search?.trim();
  return {
    ...(search ? { search } : {}),
    ...(filter?.status !== undefined ? { status: filter.status } : {}),
  };
}

/** True when the filter narrows the list. */
export function isFilterActive(filter: JobFilter | undefined): boolean {
  const f = normaliseFilter(filter);
  return f.search !== undefined || f.status !== undefined;
}

/** The filter as the view's description shows it, e.g. `name: bert · Running`; empty when none. */
export function describeFilter(filter: JobFilter | undefined): string {
  const f = normaliseFilter(filter);
  return [
    f.search !== undefined ? `name: ${f.search}` : undefined,
    f.status !== undefined ? statusInfo(f.status).label : undefined,
  ].filter(Boolean).join(' · ');
}

/**
 * The filter as a sentence for the view's message (shown above the jobs, where it is seen even when
 * the view's title, with its description, is merged into the side bar's), e.g.
 * `Filtered: name contains "bert" · latest status Running`; empty when none.
 */
export function filterMessage(filter: JobFilter | undefined): string {
  const f = normaliseFilter(filter);
  const parts = [
    f.search !== undefined ? `name contains "${f.search}"` : undefined,
    f.status !== undefined ? `latest status ${statusInfo(f.status).label}` : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? `Filtered: ${parts.join(' · ')}` : '';
}

/** The input box's validation of the search text: a message, or undefined when it is acceptable. */
export function validateSearch(text: string): string | undefined {
  const length = text.trim().length;
  return length > MAX_SEARCH_LENGTH
    ? `At most ${MAX_SEARCH_LENGTH} characters: ModelArts searches with up to ${MAX_SEARCH_LENGTH} (now ${length}).`
    : undefined;
}

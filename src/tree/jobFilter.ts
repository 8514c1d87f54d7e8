/**
 * The Training Jobs view's filter: a name search and one status code, both applied by ModelArts
 * (`search_content`, `status`), so paging stays exact. No `vscode` import: unit-tested in plain Node.
 */
import { KNOWN_STATUS_CODES, statusInfo, type StatusGroup } from '../model/status';
import { msg, t } from '../util/l10n';

/** What the view is filtered by; an empty object is "no filter". */
export interface JobFilter {
  /** Text the job name contains (ModelArts `search_content`), trimmed, 1–64 characters. */
  readonly search?: string;
  /** One status code of the latest version (ModelArts `status`). */
  readonly status?: number;
}

/** The API's limit of `search_content`. */
export const MAX_SEARCH_LENGTH = 64;

/** The headings the filter groups the statuses under, in the order shown. */
const GROUP_TITLES: readonly (readonly [StatusGroup, string])[] = [
  ['running', msg('Running')], ['inProgress', msg('Starting or stopping')], ['done', msg('Finished')], ['failed', msg('Failed')], ['stopped', msg('Stopped')],
];

/**
 * The statuses the filter offers: every one the API documents, each a single code (the API filters by
 * exactly one), grouped under a heading by what it means.
 */
export const STATUS_FILTER_GROUPS: readonly { readonly title: string; readonly codes: readonly number[] }[] =
  GROUP_TITLES.map(([group, title]) => ({ title, codes: KNOWN_STATUS_CODES.filter(code => statusInfo(code).group === group) }));

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
    f.search !== undefined ? t('name: {0}', f.search) : undefined,
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
    f.search !== undefined ? t('name contains "{0}"', f.search) : undefined,
    f.status !== undefined ? t('latest status {0}', statusInfo(f.status).label) : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? t('Filtered: {0}', parts.join(' · ')) : '';
}

/** The input box's validation of the search text: a message, or undefined when it is acceptable. */
export function validateSearch(text: string): string | undefined {
  const length = text.trim().length;
  return length > MAX_SEARCH_LENGTH
    ? t('At most {0} characters: ModelArts searches with up to {0} (now {1}).', MAX_SEARCH_LENGTH, length)
    : undefined;
}

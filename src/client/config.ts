/**
 * The client's boundary checks, made once before anything is sent: the configuration (region,
 * project ID, credentials, retry policy) when a client is built, and the options of each call.
 * Each failure is a `ConfigurationError` that names what to fix, never the secret.
 */
import { ConfigurationError, type RequestContext } from './errors';
import { isProjectId, nonPrintableAt } from './ids';
import { msg, t } from '../util/l10n';
import type { ClientConfig, Credentials, JobSortField, ListJobsOptions, ListVersionsOptions, LogLinesOptions } from './types';

const DEFAULT_RETRY = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 5_000 };

export function checkRegion(region: unknown): string {
  if (typeof region !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(region)) {
    throw new ConfigurationError(t('The region must be a region name such as eu-de or cn-north-4.'));
  }
  return region;
}

export function checkConfiguredProjectId(projectId: unknown): string | undefined {
  if (projectId === undefined || projectId === null || projectId === '') {
    return undefined;
  }
  if (!isProjectId(projectId)) {
    throw new ConfigurationError(
      t('The configured project ID is not valid: it is made of letters and digits (32 hexadecimal digits, shown under My Credentials > API Credentials > Projects). Leave it empty to look it up from the region.'));
  }
  return projectId;
}

export function checkCredentials(credentials: Credentials | undefined): Credentials {
  const filled = (value: unknown): boolean => typeof value === 'string' && value !== '';
  const printable = (value: string | undefined, what: string, space = false): void => {
    const at = value === undefined ? undefined : nonPrintableAt(value, space);
    if (at !== undefined) {
      throw new ConfigurationError(
        t('The {0} holds a character that is not printable ASCII at {1}, often a pasted invisible character. Run "ModelArts: Configure Credentials" and paste it again.', t(what), at));
    }
  };
  if (credentials?.kind === 'aksk' && filled(credentials.accessKey) && filled(credentials.secretKey)) {
    printable(credentials.accessKey, msg('access key ID'));
    printable(credentials.secretKey, msg('secret access key'));
    printable(credentials.securityToken, msg('security token'));
  }
  if (credentials?.kind === 'password' && filled(credentials.password)) {
    printable(credentials.password, msg('password'), true);
  }
  if (credentials?.kind === 'aksk') {
    if (!filled(credentials.accessKey) || !filled(credentials.secretKey)) {
      throw new ConfigurationError(t('The access key and secret key must both be set. Run "ModelArts: Configure Credentials".'));
    }
    if (credentials.securityToken !== undefined && !filled(credentials.securityToken)) {
      throw new ConfigurationError(t('The security token of the temporary access key is empty. Obtain a new temporary AK/SK.'));
    }
    return credentials;
  }
  if (credentials?.kind === 'password') {
    if (!filled(credentials.userName) || !filled(credentials.password) || !filled(credentials.domainName)) {
      throw new ConfigurationError(t('The IAM user name, password and account (domain) name must all be set. Run "ModelArts: Configure Credentials".'));
    }
    return credentials;
  }
  throw new ConfigurationError(t('No credentials are configured. Run "ModelArts: Configure Credentials".'));
}

export function checkRetry(retry: ClientConfig['retry']): { maxAttempts: number; baseDelayMs: number; maxDelayMs: number } {
  const merged = { ...DEFAULT_RETRY, ...retry };
  const { maxAttempts, baseDelayMs, maxDelayMs } = merged;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 10 ||
      !Number.isFinite(baseDelayMs) || baseDelayMs < 0 || !Number.isFinite(maxDelayMs) || maxDelayMs < 0) {
    throw new ConfigurationError(t('The retry policy is not valid: {0} must be 1–10 and the delays non-negative milliseconds.', 'maxAttempts'));
  }
  return { maxAttempts, baseDelayMs, maxDelayMs };
}

export function checkInteger(value: unknown, min: number, max: number, name: string, context: RequestContext): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigurationError(t('{0} {1}: {2} must be a whole number from {3} to {4}.', context.method, context.path, name, min, max), { request: context });
  }
  return value;
}

export function checkOrder(order: unknown, context: RequestContext): 'asc' | 'desc' {
  if (order !== 'asc' && order !== 'desc') {
    throw new ConfigurationError(t('{0} {1}: {2} must be "{3}" or "{4}".', context.method, context.path, 'order', 'asc', 'desc'), { request: context });
  }
  return order;
}

/** The API's own `per_page` default (both list calls), sent when the caller names none. */
const API_PER_PAGE = 10;
const SORT_FIELDS: readonly JobSortField[] = ['job_name', 'job_desc', 'status', 'duration', 'version_count', 'create_time'];
const MAX_SEARCH_LENGTH = 64;

/** The query of `GET /v1/{project}/training-jobs` for `options`, every option checked; `order` is always sent. */
export function jobListQuery(options: ListJobsOptions, context: RequestContext): [string, string][] {
  const query: [string, string][] = [
    ['page', String(checkInteger(options.page ?? 1, 1, 65_535, 'page', context))],
    ['per_page', String(checkInteger(options.perPage ?? API_PER_PAGE, 1, 1000, 'perPage', context))],
    ['order', checkOrder(options.order ?? 'asc', context)],
  ];
  if (options.status !== undefined) {
    query.push(['status', String(checkInteger(options.status, 0, 1000, 'status', context))]);
  }
  if (options.sortBy !== undefined) {
    if (!SORT_FIELDS.includes(options.sortBy)) {
      throw new ConfigurationError(t('{0} {1}: cannot sort by "{2}"; use one of {3}.', context.method, context.path, String(options.sortBy), SORT_FIELDS.join(', ')),
        { request: context });
    }
    query.push(['sortBy', options.sortBy]);
  }
  if (options.search !== undefined && options.search !== '') {
    if (typeof options.search !== 'string' || options.search.length > MAX_SEARCH_LENGTH) {
      throw new ConfigurationError(t('{0} {1}: the search text must be at most {2} characters.', context.method, context.path, MAX_SEARCH_LENGTH), { request: context });
    }
    query.push(['search_content', options.search]);
  }
  return query;
}

/** The query of a version list; `page` is at least 1 (the API's 0 would mean "no paging"). */
export function versionListQuery(options: ListVersionsOptions, context: RequestContext): [string, string][] {
  return [
    ['page', String(checkInteger(options.page ?? 1, 1, 65_535, 'page', context))],
    ['per_page', String(checkInteger(options.perPage ?? API_PER_PAGE, 1, 1000, 'perPage', context))],
  ];
}

/** The query of `aom-log`, with the log file required and the cursor passed on exactly. */
export function logLinesQuery(options: LogLinesOptions, context: RequestContext): [string, string][] {
  if (!options || typeof options.logFile !== 'string' || options.logFile === '') {
    throw new ConfigurationError(t('{0} {1}: a log file name is required; take one from the list of log files.', context.method, context.path), { request: context });
  }
  const query: [string, string][] = [['log_file', options.logFile], ['lines', String(checkInteger(options.lines ?? 50, 0, 500, 'lines', context))]];
  if (options.baseLine !== undefined && options.baseLine !== '') {
    query.push(['base_line', String(options.baseLine)]);
  }
  if (options.order !== undefined) {
    query.push(['order', checkOrder(options.order, context)]);
  }
  return query;
}

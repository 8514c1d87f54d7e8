/**
 * The ModelArts client: the operations of {@link ModelArtsApi} on the old-version ("v1") training
 * API, with validated configuration, project-ID resolution and safe path building.
 */
import { AkSkAuthProvider, PasswordAuthProvider, type AuthProvider } from './auth';
import { normaliseEndpoint } from './endpoints';
import { AuthenticationError, ConfigurationError, PermissionError, type RequestContext } from './errors';
import { abandonable, HttpTransport, type CredentialKind, type HttpRequest, type HttpResponse } from './http';
import { checkId, checkProjectId, isProjectId, nonPrintableAt } from './ids';
import {
  parseJobPage, parseLogFiles, parseLogLines, parseProjectIds, parseVersionDetails, parseVersionPage,
  type ParsedJobPage,
} from './parse';
import { encodeRfc3986 } from './signer';
import type {
  CallOptions, ClientConfig, Credentials, JobPage, JobSortField, ListJobsOptions, ListVersionsOptions, LogLines,
  LogLinesOptions, ModelArtsApi, TrainingJob, VersionDetails, VersionPage,
} from './types';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRY = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 5_000 };
const SORT_FIELDS: readonly JobSortField[] = ['job_name', 'job_desc', 'status', 'duration', 'version_count', 'create_time'];
const MAX_SEARCH_LENGTH = 64;

const JOBS = '/v1/{project_id}/training-jobs';
const JOB = `${JOBS}/{job_id}`;
const VERSIONS = `${JOB}/versions`;
const VERSION = `${VERSIONS}/{version_id}`;

type RequestOptions = Pick<HttpRequest, 'query' | 'signal' | 'emptyBodyOk'>;

/**
 * The client. The constructor validates the configuration and throws {@link ConfigurationError}
 * for a bad endpoint (anything but HTTPS, or HTTP to loopback), region, project ID, credentials,
 * timeout or retry policy; it sends nothing. Every method validates its IDs and options before any
 * request, and throws only `ModelArtsError` subclasses.
 */
export class ModelArtsClient implements ModelArtsApi {
  private readonly endpoint: string;
  private readonly iamEndpoint: string;
  private readonly region: string;
  private readonly configuredProjectId?: string;
  private readonly transport: HttpTransport;
  private readonly auth: AuthProvider;
  private readonly passwordAuth?: PasswordAuthProvider;
  private projectId?: Promise<string>;

  constructor(config: ClientConfig) {
    if (config === null || typeof config !== 'object') {
      throw new ConfigurationError('The ModelArts client needs a configuration object.');
    }
    this.endpoint = normaliseEndpoint(String(config.endpoint ?? ''), 'ModelArts endpoint');
    this.iamEndpoint = normaliseEndpoint(String(config.iamEndpoint ?? ''), 'IAM endpoint');
    this.region = checkRegion(config.region);
    this.configuredProjectId = checkConfiguredProjectId(config.projectId);
    const credentials = checkCredentials(config.credentials);
    const retry = checkRetry(config.retry);
    const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new ConfigurationError('The request timeout must be a positive number of milliseconds.');
    }
    const now = config.now ?? ((): Date => new Date());
    const version = typeof config.clientVersion === 'string' && /^[\w.+-]{1,40}$/.test(config.clientVersion)
      ? config.clientVersion : '0.0.0';

    let auth: AuthProvider | undefined;
    const credentialKind: CredentialKind = credentials.kind === 'password'
      ? 'password' : credentials.securityToken !== undefined ? 'temporary-aksk' : 'aksk';
    this.transport = new HttpTransport({
      timeoutMs,
      ...retry,
      userAgent: `modelarts-vscode/${version}`,
      credentialKind,
      region: this.region,
      now,
      log: config.log,
      secrets: () => auth?.secrets() ?? [],
    });
    if (credentials.kind === 'password') {
      this.passwordAuth = new PasswordAuthProvider({
        credentials,
        transport: this.transport,
        endpoint: this.endpoint,
        iamEndpoint: this.iamEndpoint,
        region: this.region,
        projectId: this.configuredProjectId,
        tokenCache: config.tokenCache,
        now,
      });
      auth = this.passwordAuth;
    } else {
      auth = new AkSkAuthProvider(credentials, now);
    }
    this.auth = auth;
  }

  /**
   * The configured project ID, or the one resolved from the region: with AK/SK by
   * `GET {iam}/v3/projects?name={region}` (exactly one match required), with a password from the
   * project-scoped token. Resolved once and cached; a failure is not cached.
   */
  getProjectId(options: CallOptions = {}): Promise<string> {
    if (this.configuredProjectId !== undefined) {
      return Promise.resolve(this.configuredProjectId);
    }
    if (!this.projectId) {
      // Resolved without the caller's signal: the answer is shared, and one caller giving up must not fail the others.
      const pending = this.resolveProjectId();
      this.projectId = pending;
      pending.catch(() => {
        if (this.projectId === pending) {
          this.projectId = undefined;
        }
      });
    }
    return abandonable(this.projectId, options.signal, 'Looking up the project ID');
  }

  /** Aborts reads in flight and refuses every further request; changes in flight finish. */
  close(): void {
    this.transport.close();
  }

  /** One page of jobs (`GET /v1/{project}/training-jobs`); `order` is always sent (default `asc`). */
  async listJobs(options: ListJobsOptions = {}): Promise<JobPage> {
    return (await this.fetchJobPage(options)).page;
  }

  /** Every job, page by page (`perPage` default 100), stopping at `job_total_count` or a short page. */
  async *iterateJobs(options: Omit<ListJobsOptions, 'page'> = {}): AsyncGenerator<TrainingJob, void, undefined> {
    const perPage = options.perPage ?? 100;
    let seen = 0;
    for (let page = 1; page <= 65_535; page++) {
      const { page: result, totalReported } = await this.fetchJobPage({ ...options, page, perPage });
      yield* result.jobs;
      seen += result.jobs.length;
      if (result.jobs.length < perPage || (totalReported && seen >= result.total)) {
        return;
      }
    }
  }

  /** One page of a job's versions; `page` is at least 1 (the API's 0 would mean "no paging"). */
  async listVersions(jobId: string, options: ListVersionsOptions = {}): Promise<VersionPage> {
    const job = checkId(jobId, 'job', { method: 'GET', path: VERSIONS });
    const page = checkInteger(options.page ?? 1, 1, 65_535, 'page', { method: 'GET', path: VERSIONS });
    const perPage = checkInteger(options.perPage ?? 10, 1, 1000, 'perPage', { method: 'GET', path: VERSIONS });
    const response = await this.modelArts('GET', ['training-jobs', job, 'versions'], {
      query: [['page', String(page)], ['per_page', String(perPage)]],
      signal: options.signal,
    });
    return parseVersionPage(requireBody(response), job, { request: response.request, status: response.status });
  }

  /** Details of one version (the flat object of `GET …/versions/{version_id}`). */
  async getVersion(jobId: string, versionId: string, options: CallOptions = {}): Promise<VersionDetails> {
    const context = { method: 'GET', path: VERSION };
    const job = checkId(jobId, 'job', context);
    const version = checkId(versionId, 'version', context);
    const response = await this.modelArts('GET', ['training-jobs', job, 'versions', version], { signal: options.signal });
    return parseVersionDetails(requireBody(response), job, { request: response.request, status: response.status });
  }

  /**
   * Requests the deletion of a version. Resolves when the service accepted it (deletion is
   * asynchronous: re-list to confirm). Never sent twice unless the first try provably never left.
   */
  async deleteVersion(jobId: string, versionId: string, options: CallOptions = {}): Promise<void> {
    const context = { method: 'DELETE', path: VERSION };
    const job = checkId(jobId, 'job', context);
    const version = checkId(versionId, 'version', context);
    await this.modelArts('DELETE', ['training-jobs', job, 'versions', version], { signal: options.signal, emptyBodyOk: true });
  }

  /** Requests the deletion of a job with all its versions (asynchronous, like {@link deleteVersion}). */
  async deleteJob(jobId: string, options: CallOptions = {}): Promise<void> {
    const job = checkId(jobId, 'job', { method: 'DELETE', path: JOB });
    await this.modelArts('DELETE', ['training-jobs', job], { signal: options.signal, emptyBodyOk: true });
  }

  /** Requests that a running version stop (`POST …/stop`, asynchronous). */
  async stopVersion(jobId: string, versionId: string, options: CallOptions = {}): Promise<void> {
    const context = { method: 'POST', path: `${VERSION}/stop` };
    const job = checkId(jobId, 'job', context);
    const version = checkId(versionId, 'version', context);
    await this.modelArts('POST', ['training-jobs', job, 'versions', version, 'stop'], { signal: options.signal, emptyBodyOk: true });
  }

  /** Names of a version's log files (one per worker). */
  async listLogFiles(jobId: string, versionId: string, options: CallOptions = {}): Promise<string[]> {
    const context = { method: 'GET', path: `${VERSION}/log/file-names` };
    const job = checkId(jobId, 'job', context);
    const version = checkId(versionId, 'version', context);
    const response = await this.modelArts('GET', ['training-jobs', job, 'versions', version, 'log', 'file-names'], { signal: options.signal });
    return parseLogFiles(requireBody(response), { request: response.request, status: response.status });
  }

  /** Lines of a log file (`aom-log`); the cursors in the answer are exact strings. */
  async getLogLines(jobId: string, versionId: string, options: LogLinesOptions): Promise<LogLines> {
    const context = { method: 'GET', path: `${VERSION}/aom-log` };
    const job = checkId(jobId, 'job', context);
    const version = checkId(versionId, 'version', context);
    if (!options || typeof options.logFile !== 'string' || options.logFile === '') {
      throw new ConfigurationError(`${context.method} ${context.path}: a log file name is required; take one from the list of log files.`, { request: context });
    }
    const lines = checkInteger(options.lines ?? 50, 0, 500, 'lines', context);
    const query: [string, string][] = [['log_file', options.logFile], ['lines', String(lines)]];
    if (options.baseLine !== undefined && options.baseLine !== '') {
      query.push(['base_line', String(options.baseLine)]);
    }
    if (options.order !== undefined) {
      query.push(['order', checkOrder(options.order, context)]);
    }
    const response = await this.modelArts('GET', ['training-jobs', job, 'versions', version, 'aom-log'], { query, signal: options.signal });
    return parseLogLines(requireBody(response));
  }

  private async fetchJobPage(options: ListJobsOptions): Promise<ParsedJobPage> {
    const context = { method: 'GET', path: JOBS };
    const page = checkInteger(options.page ?? 1, 1, 65_535, 'page', context);
    const perPage = checkInteger(options.perPage ?? 10, 1, 1000, 'perPage', context);
    const query: [string, string][] = [
      ['page', String(page)],
      ['per_page', String(perPage)],
      ['order', checkOrder(options.order ?? 'asc', context)],
    ];
    if (options.status !== undefined) {
      query.push(['status', String(checkInteger(options.status, 0, 1000, 'status', context))]);
    }
    if (options.sortBy !== undefined) {
      if (!SORT_FIELDS.includes(options.sortBy)) {
        throw new ConfigurationError(`${context.method} ${context.path}: cannot sort by "${String(options.sortBy)}"; use one of ${SORT_FIELDS.join(', ')}.`, { request: context });
      }
      query.push(['sortBy', options.sortBy]);
    }
    if (options.search !== undefined && options.search !== '') {
      if (typeof options.search !== 'string' || options.search.length > MAX_SEARCH_LENGTH) {
        throw new ConfigurationError(`${context.method} ${context.path}: the search text must be at most ${MAX_SEARCH_LENGTH} characters.`, { request: context });
      }
      query.push(['search_content', options.search]);
    }
    const response = await this.modelArts('GET', ['training-jobs'], { query, signal: options.signal });
    return parseJobPage(requireBody(response), { request: response.request, status: response.status });
  }

  /** Sends a ModelArts request under `/v1/{project_id}/`, every segment encoded. */
  private async modelArts(method: HttpRequest['method'], segments: readonly string[], options: RequestOptions): Promise<HttpResponse> {
    const projectId = await this.getProjectId({ signal: options.signal });
    const path = `/v1/${[projectId, ...segments].map(encodeRfc3986).join('/')}`;
    return this.send({ method, baseUrl: this.endpoint, path, headers: { 'X-Project-Id': projectId }, ...options });
  }

  /**
   * Sends with the configured credentials. After a 401 for a password token, the token is retired
   * and the request sent once more with a new one (a 401 means the service did not act on it).
   */
  private async send(request: Omit<HttpRequest, 'authorize'>): Promise<HttpResponse> {
    let usedToken: string | undefined;
    const authorize: HttpRequest['authorize'] = async outgoing => {
      const result = await this.auth.authorize(outgoing, request.signal);
      usedToken = result.token;
      return result.headers;
    };
    try {
      return await this.transport.send({ ...request, authorize });
    } catch (err) {
      if (err instanceof AuthenticationError && err.status === 401 && await this.auth.invalidate(usedToken)) {
        return this.transport.send({ ...request, authorize });
      }
      throw err;
    }
  }

  private async resolveProjectId(): Promise<string> {
    const context = { method: 'GET', path: '/v3/projects' };
    if (this.passwordAuth) {
      const token = await this.passwordAuth.getToken();
      return checkProjectId(token.projectId, { method: 'POST', path: '/v3/auth/tokens' });
    }
    let response: HttpResponse;
    try {
      response = await this.send({ method: 'GET', baseUrl: this.iamEndpoint, path: '/v3/projects', query: [['name', this.region]] });
    } catch (err) {
      if (err instanceof PermissionError) {
        throw new PermissionError(
          `${err.message} To avoid the lookup, set the project ID of region ${this.region} explicitly ` +
          '(console: My Credentials > API Credentials > Projects).',
          { request: err.request, status: err.status, errorCode: err.errorCode, serverMessage: err.serverMessage, requestId: err.requestId });
      }
      throw err;
    }
    const ids = parseProjectIds(requireBody(response), this.region, { request: response.request, status: response.status });
    if (ids.length !== 1) {
      const found = ids.length === 0 ? `no IAM project named "${this.region}"` : `${ids.length} IAM projects named "${this.region}"`;
      throw new ConfigurationError(
        `GET /v3/projects found ${found}, so the project ID cannot be chosen automatically. Check the region, or set ` +
        'the project ID explicitly (console: My Credentials > API Credentials > Projects).', { request: context });
    }
    return checkProjectId(ids[0], context);
  }
}

function requireBody(response: HttpResponse): Record<string, unknown> {
  // Only operations that allow an empty body get none; the others always have a parsed object.
  return response.body ?? {};
}

function checkRegion(region: unknown): string {
  if (typeof region !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(region)) {
    throw new ConfigurationError('The region must be a region name such as eu-de or cn-north-4.');
  }
  return region;
}

function checkConfiguredProjectId(projectId: unknown): string | undefined {
  if (projectId === undefined || projectId === null || projectId === '') {
    return undefined;
  }
  if (!isProjectId(projectId)) {
    throw new ConfigurationError(
      'The configured project ID is not valid: it is made of letters and digits (32 hexadecimal digits, shown under ' +
      'My Credentials > API Credentials > Projects). Leave it empty to look it up from the region.');
  }
  return projectId;
}

function checkCredentials(credentials: Credentials | undefined): Credentials {
  const filled = (value: unknown): boolean => typeof value === 'string' && value !== '';
  const printable = (value: string | undefined, what: string, space = false): void => {
    const at = value === undefined ? undefined : nonPrintableAt(value, space);
    if (at !== undefined) {
      throw new ConfigurationError(`The ${what} holds a character that is not printable ASCII at ${at}, often a pasted invisible ` +
        'character. Run "ModelArts: Configure Credentials" and paste it again.');
    }
  };
  if (credentials?.kind === 'aksk' && filled(credentials.accessKey) && filled(credentials.secretKey)) {
    printable(credentials.accessKey, 'access key ID');
    printable(credentials.secretKey, 'secret access key');
    printable(credentials.securityToken, 'security token');
  }
  if (credentials?.kind === 'password' && filled(credentials.password)) {
    printable(credentials.password, 'password', true);
  }
  if (credentials?.kind === 'aksk') {
    if (!filled(credentials.accessKey) || !filled(credentials.secretKey)) {
      throw new ConfigurationError('The access key and secret key must both be set. Run "ModelArts: Configure Credentials".');
    }
    if (credentials.securityToken !== undefined && !filled(credentials.securityToken)) {
      throw new ConfigurationError('The security token of the temporary access key is empty. Obtain a new temporary AK/SK.');
    }
    return credentials;
  }
  if (credentials?.kind === 'password') {
    if (!filled(credentials.userName) || !filled(credentials.password) || !filled(credentials.domainName)) {
      throw new ConfigurationError('The IAM user name, password and account (domain) name must all be set. Run "ModelArts: Configure Credentials".');
    }
    return credentials;
  }
  throw new ConfigurationError('No credentials are configured. Run "ModelArts: Configure Credentials".');
}

function checkRetry(retry: ClientConfig['retry']): { maxAttempts: number; baseDelayMs: number; maxDelayMs: number } {
  const merged = { ...DEFAULT_RETRY, ...retry };
  const { maxAttempts, baseDelayMs, maxDelayMs } = merged;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 10 ||
      !Number.isFinite(baseDelayMs) || baseDelayMs < 0 || !Number.isFinite(maxDelayMs) || maxDelayMs < 0) {
    throw new ConfigurationError('The retry policy is not valid: maxAttempts must be 1–10 and the delays non-negative milliseconds.');
  }
  return { maxAttempts, baseDelayMs, maxDelayMs };
}

function checkInteger(value: unknown, min: number, max: number, name: string, context: RequestContext): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigurationError(`${context.method} ${context.path}: ${name} must be a whole number from ${min} to ${max}.`, { request: context });
  }
  return value;
}

function checkOrder(order: unknown, context: RequestContext): 'asc' | 'desc' {
  if (order !== 'asc' && order !== 'desc') {
    throw new ConfigurationError(`${context.method} ${context.path}: order must be "asc" or "desc".`, { request: context });
  }
  return order;
}

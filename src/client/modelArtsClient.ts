/**
 * The ModelArts client: the operations of {@link ModelArtsApi} on the old-version ("v1") training API,
 * over one {@link Session}, and the new-version ("v2") ones as `v2` on the same session. Every method checks its IDs and options before any request (`ids.ts`,
 * `config.ts`) and throws only `ModelArtsError` subclasses.
 */
import { checkId } from './ids';
import { jobListQuery, logLinesQuery, versionListQuery } from './config';
import { parseJobPage, parseLogFiles, parseLogLines, parseVersionDetails, parseVersionPage } from './parse';
import { Session, bodyOf } from './session';
import { TrainingJobsV2 } from './v2Client';
import type { ModelArtsV2Api } from './v2Types';
import type {
  AllVersions, CallOptions, ClientConfig, JobPage, ListJobsOptions, ListVersionsOptions, LogLines, LogLinesOptions, ModelArtsApi,
  TrainingJobVersion, VersionDetails, VersionPage,
} from './types';

const JOBS = '/v1/{project_id}/training-jobs';
const JOB = `${JOBS}/{job_id}`;
const VERSIONS = `${JOB}/versions`;
const VERSION = `${VERSIONS}/{version_id}`;

/** The version page size when every version of a job is read: the API's maximum. */
const ALL_VERSIONS_PAGE = 1000;
/** A bound on the pages read for every version of a job (20,000 versions), so a misbehaving answer cannot loop. */
const ALL_VERSIONS_MAX_PAGES = 20;

/** The client; the constructor validates `config` and sends nothing. */
export class ModelArtsClient implements ModelArtsApi {
  private readonly session: Session;
  /** The new-version training operations, on the same session (credentials, project, transport). */
  readonly v2: ModelArtsV2Api;

  constructor(config: ClientConfig) {
    this.session = new Session(config);
    this.v2 = new TrainingJobsV2(this.session);
  }

  /** The project ID in use: configured, or resolved from the region once. */
  getProjectId(options: CallOptions = {}): Promise<string> {
    return this.session.getProjectId(options);
  }

  /** Aborts reads in flight and refuses every further request; changes in flight finish. */
  close(): void {
    this.session.close();
  }

  /** One page of jobs (`GET /v1/{project}/training-jobs`); `order` is always sent (default `asc`). */
  async listJobs(options: ListJobsOptions = {}): Promise<JobPage> {
    const query = jobListQuery(options, { method: 'GET', path: JOBS });
    const response = await this.session.modelArts('v1', 'GET', ['training-jobs'], { query, signal: options.signal });
    return parseJobPage(bodyOf(response), { request: response.request, status: response.status }).page;
  }

  /** One page of a job's versions, newest first. */
  async listVersions(jobId: string, options: ListVersionsOptions = {}): Promise<VersionPage> {
    const context = { method: 'GET', path: VERSIONS };
    const job = checkId(jobId, 'job', context);
    const query = versionListQuery(options, context);
    const response = await this.session.modelArts('v1', 'GET', ['training-jobs', job, 'versions'], { query, signal: options.signal });
    return parseVersionPage(bodyOf(response), job, { request: response.request, status: response.status });
  }

  /**
   * Every version of a job, newest first, read in pages of the API's maximum until the job's
   * `version_count` is reached or a page comes back short. The one way any caller reads a whole job.
   */
  async listAllVersions(jobId: string, options: CallOptions = {}): Promise<AllVersions> {
    const versions: TrainingJobVersion[] = [];
    const seen = new Set<string>();
    let first: VersionPage | undefined;
    for (let page = 1; page <= ALL_VERSIONS_MAX_PAGES; page++) {
      const result = await this.listVersions(jobId, { page, perPage: ALL_VERSIONS_PAGE, signal: options.signal });
      first ??= result;
      for (const version of result.versions) {
        if (!seen.has(version.versionId)) {
          seen.add(version.versionId);
          versions.push(version);
        }
      }
      if (result.versions.length < ALL_VERSIONS_PAGE || versions.length >= result.versionCount) {
        return { jobId: first.jobId, jobName: first.jobName, jobDesc: first.jobDesc, versionCount: result.versionCount, versions };
      }
    }
    return { jobId: first?.jobId ?? jobId, jobName: first?.jobName ?? '', jobDesc: first?.jobDesc ?? '', versionCount: versions.length, versions };
  }

  /** Details of one version (the flat object of `GET …/versions/{version_id}`). */
  async getVersion(jobId: string, versionId: string, options: CallOptions = {}): Promise<VersionDetails> {
    const context = { method: 'GET', path: VERSION };
    const job = checkId(jobId, 'job', context);
    const version = checkId(versionId, 'version', context);
    const response = await this.session.modelArts('v1', 'GET', ['training-jobs', job, 'versions', version], { signal: options.signal });
    return parseVersionDetails(bodyOf(response), job, { request: response.request, status: response.status });
  }

  /**
   * Requests the deletion of a version. Resolves when the service accepted it (deletion is
   * asynchronous: re-list to confirm). Never sent twice unless the first try provably never left.
   */
  async deleteVersion(jobId: string, versionId: string, options: CallOptions = {}): Promise<void> {
    const context = { method: 'DELETE', path: VERSION };
    const job = checkId(jobId, 'job', context);
    const version = checkId(versionId, 'version', context);
    await this.session.modelArts('v1', 'DELETE', ['training-jobs', job, 'versions', version], { signal: options.signal, emptyBodyOk: true });
  }

  /** Requests the deletion of a job with all its versions (asynchronous, like {@link deleteVersion}). */
  async deleteJob(jobId: string, options: CallOptions = {}): Promise<void> {
    const job = checkId(jobId, 'job', { method: 'DELETE', path: JOB });
    await this.session.modelArts('v1', 'DELETE', ['training-jobs', job], { signal: options.signal, emptyBodyOk: true });
  }

  /** Requests that a running version stop (`POST …/stop`, asynchronous). */
  async stopVersion(jobId: string, versionId: string, options: CallOptions = {}): Promise<void> {
    const context = { method: 'POST', path: `${VERSION}/stop` };
    const job = checkId(jobId, 'job', context);
    const version = checkId(versionId, 'version', context);
    await this.session.modelArts('v1', 'POST', ['training-jobs', job, 'versions', version, 'stop'], { signal: options.signal, emptyBodyOk: true });
  }

  /** Names of a version's log files (one per worker). */
  async listLogFiles(jobId: string, versionId: string, options: CallOptions = {}): Promise<string[]> {
    const context = { method: 'GET', path: `${VERSION}/log/file-names` };
    const job = checkId(jobId, 'job', context);
    const version = checkId(versionId, 'version', context);
    const response = await this.session.modelArts('v1', 'GET', ['training-jobs', job, 'versions', version, 'log', 'file-names'], { signal: options.signal });
    return parseLogFiles(bodyOf(response), { request: response.request, status: response.status });
  }

  /** Lines of a log file (`aom-log`); the cursors in the answer are exact strings. */
  async getLogLines(jobId: string, versionId: string, options: LogLinesOptions): Promise<LogLines> {
    const context = { method: 'GET', path: `${VERSION}/aom-log` };
    const job = checkId(jobId, 'job', context);
    const version = checkId(versionId, 'version', context);
    const query = logLinesQuery(options, context);
    const response = await this.session.modelArts('v1', 'GET', ['training-jobs', job, 'versions', version, 'aom-log'], { query, signal: options?.signal });
    return parseLogLines(bodyOf(response));
  }
}

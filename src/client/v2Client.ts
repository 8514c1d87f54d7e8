/**
 * The new-version ("v2") training operations over one {@link Session} (modelarts-v2-api.md). IDs are
 * checked before any request (opaque, one path segment); every failure is a `ModelArtsError`.
 * Features some deployments lack (batch delete, line-paged logs) are detected from the gateway's
 * "no such API" answer and reported as `unsupported`, so the caller falls back.
 */
import { ConfigurationError, ModelArtsError, isMissingApi, type RequestContext } from './errors';
import { checkOpaqueId } from './ids';
import { msg, t } from '../util/l10n';
import { Session, bodyOf } from './session';
import type { CallOptions, LogLines } from './calls';
import { parseV2Events, parseV2Job, parseV2JobList, parseV2LogLines, parseV2LogPreview, parseV2LogUrl } from './v2Parse';
import {
  UNSUPPORTED, type ModelArtsV2Api, type Unsupported, type V2EventOptions, type V2EventPage, type V2Job, type V2JobPage, type V2ListOptions,
  type V2LogLinesOptions, type V2LogPreview, type V2OffsetMode,
} from './v2Types';

const JOBS = '/v2/{project_id}/training-jobs';
const JOB = `${JOBS}/{training_job_id}`;
const TASK_LOG = `${JOB}/tasks/{task_id}/logs`;

/** The API's largest page of jobs. */
export const V2_MAX_LIMIT = 50;
/** The most jobs one batch delete may name. */
export const V2_MAX_BATCH = 100;

function checkRange(value: number | undefined, fallback: number, min: number, max: number, what: string, request: RequestContext): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigurationError(
      t('{0} {1}: {2} must be an integer from {3} to {4} (got {5}). Nothing was sent.', request.method, request.path, t(what), min, max, String(value)),
      { request });
  }
  return n;
}

/** The v2 operations; created by the client on its session. */
export class TrainingJobsV2 implements ModelArtsV2Api {
  /** How the server reads `offset`, once seen: a page index (documented) until proven otherwise. */
  private offsetMode: V2OffsetMode | undefined;
  /** The first page's job IDs per filter, to recognise a record-offset server on the second page. */
  private readonly firstPages = new Map<string, readonly string[]>();

  constructor(private readonly session: Session) {}

  /**
   * One page of jobs. The documented `offset` is a page index; one SDK reads it as a record offset.
   * The second page asked for tells them apart: if it starts with the first page's second job, the
   * server counts records, and the page is asked again with `offset = page × limit`.
   */
  async listJobs(options: V2ListOptions = {}): Promise<V2JobPage> {
    const context = { method: 'POST', path: '/v2/{project_id}/training-job-searches' };
    const page = checkRange(options.page, 0, 0, 1_000_000, msg('the page'), context);
    const limit = checkRange(options.limit, V2_MAX_LIMIT, 1, V2_MAX_LIMIT, msg('the page size'), context);
    const filters = [
      ...(options.search?.trim() ? [{ key: 'name', operator: 'like', value: [options.search.trim()] }] : []),
      ...(options.phases && options.phases.length > 0 ? [{ key: 'phase', operator: 'in', value: [...options.phases] }] : []),
    ];
    const filterKey = JSON.stringify([filters, options.order ?? 'desc', limit]);
    const search = async (offset: number) => {
      const body = JSON.stringify({ offset, limit, sort_by: 'create_time', order: options.order ?? 'desc', filters, workspace_id: '0' });
      const response = await this.session.modelArts('v2', 'POST', ['training-job-searches'], { body, signal: options.signal, readOnly: true });
      return parseV2JobList(bodyOf(response), { request: response.request, status: response.status });
    };
    let mode = this.offsetMode ?? 'page';
    let result = await search(mode === 'record' ? page * limit : page);
    if (page === 0) {
      this.firstPages.set(filterKey, result.jobs.map(job => job.jobId));
    } else if (this.offsetMode === undefined && limit > 1) {
      const first = this.firstPages.get(filterKey);
      if (first && first.length > 1 && result.jobs[0]?.jobId === first[1]) {
        mode = 'record';
        result = await search(page * limit);
      }
      if (first && first.length > 1 && result.jobs.length > 0) {
        this.offsetMode = mode;
      }
    }
    const seen = (page + 1) * limit;
    const more = result.jobs.length >= limit && (result.total === undefined || seen < result.total);
    return { jobs: result.jobs, ...(result.total !== undefined ? { total: result.total } : {}), more, offsetMode: mode };
  }

  async getJob(jobId: string, options: CallOptions = {}): Promise<V2Job> {
    const id = checkOpaqueId(jobId, 'job', { method: 'GET', path: JOB });
    const response = await this.session.modelArts('v2', 'GET', ['training-jobs', id], { signal: options.signal });
    return parseV2Job(bodyOf(response), 'the job', { request: response.request, status: response.status });
  }

  async deleteJob(jobId: string, options: CallOptions = {}): Promise<void> {
    const id = checkOpaqueId(jobId, 'job', { method: 'DELETE', path: JOB });
    await this.session.modelArts('v2', 'DELETE', ['training-jobs', id], { signal: options.signal, emptyBodyOk: true });
  }

  async batchDeleteJobs(jobIds: readonly string[], options: CallOptions = {}): Promise<void | Unsupported> {
    const context = { method: 'POST', path: `${JOBS}/batch-delete` };
    if (jobIds.length === 0 || jobIds.length > V2_MAX_BATCH) {
      throw new ConfigurationError(t('{0} {1}: a batch names 1 to {2} jobs (got {3}). Nothing was sent.', context.method, context.path, V2_MAX_BATCH, jobIds.length),
        { request: context });
    }
    const jobs = jobIds.map(jobId => ({ kind: 'job', metadata: { id: checkOpaqueId(jobId, 'job', context) } }));
    try {
      await this.session.modelArts('v2', 'POST', ['training-jobs', 'batch-delete'], { body: JSON.stringify({ jobs }), signal: options.signal, emptyBodyOk: true });
      return undefined;
    } catch (error) {
      if (isMissingApi(error)) {
        return UNSUPPORTED;
      }
      throw error;
    }
  }

  async stopJob(jobId: string, options: CallOptions = {}): Promise<V2Job | undefined> {
    const id = checkOpaqueId(jobId, 'job', { method: 'POST', path: `${JOB}/actions` });
    const response = await this.session.modelArts('v2', 'POST', ['training-jobs', id, 'actions'],
      { body: JSON.stringify({ action_type: 'terminate' }), signal: options.signal, emptyBodyOk: true });
    const body = bodyOf(response, true);
    // The answer is the job (Terminating); a stop is still accepted when a gateway drops the body.
    return body === undefined ? undefined : parseV2Job(body, 'the job', { request: response.request, status: response.status });
  }

  async getLogPreview(jobId: string, taskId: string, options: CallOptions = {}): Promise<V2LogPreview | undefined> {
    const context = { method: 'GET', path: `${TASK_LOG}/preview` };
    const [job, task] = [checkOpaqueId(jobId, 'job', context), checkOpaqueId(taskId, 'task', context)];
    const response = await this.session.modelArts('v2', 'GET', ['training-jobs', job, 'tasks', task, 'logs', 'preview'],
      { signal: options.signal, emptyBodyOk: true });
    const body = bodyOf(response, true);
    // 204 (ModelArts.2776, often with no body): the log is not ready yet.
    return response.status === 204 || body === undefined ? undefined : parseV2LogPreview(body, { request: response.request, status: response.status });
  }

  async getLogLines(jobId: string, taskId: string, options: V2LogLinesOptions = {}): Promise<LogLines | Unsupported | undefined> {
    const context = { method: 'GET', path: `${JOB}/logs/{task_id}` };
    const [job, task] = [checkOpaqueId(jobId, 'job', context), checkOpaqueId(taskId, 'task', context)];
    const lines = checkRange(options.lines, 500, 1, 500, msg('the number of lines'), context);
    const query: [string, string][] = [['lines', String(lines)], ['order', options.order ?? 'desc']];
    if (options.baseLine) {
      query.push(['base_line', options.baseLine]);
    }
    let response;
    try {
      response = await this.session.modelArts('v2', 'GET', ['training-jobs', job, 'logs', task], { query, signal: options.signal, emptyBodyOk: true });
    } catch (error) {
      if (isMissingApi(error)) {
        return UNSUPPORTED;
      }
      throw error;
    }
    const body = bodyOf(response, true);
    return response.status === 204 || body === undefined ? undefined : parseV2LogLines(body);
  }

  /**
   * The link type is chosen by `Content-Type: text/plain`, documented as a header but shown as a query
   * parameter in the example: the header first, the query form when that is refused with 400.
   */
  async getLogUrl(jobId: string, taskId: string, options: CallOptions = {}): Promise<string> {
    const context = { method: 'GET', path: `${TASK_LOG}/url` };
    const [job, task] = [checkOpaqueId(jobId, 'job', context), checkOpaqueId(taskId, 'task', context)];
    const segments = ['training-jobs', job, 'tasks', task, 'logs', 'url'];
    let response;
    try {
      response = await this.session.modelArts('v2', 'GET', segments, { headers: { 'Content-Type': 'text/plain' }, signal: options.signal });
    } catch (error) {
      if (!(error instanceof ModelArtsError) || error.status !== 400 || error.errorCode === 'ModelArts.2775') {
        throw error;
      }
      response = await this.session.modelArts('v2', 'GET', segments, { query: [['Content-Type', 'text/plain']], signal: options.signal });
    }
    return parseV2LogUrl(bodyOf(response), { request: response.request, status: response.status });
  }

  async listEvents(jobId: string, options: V2EventOptions = {}): Promise<V2EventPage> {
    const context = { method: 'GET', path: `${JOB}/events` };
    const job = checkOpaqueId(jobId, 'job', context);
    const limit = checkRange(options.limit, 50, 1, 100, msg('the page size'), context);
    const page = checkRange(options.page, 0, 0, 1_000_000, msg('the page'), context);
    const query: [string, string][] = [['offset', String(page)], ['limit', String(limit)], ['order', options.order ?? 'desc']];
    const response = await this.session.modelArts('v2', 'GET', ['training-jobs', job, 'events'], { query, signal: options.signal });
    return parseV2Events(bodyOf(response), { request: response.request, status: response.status });
  }
}

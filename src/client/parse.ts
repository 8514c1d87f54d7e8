/**
 * Tolerant parsing of ModelArts v1 and IAM answers into the public types. The wire drifts (IDs as
 * numbers or strings, `error_msg` or `error_message`, metric lists as JSON strings or objects); this
 * module absorbs that drift, ignores unknown fields, and turns anything it cannot use into an
 * `InvalidResponseError` naming the request and the field.
 */
import {
  believableCount, invalid, isObject, optCount, optId, optNumber, optString, protectBigIntegers, reqArray, reqId, reqInteger,
  reqObjectAt, reqString, type JsonObject, type ParseContext,
} from './json';
import type {
  JobPage, LogLines, TrainingJob, TrainingJobVersion, VersionDetails, VersionPage, VersionParameter,
} from './types';
import { t } from '../util/l10n';

export { parseJsonObject, protectBigIntegers, readErrorEnvelope, serviceCode, type ErrorEnvelope, type ParseContext } from './json';

/** A metric list sent either as a JSON-encoded string or as an object; undefined when unusable. */
function metrics(value: unknown): unknown {
  if (typeof value === 'string') {
    if (value.trim() === '') {
      return undefined;
    }
    try {
      return JSON.parse(protectBigIntegers(value));
    } catch {
      return undefined;
    }
  }
  return isObject(value) || Array.isArray(value) ? value : undefined;
}

function parameters(value: unknown): VersionParameter[] {
  if (!Array.isArray(value)) {
    return [];
  }
  const result: VersionParameter[] = [];
  for (const item of value) {
    if (!isObject(item)) {
      continue;
    }
    const label = optString(item.label);
    if (label === undefined) {
      continue;
    }
    const raw = item.value;
    const text = typeof raw === 'boolean' ? String(raw) : optString(raw) ?? '';
    result.push({ label, value: text });
  }
  return result;
}

function parseJob(value: unknown, index: number, ctx: ParseContext): TrainingJob {
  const where = `jobs[${index}].`;
  const obj = reqObjectAt(value, `jobs[${index}]`, ctx);
  return {
    jobId: reqId(obj, 'job_id', where, ctx),
    jobName: reqString(obj, 'job_name', where, ctx),
    description: optString(obj.job_desc) ?? '',
    latestVersionId: optId(obj.version_id),
    status: optNumber(obj.status) ?? 0,
    createTime: optNumber(obj.create_time),
    duration: optNumber(obj.duration),
    versionCount: believableCount(obj.version_count) ?? 0,
  };
}

/** A page of jobs plus whether the service reported `job_total_count` (paging relies on it). */
export interface ParsedJobPage {
  readonly page: JobPage;
  readonly totalReported: boolean;
}

/** Parses the answer of `GET /v1/{project}/training-jobs`. */
export function parseJobPage(body: JsonObject, ctx: ParseContext): ParsedJobPage {
  const jobs = reqArray(body, 'jobs', ctx).map((job, i) => parseJob(job, i, ctx));
  const reported = believableCount(body.job_total_count);
  return {
    page: {
      jobs,
      total: reported ?? jobs.length,
      totalKnown: reported !== undefined,
    },
    totalReported: reported !== undefined,
  };
}

function parseVersionFields(obj: JsonObject, jobId: string, where: string, ctx: ParseContext): TrainingJobVersion {
  return {
    jobId,
    versionId: reqId(obj, 'version_id', where, ctx),
    versionName: reqString(obj, 'version_name', where, ctx),
    status: reqInteger(obj, 'status', where, ctx),
    preVersionId: optId(obj.pre_version_id),
    engineType: optNumber(obj.engine_type),
    engineName: optString(obj.engine_name),
    engineVersion: optString(obj.engine_version),
    createTime: optNumber(obj.create_time),
    startTime: optNumber(obj.start_time),
    duration: optNumber(obj.duration),
    parameters: parameters(obj.parameter),
    specId: optString(obj.spec_id),
    specCode: optString(obj.spec_code),
    core: optString(obj.core),
    cpu: optString(obj.cpu),
    gpuNum: optNumber(obj.gpu_num),
    gpuType: optString(obj.gpu_type),
    workerServerNum: optNumber(obj.worker_server_num),
    appUrl: optString(obj.app_url),
    bootFileUrl: optString(obj.boot_file_url),
    dataUrl: optString(obj.data_url),
    trainUrl: optString(obj.train_url),
    logUrl: optString(obj.log_url),
    userImageUrl: optString(obj.user_image_url),
    userCommand: optString(obj.user_command),
    poolId: optString(obj.pool_id),
    poolName: optString(obj.pool_name),
    statusMessage: optString(obj.status_message),
    modelMetrics: metrics(obj.model_metric_list),
    systemMetrics: metrics(obj.system_metric_list),
  };
}

/**
 * Parses the answer of `GET /v1/{project}/training-jobs/{job}/versions`. `requestedJobId` stands in
 * for a missing top-level `job_id`; a `job_id` that contradicts it is an error.
 */
export function parseVersionPage(body: JsonObject, requestedJobId: string, ctx: ParseContext): VersionPage {
  const jobId = jobIdMatching(body, requestedJobId, ctx);
  const versions = reqArray(body, 'versions', ctx).map((v, i) => {
    const obj = reqObjectAt(v, `versions[${i}]`, ctx);
    return parseVersionFields(obj, jobId, `versions[${i}].`, ctx);
  });
  return {
    jobId,
    jobName: optString(body.job_name) ?? '',
    jobDesc: optString(body.job_desc) ?? '',
    versionCount: believableCount(body.version_count) ?? versions.length,
    versions,
  };
}

/** Parses the flat answer of `GET /v1/{project}/training-jobs/{job}/versions/{version}`. */
export function parseVersionDetails(body: JsonObject, requestedJobId: string, ctx: ParseContext): VersionDetails {
  const jobId = jobIdMatching(body, requestedJobId, ctx);
  return {
    ...parseVersionFields(body, jobId, '', ctx),
    jobName: optString(body.job_name) ?? '',
    jobDesc: optString(body.job_desc) ?? '',
  };
}

function jobIdMatching(body: JsonObject, requestedJobId: string, ctx: ParseContext): string {
  if (body.job_id === undefined || body.job_id === null) {
    return requestedJobId;
  }
  const jobId = reqId(body, 'job_id', '', ctx);
  if (jobId !== requestedJobId) {
    throw invalid(ctx, t('it describes job {0} instead of job {1}', jobId, requestedJobId));
  }
  return jobId;
}

/** Parses `log_file_list` (documented as a String, really an array of strings). */
export function parseLogFiles(body: JsonObject, ctx: ParseContext): string[] {
  const value = body.log_file_list;
  if (typeof value === 'string') {
    return value === '' ? [] : [value];
  }
  if (!Array.isArray(value)) {
    throw invalid(ctx, t('its field "{0}" is missing or is not a list', 'log_file_list'));
  }
  return value.filter((name): name is string => typeof name === 'string' && name !== '');
}

/** Parses the answer of `aom-log`; `start_line`/`end_line` are opaque cursors kept as exact strings. */
export function parseLogLines(body: JsonObject): LogLines {
  return {
    content: optString(body.content) ?? '',
    lines: optCount(body.lines) ?? 0,
    startLine: optString(body.start_line) ?? '',
    endLine: optString(body.end_line) ?? '',
  };
}

/** Parses `GET /v3/projects?name=…` into the IDs of the projects whose name matches exactly. */
export function parseProjectIds(body: JsonObject, name: string, ctx: ParseContext): string[] {
  const projects = reqArray(body, 'projects', ctx);
  const ids: string[] = [];
  projects.forEach((p, i) => {
    const obj = reqObjectAt(p, `projects[${i}]`, ctx);
    if (obj.name === undefined || obj.name === name) {
      ids.push(reqString(obj, 'id', `projects[${i}].`, ctx));
    }
  });
  return ids;
}

/** The fields of an IAM token answer the client needs. */
export interface TokenBody {
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  readonly projectId?: string;
}

/** Parses the body of `POST /v3/auth/tokens` (the token itself travels in `X-Subject-Token`). */
export function parseTokenBody(body: JsonObject, ctx: ParseContext): TokenBody {
  const token = reqObjectAt(body.token, 'token', ctx);
  const expires = typeof token.expires_at === 'string' ? Date.parse(token.expires_at) : NaN;
  if (Number.isNaN(expires)) {
    throw invalid(ctx, t('its field "{0}" is missing or is not a date', 'token.expires_at'));
  }
  const project = isObject(token.project) ? token.project : undefined;
  return { expiresAt: expires, projectId: optString(project?.id) };
}

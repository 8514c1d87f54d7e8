/**
 * Tolerant parsing of ModelArts and IAM answers into the public types. The wire drifts (IDs as
 * numbers or strings, `error_msg` or `error_message`, metric lists as JSON strings or objects); this
 * module absorbs that drift, ignores unknown fields, and turns anything it cannot use into an
 * {@link InvalidResponseError} naming the request and the field, never a `SyntaxError` or `TypeError`.
 */
import { InvalidResponseError, type RequestContext } from './errors';
import type {
  JobPage, LogLines, TrainingJob, TrainingJobVersion, VersionDetails, VersionPage, VersionParameter,
} from './types';

/** Which answer is being parsed, for error messages. */
export interface ParseContext {
  readonly request: RequestContext;
  readonly status: number;
}

type JsonObject = Record<string, unknown>;

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9;
}

/**
 * Wraps every integer literal of 16 or more digits that stands outside a JSON string in quotes, so
 * that `JSON.parse` keeps its exact digits as a string instead of rounding it through a float
 * (2^53 has 16 digits). Shorter numbers, decimals and exponents are left alone. The input need not
 * be valid JSON; the scan only tracks strings and escapes.
 */
export function protectBigIntegers(text: string): string {
  // Fast path: most bodies (timestamps are 13 digits) have no run of 16 digits at all.
  if (!/[0-9]{16}/.test(text)) {
    return text;
  }
  const parts: string[] = [];
  let copiedUpTo = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) {
          i += 2;
        } else {
          i++;
          if (d === QUOTE) {
            break;
          }
        }
      }
    } else if (c === MINUS || isDigit(c)) {
      const start = i;
      if (c === MINUS) {
        i++;
      }
      const digitsStart = i;
      while (i < n && isDigit(text.charCodeAt(i))) {
        i++;
      }
      const digitCount = i - digitsStart;
      let integer = true;
      while (i < n && /[0-9.eE+-]/.test(text[i])) {
        integer = false;
        i++;
      }
      if (integer && digitCount >= 16) {
        parts.push(text.slice(copiedUpTo, start), '"', text.slice(start, i), '"');
        copiedUpTo = i;
      }
    } else {
      i++;
    }
  }
  if (parts.length === 0) {
    return text;
  }
  parts.push(text.slice(copiedUpTo));
  return parts.join('');
}

function describeRequest(ctx: ParseContext): string {
  return `${ctx.request.method} ${ctx.request.path} answered HTTP ${ctx.status}`;
}

function invalid(ctx: ParseContext, what: string): InvalidResponseError {
  return new InvalidResponseError(
    `${describeRequest(ctx)} but ${what}. Check that the endpoint points at ModelArts (or IAM); ` +
    'if it does, the service may be having trouble: try again later.',
    { request: ctx.request, status: ctx.status });
}

/**
 * Parses a body into a JSON object, keeping big integers exact. An empty body, a non-JSON body (an
 * HTML gateway page), truncated JSON or a non-object becomes an {@link InvalidResponseError} with
 * the HTTP status in its message.
 */
export function parseJsonObject(text: string, ctx: ParseContext, contentType?: string): JsonObject {
  if (text.trim() === '') {
    throw invalid(ctx, 'with an empty body instead of JSON');
  }
  let value: unknown;
  try {
    value = JSON.parse(protectBigIntegers(text));
  } catch {
    const looksHtml = /^\s*</.test(text) || /html/i.test(contentType ?? '');
    throw invalid(ctx, looksHtml
      ? 'with an HTML page instead of JSON (typically a gateway or proxy error page)'
      : 'with a body that is not valid JSON (it may have been cut off)');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(ctx, 'with JSON that is not an object');
  }
  return value as JsonObject;
}

/** The error fields of a failure envelope, whichever spelling the service used. */
export interface ErrorEnvelope {
  readonly errorCode?: string;
  readonly message?: string;
  readonly requestId?: string;
}

/** `ModelArts.0015`, `APIG.0101`, `ModelArts.50004000`: what an `error_code` looks like. */
const SERVICE_CODE = /^[A-Za-z]{1,20}\.\d{1,8}$/;

/**
 * The `error_code` when it looks like a service error code, else undefined: a code is repeated in
 * messages and compared in decisions, so anything else a server puts there (text, markup, a link) is
 * dropped.
 */
export function serviceCode(code: string | undefined): string | undefined {
  return code !== undefined && SERVICE_CODE.test(code) ? code : undefined;
}

/**
 * Reads `error_code`, `error_msg` or `error_message`, and `request_id` from a failure body; also
 * the Keystone-style `{"error": {"message", "code"}}` that IAM answers with. An `error_code` that does
 * not look like one is left out ({@link serviceCode}).
 */
export function readErrorEnvelope(body: JsonObject | undefined): ErrorEnvelope {
  if (!body) {
    return {};
  }
  const nested = isObject(body.error) ? body.error : undefined;
  const errorCode = serviceCode(optString(body.error_code) ?? optString(body.errorCode));
  const message = optString(body.error_msg) ?? optString(body.error_message) ?? optString(nested?.message);
  const requestId = optString(body.request_id);
  return { errorCode, message, requestId };
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function optString(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }
  return undefined;
}

/** A number, or a numeric string (big integers arrive as strings after {@link protectBigIntegers}). */
function optNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value;
  }
  if (typeof value === 'string' && /^-?[0-9]+(\.[0-9]+)?$/.test(value)) {
    return Number(value);
  }
  return undefined;
}

/** An ID as a digit string: from a safe integer or a digit string, never through a float. */
function optId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    return String(value);
  }
  if (typeof value === 'string' && /^[0-9]{1,20}$/.test(value)) {
    return value;
  }
  return undefined;
}

function reqId(obj: JsonObject, key: string, where: string, ctx: ParseContext): string {
  const id = optId(obj[key]);
  if (id === undefined) {
    throw invalid(ctx, `its field "${where}${key}" is missing or is not an ID made of digits`);
  }
  return id;
}

function reqString(obj: JsonObject, key: string, where: string, ctx: ParseContext): string {
  const value = obj[key];
  if (typeof value !== 'string') {
    throw invalid(ctx, `its field "${where}${key}" is missing or is not a string`);
  }
  return value;
}

function reqInteger(obj: JsonObject, key: string, where: string, ctx: ParseContext): number {
  const value = optNumber(obj[key]);
  if (value === undefined || !Number.isInteger(value)) {
    throw invalid(ctx, `its field "${where}${key}" is missing or is not an integer`);
  }
  return value;
}

function reqArray(obj: JsonObject, key: string, ctx: ParseContext): unknown[] {
  const value = obj[key];
  if (!Array.isArray(value)) {
    throw invalid(ctx, `its field "${key}" is missing or is not a list`);
  }
  return value;
}

function reqObjectAt(value: unknown, where: string, ctx: ParseContext): JsonObject {
  if (!isObject(value)) {
    throw invalid(ctx, `"${where}" is not an object`);
  }
  return value;
}

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

/**
 * Number of jobs/versions: a count field when present. `undefined` tells the caller the service
 * did not say.
 */
function optCount(value: unknown): number | undefined {
  const n = optNumber(value);
  return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
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

/**
 * The most jobs (or versions of a job) a count may claim and still be believed: far above any quota
 * (a project holds at most a few thousand jobs), far below a number that would mislead "N of M loaded".
 */
const MAX_BELIEVED_COUNT = 10_000_000;

/** A count the service reported, when it is believable; undefined otherwise (paging then ends on a short page). */
function believableCount(value: unknown): number | undefined {
  const n = optCount(value);
  return n !== undefined && n <= MAX_BELIEVED_COUNT ? n : undefined;
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
      quotas: optCount(body.quotas),
      jobCountLimit: optCount(body.job_count_limit),
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
    throw invalid(ctx, `it describes job ${jobId} instead of job ${requestedJobId}`);
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
    throw invalid(ctx, 'its field "log_file_list" is missing or is not a list');
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
    throw invalid(ctx, 'its field "token.expires_at" is missing or is not a date');
  }
  const project = isObject(token.project) ? token.project : undefined;
  return { expiresAt: expires, projectId: optString(project?.id) };
}

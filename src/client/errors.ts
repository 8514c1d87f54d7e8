/**
 * Typed errors of the ModelArts client. Every message says what happened and what to do, and names
 * the HTTP method and path; none ever contains a header, key, password or token.
 */

/** Where a request went wrong: the method and the path (no query string, no host). */
export interface RequestContext {
  readonly method: string;
  readonly path: string;
}

export interface ModelArtsErrorDetails {
  readonly request?: RequestContext;
  /** HTTP status, when the server answered. */
  readonly status?: number;
  /** `error_code` from the body, e.g. `ModelArts.0015` or `APIG.0301`. */
  readonly errorCode?: string;
  /** `error_msg` / `error_message` from the body, as the server wrote it. */
  readonly serverMessage?: string;
  readonly requestId?: string;
  readonly cause?: unknown;
}

/** Base class: anything the client throws on purpose is one of these. */
export class ModelArtsError extends Error {
  readonly request?: RequestContext;
  readonly status?: number;
  readonly errorCode?: string;
  readonly serverMessage?: string;
  readonly requestId?: string;

  constructor(message: string, details: ModelArtsErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.request = details.request;
    this.status = details.status;
    this.errorCode = details.errorCode;
    this.serverMessage = details.serverMessage;
    this.requestId = details.requestId;
  }
}

/** Bad configuration or input, found before any request was sent (bad URL, non-HTTPS host, malformed ID). */
export class ConfigurationError extends ModelArtsError {}

/** An ID that is not of the API's form (job and version IDs are digits); nothing was sent. */
export class InvalidIdError extends ConfigurationError {}

/** 401, APIG.0301/0307, ModelArts.02xx: the credentials, the clock or the token scope are wrong. */
export class AuthenticationError extends ModelArtsError {}

/** 403: the credentials are valid but lack permission. */
export class PermissionError extends ModelArtsError {}

/** 404 or ModelArts.0015: the job or version does not exist (any more). */
export class NotFoundError extends ModelArtsError {}

/** The codes with which ModelArts itself says a job or version does not exist: v1 404 ModelArts.0015, v2 400 ModelArts.2775. */
const GONE_CODES: ReadonlySet<string> = new Set(['ModelArts.0015', 'ModelArts.2775']);

/**
 * True when ModelArts itself answered that the job or version does not exist (any more): the one
 * decision behind "the deletion is confirmed", "drop the node" and "nothing to act on". A gateway 404
 * (APIG.0101: no such API, a wrong endpoint) or a code-less 404 of a proxy is not that answer.
 */
export function isGone(error: unknown): error is NotFoundError {
  return error instanceof NotFoundError && GONE_CODES.has(error.errorCode ?? '');
}

/**
 * True when the answer says the API itself does not exist here, not that a job is gone: the gateway's
 * 404 APIG.0101 (or a code-less 404), 405, or ModelArts's "not supported in this region" codes. How
 * an optional feature (v2 batch delete, line-paged logs) or a whole API generation is detected.
 */
export function isMissingApi(error: unknown): boolean {
  return error instanceof ModelArtsError && (
    (error instanceof NotFoundError && !isGone(error)) ||
    error.status === 405 || error.errorCode === 'APIG.0101' || error.errorCode === 'ModelArts.2803' || error.errorCode === 'ModelArts.2836');
}

/** 429 or APIG.0308: throttled. `retryAfterMs` comes from `Retry-After` when given. */
export class ThrottledError extends ModelArtsError {
  readonly retryAfterMs?: number;
  constructor(message: string, details: ModelArtsErrorDetails & { retryAfterMs?: number } = {}) {
    super(message, details);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** 5xx from ModelArts or the gateway. */
export class ServerError extends ModelArtsError {}

/** `cut-off`: the answer began but the connection closed before its end. */
export type NetworkFailure = 'dns' | 'refused' | 'reset' | 'timeout' | 'cut-off' | 'other';

/** The request got no (whole) HTTP answer: DNS, refused, reset, timeout, cut off. */
export class NetworkError extends ModelArtsError {
  readonly failure: NetworkFailure;
  /** True when the connection failed before the request could have reached the server. */
  readonly beforeSend: boolean;
  constructor(message: string, failure: NetworkFailure, beforeSend: boolean, details: ModelArtsErrorDetails = {}) {
    super(message, details);
    this.failure = failure;
    this.beforeSend = beforeSend;
  }
}

/** The answer was not the JSON the API documents (an HTML gateway page, truncated JSON). */
export class InvalidResponseError extends ModelArtsError {}

/** Any other API error (`is_success: false` or a 4xx not covered above), with its code and message. */
export class ApiError extends ModelArtsError {}

/** The caller aborted the request through its `AbortSignal`. */
export class CancelledError extends ModelArtsError {}

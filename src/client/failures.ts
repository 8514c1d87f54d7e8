/**
 * What went wrong, as the typed error that says what to do: a failed answer (status and error
 * envelope), a failure before any answer (cancelled, timed out, refused, reset), or a body that could
 * not be read (too large, cut off). Server text is scrubbed of every secret in use and bounded.
 */
import {
  ApiError, AuthenticationError, CancelledError, InvalidResponseError, ModelArtsError, NetworkError,
  NotFoundError, PermissionError, ServerError, ThrottledError,
  type NetworkFailure, type RequestContext,
} from './errors';
import { BodyError } from './body';
import type { ErrorEnvelope } from './json';
import { msg, t } from '../util/l10n';

/** Which kind of credentials the client uses, so that authentication errors give the right advice. */
export type CredentialKind = 'aksk' | 'temporary-aksk' | 'password';

/** What a change (delete, stop) whose answer never fully arrived means for the user. */
export const MAY_HAVE_ACTED = msg('If this was a change (delete or stop), it may or may not have been applied: refresh to check before trying again.');

/** Longest piece of server text repeated in an error message. */
const MAX_SERVER_TEXT = 300;

/** What the mapper needs to know about the client. */
export interface FailureContext {
  readonly credentialKind: CredentialKind;
  readonly region: string;
  readonly timeoutMs: number;
  readonly now: () => Date;
  /** Current secret values (secret key, password, tokens) to scrub from any server text repeated. */
  readonly secrets: () => readonly string[];
}

/** The request a failure belongs to: its method and path, its endpoint, and its body cap. */
export interface FailedRequest {
  readonly method: string;
  /** True when the request changes nothing (a GET, or a POST that only searches). */
  readonly readOnly?: boolean;
  readonly baseUrl: string;
  readonly maxBodyBytes: number;
}

/** Turns every kind of failure of one client's requests into the typed error that says what to do. */
export class FailureMapper {
  constructor(private readonly options: FailureContext) {}

  /** Maps a failed answer (status plus error envelope) to its typed error. */
  forAnswer(status: number, envelope: ErrorEnvelope, retryAfter: string | undefined, request: RequestContext, notJson: boolean): ModelArtsError {
    const code = envelope.errorCode;
    const serverText = this.scrub(envelope.message);
    const details = { request, status, errorCode: code, serverMessage: serverText, requestId: envelope.requestId };
    const what = `${request.method} ${request.path}`;
    const reason = describeReason(status, code, serverText, notJson);

    // v2: 2784 InvalidToken (403), 2786 TokenProjectIDNotMatch (404) are credential problems, not permissions or absences.
    if (status === 401 || code === 'APIG.0301' || code === 'APIG.0307' || code === 'ModelArts.2784' || code === 'ModelArts.2786' ||
      /^ModelArts\.02\d\d$/.test(code ?? '')) {
      return new AuthenticationError(t('{0} was refused: authentication failed ({1}). {2}', what, reason, this.authAdvice(code)), details);
    }
    if (status === 404 || code === 'ModelArts.0015' || code === 'ModelArts.2775') {
      const advice = code === 'APIG.0101'
        ? t('The endpoint or path is wrong: this API does not exist at the configured ModelArts endpoint. Check the ModelArts endpoint URL (and the region it belongs to).')
        : t('It may have been deleted already; refresh the list.');
      return new NotFoundError(t('{0}: not found ({1}). {2}', what, reason, advice), details);
    }
    if (status === 429 || code === 'APIG.0308') {
      const retryAfterMs = parseRetryAfter(retryAfter, this.options.now());
      const message = retryAfterMs !== undefined
        ? t('{0}: too many requests ({1}). Wait {2} s and try again.', what, reason, Math.max(1, Math.ceil(retryAfterMs / 1000)))
        : t('{0}: too many requests ({1}). Wait a moment and try again.', what, reason);
      return new ThrottledError(message, { ...details, retryAfterMs });
    }
    if (status === 403 && code === 'ModelArts.2785') {
      return new PermissionError(t('{0} was refused: ModelArts has no authorization to act for this account ({1}). In the ModelArts console, open Settings (Global Configuration) and add the access authorization (agency), then try again.', what, reason), details);
    }
    if (status === 403) {
      return new PermissionError(t('{0} was refused: permission denied ({1}). The credentials are valid but lack permission for this operation in this project; ask the account administrator to grant the ModelArts permissions (IAM policy).', what, reason), details);
    }
    if (status >= 500) {
      return new ServerError(t('{0}: the service failed ({1}). This is a server-side problem; try again in a moment.', what, reason), details);
    }
    if (status >= 300 && status < 400) {
      return new ApiError(t('{0}: unexpected redirect (HTTP {1}); redirects are not followed. Check the endpoint URL.', what, status), details);
    }
    const label = code ?? `HTTP ${status}`;
    return new ApiError(serverText !== undefined
      ? t('{0}: {1} ({2}, HTTP {3}). {4}', label, serverText, what, status, apiErrorAdvice(status))
      : t('{0}: the request failed without a message ({1}, HTTP {2}). {3}', label, what, status, apiErrorAdvice(status)), details);
  }

  private authAdvice(code: string | undefined): string {
    const region = this.options.region;
    switch (code) {
      case 'APIG.0307':
      case 'ModelArts.0202':
        return t('The token has expired: sign in again (check the user name, password and account name).');
      case 'ModelArts.0201':
      case 'ModelArts.0204':
      case 'ModelArts.0207':
      case 'ModelArts.0212':
        return t('The token must be scoped to the project of region {0}: check the region and the project ID.', region);
      case 'ModelArts.0210':
      case 'ModelArts.2786':
        return t('The project ID does not match the credentials: check the project ID configured for region {0}.', region);
      case 'ModelArts.2784':
        return t('The token was refused: sign in again (Configure Credentials).');
      default:
        break;
    }
    switch (this.options.credentialKind) {
      case 'password':
        return t('Check the IAM user name, password and account (domain) name, that the user may sign in with a password, and that the token is scoped to the project of region {0}.', region);
      case 'temporary-aksk':
        return t('Check the temporary access key, secret key and security token (they expire; get new ones), and that this computer\'s clock is correct (requests more than 15 minutes off are refused).');
      default:
        return t('Check the access key and secret key, that this computer\'s clock is correct (requests more than 15 minutes off are refused), and that the keys belong to an account with a project in region {0}.', region);
    }
  }

  /** Maps a failure while the body was read: too large, cut off, or a failure before any answer. */
  whileReading(err: unknown, context: RequestContext, request: FailedRequest, status: number, timedOut: boolean): ModelArtsError {
    const what = `${context.method} ${context.path}`;
    if (!(err instanceof BodyError)) {
      return this.beforeAnswer(err, context, request, timedOut);
    }
    if (err.failure === 'too-large') {
      const megabytes = Math.round(request.maxBodyBytes / (1024 * 1024));
      return new InvalidResponseError(
        t('{0} answered HTTP {1} with more than {2} MB, more than any ModelArts answer; it was not read. Check that the endpoint points at ModelArts (or IAM).', what, status, megabytes),
        { request: context, status });
    }
    const advice = request.method === 'GET' || request.readOnly ? t('Try again.') : t(MAY_HAVE_ACTED);
    return new NetworkError(t('{0}: the connection closed after {1} bytes of the answer (HTTP {2}), before it ended. {3}', what, err.received, status, advice),
      'cut-off', false, { request: context, status });
  }

  /** Maps a failure before any answer: cancellation, timeout, or a socket error. */
  beforeAnswer(err: unknown, context: RequestContext, request: FailedRequest, timedOut: boolean): ModelArtsError {
    const what = `${context.method} ${context.path}`;
    if (isAbort(err)) {
      if (!timedOut) {
        return new CancelledError(t('{0} was cancelled.', what), { request: context });
      }
      const advice = request.method === 'GET' || request.readOnly
        ? t('Check the network connection and the endpoint URL, or raise the timeout in the settings.') : t(MAY_HAVE_ACTED);
      return new NetworkError(t('{0}: no answer within {1} ms. {2}', what, this.options.timeoutMs, advice), 'timeout', false, { request: context });
    }
    const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : undefined;
    const { failure, beforeSend } = classifyNetworkError(code);
    const host = hostOf(request.baseUrl);
    const text: Record<NetworkFailure, () => string> = {
      dns: () => t('{0}: could not resolve the host {1}. Check the endpoint URL and the network connection (DNS, proxy, VPN).', what, host),
      refused: () => t('{0}: the connection to {1} was refused. Check the endpoint URL and that the service is reachable.', what, host),
      reset: () => t('{0}: the connection was reset before an answer arrived. {1}', what, t(MAY_HAVE_ACTED)),
      timeout: () => t('{0}: the connection to {1} timed out. Check the network connection and the endpoint URL.', what, host),
      other: () => t('{0}: the request failed ({1}). Check the network connection and the endpoint URL.', what, code ?? t('unknown network error')),
      'cut-off': () => t('{0}: the connection closed before the whole answer arrived. {1}', what, t(MAY_HAVE_ACTED)),
    };
    return new NetworkError(text[failure](), failure, beforeSend, { request: context });
  }

  /** Removes every known secret from server-provided text and bounds its length. */
  private scrub(text: string | undefined): string | undefined {
    if (text === undefined) {
      return undefined;
    }
    let clean = text;
    for (const secret of this.options.secrets()) {
      if (secret.length >= 4) {
        clean = clean.split(secret).join('***');
      }
    }
    // eslint-disable-next-line no-control-regex
    clean = clean.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
    return clean.length > MAX_SERVER_TEXT ? `${clean.slice(0, MAX_SERVER_TEXT)}…` : clean;
  }
}

/**
 * Classifies a Node socket error code. Only a failed DNS lookup and a refused connection prove that
 * the request never reached a server; everything else may have been received.
 */
export function classifyNetworkError(code: string | undefined): { failure: NetworkFailure; beforeSend: boolean } {
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { failure: 'dns', beforeSend: true };
    case 'ECONNREFUSED':
      return { failure: 'refused', beforeSend: true };
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return { failure: 'reset', beforeSend: false };
    case 'ETIMEDOUT':
      return { failure: 'timeout', beforeSend: false };
    default:
      return { failure: 'other', beforeSend: false };
  }
}

/**
 * Parses `Retry-After`: delta seconds or an HTTP date, as milliseconds from `now`; undefined when
 * absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined || value.trim() === '') {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^[0-9]+$/.test(trimmed)) {
    return Number(trimmed) * 1000;
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

/** What to do about an API error that no more specific class covers, by HTTP status. */
function apiErrorAdvice(status: number): string {
  switch (status) {
    case 400:
      return t('Check the job and version IDs and the parameters (refresh the list: they may be out of date).');
    case 409:
      return t('Conflict: the job or version is busy (for example still running, stopping or being deleted); try again when it has finished.');
    default:
      return t('See "ModelArts: Show Extension Log" for details.');
  }
}

function describeReason(status: number, code: string | undefined, serverText: string | undefined, notJson: boolean): string {
  let reason = `HTTP ${status}`;
  if (code) {
    reason += `, ${code}`;
  }
  if (serverText) {
    reason += `: ${serverText}`;
  } else if (notJson) {
    reason = t('{0}, the answer was not JSON', reason);
  }
  return reason;
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return t('the endpoint');
  }
}

export function isAbort(err: unknown): boolean {
  return (err as { name?: unknown })?.name === 'AbortError';
}

/** A failure in a few words for the request log: the class, the status and the code (never server text). */
export function shortFailure(error: unknown): string {
  if (error instanceof NetworkError) {
    return `${error.name} (${error.failure})`;
  }
  if (error instanceof ModelArtsError) {
    const parts = [error.status !== undefined ? String(error.status) : undefined, error.errorCode].filter(Boolean);
    return parts.length > 0 ? `${error.name} (${parts.join(' ')})` : error.name;
  }
  return 'unexpected error';
}

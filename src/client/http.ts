/**
 * The transport: one HTTP exchange with timeout, cancellation, bounded retries, typed errors and a
 * request log. It knows nothing of ModelArts operations; the caller supplies the path, the query and
 * a function that authorizes each attempt (signing must happen per attempt: the date changes).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import fetch, { type Response } from 'node-fetch';
import {
  ApiError, AuthenticationError, CancelledError, InvalidResponseError, ModelArtsError, NetworkError,
  NotFoundError, PermissionError, ServerError, ThrottledError,
  type NetworkFailure, type RequestContext,
} from './errors';
import { BodyError, readBody, trackingAgent } from './body';
import { parseJsonObject, readErrorEnvelope, type ErrorEnvelope } from './parse';
import { canonicalQueryString } from './signer';
import type { RequestLogEntry } from './types';

/** Which kind of credentials the client uses, so that authentication errors give the right advice. */
export type CredentialKind = 'aksk' | 'temporary-aksk' | 'password';

/** Settings of a {@link HttpTransport}. */
export interface TransportOptions {
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly userAgent: string;
  readonly credentialKind: CredentialKind;
  readonly region: string;
  readonly now: () => Date;
  readonly log?: (entry: RequestLogEntry) => void;
  /** Current secret values (secret key, password, tokens) to scrub from any server text we repeat. */
  readonly secrets: () => readonly string[];
  /** Source of jitter in [0, 1); `Math.random` unless a test needs otherwise. */
  readonly random?: () => number;
}

/** What the caller's authorizer gets: the exact request that will be sent. */
export interface OutgoingRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/** One request as the client describes it. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Normalised endpoint (origin plus optional base path, no trailing slash). */
  readonly baseUrl: string;
  /** Already-encoded API path, e.g. `/v1/{project}/training-jobs`. Named in errors and logs. */
  readonly path: string;
  readonly query?: readonly (readonly [string, string])[];
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly signal?: AbortSignal;
  /** Adds the authentication headers for one attempt and returns all headers to send. */
  readonly authorize: (request: OutgoingRequest) => Promise<Record<string, string>> | Record<string, string>;
  /** Accept a 2xx answer with an empty body (operations that return nothing). */
  readonly emptyBodyOk?: boolean;
  /** The largest body accepted, in bytes (default {@link DEFAULT_MAX_BODY_BYTES}). */
  readonly maxBodyBytes?: number;
}

/**
 * The largest answer accepted by default: far above any ModelArts answer (a page of 1,000 versions is
 * about 3 MB), far below what would strain the extension host every extension shares.
 */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

/** A successful answer: 2xx and `is_success` not false. */
export interface HttpResponse {
  readonly status: number;
  /** The parsed body; undefined only when {@link HttpRequest.emptyBodyOk} allowed an empty one. */
  readonly body: Record<string, unknown> | undefined;
  header(name: string): string | undefined;
  readonly request: RequestContext;
}

const RETRYABLE_GET_STATUSES = new Set([429, 502, 503, 504]);

/** Why a closed transport sends nothing. */
const CLOSED = 'the ModelArts connection was closed (the credentials or connection settings changed, or you signed out).';

/** What a change (delete, stop) whose answer never fully arrived means for the user. */
const MAY_HAVE_ACTED = 'If this was a change (delete or stop), it may or may not have been applied: refresh to check before trying again.';

/** Longest piece of server text repeated in an error message. */
const MAX_SERVER_TEXT = 300;

/**
 * Sends requests for one client. GETs use a keep-alive connection pool; DELETE and POST use a fresh
 * connection each, because a pooled socket that the server has just closed fails with a reset that
 * looks like "sent, outcome unknown", and those requests must not be repeated in that case.
 */
export class HttpTransport {
  private readonly keepAlive = { http: new http.Agent({ keepAlive: true, timeout: 5000 }), https: new https.Agent({ keepAlive: true, timeout: 5000 }) };
  private readonly oneShot = { http: new http.Agent({ keepAlive: false }), https: new https.Agent({ keepAlive: false }) };

  /** Aborted by {@link close}. */
  private readonly closed = new AbortController();

  constructor(private readonly options: TransportOptions) {}

  /**
   * Stops this transport: reads in flight (GET) are aborted, and nothing is sent any more. A change in
   * flight (DELETE, POST) is left to finish: cut off, its outcome would be unknown.
   */
  close(): void {
    this.closed.abort();
  }

  /**
   * Sends the request, retrying as the policy allows, and resolves with a successful answer.
   * Throws a {@link ModelArtsError} subclass for every failure; never a raw fetch or JSON error.
   */
  async send(original: HttpRequest): Promise<HttpResponse> {
    if (this.closed.signal.aborted) {
      throw new CancelledError(`${original.method} ${original.path} was not sent: ${CLOSED}`, { request: requestContext(original) });
    }
    const request = original.method === 'GET'
      ? { ...original, signal: original.signal ? AbortSignal.any([original.signal, this.closed.signal]) : this.closed.signal }
      : original;
    const { maxAttempts } = this.options;
    for (let attempt = 1; ; attempt++) {
      throwIfCancelled(request);
      let error: ModelArtsError;
      try {
        return await this.attempt(request, attempt);
      } catch (err) {
        if (!(err instanceof ModelArtsError)) {
          throw err;
        }
        error = err;
      }
      // Only reached on a retry of a DELETE that was refused before it was sent: the server
      // never saw the first attempt, so ModelArts saying "not found" now means the resource is gone,
      // as asked. A gateway 404 (APIG.0101: no such API) means a wrong endpoint and stays an error.
      if (attempt > 1 && request.method === 'DELETE' && error instanceof NotFoundError && isModelArtsNotFound(error)) {
        return { status: error.status ?? 404, body: undefined, header: () => undefined, request: requestContext(request) };
      }
      if (attempt >= maxAttempts || !this.isRetryable(request, error)) {
        throw error;
      }
      await this.backoff(attempt, error, request.signal);
    }
  }

  private isRetryable(request: HttpRequest, error: ModelArtsError): boolean {
    if (error instanceof CancelledError) {
      return false;
    }
    // Never sent again before the server's Retry-After: a wait longer than the retry cap is not waited
    // out here; the ThrottledError says when to try again.
    if (error instanceof ThrottledError && error.retryAfterMs !== undefined && error.retryAfterMs > this.options.maxDelayMs) {
      return false;
    }
    if (request.method === 'GET') {
      return error instanceof NetworkError ||
        (error instanceof ThrottledError) ||
        (error.status !== undefined && RETRYABLE_GET_STATUSES.has(error.status));
    }
    // A DELETE or POST may already have acted; repeat it only if it provably never left this machine.
    return error instanceof NetworkError && error.beforeSend;
  }

  private async backoff(attempt: number, error: ModelArtsError, signal: AbortSignal | undefined): Promise<void> {
    const { baseDelayMs, maxDelayMs } = this.options;
    const random = this.options.random ?? Math.random;
    const retryAfter = error instanceof ThrottledError ? error.retryAfterMs : undefined;
    const delay = retryAfter !== undefined
      ? retryAfter
      : Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
    await sleep(delay, signal, error.request);
  }

  private async attempt(request: HttpRequest, attempt: number): Promise<HttpResponse> {
    const context = requestContext(request);
    const query = request.query && request.query.length > 0 ? canonicalQueryString(request.query) : '';
    const url = request.baseUrl + request.path + (query ? `?${query}` : '');
    const baseHeaders: Record<string, string> = { 'Content-Type': 'application/json', ...request.headers };
    const headers = { ...await request.authorize({ method: request.method, url, headers: baseHeaders, body: request.body }) };
    headers['User-Agent'] = this.options.userAgent;
    const idempotent = request.method === 'GET';
    if (!idempotent) {
      headers.Connection = 'close';
    }

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; controller.abort(); }, this.options.timeoutMs);
    const onCallerAbort = (): void => controller.abort();
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const started = performance.now();
    let status: number | undefined;
    let incoming: http.IncomingMessage | undefined;
    const pool = idempotent ? this.keepAlive : this.oneShot;
    const agent = (parsed: URL) => trackingAgent(parsed.protocol === 'http:' ? pool.http : pool.https,
      outgoing => outgoing.once('response', (answer: http.IncomingMessage) => { incoming = answer; }));
    try {
      let response: Response;
      try {
        response = await fetch(url, {
          method: request.method,
          headers,
          body: request.body,
          // Never followed: node-fetch would forward X-Auth-Token and X-Security-Token to any host.
          redirect: 'manual',
          signal: controller.signal,
          agent,
        });
      } catch (err) {
        throw this.sendFailure(err, context, request, timedOut);
      }
      status = response.status;
      let text: string;
      try {
        text = await readBody(response.body, incoming, request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
      } catch (err) {
        throw this.bodyFailure(err, context, request, status, timedOut);
      }
      const result = this.interpret(response, text, context, request);
      this.logAttempt(context, attempt, started, status);
      return result;
    } catch (err) {
      this.logAttempt(context, attempt, started, status, err);
      throw err;
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  /** Turns an answer into a result or the typed error it stands for. */
  private interpret(response: Response, text: string, context: RequestContext, request: HttpRequest): HttpResponse {
    const status = response.status;
    const contentType = response.headers.get('content-type') ?? undefined;
    const ok = status >= 200 && status < 300;
    let body: Record<string, unknown> | undefined;
    if (ok) {
      if (!(request.emptyBodyOk && text.trim() === '')) {
        body = parseJsonObject(text, { request: context, status }, contentType);
      }
      if (body?.is_success !== false) {
        return { status, body, header: name => response.headers.get(name) ?? undefined, request: context };
      }
    } else {
      try {
        body = parseJsonObject(text, { request: context, status }, contentType);
      } catch {
        // An error status with a non-JSON body (a gateway's HTML page): the status alone decides.
        body = undefined;
      }
    }
    throw this.errorFor(status, readErrorEnvelope(body), response.headers.get('retry-after') ?? undefined, context, body === undefined && !ok);
  }

  /** Maps a failed answer (status plus error envelope) to its typed error. */
  private errorFor(status: number, envelope: ErrorEnvelope, retryAfter: string | undefined, request: RequestContext, notJson: boolean): ModelArtsError {
    const code = envelope.errorCode;
    const serverText = this.scrub(envelope.message);
    const details = { request, status, errorCode: code, serverMessage: serverText, requestId: envelope.requestId };
    const what = `${request.method} ${request.path}`;
    const reason = describeReason(status, code, serverText, notJson);

    if (status === 401 || code === 'APIG.0301' || code === 'APIG.0307' || /^ModelArts\.02\d\d$/.test(code ?? '')) {
      return new AuthenticationError(`${what} was refused: authentication failed (${reason}). ${this.authAdvice(code)}`, details);
    }
    if (status === 404 || code === 'ModelArts.0015') {
      const advice = code === 'APIG.0101'
        ? 'The endpoint or path is wrong: this API does not exist at the configured ModelArts endpoint. ' +
          'Check the ModelArts endpoint URL (and the region it belongs to).'
        : 'It may have been deleted already; refresh the list.';
      return new NotFoundError(`${what}: not found (${reason}). ${advice}`, details);
    }
    if (status === 429 || code === 'APIG.0308') {
      const retryAfterMs = parseRetryAfter(retryAfter, this.options.now());
      const wait = retryAfterMs !== undefined ? `Wait ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s` : 'Wait a moment';
      return new ThrottledError(`${what}: too many requests (${reason}). ${wait} and try again.`, { ...details, retryAfterMs });
    }
    if (status === 403) {
      return new PermissionError(
        `${what} was refused: permission denied (${reason}). The credentials are valid but lack permission for this ` +
        'operation in this project; ask the account administrator to grant the ModelArts permissions (IAM policy).', details);
    }
    if (status >= 500) {
      return new ServerError(`${what}: the service failed (${reason}). This is a server-side problem; try again in a moment.`, details);
    }
    if (status >= 300 && status < 400) {
      return new ApiError(`${what}: unexpected redirect (HTTP ${status}); redirects are not followed. Check the endpoint URL.`, details);
    }
    const label = code ?? `HTTP ${status}`;
    return new ApiError(
      `${label}: ${serverText ?? 'the request failed without a message'} (${what}, HTTP ${status}). ${apiErrorAdvice(status)}`, details);
  }

  private authAdvice(code: string | undefined): string {
    const region = this.options.region;
    switch (code) {
      case 'APIG.0307':
      case 'ModelArts.0202':
        return 'The token has expired: sign in again (check the user name, password and account name).';
      case 'ModelArts.0201':
      case 'ModelArts.0204':
      case 'ModelArts.0207':
      case 'ModelArts.0212':
        return `The token must be scoped to the project of region ${region}: check the region and the project ID.`;
      case 'ModelArts.0210':
        return `The project ID does not match the credentials: check the project ID configured for region ${region}.`;
      default:
        break;
    }
    switch (this.options.credentialKind) {
      case 'password':
        return 'Check the IAM user name, password and account (domain) name, that the user may sign in with a password, ' +
          `and that the token is scoped to the project of region ${region}.`;
      case 'temporary-aksk':
        return 'Check the temporary access key, secret key and security token (they expire; get new ones), and that this ' +
          "computer's clock is correct (requests more than 15 minutes off are refused).";
      default:
        return "Check the access key and secret key, that this computer's clock is correct (requests more than 15 minutes " +
          `off are refused), and that the keys belong to an account with a project in region ${region}.`;
    }
  }

  /** Maps a failure while the body was read: too large, cut off, or a failure before any answer. */
  private bodyFailure(err: unknown, context: RequestContext, request: HttpRequest, status: number, timedOut: boolean): ModelArtsError {
    const what = `${context.method} ${context.path}`;
    if (!(err instanceof BodyError)) {
      return this.sendFailure(err, context, request, timedOut);
    }
    if (err.failure === 'too-large') {
      const limit = `${Math.round((request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES) / (1024 * 1024))} MB`;
      return new InvalidResponseError(
        `${what} answered HTTP ${status} with more than ${limit}, more than any ModelArts answer; it was not read. ` +
        'Check that the endpoint points at ModelArts (or IAM).', { request: context, status });
    }
    return new NetworkError(`${what}: the connection closed after ${err.received} bytes of the answer (HTTP ${status}), before it ended. ` +
      (request.method === 'GET' ? 'Try again.' : MAY_HAVE_ACTED), 'cut-off', false, { request: context, status });
  }

  /** Maps a failure before any answer: cancellation, timeout, or a socket error. */
  private sendFailure(err: unknown, context: RequestContext, request: HttpRequest, timedOut: boolean): ModelArtsError {
    const what = `${context.method} ${context.path}`;
    if (isAbort(err)) {
      if (!timedOut) {
        return new CancelledError(`${what} was cancelled.`, { request: context });
      }
      const advice = request.method === 'GET'
        ? 'Check the network connection and the endpoint URL, or raise the timeout in the settings.' : MAY_HAVE_ACTED;
      return new NetworkError(`${what}: no answer within ${this.options.timeoutMs} ms. ${advice}`, 'timeout', false, { request: context });
    }
    const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : undefined;
    const { failure, beforeSend } = classifyNetworkError(code);
    const host = hostOf(request.baseUrl);
    const text: Record<NetworkFailure, string> = {
      dns: `could not resolve the host ${host}. Check the endpoint URL and the network connection (DNS, proxy, VPN).`,
      refused: `the connection to ${host} was refused. Check the endpoint URL and that the service is reachable.`,
      reset: `the connection was reset before an answer arrived. ${MAY_HAVE_ACTED}`,
      timeout: `the connection to ${host} timed out. Check the network connection and the endpoint URL.`,
      other: `the request failed (${code ?? 'unknown network error'}). Check the network connection and the endpoint URL.`,
      'cut-off': `the connection closed before the whole answer arrived. ${MAY_HAVE_ACTED}`,
    };
    return new NetworkError(`${what}: ${text[failure]}`, failure, beforeSend, { request: context });
  }

  private logAttempt(context: RequestContext, attempt: number, started: number, status: number | undefined, error?: unknown): void {
    const log = this.options.log;
    if (!log) {
      return;
    }
    const entry: RequestLogEntry = {
      method: context.method,
      path: context.path,
      ...(status !== undefined ? { status } : {}),
      durationMs: Math.round(performance.now() - started),
      attempt,
      ...(error !== undefined ? { error: shortDescription(error) } : {}),
    };
    // A throwing logger must not turn a good answer into a failure.
    try {
      log(entry);
    } catch {
      /* ignored on purpose */
    }
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

/** True for a 404 that ModelArts itself sent (not the API gateway's "no such API"). */
function isModelArtsNotFound(error: NotFoundError): boolean {
  return error.errorCode === 'ModelArts.0015' || (error.status === 404 && !(error.errorCode ?? '').startsWith('APIG.'));
}

/** What to do about an API error that no more specific class covers, by HTTP status. */
function apiErrorAdvice(status: number): string {
  switch (status) {
    case 400:
      return 'Check the job and version IDs and the parameters (refresh the list: they may be out of date).';
    case 409:
      return 'Conflict: the job or version is busy (for example still running, stopping or being deleted); ' +
        'try again when it has finished.';
    default:
      return 'See the ModelArts log (Show Logs) for details.';
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
    reason += ', the answer was not JSON';
  }
  return reason;
}

function requestContext(request: HttpRequest): RequestContext {
  return { method: request.method, path: request.path };
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return 'the endpoint';
  }
}

function isAbort(err: unknown): boolean {
  return (err as { name?: unknown })?.name === 'AbortError';
}

function throwIfCancelled(request: HttpRequest): void {
  if (request.signal?.aborted) {
    throw new CancelledError(`${request.method} ${request.path} was cancelled.`, { request: requestContext(request) });
  }
}

function shortDescription(error: unknown): string {
  if (error instanceof NetworkError) {
    return `${error.name} (${error.failure})`;
  }
  if (error instanceof ModelArtsError) {
    const parts = [error.status !== undefined ? String(error.status) : undefined, error.errorCode].filter(Boolean);
    return parts.length > 0 ? `${error.name} (${parts.join(' ')})` : error.name;
  }
  return 'unexpected error';
}

/** Waits `ms`, or rejects with {@link CancelledError} as soon as the signal aborts. */
function sleep(ms: number, signal: AbortSignal | undefined, request: RequestContext | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancelled = (): CancelledError => new CancelledError(
      `${request ? `${request.method} ${request.path}` : 'The request'} was cancelled.`, { request });
    if (signal?.aborted) {
      reject(cancelled());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Resolves with `promise`, or rejects with {@link CancelledError} once `signal` aborts. Used where
 * several callers share one piece of work: one caller giving up must not cancel it for the others.
 * @param what names the shared work in the message, e.g. "The sign-in (POST /v3/auth/tokens)".
 */
export function abandonable<T>(promise: Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
  if (!signal) {
    return promise;
  }
  const cancelled = (): CancelledError => new CancelledError(`${what} was cancelled.`);
  if (signal.aborted) {
    return Promise.reject(cancelled());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      value => { signal.removeEventListener('abort', onAbort); resolve(value); },
      (error: unknown) => { signal.removeEventListener('abort', onAbort); reject(error); });
  });
}

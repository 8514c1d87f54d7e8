/**
 * The transport: one HTTP exchange with timeout, cancellation, bounded retries, typed errors and a
 * request log. It knows nothing of ModelArts operations; the caller supplies the path, the query and
 * a function that authorizes each attempt (signing must happen per attempt: the date changes).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import fetch, { type Response } from 'node-fetch';
import { sleep } from './async';
import { readBody, trackingAgent } from './body';
import {
  CancelledError, ModelArtsError, NetworkError, ThrottledError, isGone, type RequestContext,
} from './errors';
import { FailureMapper, shortFailure, type CredentialKind, type FailedRequest } from './failures';
import { parseJsonObject, readErrorEnvelope } from './json';
import { canonicalQueryString } from './signer';
import type { RequestLogEntry } from './types';
import { t } from '../util/l10n';

export type { CredentialKind } from './failures';

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
  /** A POST that only reads (the v2 job search): retried, pooled and aborted on close like a GET. */
  readonly readOnly?: boolean;
}

/** True for a request that changes nothing: safe to repeat, and to abort when the connection closes. */
function reads(request: Pick<HttpRequest, 'method' | 'readOnly'>): boolean {
  return request.method === 'GET' || (request.method === 'POST' && request.readOnly === true);
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

  private readonly failures: FailureMapper;

  constructor(private readonly options: TransportOptions) {
    this.failures = new FailureMapper(options);
  }

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
      throw new CancelledError(
        t('{0} {1} was not sent: the ModelArts connection was closed (the credentials or connection settings changed, or you signed out).', original.method, original.path),
        { request: requestContext(original) });
    }
    const request = reads(original)
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
      if (attempt > 1 && request.method === 'DELETE' && isGone(error)) {
        return { status: error.status ?? 404, body: undefined, header: () => undefined, request: requestContext(request) };
      }
      if (attempt >= maxAttempts || !this.isRetryable(request, error)) {
        throw error;
      }
      if (!(await sleep(this.backoffMs(attempt, error), request.signal))) {
        throw new CancelledError(t('{0} was cancelled.', `${request.method} ${request.path}`), { request: requestContext(request) });
      }
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
    if (reads(request)) {
      return error instanceof NetworkError ||
        (error instanceof ThrottledError) ||
        (error.status !== undefined && RETRYABLE_GET_STATUSES.has(error.status));
    }
    // A DELETE or POST may already have acted; repeat it only if it provably never left this machine.
    return error instanceof NetworkError && error.beforeSend;
  }

  /** How long to wait before attempt `attempt + 1`: the server's Retry-After, else jittered exponential backoff. */
  private backoffMs(attempt: number, error: ModelArtsError): number {
    const { baseDelayMs, maxDelayMs } = this.options;
    const random = this.options.random ?? Math.random;
    const retryAfter = error instanceof ThrottledError ? error.retryAfterMs : undefined;
    return retryAfter ?? Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
  }

  private async attempt(request: HttpRequest, attempt: number): Promise<HttpResponse> {
    const context = requestContext(request);
    const query = request.query && request.query.length > 0 ? canonicalQueryString(request.query) : '';
    const url = request.baseUrl + request.path + (query ? `?${query}` : '');
    const baseHeaders: Record<string, string> = { 'Content-Type': 'application/json', ...request.headers };
    const headers = { ...await request.authorize({ method: request.method, url, headers: baseHeaders, body: request.body }) };
    headers['User-Agent'] = this.options.userAgent;
    const idempotent = reads(request);
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
        throw this.failures.beforeAnswer(err, context, this.failed(request), timedOut);
      }
      status = response.status;
      let text: string;
      try {
        text = await readBody(response.body, incoming, request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
      } catch (err) {
        throw this.failures.whileReading(err, context, this.failed(request), status, timedOut);
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
    throw this.failures.forAnswer(status, readErrorEnvelope(body), response.headers.get('retry-after') ?? undefined, context, body === undefined && !ok);
  }

  private failed(request: HttpRequest): FailedRequest {
    return { method: request.method, readOnly: reads(request), baseUrl: request.baseUrl, maxBodyBytes: request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES };
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
      ...(error !== undefined ? { error: shortFailure(error) } : {}),
    };
    // A throwing logger must not turn a good answer into a failure.
    try {
      log(entry);
    } catch {
      /* ignored on purpose */
    }
  }

}

function requestContext(request: HttpRequest): RequestContext {
  return { method: request.method, path: request.path };
}

function throwIfCancelled(request: HttpRequest): void {
  if (request.signal?.aborted) {
    throw new CancelledError(t('{0} was cancelled.', `${request.method} ${request.path}`), { request: requestContext(request) });
  }
}

/**
 * One connection to ModelArts: the validated configuration, the credentials (AK/SK signing or an IAM
 * token), the transport, and the project ID. The operations (v1, and later v2) are built on
 * {@link Session.modelArts}; nothing here knows an operation.
 */
import { abandonable } from './async';
import { AkSkAuthProvider, PasswordAuthProvider, type AuthProvider } from './auth';
import { checkConfiguredProjectId, checkCredentials, checkRegion, checkRetry } from './config';
import { normaliseEndpoint } from './endpoints';
import { AuthenticationError, ConfigurationError, PermissionError } from './errors';
import { HttpTransport, type CredentialKind, type HttpRequest, type HttpResponse } from './http';
import { checkProjectId } from './ids';
import { parseProjectIds } from './parse';
import { encodeRfc3986 } from './signer';
import type { CallOptions, ClientConfig } from './types';
import { t } from '../util/l10n';

const DEFAULT_TIMEOUT_MS = 30_000;

/** What an operation asks of {@link Session.modelArts} besides the path. */
export type RequestOptions = Pick<HttpRequest, 'query' | 'signal' | 'emptyBodyOk' | 'body' | 'maxBodyBytes' | 'headers' | 'readOnly'>;

/**
 * Built from a {@link ClientConfig}: the constructor validates it and throws `ConfigurationError` for a
 * bad endpoint (anything but HTTPS, or HTTP to loopback), region, project ID, credentials, timeout or
 * retry policy; it sends nothing.
 */
export class Session {
  readonly endpoint: string;
  readonly iamEndpoint: string;
  readonly region: string;
  private readonly configuredProjectId?: string;
  private readonly transport: HttpTransport;
  private readonly auth: AuthProvider;
  private readonly passwordAuth?: PasswordAuthProvider;
  private projectId?: Promise<string>;

  constructor(config: ClientConfig) {
    if (config === null || typeof config !== 'object') {
      throw new ConfigurationError(t('The ModelArts client needs a configuration object.'));
    }
    this.endpoint = normaliseEndpoint(String(config.endpoint ?? ''), t('ModelArts endpoint'));
    this.iamEndpoint = normaliseEndpoint(String(config.iamEndpoint ?? ''), t('IAM endpoint'));
    this.region = checkRegion(config.region);
    this.configuredProjectId = checkConfiguredProjectId(config.projectId);
    const credentials = checkCredentials(config.credentials);
    const retry = checkRetry(config.retry);
    const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new ConfigurationError(t('The request timeout must be a positive number of milliseconds.'));
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
    return abandonable(this.projectId, options.signal, t('Looking up the project ID was cancelled.'));
  }

  /** Aborts reads in flight and refuses every further request; changes in flight finish. */
  close(): void {
    this.transport.close();
  }

  /** Sends a ModelArts request under `/{api}/{project_id}/`, every segment encoded. */
  async modelArts(api: 'v1' | 'v2', method: HttpRequest['method'], segments: readonly string[], options: RequestOptions): Promise<HttpResponse> {
    const projectId = await this.getProjectId({ signal: options.signal });
    const path = `/${api}/${[projectId, ...segments].map(encodeRfc3986).join('/')}`;
    return this.send({ method, baseUrl: this.endpoint, path, ...options, headers: { ...options.headers, 'X-Project-Id': projectId } });
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
          t('{0} To avoid the lookup, set the project ID of region {1} explicitly (console: My Credentials > API Credentials > Projects).', err.message, this.region),
          { request: err.request, status: err.status, errorCode: err.errorCode, serverMessage: err.serverMessage, requestId: err.requestId });
      }
      throw err;
    }
    const ids = parseProjectIds(bodyOf(response), this.region, { request: response.request, status: response.status });
    if (ids.length !== 1) {
      throw new ConfigurationError(ids.length === 0
        ? t('{0} found no IAM project named "{1}", so the project ID cannot be chosen automatically. Check the region, or set the project ID explicitly (console: My Credentials > API Credentials > Projects).', 'GET /v3/projects', this.region)
        : t('{0} found {1} IAM projects named "{2}", so the project ID cannot be chosen automatically. Check the region, or set the project ID explicitly (console: My Credentials > API Credentials > Projects).', 'GET /v3/projects', ids.length, this.region),
      { request: context });
    }
    return checkProjectId(ids[0], context);
  }
}

/**
 * The body of a successful answer: `{}` when the operation allowed an empty one, or, with
 * `emptyAsUndefined`, undefined (so the caller can tell "no body" from an empty object).
 */
export function bodyOf(response: HttpResponse): Record<string, unknown>;
export function bodyOf(response: HttpResponse, emptyAsUndefined: true): Record<string, unknown> | undefined;
export function bodyOf(response: HttpResponse, emptyAsUndefined = false): Record<string, unknown> | undefined {
  return response.body ?? (emptyAsUndefined ? undefined : {});
}

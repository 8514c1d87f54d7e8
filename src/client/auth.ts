/**
 * Credential providers: AK/SK signing, and IAM password tokens (project-scoped, cached until shortly
 * before they expire, shared by concurrent requests, fetched again once after a 401).
 */
import { createHash } from 'node:crypto';
import { InvalidResponseError } from './errors';
import { abandonable } from './async';
import type { HttpTransport, OutgoingRequest } from './http';
import { parseTokenBody } from './parse';
import { signRequest } from './signer';
import type { AkSkCredentials, CachedToken, PasswordCredentials, TokenCache } from './types';
import { t } from '../util/l10n';

/** Headers for one attempt, plus the token used (so that a 401 can retire exactly that token). */
export interface Authorization {
  readonly headers: Record<string, string>;
  readonly token?: string;
}

/** How the client authenticates each request. */
export interface AuthProvider {
  /** Returns the headers to send for `request` (signed, or with `X-Auth-Token`). */
  authorize(request: OutgoingRequest, signal?: AbortSignal): Promise<Authorization>;
  /**
   * Called after a 401 for a request sent with `failedToken`. Returns true when a new credential may
   * fix it (the caller then retries once); AK/SK cannot be refreshed and returns false.
   */
  invalidate(failedToken: string | undefined): Promise<boolean>;
  /** Every secret value currently in use, for scrubbing server text. */
  secrets(): string[];
}

/** Signs every request with AK/SK (plus `X-Security-Token` for temporary keys). */
export class AkSkAuthProvider implements AuthProvider {
  constructor(private readonly credentials: AkSkCredentials, private readonly now: () => Date) {}

  async authorize(request: OutgoingRequest): Promise<Authorization> {
    return { headers: signRequest(request, this.credentials, this.now()) };
  }

  async invalidate(): Promise<boolean> {
    return false;
  }

  secrets(): string[] {
    const { secretKey, securityToken } = this.credentials;
    return securityToken ? [secretKey, securityToken] : [secretKey];
  }
}

/** A token is retired this long before `expires_at`, so that it never expires mid-request. */
export const TOKEN_EXPIRY_MARGIN_MS = 5 * 60 * 1000;

/** What ties a token to where it was issued and may be sent; see {@link tokenOrigin}. */
export interface TokenOriginParts {
  /** Normalised ModelArts endpoint: where the token is sent. */
  readonly endpoint: string;
  /** Normalised IAM endpoint: where the token was issued. */
  readonly iamEndpoint: string;
  readonly region: string;
  readonly userName: string;
  readonly domainName: string;
}

/**
 * The {@link CachedToken.origin} fingerprint: SHA-256 (hex) of the endpoints, region, user and account
 * names. Hashed so that the cache entry names no host or user; the password is deliberately left
 * out, since a changed password does not move the token elsewhere (the service refuses a token of a
 * changed password with a 401, after which the client signs in again).
 */
export function tokenOrigin(parts: TokenOriginParts): string {
  const fields = ['modelarts-token-origin/1', parts.endpoint, parts.iamEndpoint, parts.region, parts.domainName, parts.userName];
  return createHash('sha256').update(JSON.stringify(fields), 'utf8').digest('hex');
}

/** Settings of a {@link PasswordAuthProvider}. */
export interface PasswordAuthOptions {
  readonly credentials: PasswordCredentials;
  readonly transport: HttpTransport;
  /** Normalised ModelArts endpoint, the only host (besides IAM) a token is sent to. */
  readonly endpoint: string;
  readonly iamEndpoint: string;
  /** Region = IAM project name, used for the scope when no project ID is configured. */
  readonly region: string;
  readonly projectId?: string;
  readonly tokenCache?: TokenCache;
  readonly now: () => Date;
}

/**
 * Obtains a project-scoped IAM token with user name and password (`POST /v3/auth/tokens`), keeps it
 * in memory and in the optional {@link TokenCache}, and shares one in-flight fetch among concurrent
 * callers. The token also tells the project ID (`token.project.id`). A cached token is reused only
 * when its {@link CachedToken.origin} matches this provider's endpoints, region and user.
 */
export class PasswordAuthProvider implements AuthProvider {
  private current?: CachedToken;
  private inflight?: Promise<CachedToken>;
  /** A token the service refused: never taken back from the persistent cache. */
  private rejected?: string;
  private readonly origin: string;

  constructor(private readonly options: PasswordAuthOptions) {
    const { endpoint, iamEndpoint, region, credentials: { userName, domainName } } = options;
    this.origin = tokenOrigin({ endpoint, iamEndpoint, region, userName, domainName });
  }

  async authorize(request: OutgoingRequest, signal?: AbortSignal): Promise<Authorization> {
    const token = await this.getToken(signal);
    return { headers: { ...request.headers, 'X-Auth-Token': token.token }, token: token.token };
  }

  /**
   * The current token, fetching one if there is none or it is about to expire. A caller's signal
   * abandons only its own wait: the shared fetch goes on for the others.
   */
  async getToken(signal?: AbortSignal): Promise<CachedToken> {
    if (this.current && this.isFresh(this.current)) {
      return this.current;
    }
    if (!this.inflight) {
      this.inflight = this.load().finally(() => { this.inflight = undefined; });
    }
    return abandonable(this.inflight, signal, t('The sign-in (POST {0}) was cancelled.', '/v3/auth/tokens'));
  }

  async invalidate(failedToken: string | undefined): Promise<boolean> {
    if (failedToken === undefined) {
      return false;
    }
    if (this.current?.token === failedToken) {
      this.current = undefined;
      this.rejected = failedToken;
      await this.persist(undefined);
    }
    return true;
  }

  secrets(): string[] {
    const values = [this.options.credentials.password];
    if (this.current) {
      values.push(this.current.token);
    }
    if (this.rejected) {
      values.push(this.rejected);
    }
    return values;
  }

  private isFresh(token: CachedToken): boolean {
    return token.expiresAt - TOKEN_EXPIRY_MARGIN_MS > this.options.now().getTime();
  }

  private async load(): Promise<CachedToken> {
    const cached = await this.readCache();
    if (cached) {
      this.current = cached;
      return cached;
    }
    const fresh = await this.fetchToken();
    this.current = fresh;
    await this.persist(fresh);
    return fresh;
  }

  private async readCache(): Promise<CachedToken | undefined> {
    const cache = this.options.tokenCache;
    if (!cache) {
      return undefined;
    }
    let cached: CachedToken | undefined;
    try {
      cached = await cache.get();
    } catch {
      // The cache only saves a sign-in; if it cannot be read, sign in again.
      return undefined;
    }
    // A token from another endpoint, region or user (or of unknown origin) must not be sent here.
    if (!cached || cached.origin !== this.origin ||
        typeof cached.token !== 'string' || cached.token === '' || cached.token === this.rejected ||
        typeof cached.expiresAt !== 'number' || !this.isFresh(cached) ||
        (this.options.projectId !== undefined && cached.projectId !== this.options.projectId)) {
      return undefined;
    }
    return cached;
  }

  private async persist(token: CachedToken | undefined): Promise<void> {
    try {
      await this.options.tokenCache?.set(token);
    } catch {
      // Failing to store the token costs one extra sign-in later, not this request.
    }
  }

  private async fetchToken(): Promise<CachedToken> {
    const { credentials, region, projectId, iamEndpoint, transport } = this.options;
    const scope = projectId !== undefined ? { project: { id: projectId } } : { project: { name: region } };
    const body = JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: credentials.userName, password: credentials.password, domain: { name: credentials.domainName } } },
        },
        scope,
      },
    });
    const response = await transport.send({
      method: 'POST',
      baseUrl: iamEndpoint,
      path: '/v3/auth/tokens',
      query: [['nocatalog', 'true']],
      headers: { 'Content-Type': 'application/json;charset=utf8' },
      body,
      authorize: request => request.headers,
    });
    const context = { request: response.request, status: response.status };
    const token = response.header('x-subject-token');
    if (!token) {
      throw new InvalidResponseError(
        t('{0} answered HTTP {1} without an {2} header. Check that the IAM endpoint is correct.', 'POST /v3/auth/tokens', response.status, 'X-Subject-Token'),
        context);
    }
    const parsed = parseTokenBody(response.body ?? {}, context);
    const tokenProject = parsed.projectId ?? projectId;
    if (!tokenProject) {
      throw new InvalidResponseError(
        t('{0} returned a token without a project. Check the region (it must be the name of an IAM project) or set the project ID explicitly.', 'POST /v3/auth/tokens'),
        context);
    }
    return { token, expiresAt: parsed.expiresAt, projectId: tokenProject, origin: this.origin };
  }
}

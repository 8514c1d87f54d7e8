/** The one place credentials and the cached IAM token are kept: VS Code `SecretStorage`. */
import type * as vscode from 'vscode';
import type { CachedToken, Credentials, TokenCache } from '../client/types';
import type { SecretKeys } from '../model/connectionProfiles';

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Rebuilds credentials from stored JSON, keeping only known fields; undefined when malformed. */
function parseCredentials(json: string): Credentials | undefined {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (raw === null || typeof raw !== 'object') {
    return undefined;
  }
  if (raw.kind === 'aksk' && nonEmpty(raw.accessKey) && nonEmpty(raw.secretKey)) {
    return nonEmpty(raw.securityToken)
      ? { kind: 'aksk', accessKey: raw.accessKey, secretKey: raw.secretKey, securityToken: raw.securityToken }
      : { kind: 'aksk', accessKey: raw.accessKey, secretKey: raw.secretKey };
  }
  if (raw.kind === 'password' && nonEmpty(raw.userName) && nonEmpty(raw.password) && nonEmpty(raw.domainName)) {
    return { kind: 'password', userName: raw.userName, password: raw.password, domainName: raw.domainName };
  }
  return undefined;
}

function parseToken(json: string): CachedToken | undefined {
  try {
    const raw = JSON.parse(json) as Record<string, unknown>;
    if (raw && nonEmpty(raw.token) && typeof raw.expiresAt === 'number' && nonEmpty(raw.projectId)) {
      // `origin` ties the token to the endpoints and user it was issued for; the client ignores a mismatch.
      return { token: raw.token, expiresAt: raw.expiresAt, projectId: raw.projectId, ...(nonEmpty(raw.origin) ? { origin: raw.origin } : {}) };
    }
  } catch {
    // A malformed cache entry is as good as none: the client signs in again.
  }
  return undefined;
}

/**
 * Reads and writes the stored credentials and the cached token in `SecretStorage`. Saving or clearing
 * credentials always drops the cached token, so a token never outlives the credentials it came from.
 */
export class CredentialStore {
  /** The client's token cache, backed by this connection's token secret. */
  readonly tokenCache: TokenCache = {
    get: async () => {
      const json = await this.secrets.get(this.keys.token);
      return json ? parseToken(json) : undefined;
    },
    set: async token => {
      if (token) {
        await this.secrets.store(this.keys.token, JSON.stringify(token));
      } else {
        await this.secrets.delete(this.keys.token);
      }
    },
  };

  /** `keys`: where this connection's secrets are. */
  constructor(private readonly secrets: vscode.SecretStorage, private readonly keys: SecretKeys) {}

  /** The stored credentials, or undefined when none (or unreadable ones) are stored. */
  async get(): Promise<Credentials | undefined> {
    const json = await this.secrets.get(this.keys.credentials);
    return json ? parseCredentials(json) : undefined;
  }

  /** True when usable credentials are stored. */
  async has(): Promise<boolean> {
    return (await this.get()) !== undefined;
  }

  /** Replaces the stored credentials and drops the cached token. */
  async set(credentials: Credentials): Promise<void> {
    await this.secrets.delete(this.keys.token);
    await this.secrets.store(this.keys.credentials, JSON.stringify(credentials));
  }

  /** Drops the cached token only (for example after the endpoint or region changed). */
  async clearToken(): Promise<void> {
    await this.secrets.delete(this.keys.token);
  }

  /** Removes every secret this extension stores. */
  async clear(): Promise<void> {
    await this.secrets.delete(this.keys.token);
    await this.secrets.delete(this.keys.credentials);
  }

  /**
   * Calls `listener` when the stored credentials change, in this window or another one. Changes of
   * the cached token are not reported: the client writes it while loading, and reporting it would
   * make every load trigger a refresh.
   */
  onDidChangeCredentials(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange(e => {
      if (e.key === this.keys.credentials) {
        listener();
      }
    });
  }
}

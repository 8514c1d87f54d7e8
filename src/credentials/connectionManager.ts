/** Builds the ModelArts client from the stored credentials and the settings, and rebuilds it on change. */
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { ClientConfig, Credentials, ModelArtsApi, TokenCache } from '../client/types';
import type { Logger } from '../util/logger';
import type { CredentialStore } from './credentialStore';
import { SettingsStore, resolveTarget, type ResolvedTarget } from './settingsStore';

/** Creates a client; `createClient` from `src/client` in production. */
export type ClientFactory = (config: ClientConfig) => ModelArtsApi;

/** What the {@link ConnectionManager} needs. */
export interface ConnectionDeps {
  readonly store: CredentialStore;
  readonly settings: SettingsStore;
  readonly createClient: ClientFactory;
  readonly logger: Logger;
  /** The extension's version, sent in the `User-Agent`. */
  readonly clientVersion?: string;
}

/** How long a change waits for further changes before listeners hear of it. */
const CHANGE_SETTLE_MS = 50;

/** What the client is built from, read afresh. */
interface Snapshot {
  readonly credentials?: Credentials;
  /** A hash of credentials and settings: equal hashes mean the same client would be built. */
  readonly fingerprint: string;
}

/**
 * Owns the current client. `getClient()` reads the stored credentials and the settings each time and
 * builds a new client only when they changed, so it never hands out a stale one. `onDidChange` fires
 * (once, after changes settle) when what listeners last used differs from what is stored now:
 * saving credentials writes several settings and a secret, and late echoes of those writes (or this
 * window's own writes seen through `secrets.onDidChange`) do not cause a second reload.
 */
export class ConnectionManager implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private built?: { readonly fingerprint: string; readonly client: ModelArtsApi | undefined };
  /** The fingerprint listeners last worked with (a client handed out, or a change announced). */
  private lastSeen?: string;
  private pendingCheck?: ReturnType<typeof setTimeout>;

  /** Fires after the credentials or the connection settings changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: ConnectionDeps) {
    this.disposables.push(
      deps.store.onDidChangeCredentials(() => this.invalidate()),
      vscode.workspace.onDidChangeConfiguration(e => {
        if (SettingsStore.affectsConnection(e)) {
          // A token is scoped to one project of one IAM endpoint: never reuse it elsewhere.
          void deps.store.clearToken().then(() => this.invalidate());
        }
      }),
    );
  }

  /**
   * The client for the stored credentials and current settings, or undefined when no credentials
   * are stored. Throws a `ConfigurationError` when the settings cannot be used (say, a bad endpoint).
   */
  async getClient(): Promise<ModelArtsApi | undefined> {
    const { credentials, fingerprint } = await this.snapshot();
    this.lastSeen = fingerprint;
    if (this.built?.fingerprint === fingerprint) {
      return this.built.client;
    }
    const client = credentials
      ? this.deps.createClient(this.configFor(resolveTarget(this.deps.settings.readConnection()), credentials, this.deps.store.tokenCache))
      : undefined;
    this.built = { fingerprint, client };
    return client;
  }

  /** True when credentials are stored. */
  isConfigured(): Promise<boolean> {
    return this.deps.store.has();
  }

  /** The region and endpoints in use, or undefined when the settings are unusable. */
  target(): ResolvedTarget | undefined {
    try {
      return resolveTarget(this.deps.settings.readConnection());
    } catch {
      return undefined;
    }
  }

  /** The client configuration for `target` and `credentials`, logging every request. */
  configFor(target: ResolvedTarget, credentials: Credentials, tokenCache?: TokenCache): ClientConfig {
    return {
      endpoint: target.endpoint,
      iamEndpoint: target.iamEndpoint,
      region: target.region,
      ...(target.projectId ? { projectId: target.projectId } : {}),
      credentials,
      timeoutMs: this.deps.settings.timeoutMs(),
      log: entry => this.deps.logger.request(entry),
      ...(tokenCache ? { tokenCache } : {}),
      ...(this.deps.clientVersion ? { clientVersion: this.deps.clientVersion } : {}),
    };
  }

  /** Creates a client for a configuration that is not stored yet (used to check new credentials). */
  createClient(config: ClientConfig): ModelArtsApi {
    return this.deps.createClient(config);
  }

  /**
   * Something may have changed: shortly after the last such call, compare what is stored with what
   * listeners last used, and fire `onDidChange` if they differ.
   */
  invalidate(): void {
    clearTimeout(this.pendingCheck);
    this.pendingCheck = setTimeout(() => void this.announceIfChanged(), CHANGE_SETTLE_MS);
  }

  dispose(): void {
    clearTimeout(this.pendingCheck);
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private async announceIfChanged(): Promise<void> {
    const { fingerprint } = await this.snapshot();
    if (fingerprint !== this.lastSeen) {
      this.lastSeen = fingerprint;
      this.changed.fire();
    }
  }

  private async snapshot(): Promise<Snapshot> {
    const credentials = await this.deps.store.get();
    const hash = createHash('sha256')
      .update(JSON.stringify([credentials ?? null, this.deps.settings.readConnection(), this.deps.settings.timeoutMs()]))
      .digest('hex');
    return { credentials, fingerprint: hash };
  }
}

/** Builds the ModelArts client from the stored credentials and the settings, and rebuilds it on change. */
import { createHash, randomBytes } from 'node:crypto';
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

/**
 * One client together with where it sends requests. Commands keep the connection they showed the
 * user and compare `fingerprint`s before acting, so a destructive request never goes to another
 * project or region than the one confirmed.
 */
export interface Connection {
  readonly client: ModelArtsApi;
  /** The region the client targets. */
  readonly region: string;
  /** Equal fingerprints mean the same credentials and connection settings. */
  readonly fingerprint: string;
  /**
   * Unique to this connection object in this session (random, derived from nothing): what tree nodes
   * and documents carry to tell which connection they were read with.
   */
  readonly id: string;
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
 * (once, after changes settle) when what is stored differs from what it last announced (at first:
 * from what the first client was built with): saving credentials writes several settings and a
 * secret, and late echoes of those writes (or this window's own writes seen through
 * `secrets.onDidChange`) do not cause a second reload. Handing out a client never swallows a change:
 * listeners that loaded data with the previous connection must hear of it even if someone built the
 * new client first.
 */
export class ConnectionManager implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private built?: { readonly fingerprint: string; readonly connection: Connection | undefined };
  /** The fingerprint of the last announced change (or of the first client built). */
  private announced?: string;
  private pendingCheck?: ReturnType<typeof setTimeout>;

  /** Fires after the credentials or the connection settings changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: ConnectionDeps) {
    this.disposables.push(
      deps.store.onDidChangeCredentials(() => this.invalidate()),
      vscode.workspace.onDidChangeConfiguration(e => {
        if (SettingsStore.affectsConnection(e) && !deps.settings.isWritingConnection()) {
          this.connectionSettingsChanged();
        }
      }),
      deps.settings.onDidWriteConnection(() => this.connectionSettingsChanged()),
    );
  }

  /**
   * The client for the stored credentials and current settings, or undefined when no credentials
   * are stored. Throws a `ConfigurationError` when the settings cannot be used (say, a bad endpoint).
   */
  async getClient(): Promise<ModelArtsApi | undefined> {
    return (await this.current())?.client;
  }

  /**
   * Like {@link getClient}, with the region and the fingerprint of what the client was built from.
   * The same object is returned while credentials and settings stay the same.
   */
  async current(): Promise<Connection | undefined> {
    const { credentials, fingerprint } = await this.snapshot();
    this.announced ??= fingerprint;
    if (this.built?.fingerprint === fingerprint) {
      return this.built.connection;
    }
    this.retire();
    let connection: Connection | undefined;
    if (credentials) {
      const target = resolveTarget(this.deps.settings.readConnection());
      const client = this.deps.createClient(this.configFor(target, credentials, this.deps.store.tokenCache));
      connection = { client, region: target.region, fingerprint, id: randomBytes(8).toString('hex') };
    }
    this.built = { fingerprint, connection };
    return connection;
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

  private connectionSettingsChanged(): void {
    // A token is scoped to one project of one IAM endpoint: never reuse it elsewhere.
    void this.deps.store.clearToken().then(() => this.invalidate());
  }

  /**
   * Something may have changed: shortly after the last such call, compare what is stored with what
   * listeners last used, and fire `onDidChange` if they differ.
   */
  invalidate(): void {
    clearTimeout(this.pendingCheck);
    this.pendingCheck = setTimeout(() => void this.announceIfChanged(), CHANGE_SETTLE_MS);
  }

  /** Closes the client (reads in flight are aborted; nothing more is sent) when the extension deactivates. */
  dispose(): void {
    clearTimeout(this.pendingCheck);
    this.retire();
    vscode.Disposable.from(...this.disposables).dispose();
  }

  /**
   * Closes the client built last: after a sign-out or a change of credentials or settings, nothing may
   * go out signed with what was replaced (deletion polls, loads, log reads in flight are aborted).
   */
  private retire(): void {
    this.built?.connection?.client.close();
    this.built = undefined;
  }

  private async announceIfChanged(): Promise<void> {
    const { fingerprint } = await this.snapshot();
    if (this.built && this.built.fingerprint !== fingerprint) {
      this.retire();
    }
    if (fingerprint !== this.announced) {
      this.announced = fingerprint;
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

/** Builds the ModelArts client from the stored credentials and the settings, and rebuilds it on change. */
import { createHash, randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ClientConfig, Credentials, ModelArtsApi, TokenCache } from '../client/types';
import type { Connection } from '../model/connection';
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
  /** What the user calls this connection when they have several (the dialogs name it); else undefined. */
  readonly label?: () => string | undefined;
}

export type { Connection } from '../model/connection';

/** How long a change waits for further changes before listeners hear of it. */
const CHANGE_SETTLE_MS = 50;

/** What the client is built from, read afresh. */
interface Snapshot {
  readonly credentials?: Credentials;
  /** A hash of credentials and settings: equal hashes mean the same client would be built. */
  readonly fingerprint: string;
  /** The connection settings as JSON (no secret), to tell a change of settings from one of credentials. */
  readonly settings: string;
}

/**
 * Owns the current client. `current()` reads the stored credentials and the settings each time and
 * builds a new client only when they changed, so it never hands out a stale one (and closes the one it
 * replaces). There is one way a change is noticed: every event that may change what is stored (a
 * secret changed, in this window or another; a connection setting changed; a connection written)
 * calls {@link invalidate}; shortly after the last one, and never while a connection is half written,
 * `onDidChange` fires once if what is stored differs from what it last announced. Late echoes of this
 * window's own writes do not cause a second reload, and handing out a client never swallows a change.
 */
export class ConnectionManager implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private built?: { readonly fingerprint: string; readonly connection: Connection | undefined };
  /** The fingerprint of the last announced change (or of the first client built). */
  private announced?: string;
  private announcedSettings?: string;
  private pendingCheck?: ReturnType<typeof setTimeout>;
  private checking?: Promise<void>;

  /** Fires after the credentials or the connection settings changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: ConnectionDeps) {
    this.disposables.push(
      deps.store.onDidChangeCredentials(() => this.invalidate()),
      vscode.workspace.onDidChangeConfiguration(e => {
        if (deps.settings.affects(e)) {
          this.invalidate();
        }
      }),
    );
  }

  /**
   * The connection for the stored credentials and current settings (the same object while they stay
   * the same), or undefined when no credentials are stored. Throws a `ConfigurationError` when the
   * settings cannot be used (say, a bad endpoint).
   */
  async current(): Promise<Connection | undefined> {
    const { credentials, fingerprint, settings } = await this.snapshot();
    this.announced ??= fingerprint;
    this.announcedSettings ??= settings;
    if (this.built?.fingerprint === fingerprint) {
      return this.built.connection;
    }
    this.retire();
    let connection: Connection | undefined;
    if (credentials) {
      const stored = this.deps.settings.readConnection();
      const target = resolveTarget(stored);
      const client = this.deps.createClient(this.configFor(target, credentials, this.deps.store.tokenCache));
      connection = { client, cloud: stored.cloud, region: target.region, fingerprint, id: randomBytes(8).toString('hex') };
      // Read when a target is built from it (spread), so a dialog names the connection as it is called now.
      const label = this.deps.label;
      Object.defineProperty(connection, 'name', { get: () => label?.(), enumerable: true });
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

  /**
   * Something may have changed: shortly after the last such call, compare what is stored with what
   * listeners last used, and fire `onDidChange` if they differ.
   */
  invalidate(): void {
    clearTimeout(this.pendingCheck);
    this.pendingCheck = setTimeout(() => {
      this.pendingCheck = undefined;
      const checking = this.announceIfChanged()
        .catch(error => this.deps.logger.error('Checking the stored credentials and settings failed', error))
        .finally(() => {
          if (this.checking === checking) {
            this.checking = undefined;
          }
        });
      this.checking = checking;
    }, CHANGE_SETTLE_MS);
  }

  /**
   * Resolves once no change is waiting to be checked or announced: listeners have heard of every
   * change noticed so far (tests wait for this before they begin).
   */
  async whenSettled(): Promise<void> {
    while (this.pendingCheck !== undefined || this.checking !== undefined) {
      await (this.checking ?? new Promise(resolve => setTimeout(resolve, CHANGE_SETTLE_MS)));
    }
  }

  /** Closes the client (reads in flight are aborted; nothing more is sent) when the extension deactivates. */
  dispose(): void {
    clearTimeout(this.pendingCheck);
    this.pendingCheck = undefined;
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
    const { fingerprint, settings } = await this.snapshot();
    if (this.announcedSettings !== undefined && settings !== this.announcedSettings) {
      // A token is scoped to one project of one IAM endpoint: never reuse it elsewhere.
      await this.deps.store.clearToken();
    }
    this.announcedSettings = settings;
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
    const settings = JSON.stringify(this.deps.settings.readConnection());
    const hash = createHash('sha256').update(JSON.stringify([credentials ?? null, settings, this.deps.settings.timeoutMs()])).digest('hex');
    return { credentials, fingerprint: hash, settings };
  }
}

/**
 * Builds the extension's real object graph (the same classes `extension.ts` wires) for tests in the
 * extension host: a real client against an emulator started here, the real settings (reset after),
 * and fakes only at the edges: SecretStorage in memory, and the log channel recorded.
 */
import * as vscode from 'vscode';
import { createClient } from '../../../src/client';
import { DETAILS_SCHEME, SETTINGS, SETTINGS_SECTION, type CommandId } from '../../../src/constants';
import { createCommandHandlers } from '../../../src/commands';
import type { Handler } from '../../../src/commands/errorHandler';
import { VersionDetailsProvider } from '../../../src/commands/showVersionDetails';
import { ConnectionManager } from '../../../src/credentials/connectionManager';
import { CredentialStore } from '../../../src/credentials/credentialStore';
import { SettingsStore } from '../../../src/credentials/settingsStore';
import { DeletionTracker } from '../../../src/tree/deletionTracker';
import { JobsTreeDataProvider } from '../../../src/tree/jobsTreeDataProvider';
import type { TreeNode } from '../../../src/tree/nodes';
import { Logger, type LogSink } from '../../../src/util/logger';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../fixtures/emulator';

/** An in-memory `vscode.SecretStorage`, firing `onDidChange` like the real one. */
export class InMemorySecretStorage implements vscode.SecretStorage {
  readonly values = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  readonly onDidChange = this.changed.event;

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.changed.fire({ key });
  }

  async delete(key: string): Promise<void> {
    if (this.values.delete(key)) {
      this.changed.fire({ key });
    }
  }

  async keys(): Promise<string[]> {
    return [...this.values.keys()];
  }
}

/** A log sink that keeps every line (the `Logger` keeps them too; this also sees the level). */
export class RecordingSink implements LogSink {
  readonly lines: string[] = [];
  info(message: string): void { this.lines.push(`info ${message}`); }
  warn(message: string): void { this.lines.push(`warn ${message}`); }
  error(message: string | Error): void { this.lines.push(`error ${String(message)}`); }
  show(): void { /* nothing to reveal in tests */ }
}

/** Every `modelarts.*` setting back to its default (user settings). */
export async function resetSettings(): Promise<void> {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  for (const key of Object.values(SETTINGS)) {
    if (config.inspect(key)?.globalValue !== undefined) {
      await config.update(key, undefined, vscode.ConfigurationTarget.Global);
    }
  }
}

export interface HarnessOptions {
  readonly emulator?: EmulatorOptions;
  readonly pageSize?: number;
  /** Store the emulator's AK/SK (default true). */
  readonly signedIn?: boolean;
  readonly pollDelaysMs?: readonly number[];
}

export interface Harness {
  readonly emulator: Emulator;
  readonly secrets: InMemorySecretStorage;
  readonly sink: RecordingSink;
  readonly logger: Logger;
  readonly store: CredentialStore;
  readonly settings: SettingsStore;
  readonly connection: ConnectionManager;
  readonly deletions: DeletionTracker;
  readonly tree: JobsTreeDataProvider;
  readonly handlers: Record<CommandId, Handler>;
  /** Every `onDidChangeTreeData` event, in order (`undefined` = the root). */
  readonly changes: (TreeNode | undefined)[];
  /** Requests the emulator received for a route. */
  requests(route: string, method?: string): Emulator['requests'];
  dispose(): Promise<void>;
}

/** Starts an emulator and builds the graph against it, signed in with its AK/SK unless told otherwise. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const emulator = await startEmulator(options.emulator);
  const secrets = new InMemorySecretStorage();
  const sink = new RecordingSink();
  const logger = new Logger(sink);
  const store = new CredentialStore(secrets);
  const settings = new SettingsStore();
  await settings.writeConnection({ cloud: 'custom', region: emulator.region, endpoint: emulator.url, iamEndpoint: emulator.url, projectId: '' });
  if (options.pageSize !== undefined) {
    await vscode.workspace.getConfiguration(SETTINGS_SECTION).update(SETTINGS.pageSize, options.pageSize, vscode.ConfigurationTarget.Global);
  }
  if (options.signedIn !== false) {
    await store.set({ kind: 'aksk', accessKey: emulator.credentials.accessKey, secretKey: emulator.credentials.secretKey });
  }
  const connection = new ConnectionManager({ store, settings, createClient, logger });
  const deletions = new DeletionTracker({ getClient: () => connection.getClient(), logger, delaysMs: options.pollDelaysMs ?? [10, 20, 40, 80, 160, 320] });
  const tree = new JobsTreeDataProvider({ connection, settings, logger, deletions });
  const details = new VersionDetailsProvider(() => connection.getClient());
  // Registered after the running extension's own provider, so this one answers first.
  const registration = vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, details);
  const handlers = createCommandHandlers({ connection, store, settings, tree, deletions, details, logger, env: {} });
  const changes: (TreeNode | undefined)[] = [];
  const listener = tree.onDidChangeTreeData(node => changes.push(node));
  return {
    emulator, secrets, sink, logger, store, settings, connection, deletions, tree, handlers, changes,
    requests: (route, method) => emulator.requests.filter(r => r.route === route && (!method || r.method === method)),
    dispose: async () => {
      await deletions.whenIdle();
      listener.dispose();
      vscode.Disposable.from(tree, deletions, details, registration, connection).dispose();
      await resetSettings();
      await emulator.close();
    },
  };
}

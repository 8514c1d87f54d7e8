/** The composition root: builds the object graph, registers views and commands, and nothing else. */
import * as vscode from 'vscode';
import { createClient } from './client';
import { CONTEXT_KEYS, DETAILS_SCHEME, OUTPUT_CHANNEL_NAME, VIEWS } from './constants';
import { createCommandHandlers, registerCommands } from './commands';
import { autoConnectEmulator } from './commands/connectEmulator';
import { VersionDetailsProvider } from './commands/showVersionDetails';
import { ConnectionManager } from './credentials/connectionManager';
import { CredentialStore } from './credentials/credentialStore';
import { SettingsStore } from './credentials/settingsStore';
import { DeletionTracker } from './tree/deletionTracker';
import { JobsTreeDataProvider } from './tree/jobsTreeDataProvider';
import type { JobNode, VersionNode } from './tree/nodes';
import { Logger } from './util/logger';

/** What `activate()` returns in `ExtensionMode.Test`: the running extension's real objects. */
export interface TestApi {
  readonly treeProvider: JobsTreeDataProvider;
  readonly treeView: vscode.TreeView<unknown>;
  readonly credentialStore: CredentialStore;
  readonly deletions: DeletionTracker;
  /** Settles when start-up (auto-connecting to an emulator) is done. */
  readonly ready: Promise<void>;
  getJobNodes(): Promise<JobNode[]>;
  getVersionNodes(jobId: string): Promise<VersionNode[]>;
  /** The most recent lines written to the "ModelArts" output channel. */
  readonly logLines: readonly string[];
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  const logger = new Logger(channel);
  const store = new CredentialStore(context.secrets);
  const settings = new SettingsStore();
  const connection = new ConnectionManager({
    store, settings, createClient, logger, clientVersion: String(context.extension.packageJSON.version ?? ''),
  });
  const deletions = new DeletionTracker({ getClient: () => connection.getClient(), logger });
  const details = new VersionDetailsProvider(() => connection.getClient());
  const env = process.env;

  const updateContextKey = async () => {
    await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.configured, await connection.isConfigured());
  };
  const ready = autoConnectEmulator({ store, settings, connection, logger, env })
    // Building the client now records what the first load uses, so echoes of the auto-connect's own
    // writes are not taken for a change that needs a second load.
    .then(() => connection.getClient().catch(() => undefined))
    .then(updateContextKey);

  const tree = new JobsTreeDataProvider({ connection, settings, logger, deletions, ready });
  const treeView = vscode.window.createTreeView(VIEWS.trainingJobs, { treeDataProvider: tree, showCollapseAll: true });
  const handlers = createCommandHandlers({ connection, store, settings, tree, deletions, details, logger, env });

  context.subscriptions.push(
    channel, connection, deletions, details, tree, treeView,
    vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, details),
    ...registerCommands(handlers),
    connection.onDidChange(() => {
      void updateContextKey();
      tree.refresh();
    }),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (SettingsStore.affectsPaging(e)) {
        tree.refresh();
      }
    }),
  );

  if (context.extensionMode !== vscode.ExtensionMode.Test) {
    return undefined;
  }
  return {
    treeProvider: tree,
    treeView,
    credentialStore: store,
    deletions,
    ready,
    getJobNodes: () => tree.jobs(),
    getVersionNodes: jobId => tree.versions(jobId),
    get logLines() {
      return logger.lines;
    },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

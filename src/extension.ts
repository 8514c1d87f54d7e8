/** The composition root: builds the object graph, registers views and commands, and nothing else. */
import * as vscode from 'vscode';
import { createClient } from './client';
import { DETAILS_SCHEME, LOG_SCHEME, OUTPUT_CHANNEL_NAME, VIEWS } from './constants';
import { createCommandHandlers, registerCommands } from './commands';
import { TrainingLogProvider } from './commands/showTrainingLog';
import { VersionDetailsProvider } from './commands/showVersionDetails';
import { ConnectionManager } from './credentials/connectionManager';
import { CredentialStore } from './credentials/credentialStore';
import { SettingsStore } from './credentials/settingsStore';
import { ConfiguredContextKey, startUp, wireConnectionChanges } from './startup';
import { DeletionTracker } from './tree/deletionTracker';
import { FilterIndicator } from './tree/filterIndicator';
import { JobsTreeDataProvider } from './tree/jobsTreeDataProvider';
import type { JobNode, VersionNode } from './tree/nodes';
import { Logger } from './util/logger';

/** What `activate()` returns in `ExtensionMode.Test`: the running extension's real objects. */
export interface TestApi {
  readonly treeProvider: JobsTreeDataProvider;
  readonly treeView: vscode.TreeView<unknown>;
  readonly credentialStore: CredentialStore;
  readonly deletions: DeletionTracker;
  /** Settles when start-up (auto-connecting to an emulator) is done; never rejects. */
  readonly ready: Promise<void>;
  getJobNodes(): Promise<JobNode[]>;
  getVersionNodes(jobId: string): Promise<VersionNode[]>;
  /** The value the extension last set for the `modelarts.configured` context key. */
  readonly configuredContextKey: boolean | undefined;
  /** The value the extension last set for the `modelarts.filtered` context key. */
  readonly filteredContextKey: boolean;
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
  const deletions = new DeletionTracker({ logger });
  const details = new VersionDetailsProvider({ current: () => connection.current() });
  const logs = new TrainingLogProvider({ current: () => connection.current() });
  const contextKey = new ConfiguredContextKey(() => connection.isConfigured(), logger);
  const env = process.env;
  const globalState = context.globalState;

  const ready = startUp({ store, settings, connection, logger, env, globalState, contextKey });
  const tree = new JobsTreeDataProvider({ connection, settings, logger, deletions, ready });
  const treeView = vscode.window.createTreeView(VIEWS.trainingJobs, { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
  const filterIndicator = new FilterIndicator({ tree, view: treeView });
  const handlers = createCommandHandlers({
    connection, store, settings, tree, deletions, details, logs, logger, env, globalState, selection: () => treeView.selection,
  });

  context.subscriptions.push(
    channel, settings, connection, deletions, details, logs, tree, treeView, filterIndicator,
    vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, details),
    vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, logs),
    ...registerCommands(handlers),
    wireConnectionChanges(connection, tree, contextKey, [details, logs]),
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
    get configuredContextKey() {
      return contextKey.value;
    },
    get filteredContextKey() {
      return filterIndicator.filtered;
    },
    get logLines() {
      return logger.lines;
    },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

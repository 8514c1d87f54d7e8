/** Activation: builds the graph (composition.ts), registers the view, providers and commands, and nothing else. */
import * as vscode from 'vscode';
import type { DeletionTracker } from './actions/deletionTracker';
import { registerCommands } from './commands';
import { createExtension } from './composition';
import { GLOBAL_STATE_KEYS, OUTPUT_CHANNEL_NAME, VIEWS } from './constants';
import type { CredentialStore } from './credentials/credentialStore';
import { moveSingleConnection, oldSettingsSet } from './credentials/moveSingleConnection';
import { FilterIndicator } from './tree/filterIndicator';
import { FocusKeeper } from './tree/focusKeeper';
import type { JobsTreeDataProvider } from './tree/jobsTreeDataProvider';
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
  /** Resolves once every change of credentials or settings noticed so far has been announced. */
  whenConnectionSettled(): Promise<void>;
  getJobNodes(): Promise<JobNode[]>;
  getVersionNodes(jobId: string): Promise<VersionNode[]>;
  /** The value the extension last set for the `modelarts.configured` context key. */
  readonly configuredContextKey: boolean | undefined;
  /** The value the extension last set for the `modelarts.filtered` context key. */
  readonly filteredContextKey: boolean;
  /** The most recent lines written to the "ModelArts" output channel. */
  readonly logLines: readonly string[];
}

export async function activate(context: vscode.ExtensionContext): Promise<TestApi | undefined> {
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  // An earlier version's single connection joins the list (nothing is asked). A user of an earlier
  // version waits for it, once, before anything reads the connections; anyone else starts at once
  // (what is left to move then, credentials without settings, the graph picks up as a change).
  const log = new Logger(channel);
  const moved = moveSingleConnection(context.secrets).then(lines => lines.forEach(line => log.info(line)),
    error => log.error('Moving the connection of an earlier version into modelarts.connections failed (it is tried again at the next start)', error));
  if (oldSettingsSet()) {
    await moved;
  }
  // What the user protected follows them to other machines through Settings Sync.
  context.globalState.setKeysForSync([GLOBAL_STATE_KEYS.protected]);
  const ext = createExtension({
    secrets: context.secrets,
    globalState: context.globalState,
    logSink: channel,
    env: process.env,
    clientVersion: String(context.extension.packageJSON.version ?? ''),
  });
  // One view over every connection (a root each when there are several); commands run in the connection of their node.
  const treeView = vscode.window.createTreeView(VIEWS.trainingJobs, { treeDataProvider: ext.view, showCollapseAll: true, canSelectMany: true });
  ext.useSelection(() => treeView.selection);
  const filterIndicator = new FilterIndicator({ tree: ext.tree, view: treeView });
  const focusKeeper = new FocusKeeper({ tree: ext.view, view: treeView as vscode.TreeView<never> });
  // Live status reads only while the view is visible and the window focused.
  ext.connections.setVisible(treeView.visible);
  ext.connections.setFocused(vscode.window.state.focused);
  context.subscriptions.push(
    channel, treeView, filterIndicator, focusKeeper, ...ext.disposables,
    treeView.onDidChangeVisibility(e => ext.connections.setVisible(e.visible)),
    vscode.window.onDidChangeWindowState(state => ext.connections.setFocused(state.focused)),
    ...ext.routedDocuments.map(([scheme, provider]) => vscode.workspace.registerTextDocumentContentProvider(scheme, provider)),
    ...registerCommands(ext.commands),
  );
  if (context.extensionMode !== vscode.ExtensionMode.Test) {
    return undefined;
  }
  return {
    treeProvider: ext.tree,
    treeView,
    credentialStore: ext.store,
    deletions: ext.deletions,
    ready: ext.ready,
    whenConnectionSettled: () => ext.connection.whenSettled(),
    getJobNodes: () => ext.tree.jobs(),
    getVersionNodes: jobId => ext.tree.versions(jobId),
    get configuredContextKey() {
      return ext.contextKey.value;
    },
    get filteredContextKey() {
      return filterIndicator.filtered;
    },
    get logLines() {
      return ext.logger.lines;
    },
  };
}

/** Everything is disposed through `context.subscriptions`: the connection closes, aborting requests in flight. */
export function deactivate(): void {
  // Nothing else to do.
}

/** The command table: every command id, its thin handler, one error wrapper, one registration. */
import * as vscode from 'vscode';
import { COMMANDS, type CommandId } from '../constants';
import type { ConnectionManager } from '../credentials/connectionManager';
import type { CredentialStore } from '../credentials/credentialStore';
import type { SettingsStore } from '../credentials/settingsStore';
import type { DeletionTracker } from '../tree/deletionTracker';
import type { JobsTreeDataProvider } from '../tree/jobsTreeDataProvider';
import { JobNode, LoadMoreNode, MessageNode, VersionNode } from '../tree/nodes';
import type { Logger } from '../util/logger';
import { configureCredentials } from './configureCredentials';
import { connectEmulator } from './connectEmulator';
import { deleteJob } from './deleteJob';
import { deleteVersion } from './deleteVersion';
import { withErrorHandling, type Handler } from './errorHandler';
import { clearFilter, filterJobs } from './filterJobs';
import { showTrainingLog, type TrainingLogProvider } from './showTrainingLog';
import { showVersionDetails, type VersionDetailsProvider } from './showVersionDetails';
import { signOut } from './signOut';
import { stopVersion } from './stopVersion';

/** Everything the commands use, built once in `extension.ts`. */
export interface CommandDeps {
  readonly connection: ConnectionManager;
  readonly store: CredentialStore;
  readonly settings: SettingsStore;
  readonly tree: JobsTreeDataProvider;
  readonly deletions: DeletionTracker;
  readonly details: VersionDetailsProvider;
  readonly logs: TrainingLogProvider;
  readonly logger: Logger;
  readonly env: NodeJS.ProcessEnv;
  readonly globalState: vscode.Memento;
  /**
   * The tree's current selection. A keybinding runs a command without arguments (VS Code passes no
   * node then), so the Delete key acts on what is selected.
   */
  readonly selection?: () => readonly unknown[];
}

/** The node and selection a tree command acts on: the ones VS Code passed, else the tree's selection. */
function treeTarget(deps: CommandDeps, arg: unknown, selection: unknown): [unknown, unknown] {
  if (arg !== undefined) {
    return [arg, selection];
  }
  const selected = deps.selection?.() ?? [];
  return selected.length > 0 ? [selected[0], [...selected]] : [undefined, undefined];
}

async function copyId(node: unknown): Promise<void> {
  const id = node instanceof VersionNode ? node.version.versionId : node instanceof JobNode ? node.job.jobId : undefined;
  if (id === undefined) {
    return;
  }
  await vscode.env.clipboard.writeText(id);
  vscode.window.setStatusBarMessage(`Copied ${node instanceof VersionNode ? 'version' : 'job'} ID ${id}`, 3000);
}

/**
 * The handlers of every command, each wrapped by the one error handler (so none ever rejects).
 * Tests call them directly with nodes, argument objects or nothing.
 */
export function createCommandHandlers(deps: CommandDeps): Record<CommandId, Handler> {
  const table: Record<CommandId, Handler> = {
    [COMMANDS.configureCredentials]: () => configureCredentials(deps),
    [COMMANDS.signOut]: () => signOut(deps),
    [COMMANDS.connectEmulator]: arg => connectEmulator(deps, arg),
    [COMMANDS.refresh]: async () => deps.tree.refresh(),
    [COMMANDS.showLogs]: async () => deps.logger.show(),
    [COMMANDS.refreshJob]: async node => {
      if (node instanceof JobNode) {
        deps.tree.refreshJob(node.job.jobId);
      }
    },
    [COMMANDS.loadMore]: async node => {
      if (node instanceof LoadMoreNode) {
        await deps.tree.loadMore(node);
      }
    },
    [COMMANDS.retry]: async node => {
      if (node instanceof MessageNode) {
        await deps.tree.retry(node);
      } else {
        deps.tree.refresh();
      }
    },
    [COMMANDS.copyId]: copyId,
    // From the tree, VS Code passes the clicked node and the selection (several versions: one batch);
    // from the Delete key, nothing, and the tree's selection is used.
    [COMMANDS.deleteVersion]: (arg, selection) => deleteVersion(deps, ...treeTarget(deps, arg, selection)),
    [COMMANDS.deleteVersionFromPalette]: arg => deleteVersion(deps, arg),
    [COMMANDS.stopVersion]: arg => stopVersion(deps, arg),
    [COMMANDS.showVersionDetails]: arg => showVersionDetails(deps, arg),
    [COMMANDS.showTrainingLog]: arg => showTrainingLog(deps, arg),
    [COMMANDS.deleteJob]: arg => deleteJob(deps, arg),
    [COMMANDS.deleteJobFromPalette]: arg => deleteJob(deps, arg),
    [COMMANDS.filterJobs]: () => filterJobs(deps),
    [COMMANDS.clearFilter]: () => clearFilter(deps),
  };
  return Object.fromEntries(Object.entries(table).map(([id, handler]) =>
    [id, withErrorHandling(deps.logger, id, handler)])) as Record<CommandId, Handler>;
}

/** Registers every handler; the caller pushes the disposables onto `context.subscriptions`. */
export function registerCommands(handlers: Record<CommandId, Handler>): vscode.Disposable[] {
  return Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}

/** The command table: every command id, its thin handler, one error wrapper, one registration. */
import * as vscode from 'vscode';
import { COMMANDS, type CommandId } from '../constants';
import { JobNode, LoadMoreNode, MessageNode, VersionNode } from '../tree/nodes';
import { withErrorHandling, type Handler } from '../ui/errorHandler';
import { showInfo } from '../ui/messages';
import { configureCredentials } from './configureCredentials';
import { connectEmulator } from './connectEmulator';
import { deleteJob } from './deleteJob';
import { deleteVersion } from './deleteVersion';
import type { CommandDeps } from './deps';
import { clearFilter, filterJobs } from './filterJobs';
import { showTrainingLog } from './showTrainingLog';
import { copyVersionJson, showVersionDetails } from './showVersionDetails';
import { signOut } from './signOut';
import { stopVersion } from './stopVersion';

export type { CommandDeps } from './deps';

/** The node and selection a tree command acts on: the ones VS Code passed, else the tree's selection. */
function treeTarget(deps: CommandDeps, arg: unknown, selection: unknown): [unknown, unknown] {
  if (arg !== undefined) {
    return [arg, selection];
  }
  const selected = deps.selection?.() ?? [];
  return selected.length > 0 ? [selected[0], [...selected]] : [undefined, undefined];
}

/**
 * The Delete key on the tree: selected versions go to Delete Version (one batch when several), a
 * selected job to Delete Training Job; each asks before anything is sent. A mixed selection, or
 * several jobs, is refused with a message saying what to select.
 */
async function deleteSelection(deps: CommandDeps, arg: unknown, selection: unknown): Promise<unknown> {
  const selected = Array.isArray(selection) ? selection : arg === undefined ? [] : [arg];
  const versions = selected.filter((node): node is VersionNode => node instanceof VersionNode);
  const jobs = selected.filter((node): node is JobNode => node instanceof JobNode);
  if (jobs.length === 0 && versions.length > 0) {
    return deps.run(COMMANDS.deleteVersion, arg instanceof VersionNode ? arg : versions[0], versions);
  }
  if (jobs.length === 1 && versions.length === 0) {
    return deps.run(COMMANDS.deleteJob, jobs[0]);
  }
  if (jobs.length > 0) {
    void showInfo(versions.length > 0
      ? 'Nothing was deleted: select either versions or one training job, not both.'
      : 'Nothing was deleted: select one training job at a time to delete it.');
  }
  return undefined;
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
    [COMMANDS.refreshJob]: async node => node instanceof JobNode && deps.tree.refreshJob(node.job.jobId),
    [COMMANDS.loadMore]: async node => node instanceof LoadMoreNode && deps.tree.loadMore(node),
    [COMMANDS.retry]: async node => (node instanceof MessageNode ? deps.tree.retry(node) : deps.tree.refresh()),
    [COMMANDS.copyId]: copyId,
    // From the tree, VS Code passes the clicked node and the selection (several versions: one batch);
    // from the Delete key, nothing, and the tree's selection is used.
    [COMMANDS.deleteVersion]: (arg, selection) => deleteVersion(deps, ...treeTarget(deps, arg, selection)),
    [COMMANDS.deleteVersionFromPalette]: arg => deleteVersion(deps, arg),
    [COMMANDS.stopVersion]: arg => stopVersion(deps, arg),
    [COMMANDS.showVersionDetails]: arg => showVersionDetails(deps, arg),
    [COMMANDS.copyVersionJson]: arg => copyVersionJson(deps, arg),
    [COMMANDS.showTrainingLog]: arg => showTrainingLog(deps, arg),
    [COMMANDS.deleteJob]: arg => deleteJob(deps, arg),
    [COMMANDS.deleteJobFromPalette]: arg => deleteJob(deps, arg),
    [COMMANDS.filterJobs]: () => filterJobs(deps),
    [COMMANDS.changeFilter]: () => filterJobs(deps),
    [COMMANDS.clearFilter]: () => clearFilter(deps),
    [COMMANDS.deleteSelection]: (arg, selection) => deleteSelection(deps, ...treeTarget(deps, arg, selection)),
  };
  return Object.fromEntries(Object.entries(table).map(([id, handler]) =>
    [id, withErrorHandling(deps.logger, id, handler)])) as Record<CommandId, Handler>;
}

/** Registers every handler; the caller pushes the disposables onto `context.subscriptions`. */
export function registerCommands(handlers: Record<CommandId, Handler>): vscode.Disposable[] {
  return Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}

/** The command table: every command id, its thin handler, one error wrapper, one registration. */
import * as vscode from 'vscode';
import { COMMANDS, type CommandId } from '../constants';
import { JobNode, LoadMoreNode, MessageNode, V2JobNode, V2TaskNode, VersionNode } from '../tree/nodes';
import { withErrorHandling, type Handler } from '../ui/errorHandler';
import { showInfo } from '../ui/messages';
import { cleanUp } from './cleanUp';
import { compare, compareWithPrevious, toggleDifferences } from './compare';
import { controlFollow, followV1Log, followV2Log } from './followLog';
import { openInConsole } from './openInConsole';
import { setWatch } from './watch';
import { configureCredentials } from './configureCredentials';
import { connectEmulator } from './connectEmulator';
import { deleteJob } from './deleteJob';
import { deleteVersion } from './deleteVersion';
import type { CommandDeps } from './deps';
import { clearFilter, filterJobs } from './filterJobs';
import { showTrainingLog } from './showTrainingLog';
import { copyVersionJson, showVersionDetails } from './showVersionDetails';
import { setProtection } from './protect';
import { signOut } from './signOut';
import { stopVersion } from './stopVersion';
import { deleteV2Job, deleteV2Selection, stopV2Job } from './v2Jobs';
import { copyV2Json, openFullLog, showV2Details, showV2Events, showV2Log } from './v2Show';
import { chooseKind, isV2Argument } from '../ui/v2Targets';
import { msg, t } from '../util/l10n';

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
  const v2Jobs = selected.filter((node): node is V2JobNode => node instanceof V2JobNode);
  if (v2Jobs.length > 0) {
    if (versions.length > 0 || jobs.length > 0) {
      void showInfo(t('Nothing was deleted: select training jobs of one kind at a time (new-version jobs, or old-version jobs and versions).'));
      return undefined;
    }
    return deleteV2Selection(deps, v2Jobs);
  }
  if (jobs.length === 0 && versions.length > 0) {
    return deps.run(COMMANDS.deleteVersion, arg instanceof VersionNode ? arg : versions[0], versions);
  }
  if (jobs.length === 1 && versions.length === 0) {
    return deps.run(COMMANDS.deleteJob, jobs[0]);
  }
  if (jobs.length > 0) {
    void showInfo(versions.length > 0
      ? t('Nothing was deleted: select either versions or one training job, not both.')
      : t('Nothing was deleted: select one training job at a time to delete it.'));
  }
  return undefined;
}

async function copyId(node: unknown): Promise<void> {
  const [copied, id] = node instanceof VersionNode ? [msg('Copied version ID {0}'), node.version.versionId]
    : node instanceof JobNode ? [msg('Copied job ID {0}'), node.job.jobId]
      : node instanceof V2JobNode ? [msg('Copied job ID {0}'), node.job.jobId] : node instanceof V2TaskNode ? [msg('Copied task ID {0}'), node.task] : [];
  if (copied === undefined || id === undefined) {
    return;
  }
  await vscode.env.clipboard.writeText(id);
  vscode.window.setStatusBarMessage(t(copied, id), 3000);
}

/**
 * A command that acts on either kind of job: a new-version node or `{ jobId }` with a non-numeric ID
 * goes to `v2`; old-version nodes and numeric IDs to `v1`; with no argument, the kind is the tree's
 * only one or the one the user picks. `title` (marked with `msg`) is translated when the picker shows.
 */
function eitherKind(deps: CommandDeps, title: string, v1: (arg: unknown) => Promise<unknown>, v2: (arg: unknown) => Promise<unknown>): Handler {
  return async arg => {
    if (isV2Argument(arg)) {
      return v2(arg);
    }
    if (arg !== undefined) {
      return v1(arg);
    }
    const kind = await chooseKind(deps, t(title));
    return kind === 'v2' ? v2(undefined) : kind === 'v1' ? v1(undefined) : undefined;
  };
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
    [COMMANDS.showVersionDetails]: eitherKind(deps, msg('Show Details'), arg => showVersionDetails(deps, arg), arg => showV2Details(deps, arg)),
    [COMMANDS.copyVersionJson]: eitherKind(deps, msg('Copy Details as JSON'), arg => copyVersionJson(deps, arg), arg => copyV2Json(deps, arg)),
    [COMMANDS.showTrainingLog]: eitherKind(deps, msg('Show Training Log'), arg => showTrainingLog(deps, arg), arg => showV2Log(deps, arg)),
    [COMMANDS.deleteJob]: eitherKind(deps, msg('Delete Training Job'), arg => deleteJob(deps, arg), arg => deleteV2Job(deps, arg)),
    [COMMANDS.deleteJobFromPalette]: eitherKind(deps, msg('Delete Training Job'), arg => deleteJob(deps, arg), arg => deleteV2Job(deps, arg)),
    [COMMANDS.filterJobs]: () => filterJobs(deps),
    [COMMANDS.changeFilter]: () => filterJobs(deps),
    [COMMANDS.clearFilter]: () => clearFilter(deps),
    [COMMANDS.deleteSelection]: (arg, selection) => deleteSelection(deps, ...treeTarget(deps, arg, selection)),
    [COMMANDS.protect]: (arg, selection) => setProtection(deps, ...treeTarget(deps, arg, selection), true),
    [COMMANDS.unprotect]: (arg, selection) => setProtection(deps, ...treeTarget(deps, arg, selection), false),
    [COMMANDS.stopV2Job]: arg => stopV2Job(deps, arg),
    [COMMANDS.showV2Events]: arg => showV2Events(deps, arg),
    [COMMANDS.openFullLog]: arg => openFullLog(deps, arg),
    [COMMANDS.cleanUp]: (arg, selection) => cleanUp(deps, arg, selection),
    [COMMANDS.watch]: (arg, selection) => setWatch(deps, ...treeTarget(deps, arg, selection), true),
    [COMMANDS.unwatch]: (arg, selection) => setWatch(deps, ...treeTarget(deps, arg, selection), false),
    [COMMANDS.compare]: (arg, selection) => compare(deps, ...treeTarget(deps, arg, selection)),
    [COMMANDS.compareWithPrevious]: arg => compareWithPrevious(deps, arg),
    [COMMANDS.toggleDifferences]: () => toggleDifferences(deps),
    [COMMANDS.openInConsole]: node => openInConsole(deps, node),
    [COMMANDS.followLog]: eitherKind(deps, msg('Follow Log'), arg => followV1Log(deps, arg), arg => followV2Log(deps, arg)),
    [COMMANDS.pauseFollow]: arg => controlFollow(deps, arg, 'pause'),
    [COMMANDS.resumeFollow]: arg => controlFollow(deps, arg, 'resume'),
    [COMMANDS.loadOlderLines]: arg => controlFollow(deps, arg, 'older'),
  };
  return Object.fromEntries(Object.entries(table).map(([id, handler]) =>
    [id, withErrorHandling(deps.logger, id, handler)])) as Record<CommandId, Handler>;
}

/** Registers every handler; the caller pushes the disposables onto `context.subscriptions`. */
export function registerCommands(handlers: Record<string, Handler>): vscode.Disposable[] {
  return Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}

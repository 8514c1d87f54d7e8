/**
 * Follow Log on a running (or queued) version, job (its latest version), new-version job or task:
 * opens a log editor that new lines are appended to as ModelArts writes them, until the run ends or
 * the editor closes. A run that has already ended has nothing left to follow: its log is shown instead.
 * Pause, Resume and Load Older Lines act on a followed log's editor (its title buttons).
 */
import * as vscode from 'vscode';
import { ModelArtsError } from '../client/errors';
import { v1FollowSource, v2FollowSource } from '../actions/logSources';
import { v1RunStatus, v2RunStatus } from '../actions/runStatus';
import { COMMANDS, FOLLOW_SCHEME } from '../constants';
import { isActive, statusInfo } from '../model/status';
import { describeV2Job, describeVersion, type V2JobTarget, type VersionTarget } from '../model/targets';
import { isV2Active, phaseInfo } from '../model/v2Phase';
import { JobNode } from '../tree/nodes';
import { showInfo, withProgress } from '../ui/messages';
import { resolveVersionTarget } from '../ui/targets';
import { pickTask, resolveV2Target } from '../ui/v2Targets';
import { msg, t } from '../util/l10n';
import { forLine } from '../util/sanitize';
import type { CommandDeps } from './deps';

const TITLE = msg('Follow Log');

/** Opens (or shows again) a followed log's editor, as a `log` document. */
async function open(uri: vscode.Uri): Promise<void> {
  let document = await vscode.workspace.openTextDocument(uri);
  if (document.languageId !== 'log') {
    document = await vscode.languages.setTextDocumentLanguage(document, 'log');
  }
  await vscode.window.showTextDocument(document, { preview: false });
}

/** The log files of a version now: none yet is not an error (the follower waits for them). */
async function logFiles(target: VersionTarget): Promise<string[]> {
  try {
    return await withProgress(t('Listing the log files of version "{0}" of "{1}"…', target.version.versionName, target.jobName),
      signal => target.connection.client.listLogFiles(target.jobId, target.version.versionId, { signal }), { cancellable: true });
  } catch (error) {
    if (error instanceof ModelArtsError && error.errorCode === 'ModelArts.0806') {
      return [];
    }
    throw error;
  }
}

/** The log file to follow: the only one, one picked (one per worker), or undefined while there is none yet. */
async function chooseFile(target: VersionTarget): Promise<string | undefined | null> {
  const files = await logFiles(target);
  if (files.length <= 1) {
    return files[0];
  }
  const pick = await vscode.window.showQuickPick(files.map((file, index) => ({ label: forLine(file), description: t('{0} of {1}', index + 1, files.length), file })), {
    title: forLine(t('Follow Log: Log File of "{0}" of "{1}"', target.version.versionName, target.jobName)),
    placeHolder: t('Pick one of {0} log files (one per worker)', files.length),
    ignoreFocusOut: true,
  });
  return pick ? pick.file : null;
}

/** Follow Log on an old-version job's version (a job: its latest version). */
export async function followV1Log(deps: CommandDeps, arg?: unknown): Promise<void> {
  const source = arg instanceof JobNode && arg.job.latestVersionId !== undefined ? { jobId: arg.job.jobId, versionId: arg.job.latestVersionId } : arg;
  const target = await resolveVersionTarget(deps, source, { title: t(TITLE), fresh: true });
  if (!target) {
    return;
  }
  const { jobId, version, connection } = target;
  if (!isActive(version.status)) {
    void showInfo(t('{0} has ended ({1}): there is nothing more to follow, so its log is shown instead.', describeVersion(target), statusInfo(version.status).label));
    await deps.run(COMMANDS.showTrainingLog, { jobId, versionId: version.versionId });
    return;
  }
  const file = await chooseFile(target);
  if (file === null) {
    return;
  }
  const key = { jobId, jobName: target.jobName, versionId: version.versionId, versionName: version.versionName, part: file };
  const what = `${describeVersion(target)}${file ? `, file ${forLine(file)}` : ', the first log file (worker 0) once it is written'}`;
  const { uri, reused } = deps.follows.follow(key, what, {
    source: v1FollowSource(connection.client, jobId, version.versionId, file),
    status: v1RunStatus(connection, jobId, version.versionId, read => deps.tree.updateVersion(read)),
  });
  deps.logger.info(`${reused ? 'Showing' : 'Following'} the log of ${what}.`);
  await open(uri);
}

/** Follow Log on a new-version job or task (the task picked when it has several; worker-0 before it has any). */
export async function followV2Log(deps: CommandDeps, arg?: unknown): Promise<void> {
  const target: V2JobTarget | undefined = await resolveV2Target(deps, arg, { title: t(TITLE), filter: job => isV2Active(job.phase) });
  if (!target) {
    return;
  }
  const { job, connection } = target;
  if (!isV2Active(job.phase)) {
    void showInfo(t('{0} has ended ({1}): there is nothing more to follow, so its log is shown instead.', describeV2Job(job), phaseInfo(job.phase).label));
    await deps.run(COMMANDS.showTrainingLog, { jobId: job.jobId });
    return;
  }
  const task = job.tasks.length === 0 ? 'worker-0' : await pickTask(target, arg, t(TITLE));
  if (task === undefined) {
    return;
  }
  const what = `${describeV2Job(job)}, task ${forLine(task)}`;
  const { uri, reused } = deps.follows.follow({ jobId: job.jobId, jobName: job.name, part: task }, what, {
    source: v2FollowSource(connection.client, job.jobId, task,
      () => deps.logger.info(`Follow Log: the line-paged log API is not available here; following the log of ${what} by its preview.`)),
    status: v2RunStatus(connection, job.jobId, read => deps.tree.updateV2Job(read)),
  });
  deps.logger.info(`${reused ? 'Showing' : 'Following'} the log of ${what}.`);
  await open(uri);
}

/** The followed log a title button or the palette acts on: the URI passed, else the active editor's. */
function followedUri(arg: unknown): vscode.Uri | undefined {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  return uri?.scheme === FOLLOW_SCHEME ? uri : undefined;
}

/** Pause, Resume or Load Older Lines on a followed log. */
export async function controlFollow(deps: CommandDeps, arg: unknown, action: 'pause' | 'resume' | 'older'): Promise<void> {
  const uri = followedUri(arg);
  const follower = uri && deps.follows.get(uri);
  if (!follower) {
    void showInfo(t('Open a followed log first: run "Follow Log" on a running version or training job.'));
    return;
  }
  if (action === 'pause') {
    follower.pause();
  } else if (action === 'resume') {
    follower.resume();
  } else {
    const count = await withProgress(t('Reading older lines…'), () => follower.readOlder());
    vscode.window.setStatusBarMessage(count === 0 ? t('No older lines: this is the start of the log.') : t('Read {0} older lines.', count), 3000);
  }
}

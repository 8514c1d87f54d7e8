/**
 * The read-only views of a new-version (v2) job: Show Training Log (per task) and Open Full Log, Show
 * Events, Show Details and Copy Details as JSON.
 */
import * as vscode from 'vscode';
import { ModelArtsError } from '../client/errors';
import { COMMANDS, V2_DOCUMENT_SCHEME } from '../constants';
import { describeV2Job } from '../model/targets';
import { maskV2Secrets, phaseInfo } from '../model/v2Phase';
import { documentConnection, openRendered } from '../ui/documents';
import { CommandError } from '../ui/errorHandler';
import { showInfo, withProgress } from '../ui/messages';
import { requireConnection } from '../ui/targets';
import { pickTask, resolveV2Target } from '../ui/v2Targets';
import { V2_EVENT_LIMIT, renderV2Details, renderV2Events, renderV2Log, v2DocumentKey, v2DocumentUri } from '../ui/v2Documents';
import { msg, t } from '../util/l10n';
import { forLine } from '../util/sanitize';
import type { CommandDeps } from './deps';

/** What ModelArts answers for a log that will never come: not generated (2818), or cleared after 30 days (2819). */
function noLogText(error: unknown): string | undefined {
  if (!(error instanceof ModelArtsError)) {
    return undefined;
  }
  switch (error.errorCode) {
    case 'ModelArts.2818':
      return t('ModelArts generated no log for it (the job may have failed before its containers started).');
    case 'ModelArts.2819':
      return t('ModelArts has cleared it: training logs are kept for 30 days.');
    default:
      return undefined;
  }
}

/**
 * Show Training Log on a v2 job or task: the newest part of the task's log (ModelArts's preview,
 * up to a few MB) in a read-only `log` document; a truncated preview says so, with Open Full Log.
 */
export async function showV2Log(deps: CommandDeps, arg?: unknown): Promise<void> {
  const target = await resolveV2Target(deps, arg, { title: t('Show Training Log') });
  if (!target) {
    return;
  }
  const { job, connection } = target;
  const task = await pickTask(target, arg, t('Show Training Log'));
  if (task === undefined) {
    if (job.tasks.length === 0) {
      void showInfo(t('No training log for {0} yet: it is {1}, and logs appear once its tasks have started.', describeV2Job(job), phaseInfo(job.phase).label.toLowerCase()));
    }
    return;
  }
  let preview;
  try {
    preview = await withProgress(t('Reading the log of {0} of "{1}"…', forLine(task), job.name),
      signal => connection.client.v2.getLogPreview(job.jobId, task, { signal }), { cancellable: true });
  } catch (error) {
    const why = noLogText(error);
    if (why) {
      void showInfo(t('No training log for task {0} of {1}: {2}', task, describeV2Job(job), why));
      return;
    }
    throw new CommandError(t('Could not read the log of task {0} of {1}', task, describeV2Job(job)), error);
  }
  if (!preview) {
    void showInfo(t('The log of task {0} of {1} is not ready yet: the job is {2}. Logs appear once its containers have started.',
      task, describeV2Job(job), phaseInfo(job.phase).label.toLowerCase()));
    return;
  }
  const key = { kind: 'log' as const, jobId: job.jobId, jobName: job.name, task };
  const uri = v2DocumentUri(key, connection);
  deps.v2docs.set(uri, renderV2Log(key, preview, deps.v2docs.now()));
  const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'log');
  await vscode.window.showTextDocument(document, { preview: false });
  if (preview.truncated && await showInfo(t('Showing the newest part of the log of task {0} of "{1}"; the whole log is longer.', task, job.name),
    OPEN_FULL_LOG_BUTTON) === OPEN_FULL_LOG_BUTTON) {
    await deps.run(COMMANDS.openFullLog, { jobId: job.jobId, taskId: task });
  }
}

/** The button of a truncated log's notice. */
export const OPEN_FULL_LOG_BUTTON = msg('Open Full Log');

/** True for a link the extension may open: HTTPS, or plain HTTP to this machine (the emulator). */
function openableLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname));
  } catch {
    return false;
  }
}

/**
 * Open Full Log: asks ModelArts for a temporary link to the task's whole log, only now, and hands it
 * to the browser. The link is a bearer secret for a few minutes: it is never logged, stored or shown.
 * Takes `{ jobId, taskId }`, the active v2 log document, a v2 job or task node, or the pickers.
 */
export async function openFullLog(deps: CommandDeps, arg?: unknown): Promise<void> {
  let source = arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (source === undefined && active?.scheme === V2_DOCUMENT_SCHEME) {
    const key = v2DocumentKey(active);
    const connection = await requireConnection(deps);
    if (key.kind === 'log' && documentConnection(active) === connection.id) {
      source = { jobId: key.jobId, taskId: key.task ?? '' };
    }
  }
  const target = await resolveV2Target(deps, source, { title: t('Open Full Log') });
  if (!target) {
    return;
  }
  const task = await pickTask(target, source, t('Open Full Log'));
  if (task === undefined) {
    return;
  }
  const { job, connection } = target;
  let url: string;
  try {
    url = await withProgress(t('Asking ModelArts for the full log of {0} of "{1}"…', forLine(task), job.name),
      signal => connection.client.v2.getLogUrl(job.jobId, task, { signal }), { cancellable: true });
  } catch (error) {
    const why = noLogText(error);
    if (why) {
      void showInfo(t('No training log for task {0} of {1}: {2}', task, describeV2Job(job), why));
      return;
    }
    throw new CommandError(t('Could not get the full log of task {0} of {1}', task, describeV2Job(job)), error);
  }
  if (!openableLink(url)) {
    throw new CommandError(t('Did not open the full log of task {0} of {1}', task, describeV2Job(job)),
      new Error(t('ModelArts answered with a link that is neither HTTPS nor to this machine, so it was not opened.')));
  }
  deps.logger.info(`Opened a temporary link to the full log of task ${task} of job ${job.jobId} (the link itself is not logged).`);
  await vscode.env.openExternal(vscode.Uri.parse(url, true));
}

/** Show Events: the job's event timeline (newest first, levels as icons), rendered. */
export async function showV2Events(deps: CommandDeps, arg?: unknown): Promise<void> {
  const target = await resolveV2Target(deps, arg, { title: t('Show Events') });
  if (!target) {
    return;
  }
  const { job, connection } = target;
  let page;
  try {
    page = await withProgress(t('Reading the events of "{0}"…', job.name),
      signal => connection.client.v2.listEvents(job.jobId, { limit: V2_EVENT_LIMIT, signal }), { cancellable: true });
  } catch (error) {
    throw new CommandError(t('Could not read the events of {0}', describeV2Job(job)), error);
  }
  const key = { kind: 'events' as const, jobId: job.jobId, jobName: job.name };
  const uri = v2DocumentUri(key, connection);
  deps.v2docs.set(uri, renderV2Events(key, page.events, page.total, deps.v2docs.now()));
  await openRendered(uri);
}

/** Show Details on a v2 job: its fields, tasks and every field as read (secrets masked), rendered. */
export async function showV2Details(deps: CommandDeps, arg?: unknown): Promise<void> {
  const target = await resolveV2Target(deps, arg, { title: t('Show Details') });
  if (!target) {
    return;
  }
  const uri = v2DocumentUri({ kind: 'details', jobId: target.job.jobId, jobName: target.job.name }, target.connection);
  deps.v2docs.set(uri, renderV2Details(target.job));
  await openRendered(uri);
}

/** Copy Details as JSON on a v2 job: every field as read, secrets masked, on the clipboard. */
export async function copyV2Json(deps: CommandDeps, arg?: unknown): Promise<void> {
  const target = await resolveV2Target(deps, arg, { title: t('Copy Details as JSON') });
  if (!target) {
    return;
  }
  await vscode.env.clipboard.writeText(JSON.stringify(maskV2Secrets(target.job.raw), null, 2));
  vscode.window.setStatusBarMessage(t('Copied the details of training job {0} as JSON (secrets masked)', target.job.jobId), 3000);
}


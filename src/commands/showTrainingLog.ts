/** Show Training Log: the newest lines of a version's log file in a read-only document. */
import * as vscode from 'vscode';
import { ModelArtsError } from '../client/errors';
import type { LogLines } from '../client/types';
import { statusInfo } from '../model/status';
import { describeVersion, type VersionTarget } from '../model/targets';
import { CommandError } from '../ui/errorHandler';
import { LOG_LINES } from '../ui/logDocuments';
import { showInfo, withProgress } from '../ui/messages';
import { resolveVersionTarget } from '../ui/targets';
import { t } from '../util/l10n';
import { forLine } from '../util/sanitize';
import type { CommandDeps } from './deps';

/** The language of the log documents (VS Code's built-in log highlighting). */
const LOG_LANGUAGE = 'log';

/** ModelArts's "download log failed": the log does not exist yet, or has expired. */
const NO_LOG_CODE = 'ModelArts.0806';

interface FileItem extends vscode.QuickPickItem {
  readonly file: string;
}

/** True when ModelArts answered that there is no log (yet). */
function isNoLog(error: unknown): boolean {
  return error instanceof ModelArtsError && error.errorCode === NO_LOG_CODE;
}

/** Tells the user that the version has no log to show, and why that is likely. */
function showNoLog(target: VersionTarget, error?: unknown): void {
  const status = statusInfo(target.version.status).label.toLowerCase();
  const reason = error !== undefined
    ? t('ModelArts could not provide it ({0}: {1}): training may not have started yet, or the log has expired.',
      NO_LOG_CODE, error instanceof ModelArtsError ? error.serverMessage ?? 'download log failed' : 'download log failed')
    : t('Its status is {0}: logs appear once training has started.', status);
  void showInfo(t('No training log for {0} yet. {1}', describeVersion(target), reason));
}

/**
 * The Show Training Log command: a version node, `{ jobId, versionId }`, or the job and version
 * pickers. Lists the version's log files (a QuickPick when there are several, one per worker), reads
 * the newest {@link LOG_LINES} lines of the chosen one, and opens them in a read-only `log` document
 * named after the job, version and file; running it again reads the lines again into the same
 * document. A version without a log (none listed, or ModelArts.0806) gets a message, not a document.
 */
export async function showTrainingLog(deps: CommandDeps, arg?: unknown): Promise<void> {
  const target = await resolveVersionTarget(deps, arg, { title: t('Show Training Log') });
  if (!target) {
    return;
  }
  const { jobId, version } = target;
  const client = target.connection.client;
  let files: string[];
  try {
    files = await withProgress(t('Listing the log files of version "{0}" of "{1}"…', version.versionName, target.jobName),
      signal => client.listLogFiles(jobId, version.versionId, { signal }), { cancellable: true });
  } catch (error) {
    if (isNoLog(error)) {
      showNoLog(target, error);
      return;
    }
    throw new CommandError(t('Could not list the log files of {0}', describeVersion(target)), error);
  }
  if (files.length === 0) {
    showNoLog(target);
    return;
  }
  const file = files.length === 1 ? files[0] : await pickFile(target, files);
  if (file === undefined) {
    return;
  }
  let log: LogLines;
  try {
    log = await withProgress(t('Reading training log {0}…', file),
      signal => client.getLogLines(jobId, version.versionId, { logFile: file, lines: LOG_LINES, signal }), { cancellable: true });
  } catch (error) {
    if (isNoLog(error)) {
      showNoLog(target, error);
      return;
    }
    throw new CommandError(t('Could not read log file {0} of {1}', file, describeVersion(target)), error);
  }
  const uri = deps.logs.update({ jobId, jobName: target.jobName, versionId: version.versionId, versionName: version.versionName, file }, log,
    target.connection);
  let document = await vscode.workspace.openTextDocument(uri);
  if (document.languageId !== LOG_LANGUAGE) {
    document = await vscode.languages.setTextDocumentLanguage(document, LOG_LANGUAGE);
  }
  await vscode.window.showTextDocument(document, { preview: true });
}

/** The log file picker: one file per worker. */
async function pickFile(target: VersionTarget, files: readonly string[]): Promise<string | undefined> {
  const pick = await vscode.window.showQuickPick(files.map((file, index): FileItem => ({
    label: forLine(file),
    description: t('{0} of {1}', index + 1, files.length),
    file,
  })), {
    title: forLine(t('Show Training Log: Log File of "{0}" of "{1}"', target.version.versionName, target.jobName)),
    placeHolder: t('Pick one of {0} log files (one per worker)', files.length),
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  return pick?.file;
}

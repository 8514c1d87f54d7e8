/** Show Training Log: the newest lines of a version's log file in a read-only document (`modelarts-log:` URIs). */
import * as vscode from 'vscode';
import { ModelArtsError } from '../client/errors';
import type { LogLines } from '../client/types';
import type { Connection } from '../credentials/connectionManager';
import { LOG_SCHEME } from '../constants';
import { statusInfo } from '../tree/status';
import { describeError } from '../util/describeError';
import { formatTime } from '../util/format';
import { forLine } from '../util/sanitize';
import { CommandError } from './errorHandler';
import { describeTarget } from './stopVersion';
import { CachedDocumentProvider, documentQuery, type DocumentDeps } from './documents';
import { resolveVersionTarget, type TargetDeps, type VersionTarget } from './versionTarget';
import { showInfo, withProgress } from '../ui/messages';

/** How many of the newest lines are shown: the API's maximum per request. */
export const LOG_LINES = 500;

/** The language of the log documents (VS Code's built-in log highlighting). */
const LOG_LANGUAGE = 'log';

/** ModelArts's "download log failed": the log does not exist yet, or has expired. */
const NO_LOG_CODE = 'ModelArts.0806';

/** What names a log document: the version, its job, and the log file. */
export interface LogDocumentKey {
  readonly jobId: string;
  readonly jobName: string;
  readonly versionId: string;
  readonly versionName: string;
  readonly file: string;
}

/**
 * The URI of a log document. Its file name (what the editor tab shows) names the job, the version
 * and the log file, and ends in `.log`; the query carries the IDs, for a document reopened later.
 */
export function logUri(key: LogDocumentKey, connection: Pick<Connection, 'id'>): vscode.Uri {
  const safe = (s: string) => forLine(s, 60).replace(/[\\/?#%]/g, '_');
  return vscode.Uri.from({
    scheme: LOG_SCHEME,
    path: `/${safe(key.jobName)} ${safe(key.versionName)} ${safe(key.file)}.log`,
    query: documentQuery(connection, {
      jobId: key.jobId, versionId: key.versionId, file: key.file, jobName: key.jobName, versionName: key.versionName,
    }),
  });
}

function keyOf(uri: vscode.Uri): LogDocumentKey {
  const query = new URLSearchParams(uri.query);
  const get = (name: string) => query.get(name) ?? '';
  return { jobId: get('jobId'), jobName: get('jobName'), versionId: get('versionId'), versionName: get('versionName'), file: get('file') };
}

/**
 * A log document's text: two header lines (what it is, how many lines, when they were read), a blank
 * line, then the log lines as ModelArts sent them.
 */
export function renderLog(key: LogDocumentKey, log: LogLines, readAt: number): string {
  const count = log.content === '' ? 0 : log.content.split('\n').length;
  const what = count === 0 ? 'The log is empty so far'
    : count >= LOG_LINES ? `The newest ${count} lines (earlier lines are not shown)`
      : `All ${count} line${count === 1 ? '' : 's'}`;
  return [
    `# Training log of job "${key.jobName}" (ID ${key.jobId}), version ${key.versionName} (ID ${key.versionId}), file ${key.file}`,
    `# ${what}, read ${formatTime(readAt)}. Run "Show Training Log" again to read it again.`,
    '',
    log.content,
  ].join('\n') + (log.content.endsWith('\n') || count === 0 ? '' : '\n');
}

/** What the provider needs. */
export interface TrainingLogProviderDeps extends DocumentDeps {
  /** Clock for the "read at" header line (tests). */
  readonly now?: () => number;
}

/**
 * Serves `modelarts-log:` documents. The command reads the lines and {@link update}s the document,
 * which fires `onDidChange`, so a document already open shows the fresh lines. A document reopened
 * after a window reload is read on demand, with the connection it belongs to.
 */
export class TrainingLogProvider extends CachedDocumentProvider {
  constructor(private readonly logDeps: TrainingLogProviderDeps) {
    super(logDeps);
  }

  /** Sets (or replaces) a document's content from lines just read with `connection`; returns its URI. */
  update(key: LogDocumentKey, log: LogLines, connection: Pick<Connection, 'id'>): vscode.Uri {
    const uri = logUri(key, connection);
    this.set(uri, renderLog(key, log, this.now()));
    return uri;
  }

  protected async load(uri: vscode.Uri, connection: Connection, signal: AbortSignal): Promise<string> {
    const key = keyOf(uri);
    try {
      const log = await connection.client.getLogLines(key.jobId, key.versionId, { logFile: key.file, lines: LOG_LINES, signal });
      return renderLog(key, log, this.now());
    } catch (error) {
      return `# Could not read log file ${key.file} of version ${key.versionId} of job ${key.jobId}: ${describeError(error)}\n`;
    }
  }

  protected stale(uri: vscode.Uri): string {
    const key = keyOf(uri);
    return `# Log file ${key.file} of version ${key.versionId} of job ${key.jobId} was read with a ModelArts connection that is no ` +
      'longer in use (you signed out, or the credentials or connection settings changed). Run "Show Training Log" again.\n';
  }

  private now(): number {
    return this.logDeps.now?.() ?? Date.now();
  }
}

/** What Show Training Log needs. */
export interface TrainingLogDeps extends TargetDeps {
  readonly logs: TrainingLogProvider;
}

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
    ? `ModelArts could not provide it (${NO_LOG_CODE}: ${error instanceof ModelArtsError ? error.serverMessage ?? 'download log failed' : 'download log failed'}): ` +
      'training may not have started yet, or the log has expired.'
    : `Its status is ${status}: logs appear once training has started.`;
  void showInfo(`No training log for ${describeTarget(target)} yet. ${reason}`);
}

/**
 * The Show Training Log command: a version node, `{ jobId, versionId }`, or the job and version
 * pickers. Lists the version's log files (a QuickPick when there are several, one per worker), reads
 * the newest {@link LOG_LINES} lines of the chosen one, and opens them in a read-only `log` document
 * named after the job, version and file; running it again reads the lines again into the same
 * document. A version without a log (none listed, or ModelArts.0806) gets a message, not a document.
 */
export async function showTrainingLog(deps: TrainingLogDeps, arg?: unknown): Promise<void> {
  const target = await resolveVersionTarget(deps, arg, { title: 'Show Training Log' });
  if (!target) {
    return;
  }
  const { jobId, version } = target;
  const client = target.connection.client;
  let files: string[];
  try {
    files = await withProgress(`Listing the log files of version "${version.versionName}" of "${target.jobName}"…`,
      signal => client.listLogFiles(jobId, version.versionId, { signal }), { cancellable: true });
  } catch (error) {
    if (isNoLog(error)) {
      showNoLog(target, error);
      return;
    }
    throw new CommandError(`Could not list the log files of ${describeTarget(target)}`, error);
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
    log = await withProgress(`Reading training log ${file}…`,
      signal => client.getLogLines(jobId, version.versionId, { logFile: file, lines: LOG_LINES, signal }), { cancellable: true });
  } catch (error) {
    if (isNoLog(error)) {
      showNoLog(target, error);
      return;
    }
    throw new CommandError(`Could not read log file ${file} of ${describeTarget(target)}`, error);
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
    description: `${index + 1} of ${files.length}`,
    file,
  })), {
    title: forLine(`Show Training Log: Log File of "${target.version.versionName}" of "${target.jobName}"`),
    placeHolder: `Pick one of ${files.length} log files (one per worker)`,
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  return pick?.file;
}

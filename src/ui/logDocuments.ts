/** Training log documents (`modelarts-log:` URIs): read-only, named after the job, version and log file. */
import * as vscode from 'vscode';
import { t } from '../util/l10n';
import type { LogLines } from '../client/types';
import { LOG_SCHEME } from '../constants';
import type { Connection } from '../model/connection';
import { describeError } from '../util/describeError';
import { formatTime } from '../util/format';
import { forLine } from '../util/sanitize';
import { CachedDocumentProvider, documentQuery, type DocumentDeps } from './documents';

/** How many of the newest lines are shown: the API's maximum per request. */
export const LOG_LINES = 500;

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
    path: `/${logTitle(key, safe)}`,
    query: documentQuery(connection, {
      jobId: key.jobId, versionId: key.versionId, file: key.file, jobName: key.jobName, versionName: key.versionName,
    }),
  });
}

/**
 * The tab title: the file name alone when it names the version already (ModelArts names files after
 * the job and version), else job, version and file; it ends in `.log` once.
 */
function logTitle(key: LogDocumentKey, safe: (s: string) => string): string {
  const file = safe(key.file);
  const named = key.versionName !== '' && file.includes(safe(key.versionName));
  const title = named ? file : `${safe(key.jobName)} ${safe(key.versionName)} ${file}`;
  return title.endsWith('.log') ? title : `${title}.log`;
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
  const what = count === 0 ? t('The log is empty so far')
    : count >= LOG_LINES ? t('The newest {0} lines (earlier lines are not shown)', count)
      : count === 1 ? t('All {0} line', count) : t('All {0} lines', count);
  return [
    `# ${t('Training log of job "{0}" (ID {1}), version {2} (ID {3}), file {4}', key.jobName, key.jobId, key.versionName, key.versionId, key.file)}`,
    `# ${t('{0}, read {1}. Run "Show Training Log" again to read it again.', what, formatTime(readAt))}`,
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
      return `# ${t('Could not read log file {0} of version {1} of job {2}: {3}', key.file, key.versionId, key.jobId, describeError(error))}\n`;
    }
  }

  protected stale(uri: vscode.Uri): string {
    const key = keyOf(uri);
    return `# ${t('Log file {0} of version {1} of job {2} was read with a ModelArts connection that is no longer in use (you signed out, or the credentials or connection settings changed). Run "Show Training Log" again.', key.file, key.versionId, key.jobId)}\n`;
  }

  private now(): number {
    return this.logDeps.now?.() ?? Date.now();
  }
}


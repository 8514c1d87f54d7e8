/**
 * Read-only documents of new-version (v2) jobs (`modelarts-v2:` URIs): a task's log (the newest part
 * ModelArts previews), the job's details (secrets masked) and its event timeline. Server text is
 * escaped for Markdown; the log is plain text, shown as it was sent.
 */
import * as vscode from 'vscode';
import { t } from '../util/l10n';
import type { V2Event, V2Job, V2LogPreview } from '../client/v2Types';
import { V2_DOCUMENT_SCHEME } from '../constants';
import type { Connection } from '../model/connection';
import { failureText, maskV2Secrets, phaseInfo } from '../model/v2Phase';
import { describeError } from '../util/describeError';
import { formatDuration, formatTime } from '../util/format';
import { escapeMarkdown } from '../util/markdown';
import { forLine } from '../util/sanitize';
import { CachedDocumentProvider, documentQuery, type DocumentDeps } from './documents';

/** What a v2 document shows. */
export type V2DocumentKind = 'log' | 'details' | 'events';

/** What names a v2 document. */
export interface V2DocumentKey {
  readonly kind: V2DocumentKind;
  readonly jobId: string;
  readonly jobName: string;
  /** The task of a log. */
  readonly task?: string;
}

/** The URI of a v2 document; its file name (the tab title) names the job (and task), and ends in `.log` or `.md`. */
export function v2DocumentUri(key: V2DocumentKey, connection: Pick<Connection, 'id'>): vscode.Uri {
  const safe = (s: string) => forLine(s, 60).replace(/[\\/?#%]/g, '_');
  const name = safe(key.jobName) || safe(key.jobId);
  const file = key.kind === 'log' ? `${name} ${safe(key.task ?? '')}.log` : key.kind === 'events' ? `${name} events.md` : `${name}.md`;
  return vscode.Uri.from({
    scheme: V2_DOCUMENT_SCHEME,
    path: `/${file}`,
    query: documentQuery(connection, { kind: key.kind, jobId: key.jobId, jobName: key.jobName, ...(key.task !== undefined ? { task: key.task } : {}) }),
  });
}

/** The key a v2 document URI names. */
export function v2DocumentKey(uri: vscode.Uri): V2DocumentKey {
  const query = new URLSearchParams(uri.query);
  const kind = query.get('kind');
  return {
    kind: kind === 'log' || kind === 'events' ? kind : 'details',
    jobId: query.get('jobId') ?? '',
    jobName: query.get('jobName') ?? '',
    ...(query.get('task') !== null ? { task: query.get('task') ?? '' } : {}),
  };
}

function bytes(n: number | undefined): string {
  if (n === undefined) {
    return t('an unknown size');
  }
  return n < 1024 ? t('{0} bytes', n) : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A task's log document: two header lines (what it is, how much of it, when read), a blank line,
 * then the log as ModelArts sent it. A truncated preview says so and how to get the rest.
 */
export function renderV2Log(key: V2DocumentKey, preview: V2LogPreview, readAt: number): string {
  const what = preview.content === '' ? t('The log is empty so far')
    : preview.truncated
      ? t('The newest {0} of {1} (earlier lines are not shown: run "Open Full Log" from the editor title to download the whole log)', bytes(preview.currentSize), bytes(preview.fullSize))
      : t('The whole log ({0})', bytes(preview.currentSize ?? Buffer.byteLength(preview.content)));
  return [
    `# ${t('Training log of job "{0}" (ID {1}), task {2}', forLine(key.jobName), key.jobId, forLine(key.task ?? ''))}`,
    `# ${t('{0}, read {1}. Run "Show Training Log" again to read it again.', what, formatTime(readAt))}`,
    '',
    preview.content,
  ].join('\n') + (preview.content.endsWith('\n') || preview.content === '' ? '' : '\n');
}

function row(name: string, value: string | number | undefined): string {
  return `| ${name} | ${value === undefined || value === '' ? '—' : escapeMarkdown(String(value))} |`;
}

/** A job's details as Markdown: a summary table, its tasks, and every field as read with secrets masked. */
export function renderV2Details(job: V2Job): string {
  const phase = phaseInfo(job.phase);
  const lines = [
    `# ${escapeMarkdown(job.name || t('Job {0}', job.jobId))}`,
    '',
    `| ${t('Field')} | ${t('Value')} |`,
    '|---|---|',
    row(t('Job ID'), job.jobId),
    row(t('Description'), job.description),
    row(t('Kind'), job.kind),
    row(t('Status'), `${phase.label} (${job.phase || t('no phase')}${job.secondaryPhase ? `, ${job.secondaryPhase}` : ''})`),
    row(t('Failure'), failureText(job)),
    row(t('Created'), formatTime(job.createTime)),
    row(t('Started'), formatTime(job.startTime)),
    row(t('Duration'), formatDuration(job.duration)),
    row(t('Engine'), job.engine),
    row(t('Flavor'), job.flavor),
    row(t('Nodes'), job.nodeCount),
    row(t('User'), job.userName),
    '',
    `## ${t('Tasks')}`,
    '',
  ];
  if (job.tasks.length > 0) {
    lines.push(`| ${t('Task')} | ${t('Exit code')} | ${t('Message')} |`, '|---|---|---|', ...job.tasks.map(task => {
      const status = job.taskStatuses.find(s => s.task === task);
      return `| ${escapeMarkdown(task)} | ${status?.exitCode ?? '—'} | ${status?.message ? escapeMarkdown(status.message) : '—'} |`;
    }));
  } else {
    lines.push(t('None yet.'));
  }
  lines.push('', `## ${t('All fields')}`, '', t('Tokens and other secrets are masked.'), '', '```json',
    JSON.stringify(maskV2Secrets(job.raw), null, 2).replace(/```/g, '`\u200b``'), '```', '');
  return lines.join('\n');
}

/** The icon of an event level, as text the Markdown preview shows everywhere. */
function levelIcon(level: string): string {
  switch (level.toLowerCase()) {
    case 'error':
      return '⛔';
    case 'warning':
      return '⚠️';
    case 'info':
      return 'ℹ️';
    default:
      return '•';
  }
}

/** A job's events as Markdown, newest first, levels as icons; `total` when more exist than shown. */
export function renderV2Events(key: Pick<V2DocumentKey, 'jobId' | 'jobName'>, events: readonly V2Event[], total: number | undefined, readAt: number): string {
  const sorted = [...events].sort((a, b) => (b.time ?? 0) - (a.time ?? 0));
  const lines = [
    `# ${t('Events of {0}', escapeMarkdown(key.jobName || t('job {0}', key.jobId)))}`,
    '',
    total !== undefined && total > events.length
      ? t('Newest first; read {0}. Showing the newest {1} of {2}.', formatTime(readAt), events.length, total)
      : t('Newest first; read {0}.', formatTime(readAt)),
    '',
  ];
  if (sorted.length === 0) {
    lines.push(t('No events.'));
  } else {
    lines.push(`| | ${t('Time')} | ${t('Level')} | ${t('Source')} | ${t('Event')} |`, '|---|---|---|---|---|', ...sorted.map(e =>
      `| ${levelIcon(e.level)} | ${e.time !== undefined ? formatTime(e.time) : escapeMarkdown(e.timeText) || '—'} | ${escapeMarkdown(e.level) || '—'} | ` +
      `${e.source ? escapeMarkdown(e.source) : '—'} | ${escapeMarkdown(e.message) || '—'} |`));
  }
  lines.push('');
  return lines.join('\n');
}

/** What the provider needs. */
export interface V2DocumentProviderDeps extends DocumentDeps {
  readonly now?: () => number;
}

/** How many events a document shows: the API's largest page. */
export const V2_EVENT_LIMIT = 100;

/**
 * Serves `modelarts-v2:` documents: set by the commands from what they just read; read again on
 * demand (after a window reload) with the connection they belong to.
 */
export class V2DocumentProvider extends CachedDocumentProvider {
  constructor(private readonly v2Deps: V2DocumentProviderDeps) {
    super(v2Deps);
  }

  now(): number {
    return this.v2Deps.now?.() ?? Date.now();
  }

  protected async load(uri: vscode.Uri, connection: Connection, signal: AbortSignal): Promise<string> {
    const key = v2DocumentKey(uri);
    const v2 = connection.client.v2;
    try {
      switch (key.kind) {
        case 'log': {
          const preview = await v2.getLogPreview(key.jobId, key.task ?? '', { signal });
          return preview ? renderV2Log(key, preview, this.now()) : `# ${t('The log of task {0} of job {1} is not ready yet.', key.task ?? '', key.jobId)}\n`;
        }
        case 'events': {
          const page = await v2.listEvents(key.jobId, { limit: V2_EVENT_LIMIT, signal });
          return renderV2Events(key, page.events, page.total, this.now());
        }
        default:
          return renderV2Details(await v2.getJob(key.jobId, { signal }));
      }
    } catch (error) {
      return `# ${t('Could not read job {0}', escapeMarkdown(key.jobId))}\n\n${escapeMarkdown(describeError(error))}\n`;
    }
  }

  protected stale(uri: vscode.Uri): string {
    const key = v2DocumentKey(uri);
    return `# ${t('Job {0}', escapeMarkdown(key.jobId))}\n\n` +
      `${t('This was read with a ModelArts connection that is no longer in use (you signed out, or the credentials or connection settings changed). Run the command again.')}\n`;
  }
}

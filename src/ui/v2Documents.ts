/**
 * Read-only documents of new-version (v2) jobs (`modelarts-v2:` URIs): a task's log (the newest part
 * ModelArts previews), the job's details (secrets masked) and its event timeline. Server text is
 * escaped for Markdown; the log is plain text, shown as it was sent.
 */
import * as vscode from 'vscode';
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
    return 'an unknown size';
  }
  return n < 1024 ? `${n} bytes` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A task's log document: two header lines (what it is, how much of it, when read), a blank line,
 * then the log as ModelArts sent it. A truncated preview says so and how to get the rest.
 */
export function renderV2Log(key: V2DocumentKey, preview: V2LogPreview, readAt: number): string {
  const what = preview.content === '' ? 'The log is empty so far'
    : preview.truncated ? `The newest ${bytes(preview.currentSize)} of ${bytes(preview.fullSize)} (earlier lines are not shown: ` +
      'run "Open Full Log" from the editor title to download the whole log)'
      : `The whole log (${bytes(preview.currentSize ?? Buffer.byteLength(preview.content))})`;
  return [
    `# Training log of job "${forLine(key.jobName)}" (ID ${key.jobId}), task ${forLine(key.task ?? '')}`,
    `# ${what}, read ${formatTime(readAt)}. Run "Show Training Log" again to read it again.`,
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
    `# ${escapeMarkdown(job.name || `Job ${job.jobId}`)}`,
    '',
    '| Field | Value |',
    '|---|---|',
    row('Job ID', job.jobId),
    row('Description', job.description),
    row('Kind', job.kind),
    row('Status', `${phase.label} (${job.phase || 'no phase'}${job.secondaryPhase ? `, ${job.secondaryPhase}` : ''})`),
    row('Failure', failureText(job)),
    row('Created', formatTime(job.createTime)),
    row('Started', formatTime(job.startTime)),
    row('Duration', formatDuration(job.duration)),
    row('Engine', job.engine),
    row('Flavor', job.flavor),
    row('Nodes', job.nodeCount),
    row('User', job.userName),
    '',
    '## Tasks',
    '',
  ];
  if (job.tasks.length > 0) {
    lines.push('| Task | Exit code | Message |', '|---|---|---|', ...job.tasks.map(task => {
      const status = job.taskStatuses.find(t => t.task === task);
      return `| ${escapeMarkdown(task)} | ${status?.exitCode ?? '—'} | ${status?.message ? escapeMarkdown(status.message) : '—'} |`;
    }));
  } else {
    lines.push('None yet.');
  }
  lines.push('', '## All fields', '', 'Tokens and other secrets are masked.', '', '```json',
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
    `# Events of ${escapeMarkdown(key.jobName || `job ${key.jobId}`)}`,
    '',
    `Newest first; read ${formatTime(readAt)}.${total !== undefined && total > events.length ? ` Showing the newest ${events.length} of ${total}.` : ''}`,
    '',
  ];
  if (sorted.length === 0) {
    lines.push('No events.');
  } else {
    lines.push('| | Time | Level | Source | Event |', '|---|---|---|---|---|', ...sorted.map(e =>
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
          return preview ? renderV2Log(key, preview, this.now()) : `# The log of task ${key.task ?? ''} of job ${key.jobId} is not ready yet.\n`;
        }
        case 'events': {
          const page = await v2.listEvents(key.jobId, { limit: V2_EVENT_LIMIT, signal });
          return renderV2Events(key, page.events, page.total, this.now());
        }
        default:
          return renderV2Details(await v2.getJob(key.jobId, { signal }));
      }
    } catch (error) {
      return `# Could not read job ${escapeMarkdown(key.jobId)}\n\n${escapeMarkdown(describeError(error))}\n`;
    }
  }

  protected stale(uri: vscode.Uri): string {
    const key = v2DocumentKey(uri);
    return `# Job ${escapeMarkdown(key.jobId)}\n\nThis was read with a ModelArts connection that is no longer in use (you signed out, or the ` +
      'credentials or connection settings changed). Run the command again.\n';
  }
}

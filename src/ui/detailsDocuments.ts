/** Version details documents (`modelarts:` URIs): read-only Markdown of one version, with the full JSON. */
import * as vscode from 'vscode';
import { t } from '../util/l10n';
import type { VersionDetails } from '../client/types';
import { DETAILS_SCHEME } from '../constants';
import type { Connection } from '../model/connection';
import { statusInfo } from '../model/status';
import { describeError } from '../util/describeError';
import { formatDuration, formatTime, memoryText } from '../util/format';
import { escapeMarkdown } from '../util/markdown';
import { forLine } from '../util/sanitize';
import { CachedDocumentProvider, documentQuery } from './documents';

/** The URI of a version's details document; the file name is what the editor tab shows. */
export function detailsUri(jobId: string, versionId: string, versionName: string, jobName: string, connection: Pick<Connection, 'id'>): vscode.Uri {
  const safe = (s: string) => forLine(s, 60).replace(/[\\/?#%]/g, '_');
  return vscode.Uri.from({
    scheme: DETAILS_SCHEME,
    path: `/${safe(jobName)} ${safe(versionName)}.md`,
    query: documentQuery(connection, { jobId, versionId }),
  });
}

function row(name: string, value: string | number | undefined): string {
  return `| ${name} | ${value === undefined || value === '' ? '—' : escapeMarkdown(String(value))} |`;
}

/** Renders a version's details as Markdown: a summary table, parameters, and the full JSON. */
export function renderDetails(v: VersionDetails): string {
  const status = statusInfo(v.status);
  const lines = [
    t('# {0} of {1}', escapeMarkdown(v.versionName), escapeMarkdown(v.jobName)),
    '',
    `| ${t('Field')} | ${t('Value')} |`,
    '|---|---|',
    row(t('Version ID'), v.versionId),
    row(t('Job ID'), v.jobId),
    row(t('Job description'), v.jobDesc),
    row(t('Status'), `${status.label} (${status.name}, ${v.status})`),
    row(t('Created'), formatTime(v.createTime)),
    row(t('Started'), formatTime(v.startTime)),
    row(t('Duration'), formatDuration(v.duration)),
    row(t('Engine'), [v.engineName, v.engineVersion].filter(Boolean).join(' ')),
    row(t('Spec'), v.specCode),
    row(t('CPU cores'), v.core),
    row(t('Memory'), v.cpu && memoryText(v.cpu).replace(/ memory$|^memory /, '')),
    row(t('GPUs'), v.gpuNum ? `${v.gpuNum} × ${v.gpuType ?? 'GPU'}` : undefined),
    row(t('Nodes'), v.workerServerNum),
    row(t('Pool'), v.poolName ?? v.poolId),
    row(t('Code directory'), v.appUrl),
    row(t('Boot file'), v.bootFileUrl),
    row(t('Image'), v.userImageUrl),
    row(t('Command'), v.userCommand),
    row(t('Data'), v.dataUrl),
    row(t('Output'), v.trainUrl),
    row(t('Logs'), v.logUrl),
    '',
    `## ${t('Parameters')}`,
    '',
  ];
  if (v.parameters.length > 0) {
    lines.push(`| ${t('Name')} | ${t('Value')} |`, '|---|---|', ...v.parameters.map(p => row(escapeMarkdown(p.label), p.value)));
  } else {
    lines.push(t('None.'));
  }
  lines.push('', `## ${t('All fields')}`, '', '```json', JSON.stringify(v, null, 2).replace(/```/g, '`\u200b``'), '```', '');
  return lines.join('\n');
}

/**
 * Serves `modelarts:` documents. Content fetched by the command is cached per URI; a document opened
 * again after a reload is fetched on demand, with the connection it belongs to.
 */
export class VersionDetailsProvider extends CachedDocumentProvider {
  protected async load(uri: vscode.Uri, connection: Connection, signal: AbortSignal): Promise<string> {
    const { jobId, versionId } = ids(uri);
    try {
      return renderDetails(await connection.client.getVersion(jobId, versionId, { signal }));
    } catch (error) {
      return `# ${t('Could not load version {0} of job {1}', escapeMarkdown(versionId), escapeMarkdown(jobId))}\n\n${escapeMarkdown(describeError(error))}\n`;
    }
  }

  protected stale(uri: vscode.Uri): string {
    const { jobId, versionId } = ids(uri);
    return `# ${t('Version {0} of job {1}', escapeMarkdown(versionId), escapeMarkdown(jobId))}\n\n` +
      `${t('These details were read with a ModelArts connection that is no longer in use (you signed out, or the credentials or connection settings changed). Run "Show Details" again.')}\n`;
  }
}

function ids(uri: vscode.Uri): { jobId: string; versionId: string } {
  const query = new URLSearchParams(uri.query);
  return { jobId: query.get('jobId') ?? '', versionId: query.get('versionId') ?? '' };
}


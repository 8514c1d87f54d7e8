/** Version details documents (`modelarts:` URIs): read-only Markdown of one version, with the full JSON. */
import * as vscode from 'vscode';
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
    `# ${escapeMarkdown(v.versionName)} of ${escapeMarkdown(v.jobName)}`,
    '',
    '| Field | Value |',
    '|---|---|',
    row('Version ID', v.versionId),
    row('Job ID', v.jobId),
    row('Job description', v.jobDesc),
    row('Status', `${status.label} (${status.name}, ${v.status})`),
    row('Created', formatTime(v.createTime)),
    row('Started', formatTime(v.startTime)),
    row('Duration', formatDuration(v.duration)),
    row('Engine', [v.engineName, v.engineVersion].filter(Boolean).join(' ')),
    row('Spec', v.specCode),
    row('CPU cores', v.core),
    row('Memory', v.cpu && memoryText(v.cpu).replace(/ memory$|^memory /, '')),
    row('GPUs', v.gpuNum ? `${v.gpuNum} × ${v.gpuType ?? 'GPU'}` : undefined),
    row('Nodes', v.workerServerNum),
    row('Pool', v.poolName ?? v.poolId),
    row('Code directory', v.appUrl),
    row('Boot file', v.bootFileUrl),
    row('Image', v.userImageUrl),
    row('Command', v.userCommand),
    row('Data', v.dataUrl),
    row('Output', v.trainUrl),
    row('Logs', v.logUrl),
    '',
    '## Parameters',
    '',
  ];
  if (v.parameters.length > 0) {
    lines.push('| Name | Value |', '|---|---|', ...v.parameters.map(p => row(escapeMarkdown(p.label), p.value)));
  } else {
    lines.push('None.');
  }
  lines.push('', '## All fields', '', '```json', JSON.stringify(v, null, 2).replace(/```/g, '`\u200b``'), '```', '');
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
      return `# Could not load version ${escapeMarkdown(versionId)} of job ${escapeMarkdown(jobId)}\n\n${escapeMarkdown(describeError(error))}\n`;
    }
  }

  protected stale(uri: vscode.Uri): string {
    const { jobId, versionId } = ids(uri);
    return `# Version ${escapeMarkdown(versionId)} of job ${escapeMarkdown(jobId)}\n\nThese details were read with a ModelArts connection ` +
      'that is no longer in use (you signed out, or the credentials or connection settings changed). Run "Show Details" again.\n';
  }
}

function ids(uri: vscode.Uri): { jobId: string; versionId: string } {
  const query = new URLSearchParams(uri.query);
  return { jobId: query.get('jobId') ?? '', versionId: query.get('versionId') ?? '' };
}


/** Show Details: a read-only Markdown document of one version (`modelarts:` URIs). */
import * as vscode from 'vscode';
import { DETAILS_SCHEME } from '../constants';
import type { ModelArtsApi, VersionDetails } from '../client/types';
import { statusInfo } from '../tree/status';
import { formatDuration, formatTime } from '../util/format';
import { describeError } from '../util/describeError';
import { escapeMarkdown } from '../util/markdown';
import { forLine } from '../util/sanitize';
import { CommandError } from './errorHandler';
import { requireClient, resolveVersionTarget, type TargetDeps } from './versionTarget';

/** The URI of a version's details document; the file name is what the editor tab shows. */
export function detailsUri(jobId: string, versionId: string, versionName: string, jobName: string): vscode.Uri {
  const safe = (s: string) => forLine(s, 60).replace(/[\\/?#%]/g, '_');
  return vscode.Uri.from({
    scheme: DETAILS_SCHEME,
    path: `/${safe(jobName)} ${safe(versionName)}.md`,
    query: new URLSearchParams({ jobId, versionId }).toString(),
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
    row('CPU cores / memory', [v.core, v.cpu].filter(Boolean).join(' / ')),
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
 * again after a reload is fetched on demand.
 */
export class VersionDetailsProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly getClient: () => Promise<ModelArtsApi | undefined>) {}

  /** Sets (or updates) a document's content. */
  set(uri: vscode.Uri, content: string): void {
    this.contents.set(uri.toString(), content);
    this.changed.fire(uri);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const cached = this.contents.get(uri.toString());
    if (cached !== undefined) {
      return cached;
    }
    const query = new URLSearchParams(uri.query);
    const jobId = query.get('jobId') ?? '';
    const versionId = query.get('versionId') ?? '';
    try {
      const client = await requireClient({ connection: { getClient: this.getClient } });
      return renderDetails(await client.getVersion(jobId, versionId));
    } catch (error) {
      return `# Could not load version ${escapeMarkdown(versionId)} of job ${escapeMarkdown(jobId)}\n\n${escapeMarkdown(describeError(error))}\n`;
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** What Show Details needs. */
export interface DetailsDeps extends TargetDeps {
  readonly details: VersionDetailsProvider;
}

/** The Show Details command: fetches the version (fresh), then opens its read-only document. */
export async function showVersionDetails(deps: DetailsDeps, arg?: unknown): Promise<void> {
  const target = await resolveVersionTarget(deps, arg, { title: 'Show Version Details' });
  if (!target) {
    return;
  }
  const client = await requireClient(deps);
  let details: VersionDetails;
  try {
    details = await client.getVersion(target.jobId, target.version.versionId);
  } catch (error) {
    throw new CommandError(`Could not load the details of version "${target.version.versionName}" (ID ${target.version.versionId})`, error);
  }
  const uri = detailsUri(target.jobId, target.version.versionId, details.versionName, details.jobName);
  deps.details.set(uri, renderDetails(details));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: true });
}

/** A version of a training job: a leaf of the tree, unless it failed (then its child says why). */
import { t } from '../util/l10n';
import * as vscode from 'vscode';
import type { DeletionState } from '../actions/deletionTracker';
import type { TrainingJobVersion } from '../client/types';
import { CONTEXT_VALUE_TAGS } from '../constants';
import { DELETE_FAILED, deleteFailureReason, isStoppable, statusInfo } from '../model/status';
import { formatAge, formatDuration, formatTime, memoryText } from '../util/format';
import { escapeMarkdown, field } from '../util/markdown';
import { forLine } from '../util/sanitize';
import { errorLines } from '../model/failure';
import type { JobNode } from './jobNode';
import { ReasonNode } from './reasonNode';
import { contextValue, deletingIcon, deletingNote, drawProtected, engineText, isDeleting, type Protection, statusIcon, UNCONFIRMED_TEXT, unconfirmedIcon } from './render';

/** A version of a training job. */
export class VersionNode {
  readonly kind = 'version';
  /** `TreeItem.id`: the path from the root. */
  readonly id: string;

  private reasonRead?: { readonly status: number; readonly nodes: Promise<ReasonNode<VersionNode>[]> };

  constructor(readonly parent: JobNode, public version: TrainingJobVersion) {
    this.id = `${parent.id}/version/${version.versionId}`;
  }

  /** True when it failed: why is its child. */
  get failed(): boolean {
    return statusInfo(this.version.status).group === 'failed';
  }

  /**
   * Why it failed: the reason ModelArts gave (no request); else the error lines at the end of its log,
   * read once on first expansion.
   */
  children(): Promise<ReasonNode<VersionNode>[]> {
    if (!this.failed) {
      return Promise.resolve([]);
    }
    const { jobId, versionId, status, statusMessage } = this.version;
    if (statusMessage) {
      return Promise.resolve([new ReasonNode(this, t('Reason'), statusMessage)]);
    }
    if (this.reasonRead?.status !== status) {
      const client = this.parent.connection.client;
      const read = client.listLogFiles(jobId, versionId).then(async files => {
        const log = files[0] === undefined ? undefined : await client.getLogLines(jobId, versionId, { logFile: files[0], lines: 200 });
        const lines = errorLines(log?.content.split(/\r?\n/) ?? []);
        return lines.length > 0 ? lines.map((line, i) => new ReasonNode(this, i === 0 ? t('From the log') : '…', line, i))
          : [new ReasonNode(this, t('Reason'), t('ModelArts gave no reason, and the log is empty.'))];
      }, error => [new ReasonNode(this, t('Reason'), t('ModelArts gave no reason, and the log could not be read: {0}', error instanceof Error ? error.message : String(error)))]);
      this.reasonRead = { status, nodes: read };
    }
    return this.reasonRead.nodes;
  }

  /** `deletion`: its own deletion state, or "deleting" while its whole job is being deleted. */
  toTreeItem(now: number, deletion: DeletionState | undefined, protection?: Protection): vscode.TreeItem {
    const v = this.version;
    const item = new vscode.TreeItem(forLine(v.versionName) || `Version ${v.versionId}`,
      this.failed ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const status = statusInfo(v.status);
    const lines = [
      `**${escapeMarkdown(v.versionName)}** of job ${escapeMarkdown(this.parent.job.jobName)}`,
      field('Version ID', v.versionId),
      field('Job ID', v.jobId),
      field('Status', status.label),
    ];
    const tags: string[] = [CONTEXT_VALUE_TAGS.version];
    if (isDeleting(deletion)) {
      // Not deletable: a second Delete from the menu must not send a second DELETE.
      item.description = 'Deleting…';
      item.iconPath = deletingIcon();
      tags.push(CONTEXT_VALUE_TAGS.deleting);
      lines.push(deletingNote(deletion));
    } else if (deletion?.phase === 'unconfirmed' && v.status !== DELETE_FAILED) {
      item.description = vscode.l10n.t(UNCONFIRMED_TEXT);
      item.iconPath = unconfirmedIcon();
      tags.push(CONTEXT_VALUE_TAGS.deletable);
      lines.push('*Deletion requested, but ModelArts had not confirmed it when the extension stopped checking. Refresh the job to see its state.*');
    } else {
      tags.push(...this.settled(item, deletion, lines));
    }
    lines.push(...details(v, now));
    item.contextValue = contextValue(...drawProtected(item, protection, tags, lines));
    item.tooltip = new vscode.MarkdownString(lines.join('\n\n'));
    return item;
  }

  /** Its look when no deletion is in progress: the server's status wins over what this session saw. */
  private settled(item: vscode.TreeItem, deletion: DeletionState | undefined, lines: string[]): string[] {
    const v = this.version;
    const failed = v.status !== DELETE_FAILED ? undefined : deletion?.phase === 'failed' ? deletion.reason : deleteFailureReason(v);
    // The status first: at the default sidebar width the end of a description is what is cut off.
    item.description = forLine(failed ? `${statusInfo(DELETE_FAILED).label}: ${failed}`
      : [statusInfo(v.status).label, formatDuration(v.duration)].filter(Boolean).join(' · '));
    item.iconPath = statusIcon(v.status);
    if (failed) {
      lines.push(field('Deletion failed', failed));
    } else if (this.failed && v.statusMessage) {
      lines.push(field('Reason', v.statusMessage));
    }
    return isStoppable(v.status) ? [CONTEXT_VALUE_TAGS.deletable, CONTEXT_VALUE_TAGS.stoppable] : [CONTEXT_VALUE_TAGS.deletable];
  }
}

/** The tooltip lines every version has: when, how long, engine, parameters, spec, data and output. */
function details(v: TrainingJobVersion, now: number): string[] {
  const parameters = v.parameters.map(p => `${p.label}=${p.value}`).join(', ');
  const spec = [v.specCode, v.core ? `${v.core} CPU cores` : undefined, v.cpu ? memoryText(v.cpu) : undefined,
    v.gpuNum ? `${v.gpuNum} × ${v.gpuType ?? 'GPU'}` : undefined,
    v.workerServerNum ? `${v.workerServerNum} node${v.workerServerNum === 1 ? '' : 's'}` : undefined].filter(Boolean).join(', ');
  return [
    field('Created', `${formatTime(v.createTime)} (${formatAge(v.createTime, now) || 'unknown'})`),
    field('Duration', formatDuration(v.duration)),
    field('Engine', engineText(v)),
    field('Parameters', parameters),
    field('Spec', spec),
    field('Data', v.dataUrl),
    field('Output', v.trainUrl),
  ];
}

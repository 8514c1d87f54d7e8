/** The tree's node kinds and how each one renders as a `TreeItem`. */
import * as vscode from 'vscode';
import { COMMANDS, CONTEXT_VALUE_TAGS } from '../constants';
import type { TrainingJob, TrainingJobVersion } from '../client/types';
import type { Connection } from '../credentials/connectionManager';
import { formatAge, formatDuration, formatTime } from '../util/format';
import { escapeMarkdown, field } from '../util/markdown';
import { forLine } from '../util/sanitize';
import { DELETE_FAILED, deleteFailureReason, isActive, isStoppable, statusInfo, type StatusGroup } from './status';

/**
 * What the deletion tracker knows about a version whose deletion was confirmed: `sending` (its DELETE
 * is about to go or in flight), `deleting` (accepted, being confirmed), `failed` (DELETE_FAILED, with
 * the reason), `unconfirmed` (the tracker stopped checking before ModelArts confirmed it).
 */
export type DeletionState =
  | { readonly phase: 'sending' }
  | { readonly phase: 'deleting' }
  | { readonly phase: 'failed'; readonly reason: string }
  | { readonly phase: 'unconfirmed' };

/** What a version or job shows while its deletion is not confirmed after the last check. */
export const UNCONFIRMED_TEXT = 'Deletion not confirmed — Refresh to check';

/** Joins `contextValue` tags the house way: sorted, `;`-separated. */
export function contextValue(...tags: string[]): string {
  return [...new Set(tags)].sort().join(';');
}

const GROUP_ICON: Readonly<Record<StatusGroup, [string, string | undefined]>> = {
  running: ['sync~spin', 'charts.blue'],
  inProgress: ['loading~spin', 'charts.yellow'],
  done: ['check', 'charts.green'],
  failed: ['error', 'charts.red'],
  stopped: ['debug-stop', 'descriptionForeground'],
  unknown: ['question', undefined],
};

/** The codicon, in its theme colour, of a status code. */
export function statusIcon(status: number): vscode.ThemeIcon {
  const [icon, color] = GROUP_ICON[statusInfo(status).group];
  return new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
}

function engineText(v: TrainingJobVersion): string {
  return [v.engineName, v.engineVersion].filter(Boolean).join(' ');
}

/** The spinning icon of a version or job being deleted. */
function deletingIcon(): vscode.ThemeIcon {
  return new vscode.ThemeIcon('loading~spin', new vscode.ThemeColor('charts.red'));
}

/** A training job; its versions are its children, fetched when it is expanded. */
export class JobNode {
  readonly kind = 'job';
  /** `TreeItem.id`: the path from the root. */
  readonly id: string;
  /**
   * When `job.versionCount` was asked for (the tree's request counter): an answer to an older
   * request must not overwrite a fresher count.
   */
  countAt: number;

  /**
   * @param connection the connection the job was listed with: its versions are read with it, and a
   * command refuses to act on this node once another connection is current.
   */
  constructor(public job: TrainingJob, readonly connection: Connection, countAt = 0) {
    this.id = `job/${job.jobId}`;
    this.countAt = countAt;
  }

  /**
   * `deletion` is the state of a requested deletion of the whole job: "Deleting…" (and no Delete
   * Training Job) while it runs, "Deletion not confirmed" when the tracker stopped checking.
   */
  toTreeItem(now: number, deletion?: DeletionState): vscode.TreeItem {
    const job = this.job;
    const status = statusInfo(job.status);
    const item = new vscode.TreeItem(forLine(job.jobName) || `Job ${job.jobId}`, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const tags: string[] = [CONTEXT_VALUE_TAGS.job];
    const notes: string[] = [];
    if (deletion?.phase === 'sending' || deletion?.phase === 'deleting') {
      item.description = 'Deleting…';
      item.iconPath = deletingIcon();
      tags.push(CONTEXT_VALUE_TAGS.deleting);
      notes.push(deletion.phase === 'sending' ? '*Deletion being requested.*' : '*Deletion requested; waiting for ModelArts to confirm it.*');
    } else {
      const unconfirmed = deletion?.phase === 'unconfirmed';
      item.description = forLine([unconfirmed ? UNCONFIRMED_TEXT : status.label, formatAge(job.createTime, now)].filter(Boolean).join(' · '));
      item.iconPath = unconfirmed ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : statusIcon(job.status);
      // A job whose latest version runs cannot be deleted; the command checks every version again.
      if (!isActive(job.status)) {
        tags.push(CONTEXT_VALUE_TAGS.deletable);
      }
      if (unconfirmed) {
        notes.push('*Deletion requested, but ModelArts had not confirmed it when the extension stopped checking. Refresh to see its state.*');
      }
    }
    item.contextValue = contextValue(...tags);
    item.tooltip = new vscode.MarkdownString([
      `**${escapeMarkdown(job.jobName)}**`,
      ...(job.description ? [escapeMarkdown(job.description)] : []),
      field('Job ID', job.jobId),
      field('Status', `${status.label} (${status.name})`),
      field('Created', `${formatTime(job.createTime)} (${formatAge(job.createTime, now) || 'unknown'})`),
      field('Duration', formatDuration(job.duration)),
      field('Versions', job.versionCount),
      ...notes,
    ].join('\n\n'));
    return item;
  }
}

/** A version of a training job (a leaf). */
export class VersionNode {
  readonly kind = 'version';
  readonly id: string;

  constructor(readonly parent: JobNode, public version: TrainingJobVersion) {
    this.id = `${parent.id}/version/${version.versionId}`;
  }

  toTreeItem(now: number, deletion: DeletionState | undefined): vscode.TreeItem {
    const v = this.version;
    const status = statusInfo(v.status);
    const item = new vscode.TreeItem(forLine(v.versionName) || `Version ${v.versionId}`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const tags: string[] = [CONTEXT_VALUE_TAGS.version];
    const lines = [
      `**${escapeMarkdown(v.versionName)}** of job ${escapeMarkdown(this.parent.job.jobName)}`,
      field('Version ID', v.versionId),
      field('Job ID', v.jobId),
      field('Status', `${status.label} (${status.name})`),
    ];
    if (deletion?.phase === 'sending' || deletion?.phase === 'deleting') {
      // Not deletable: a second Delete from the menu must not send a second DELETE.
      item.description = 'Deleting…';
      item.iconPath = deletingIcon();
      tags.push(CONTEXT_VALUE_TAGS.deleting);
      lines.push(deletion.phase === 'sending' ? '*Deletion being requested.*' : '*Deletion requested; waiting for ModelArts to confirm it.*');
    } else if (deletion?.phase === 'unconfirmed' && v.status !== DELETE_FAILED) {
      item.description = forLine([UNCONFIRMED_TEXT, engineText(v)].filter(Boolean).join(' · '));
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      tags.push(CONTEXT_VALUE_TAGS.deletable);
      lines.push('*Deletion requested, but ModelArts had not confirmed it when the extension stopped checking. Refresh the job to see its state.*');
    } else {
      // The server's status wins over what this session saw: a later refresh may show it changed.
      const failed = v.status !== DELETE_FAILED ? undefined
        : deletion?.phase === 'failed' ? deletion.reason : deleteFailureReason(v);
      item.description = forLine([failed ? `${statusInfo(DELETE_FAILED).label}: ${failed}` : status.label, engineText(v), formatDuration(v.duration)]
        .filter(Boolean).join(' · '));
      item.iconPath = statusIcon(v.status);
      tags.push(CONTEXT_VALUE_TAGS.deletable);
      if (isStoppable(v.status)) {
        tags.push(CONTEXT_VALUE_TAGS.stoppable);
      }
      if (failed) {
        lines.push(field('Deletion failed', failed));
      }
    }
    const parameters = v.parameters.map(p => `${p.label}=${p.value}`).join(', ');
    const spec = [v.specCode, v.core ? `${v.core} CPU cores` : undefined, v.cpu ? `memory ${v.cpu}` : undefined,
      v.gpuNum ? `${v.gpuNum} × ${v.gpuType ?? 'GPU'}` : undefined,
      v.workerServerNum ? `${v.workerServerNum} node${v.workerServerNum === 1 ? '' : 's'}` : undefined].filter(Boolean).join(', ');
    lines.push(
      field('Created', `${formatTime(v.createTime)} (${formatAge(v.createTime, now) || 'unknown'})`),
      field('Duration', formatDuration(v.duration)),
      field('Engine', engineText(v)),
      field('Parameters', parameters),
      field('Spec', spec),
      field('Data', v.dataUrl),
      field('Output', v.trainUrl),
    );
    item.contextValue = contextValue(...tags);
    item.tooltip = new vscode.MarkdownString(lines.join('\n\n'));
    return item;
  }
}

/** "Load more…": loads page `page` of its parent's children (the root when `parent` is undefined). */
export class LoadMoreNode {
  readonly kind = 'loadMore';
  readonly id: string;

  constructor(readonly parent: JobNode | undefined, readonly page: number, readonly loadedCount: number, readonly total: number | undefined) {
    this.id = parent ? `${parent.id}/loadMore` : 'loadMore';
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.total === undefined ? `${this.loadedCount} loaded` : `${this.loadedCount} of ${this.total} loaded`;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.contextValue = contextValue(CONTEXT_VALUE_TAGS.loadMore);
    item.command = { command: COMMANDS.loadMore, title: 'Load more', arguments: [this] };
    return item;
  }
}

/** What clicking a message node does. */
export type MessageAction = 'retry' | 'configure' | 'clearFilter' | undefined;

/** An empty or error state, shown as a node (never a pop-up). */
export class MessageNode {
  readonly kind = 'message';
  readonly id: string;

  constructor(
    readonly parent: JobNode | undefined,
    readonly tag: 'empty' | 'error',
    readonly label: string,
    readonly action: MessageAction,
    readonly tooltip?: string,
  ) {
    this.id = `${parent ? `${parent.id}/` : ''}message/${tag}`;
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(forLine(this.label), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = contextValue(CONTEXT_VALUE_TAGS.message);
    item.iconPath = new vscode.ThemeIcon(this.tag === 'error' ? 'error' : 'info',
      this.tag === 'error' ? new vscode.ThemeColor('errorForeground') : undefined);
    item.tooltip = forLine(this.tooltip ?? this.label, 2000);
    if (this.action === 'retry') {
      item.description = 'Retry';
      item.command = { command: COMMANDS.retry, title: 'Retry', arguments: [this] };
    } else if (this.action === 'configure') {
      item.description = 'Configure Credentials';
      item.command = { command: COMMANDS.configureCredentials, title: 'Configure Credentials' };
    } else if (this.action === 'clearFilter') {
      item.description = 'Clear Filter';
      item.command = { command: COMMANDS.clearFilter, title: 'Clear Filter' };
    }
    return item;
  }
}

/** Every node of the Training Jobs tree. */
export type TreeNode = JobNode | VersionNode | LoadMoreNode | MessageNode;

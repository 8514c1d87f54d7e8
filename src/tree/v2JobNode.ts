/**
 * A new-version ("v2") training job: a leaf of its list unless it runs on several tasks, whose logs
 * are read one task at a time (its children are then its tasks, `worker-0`, …), or it failed (then its
 * first children say why: the failed task's exit code and message, and the newest error event).
 */
import { t } from '../util/l10n';
import * as vscode from 'vscode';
import type { DeletionState } from '../actions/deletionTracker';
import type { V2Job } from '../client/v2Types';
import { CONTEXT_VALUE_TAGS } from '../constants';
import type { TargetConnection } from '../model/connection';
import { failureText, isV2Active, isV2Stoppable, phaseInfo, phaseStatus } from '../model/v2Phase';
import { formatAge, formatDuration, formatTime } from '../util/format';
import { escapeMarkdown, field } from '../util/markdown';
import { forLine } from '../util/sanitize';
import { newestError } from '../model/failure';
import { ReasonNode } from './reasonNode';
import { contextValue, drawDeleting, drawProtected, type Protection, statusIcon, UNCONFIRMED_JOB_NOTE, UNCONFIRMED_TEXT, unconfirmedIcon } from './render';

/** A v2 job. */
export class V2JobNode {
  readonly kind = 'v2job';
  /** `TreeItem.id`: unique beside old-version job rows (`job/…`). */
  readonly id: string;
  private taskNodes: V2TaskNode[] = [];
  private reasonsRead?: { readonly phase: string; readonly nodes: Promise<ReasonNode<V2JobNode>[]> };

  /** @param connection the connection the job was listed with; a command refuses the node once another is current. */
  constructor(public job: V2Job, readonly connection: TargetConnection) {
    this.id = `v2job/${job.jobId}`;
  }

  /** True when it has more than one task: its tasks are its children. */
  get hasTasks(): boolean {
    return this.job.tasks.length > 1;
  }

  /** True when it failed: why is its first child. */
  get failed(): boolean {
    return phaseInfo(this.job.phase).group === 'failed';
  }

  /** `deletion`: the state of a requested deletion of this job. */
  toTreeItem(now: number, deletion?: DeletionState, protection?: Protection): vscode.TreeItem {
    const job = this.job;
    const phase = phaseInfo(job.phase);
    const item = new vscode.TreeItem(forLine(job.name) || `Job ${job.jobId}`,
      this.hasTasks || this.failed ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const tags: string[] = [CONTEXT_VALUE_TAGS.v2Job];
    const notes: string[] = [];
    if (!drawDeleting(item, deletion, tags, notes)) {
      const unconfirmed = deletion?.phase === 'unconfirmed';
      const ran = job.duration !== undefined && job.duration > 0 ? formatDuration(job.duration) : undefined;
      item.description = forLine([unconfirmed ? vscode.l10n.t(UNCONFIRMED_TEXT) : phase.label, formatAge(job.createTime, now), ran].filter(Boolean).join(' · '));
      item.iconPath = unconfirmed ? unconfirmedIcon() : statusIcon(phaseStatus(job.phase));
      // A running job may be deleted too: the command offers to stop it first.
      tags.push(CONTEXT_VALUE_TAGS.deletable);
      if (isV2Stoppable(job.phase)) {
        tags.push(CONTEXT_VALUE_TAGS.stoppable);
      }
      if (unconfirmed) {
        notes.push(UNCONFIRMED_JOB_NOTE);
      }
    }
    if (job.tasks.length > 0) {
      tags.push(CONTEXT_VALUE_TAGS.hasLog);
    }
    item.contextValue = contextValue(...drawProtected(item, protection, tags, notes));
    const failure = failureText(job);
    item.tooltip = new vscode.MarkdownString([
      `**${escapeMarkdown(job.name)}**`,
      ...(job.description ? [escapeMarkdown(job.description)] : []),
      field('Job ID', job.jobId),
      field('Status', job.secondaryPhase && job.secondaryPhase !== job.phase ? `${phase.label} (${job.secondaryPhase})` : phase.label),
      ...(failure ? [field('Failure', failure)] : []),
      field('Created', `${formatTime(job.createTime)} (${formatAge(job.createTime, now) || 'unknown'})`),
      field('Duration', formatDuration(job.duration)),
      field('Engine', job.engine),
      field('Flavor', job.flavor),
      field('Nodes', job.nodeCount),
      field('Tasks', job.tasks.join(', ')),
      ...notes,
    ].join('\n\n'));
    return item;
  }

  /** Why it failed (when it did), then its tasks when there are several (the same nodes while the task list is unchanged). */
  async children(): Promise<(ReasonNode<V2JobNode> | V2TaskNode)[]> {
    if (this.hasTasks && this.taskNodes.map(t => t.task).join('\n') !== this.job.tasks.join('\n')) {
      this.taskNodes = this.job.tasks.map(task => new V2TaskNode(this, task));
    }
    const tasks = this.hasTasks ? this.taskNodes : [];
    return this.failed ? [...await this.reasons(), ...tasks] : tasks;
  }

  /** The failed task's exit code and message (no request), and the newest error event (read once, on first expansion). */
  private reasons(): Promise<ReasonNode<V2JobNode>[]> {
    if (this.reasonsRead?.phase !== this.job.phase) {
      const first = new ReasonNode(this, t('Reason'), failureText(this.job) ?? t('ModelArts reported no failed task.'));
      const read = this.connection.client.v2.listEvents(this.job.jobId, { limit: 100, order: 'desc' }).then(
        page => newestError(page.events),
        () => undefined,
      ).then(event => [first, ...(event ? [new ReasonNode(this, t('Newest error event'), `${event.timeText} ${event.message}`.trim(), 1)] : [])]);
      this.reasonsRead = { phase: this.job.phase, nodes: read };
    }
    return this.reasonsRead.nodes;
  }
}

/** One task of a multi-task v2 job (`worker-0`, …): where its log is read. */
export class V2TaskNode {
  readonly kind = 'v2task';
  readonly id: string;

  constructor(readonly parent: V2JobNode, readonly task: string) {
    this.id = `${parent.id}/task/${task}`;
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(forLine(this.task), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('server-process');
    const failed = this.parent.job.taskStatuses.find(t => t.task === this.task && ((t.exitCode ?? 0) !== 0 || t.message));
    item.description = failed ? forLine(`exit ${failed.exitCode ?? '?'}${failed.message ? ` · ${failed.message}` : ''}`) : undefined;
    item.contextValue = contextValue(CONTEXT_VALUE_TAGS.v2Task, CONTEXT_VALUE_TAGS.hasLog, ...isV2Active(this.parent.job.phase) ? [CONTEXT_VALUE_TAGS.followable] : []);
    item.tooltip = new vscode.MarkdownString([
      `**${escapeMarkdown(this.task)}** of ${escapeMarkdown(this.parent.job.name)}`,
      field('Job ID', this.parent.job.jobId),
      ...(failed ? [field('Exit code', failed.exitCode), field('Message', failed.message)] : []),
    ].join('\n\n'));
    return item;
  }
}

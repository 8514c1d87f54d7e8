/** A training job: it owns its versions, loaded page by page when it is expanded. */
import { t } from '../util/l10n';
import * as vscode from 'vscode';
import type { DeletionChange, DeletionState } from '../actions/deletionTracker';
import { isGone } from '../client/errors';
import type { TrainingJob, TrainingJobVersion } from '../client/types';
import { CONTEXT_VALUE_TAGS } from '../constants';
import type { TargetConnection } from '../model/connection';
import { isActive, statusInfo } from '../model/status';
import { formatAge, formatDuration, formatTime } from '../util/format';
import { escapeMarkdown, field } from '../util/markdown';
import { forLine } from '../util/sanitize';
import type { TreeContext } from './context';
import { MessageNode, errorNode, pageTail, type LoadMoreNode } from './messageNodes';
import { PagedList } from './pagedList';
import { contextValue, drawDeleting, drawProtected, isDeleting, type Protection, statusIcon, UNCONFIRMED_JOB_NOTE, UNCONFIRMED_TEXT, unconfirmedIcon } from './render';
import { VersionNode } from './versionNode';

/** What a job node needs from the list that holds it. */
export interface JobOwner {
  /** Removes a job that no longer exists. */
  dropJob(jobId: string): void;
  /** Keeps a job read afresh in the loaded page, so a redraw of the list shows it and not the page's older copy. */
  replaceJob(job: TrainingJob): void;
}

/** A job and its versions. */
export class JobNode {
  readonly kind = 'job';
  /** `TreeItem.id`: the path from the root. */
  readonly id: string;
  private versionList?: PagedList<TrainingJobVersion>;
  private readonly versionNodes = new Map<string, VersionNode>();

  /**
   * @param connection the connection the job was listed with: its versions are read with it, and a
   * command refuses to act on this node once another connection is current.
   * @param countAt when `job.versionCount` was asked for (the tree's request counter): an answer to an
   * older request must not overwrite a fresher count.
   */
  constructor(
    private readonly ctx: TreeContext,
    private readonly owner: JobOwner,
    public job: TrainingJob,
    readonly connection: TargetConnection,
    public countAt = 0,
  ) {
    this.id = `job/${job.jobId}`;
  }

  /** `deletion`: the state of a requested deletion of the whole job. */
  toTreeItem(now: number, deletion?: DeletionState, protection?: Protection): vscode.TreeItem {
    const job = this.job;
    const status = statusInfo(job.status);
    const item = new vscode.TreeItem(forLine(job.jobName) || `Job ${job.jobId}`, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const tags: string[] = [CONTEXT_VALUE_TAGS.job];
    const notes: string[] = [];
    if (!drawDeleting(item, deletion, tags, notes)) {
      const unconfirmed = deletion?.phase === 'unconfirmed';
      item.description = forLine([unconfirmed ? vscode.l10n.t(UNCONFIRMED_TEXT) : status.label, formatAge(job.createTime, now)].filter(Boolean).join(' · '));
      item.iconPath = unconfirmed ? unconfirmedIcon() : statusIcon(job.status);
      // A job whose latest version runs cannot be deleted; the command checks every version again.
      if (!isActive(job.status)) {
        tags.push(CONTEXT_VALUE_TAGS.deletable);
      }
      if (unconfirmed) {
        notes.push(UNCONFIRMED_JOB_NOTE);
      }
    }
    item.contextValue = contextValue(...drawProtected(item, protection, tags, notes));
    item.tooltip = new vscode.MarkdownString([
      `**${escapeMarkdown(job.jobName)}**`,
      ...(job.description ? [escapeMarkdown(job.description)] : []),
      field('Job ID', job.jobId),
      field('Status', status.label),
      field('Created', `${formatTime(job.createTime)} (${formatAge(job.createTime, now) || 'unknown'})`),
      field('Duration', formatDuration(job.duration)),
      field('Versions', job.versionCount),
      ...notes,
    ].join('\n\n'));
    return item;
  }

  /** Its versions: the first page loaded on first call, then "Load more…" while more exist. */
  async children(): Promise<(VersionNode | LoadMoreNode | MessageNode)[]> {
    const list = this.list();
    if (!list.started || list.loading) {
      await list.loadNext();
    }
    if (list.items.length === 0) {
      return [list.error !== undefined ? errorNode(this, t('Could not load versions'), list.error) : new MessageNode(this, 'empty', t('No versions'), undefined)];
    }
    const nodes = list.items.map(version => {
      let node = this.versionNodes.get(version.versionId);
      if (node) {
        node.version = version;
      } else {
        node = new VersionNode(this, version);
        this.versionNodes.set(version.versionId, node);
      }
      return node;
    });
    return [...nodes, ...pageTail(this, list, t('Could not load more versions'))];
  }

  /** The version nodes of the loaded pages (loading the first page if needed). */
  async versions(): Promise<VersionNode[]> {
    return (await this.children()).filter((n): n is VersionNode => n instanceof VersionNode);
  }

  /** Loads the pages up to `page` ("Load more…", also after a reload) and redraws the job. */
  async loadMore(page: number): Promise<void> {
    await this.list().ensurePage(page);
    this.ctx.changed(this);
  }

  /** Retry of an error node: the failed next page, or the versions from scratch. */
  async retry(): Promise<void> {
    const list = this.versionList;
    if (list?.nextPageFailed) {
      await list.loadNext();
      this.ctx.changed(this);
    } else {
      this.refresh();
    }
  }

  /** Reloads the versions (a load in flight is cancelled); settled deletion states show the server's again. */
  refresh(): void {
    this.versionList?.cancel();
    this.versionList = undefined;
    this.ctx.tracker.forgetSettled(this.job.jobId);
    this.ctx.changed(this);
  }

  /** Forgets its versions without a redraw (the whole tree reloads). */
  cancel(): void {
    this.versionList?.cancel();
    this.versionList = undefined;
  }

  /**
   * Shows `version` (read afresh, or stopping) in place of the loaded one, without reloading the list;
   * the job row too when it is the job's latest version (the job list shows the latest's status).
   */
  updateVersion(version: TrainingJobVersion): void {
    this.versionList?.replace(version);
    const node = this.versionNodes.get(version.versionId);
    if (node) {
      node.version = version;
      this.ctx.changed(node);
    }
    if (version.versionId === this.job.latestVersionId && version.status !== this.job.status) {
      this.job = { ...this.job, status: version.status };
      this.owner.replaceJob(this.job);
      this.ctx.changed(this);
    }
  }

  /** The versions of its loaded pages (nothing is loaded for this). */
  loadedVersions(): TrainingJobVersion[] {
    return [...this.versionNodes.values()].map(node => node.version);
  }

  /** Takes `count` as the version count if it was asked for after the one shown; true when it changed. */
  updateCount(count: number, at: number): boolean {
    if (at <= this.countAt) {
      return false;
    }
    this.countAt = at;
    if (this.job.versionCount === count) {
      return false;
    }
    this.job = { ...this.job, versionCount: count };
    return true;
  }

  /** A version's deletion state: its own, or "deleting" while the whole job is being deleted. */
  versionDeletion(node: VersionNode): DeletionState | undefined {
    const { jobId, versionId } = node.version;
    const own = this.ctx.tracker.state(jobId, versionId);
    return !isDeleting(own) && this.ctx.tracker.isJobBusy(jobId) ? { phase: 'deleting' } : own;
  }

  /** Redraws what a deletion of one of its versions changed, keeping every loaded page. */
  applyVersionDeletion(change: DeletionChange & { readonly versionId: string }): void {
    const node = this.versionNodes.get(change.versionId);
    if (change.outcome === 'gone') {
      const neighbour = this.neighbourOf(change.versionId);
      this.versionList?.remove(change.versionId);
      this.versionNodes.delete(change.versionId);
      if (node) {
        this.ctx.removed(node, change.jobGone ? undefined : neighbour);
      }
      const count = change.versionCount ?? this.versionList?.total;
      if (count !== undefined) {
        this.updateCount(count, this.ctx.tick());
      }
      // Only ModelArts saying the job is gone removes it: a job left with no versions may still exist.
      if (change.jobGone) {
        this.owner.dropJob(this.job.jobId);
      } else {
        this.ctx.changed(this);
      }
      return;
    }
    if (change.outcome === 'failed' && change.version) {
      this.versionList?.replace(change.version);
      if (node) {
        node.version = change.version;
      }
    }
    if (node) {
      this.ctx.changed(node);
    }
  }

  /** The row that takes a version's place when it goes: the next loaded version, else the one before, else the job. */
  private neighbourOf(versionId: string): VersionNode | JobNode {
    const ids = this.versionList?.items.map(v => v.versionId) ?? [];
    const at = ids.indexOf(versionId);
    const near = [ids[at + 1], ids[at - 1]].map(id => (id === undefined ? undefined : this.versionNodes.get(id)));
    return near.find(n => n !== undefined) ?? this;
  }

  private list(): PagedList<TrainingJobVersion> {
    this.versionList ??= new PagedList(async (page, perPage, signal) => {
      const at = this.ctx.tick();
      try {
        const result = await this.connection.client.listVersions(this.job.jobId, { page, perPage, signal });
        if (this.updateCount(result.versionCount, at)) {
          // Keep the tooltip and the "last version" check in step with what was just listed.
          setImmediate(() => this.ctx.changed(this));
        }
        return { items: result.versions, total: result.versionCount };
      } catch (error) {
        if (!signal.aborted) {
          this.ctx.logger.error(`Loading the versions of job ${this.job.jobId} failed`, error);
          if (isGone(error)) {
            // ModelArts says the job is gone: drop its node rather than show an error under it.
            setImmediate(() => this.owner.dropJob(this.job.jobId));
          }
        }
        throw error;
      }
    }, this.ctx.pageSize(), v => v.versionId);
    return this.versionList;
  }
}

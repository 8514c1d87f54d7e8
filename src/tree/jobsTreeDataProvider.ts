/** The "Training Jobs" tree: jobs, paged; their versions, paged, fetched on expansion. */
import * as vscode from 'vscode';
import { AuthenticationError, ConfigurationError, NotFoundError, PermissionError } from '../client/errors';
import type { TrainingJob, TrainingJobVersion } from '../client/types';
import type { Connection } from '../credentials/connectionManager';
import { describeError, shortReason } from '../util/describeError';
import type { Logger } from '../util/logger';
import type { DeletionChange, DeletionTracker } from './deletionTracker';
import { describeFilter, isFilterActive, normaliseFilter, type JobFilter } from './jobFilter';
import { JobNode, LoadMoreNode, MessageNode, VersionNode, type DeletionState, type TreeNode } from './nodes';
import { PagedList } from './pagedList';

/** What the provider needs. */
export interface JobsTreeDeps {
  /** The current client; undefined when no credentials are stored. */
  readonly connection: {
    current(): Promise<Connection | undefined>;
    isConfigured(): Promise<boolean>;
    target(): { readonly region: string } | undefined;
  };
  readonly settings: { pageSize(): number };
  readonly logger: Logger;
  readonly deletions: DeletionTracker;
  /** Settles when start-up work (connecting to a local emulator) is done; the first load waits for it. */
  readonly ready?: Promise<unknown>;
  /** Clock for ages (tests). */
  readonly now?: () => number;
}

/** Errors that Retry cannot fix: the user has to change the credentials or settings. */
function needsConfiguration(error: unknown): boolean {
  return error instanceof AuthenticationError || error instanceof ConfigurationError || error instanceof PermissionError;
}

/**
 * Renders the jobs and versions of the configured project. Each parent (the root, each job) owns a
 * {@link PagedList}; nodes are kept by id so the same object (and `TreeItem.id`) survives a refresh
 * of the same connection, and are all dropped when the connection changes ({@link reset}).
 * Errors and empty results become {@link MessageNode}s; nothing here pops up a dialog. Deletion
 * events redraw the version or job (and drop it once gone) without reloading loaded pages. The job
 * list can be filtered ({@link setFilter}); ModelArts applies the filter, so every page, "Load more…"
 * included, is of the filtered list.
 */
export class JobsTreeDataProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private root?: PagedList<TrainingJob>;
  /** The connection the root list loads with: pinned by its first page, so every page and node has one. */
  private rootConnection?: Connection;
  private readonly versionLists = new Map<string, PagedList<TrainingJobVersion>>();
  private readonly jobNodes = new Map<string, JobNode>();
  private readonly versionNodes = new Map<string, VersionNode>();
  /** Orders requests: a larger value was asked later, so its answer is fresher. */
  private clock = 0;
  /** When the root list's data of each job was asked for. */
  private readonly jobSeenAt = new Map<string, number>();
  private activeFilter: JobFilter = {};
  private readonly filterChanged = new vscode.EventEmitter<JobFilter>();

  readonly onDidChangeTreeData = this.changed.event;
  /** Fires with the new filter when it changes (the view's description and context key follow it). */
  readonly onDidChangeFilter = this.filterChanged.event;

  constructor(private readonly deps: JobsTreeDeps) {
    this.disposables.push(this.filterChanged, deps.deletions.onDidChange(change => this.onDeletionChange(change)));
  }

  /** The job list's filter (`{}` when none). */
  get filter(): JobFilter {
    return this.activeFilter;
  }

  /**
   * Filters the job list (undefined or `{}` clears the filter) and reloads it from its first page;
   * the versions already loaded are kept.
   */
  setFilter(filter: JobFilter | undefined): void {
    this.activeFilter = normaliseFilter(filter);
    this.dropRoot();
    this.filterChanged.fire(this.activeFilter);
    this.changed.fire(undefined);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const now = this.deps.now?.() ?? Date.now();
    switch (node.kind) {
      case 'job':
        return node.toTreeItem(now, this.deps.deletions.jobState(node.job.jobId));
      case 'version':
        return node.toTreeItem(now, this.versionDeletion(node));
      default:
        return node.toTreeItem();
    }
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.kind === 'job' ? undefined : node.parent;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      await this.deps.ready;
      if (!(await this.deps.connection.isConfigured())) {
        return []; // the welcome view (viewsWelcome) takes over
      }
      let list = this.rootList();
      await this.ensureLoaded(list);
      // A refresh meanwhile cancelled this list: answer with the one that replaces it.
      while (list !== this.root) {
        list = this.rootList();
        await this.ensureLoaded(list);
      }
      return this.rootChildren(list);
    }
    if (node.kind === 'job') {
      const list = this.versionList(node);
      await this.ensureLoaded(list);
      return this.versionChildren(node, list);
    }
    return [];
  }

  /**
   * Reloads everything (first page of jobs; versions again when expanded). Deletions that failed or
   * were not confirmed show the server's state again.
   */
  refresh(): void {
    this.dropRoot();
    this.versionLists.forEach(list => list.cancel());
    this.versionLists.clear();
    this.deps.deletions.forgetSettled();
    this.changed.fire(undefined);
  }

  /**
   * After the credentials or connection settings changed: reloads everything and forgets every node,
   * so nothing of the previous project (say, a job with the same ID) is ever handed out again.
   */
  reset(): void {
    this.jobNodes.clear();
    this.versionNodes.clear();
    this.jobSeenAt.clear();
    this.refresh();
  }

  /** Reloads the versions of one job (if the job is in the tree). */
  refreshJob(jobId: string): void {
    this.versionLists.get(jobId)?.cancel();
    this.versionLists.delete(jobId);
    this.deps.deletions.forgetSettled(jobId);
    const node = this.jobNodes.get(jobId);
    if (node) {
      this.changed.fire(node);
    } else {
      this.changed.fire(undefined);
    }
  }

  /**
   * Loads the page a "Load more…" node stands for, and the pages before it if the list was reloaded
   * since the node was drawn. A second click on the same node (a double click) joins the load in
   * flight or, once that page is in, does nothing.
   */
  async loadMore(node: LoadMoreNode): Promise<void> {
    if (node.parent && this.jobNodes.get(node.parent.job.jobId) !== node.parent) {
      return; // the job left the tree (deleted, or another connection)
    }
    const list = node.parent ? this.versionList(node.parent) : this.rootList();
    await list.ensurePage(node.page);
    this.changed.fire(node.parent);
  }

  /** What an error node's Retry does: reload its parent from scratch, or retry the failed next page. */
  async retry(node: MessageNode): Promise<void> {
    const list = node.parent ? this.versionLists.get(node.parent.job.jobId) : this.root;
    if (list && list.items.length > 0 && list.error !== undefined) {
      await list.loadNext();
      this.changed.fire(node.parent);
    } else if (node.parent) {
      this.refreshJob(node.parent.job.jobId);
    } else {
      this.refresh();
    }
  }

  /** Shows `version` (read afresh by a command) in place of the loaded one, without reloading the list. */
  updateVersion(version: TrainingJobVersion): void {
    this.versionLists.get(version.jobId)?.replace(version);
    const node = this.versionNodes.get(`${version.jobId}/${version.versionId}`);
    if (node) {
      node.version = version;
      this.changed.fire(node);
    }
  }

  /** The node of a job in the loaded job pages (never one of an earlier connection or reload). */
  findJob(jobId: string): JobNode | undefined {
    return this.root?.has(jobId) ? this.jobNodes.get(jobId) : undefined;
  }

  /** The job nodes of the loaded pages (loading the first page if needed). */
  async jobs(): Promise<JobNode[]> {
    return (await this.getChildren()).filter((n): n is JobNode => n.kind === 'job');
  }

  /** The version nodes of a job's loaded pages (loading its first page if needed). */
  async versions(jobId: string): Promise<VersionNode[]> {
    let job = this.jobNodes.get(jobId);
    if (!job) {
      await this.jobs();
      job = this.jobNodes.get(jobId);
    }
    if (!job) {
      return [];
    }
    return (await this.getChildren(job)).filter((n): n is VersionNode => n.kind === 'version');
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }

  /** A version's own deletion state, or "deleting" while its whole job is being deleted. */
  private versionDeletion(node: VersionNode): DeletionState | undefined {
    const { jobId, versionId } = node.version;
    const own = this.deps.deletions.state(jobId, versionId);
    if (own?.phase !== 'sending' && own?.phase !== 'deleting' && this.deps.deletions.isJobBusy(jobId)) {
      return { phase: 'deleting' };
    }
    return own;
  }

  private async ensureLoaded<T>(list: PagedList<T>): Promise<void> {
    if (!list.started || list.loading) {
      await list.loadNext();
    }
  }

  /** Cancels the root list's load in flight and forgets it (and the connection it pinned). */
  private dropRoot(): void {
    this.root?.cancel();
    this.root = undefined;
    this.rootConnection = undefined;
  }

  private rootList(): PagedList<TrainingJob> {
    if (!this.root) {
      // Every page of this list, "Load more…" included, asks for the filter it was created with, with
      // the connection its first page was read with.
      const { search, status } = this.activeFilter;
      const filter = { ...(search !== undefined ? { search } : {}), ...(status !== undefined ? { status } : {}) };
      const list: PagedList<TrainingJob> = new PagedList(async (page, perPage, signal) => {
        const at = ++this.clock;
        try {
          const connection = await this.requireConnection();
          if (this.root === list) {
            this.rootConnection ??= connection;
          }
          const result = await (this.rootConnection ?? connection).client.listJobs({ page, perPage, sortBy: 'create_time', order: 'desc', signal, ...filter });
          for (const job of result.jobs) {
            this.jobSeenAt.set(job.jobId, at);
          }
          return { items: result.jobs, total: result.totalKnown ? result.total : undefined };
        } catch (error) {
          if (!signal.aborted) {
            this.deps.logger.error('Loading training jobs failed', error);
          }
          throw error;
        }
      }, this.deps.settings.pageSize(), job => job.jobId);
      this.root = list;
    }
    return this.root;
  }

  private versionList(job: JobNode): PagedList<TrainingJobVersion> {
    const jobId = job.job.jobId;
    let list = this.versionLists.get(jobId);
    if (!list) {
      list = new PagedList(async (page, perPage, signal) => {
        const at = ++this.clock;
        try {
          // A job's versions come from the connection the job was listed with, never another project's.
          const result = await job.connection.client.listVersions(jobId, { page, perPage, signal });
          if (this.updateCount(job, result.versionCount, at)) {
            // Keep the job's tooltip and the "last version" check in step with what was just listed.
            setImmediate(() => this.changed.fire(job));
          }
          return { items: result.versions, total: result.versionCount };
        } catch (error) {
          if (signal.aborted) {
            throw error;
          }
          this.deps.logger.error(`Loading the versions of job ${jobId} failed`, error);
          if (error instanceof NotFoundError && error.errorCode === 'ModelArts.0015') {
            // ModelArts says the job is gone: drop its node rather than show an error under it.
            setImmediate(() => this.dropJob(jobId));
          }
          throw error;
        }
      }, this.deps.settings.pageSize(), v => v.versionId);
      this.versionLists.set(jobId, list);
    }
    return list;
  }

  /** Takes `count` as the job's version count if it was asked for after the one shown; true when it changed. */
  private updateCount(job: JobNode, count: number, at: number): boolean {
    if (at <= job.countAt) {
      return false;
    }
    job.countAt = at;
    if (job.job.versionCount === count) {
      return false;
    }
    job.job = { ...job.job, versionCount: count };
    return true;
  }

  /** Redraws what a deletion changed, keeping every loaded page. */
  private onDeletionChange(change: DeletionChange): void {
    const { jobId, versionId, outcome } = change;
    if (versionId === undefined) {
      // The whole job: drop it once gone; otherwise redraw it and its loaded versions.
      if (outcome === 'gone') {
        this.dropJob(jobId);
      } else {
        this.changed.fire(this.jobNodes.get(jobId));
      }
      return;
    }
    const id = `${jobId}/${versionId}`;
    const node = this.versionNodes.get(id);
    const list = this.versionLists.get(jobId);
    if (outcome === 'gone') {
      list?.remove(versionId);
      this.versionNodes.delete(id);
      const job = this.jobNodes.get(jobId);
      const count = change.versionCount ?? list?.total;
      if (job && count !== undefined) {
        this.updateCount(job, count, ++this.clock);
      }
      if (change.jobGone || count === 0) {
        this.dropJob(jobId);
      } else if (job) {
        this.changed.fire(job);
      }
      return;
    }
    if (outcome === 'failed' && change.version) {
      list?.replace(change.version);
      if (node) {
        node.version = change.version;
      }
    }
    if (node) {
      this.changed.fire(node);
    }
  }

  /** Removes a job that no longer exists (its last version deleted, or its versions answered "not found"). */
  private dropJob(jobId: string): void {
    const known = this.root?.remove(jobId) ?? false;
    const node = this.jobNodes.get(jobId);
    this.jobNodes.delete(jobId);
    this.versionLists.delete(jobId);
    for (const id of [...this.versionNodes.keys()]) {
      if (id.startsWith(`${jobId}/`)) {
        this.versionNodes.delete(id);
      }
    }
    if (known || node) {
      this.deps.logger.info(`Training job ${jobId} no longer exists; removed it from the tree.`);
      this.changed.fire(undefined);
    }
  }

  private async requireConnection(): Promise<Connection> {
    const connection = await this.deps.connection.current();
    if (!connection) {
      throw new ConfigurationError('No ModelArts credentials are stored. Run "ModelArts: Configure Credentials".');
    }
    return connection;
  }

  private async rootChildren(list: PagedList<TrainingJob>): Promise<TreeNode[]> {
    const connection = this.rootConnection;
    if (list.items.length === 0) {
      if (list.error !== undefined) {
        return [this.errorNode(undefined, 'Could not load training jobs', list.error)];
      }
      if (isFilterActive(this.activeFilter)) {
        return [new MessageNode(undefined, 'empty', `No training jobs match the filter (${describeFilter(this.activeFilter)})`, 'clearFilter')];
      }
      return [new MessageNode(undefined, 'empty', await this.emptyJobsText(), undefined)];
    }
    if (!connection) {
      // Items only exist after a page loaded, which pinned the connection; this cannot happen.
      return [];
    }
    const current = new Set<string>();
    const nodes: TreeNode[] = list.items.map(job => {
      current.add(job.jobId);
      const seenAt = this.jobSeenAt.get(job.jobId) ?? 0;
      let node = this.jobNodes.get(job.jobId);
      if (!node) {
        node = new JobNode(job, connection, seenAt);
        this.jobNodes.set(job.jobId, node);
      } else if (seenAt > node.countAt) {
        node.job = job;
        node.countAt = seenAt;
      } else {
        // The version list was read after this page: its count is the fresher one.
        node.job = { ...job, versionCount: node.job.versionCount };
      }
      return node;
    });
    for (const jobId of [...this.jobNodes.keys()]) {
      if (!current.has(jobId)) {
        this.jobNodes.delete(jobId);
        this.versionLists.delete(jobId);
      }
    }
    return [...nodes, ...this.tail(undefined, list, 'Could not load more training jobs')];
  }

  private versionChildren(job: JobNode, list: PagedList<TrainingJobVersion>): TreeNode[] {
    if (list.items.length === 0) {
      if (list.error !== undefined) {
        return [this.errorNode(job, 'Could not load versions', list.error)];
      }
      return [new MessageNode(job, 'empty', 'No versions', undefined)];
    }
    const nodes: TreeNode[] = list.items.map(version => {
      const id = `${job.job.jobId}/${version.versionId}`;
      let node = this.versionNodes.get(id);
      if (node && node.parent === job) {
        node.version = version;
      } else {
        node = new VersionNode(job, version);
        this.versionNodes.set(id, node);
      }
      return node;
    });
    return [...nodes, ...this.tail(job, list, 'Could not load more versions')];
  }

  /** After the loaded items: an error node when the next page failed, else "Load more…" while more exist. */
  private tail<T>(parent: JobNode | undefined, list: PagedList<T>, failure: string): TreeNode[] {
    if (list.error !== undefined) {
      return [this.errorNode(parent, failure, list.error)];
    }
    if (list.hasMore) {
      return [new LoadMoreNode(parent, list.nextPage, list.items.length, list.total)];
    }
    return [];
  }

  private errorNode(parent: JobNode | undefined, what: string, error: unknown): MessageNode {
    return new MessageNode(parent, 'error', `${what}: ${shortReason(error)}`,
      needsConfiguration(error) ? 'configure' : 'retry', `${what}: ${describeError(error)}`);
  }

  private async emptyJobsText(): Promise<string> {
    const region = this.deps.connection.target()?.region ?? 'the configured region';
    let project = 'the configured project';
    try {
      project = await this.rootConnection?.client.getProjectId() ?? project;
    } catch {
      // The list just succeeded, so this cannot really fail; keep the generic words if it does.
    }
    return `No training jobs in project ${project} of region ${region}`;
  }
}

/**
 * The old-version ("v1") training jobs of one connection: the job list, paged and filtered by
 * ModelArts, and the job nodes it hands out. A second kind of job is a second root beside this one.
 */
import type { DeletionChange } from '../actions/deletionTracker';
import { ConfigurationError } from '../client/errors';
import type { TrainingJob } from '../client/types';
import type { Connection } from '../model/connection';
import type { TreeContext } from './context';
import { describeFilter, isFilterActive, normaliseFilter, type JobFilter } from './jobFilter';
import { JobNode, type JobOwner } from './jobNode';
import { MessageNode, errorNode, pageTail, type LoadMoreNode } from './messageNodes';
import { PagedList } from './pagedList';

/** The job list. */
export class JobsRoot implements JobOwner {
  private list?: PagedList<TrainingJob>;
  /** The connection the list loads with: pinned by its first page, so every page and node has one. */
  private listConnection?: Connection;
  private readonly jobNodes = new Map<string, JobNode>();
  /** When the list's data of each job was asked for (the tree's request counter). */
  private readonly seenAt = new Map<string, number>();
  private activeFilter: JobFilter = {};

  constructor(private readonly ctx: TreeContext) {}

  /** The list's filter (`{}` when none). */
  get filter(): JobFilter {
    return this.activeFilter;
  }

  /** Filters the list (undefined or `{}` clears it) and reloads it from its first page; versions stay. */
  setFilter(filter: JobFilter | undefined): void {
    this.activeFilter = normaliseFilter(filter);
    this.dropList();
  }

  /** The jobs of the loaded pages, then "Load more…" while more exist; an empty or error state as a node. */
  async children(): Promise<(JobNode | LoadMoreNode | MessageNode)[]> {
    let list = this.jobList();
    await ensureStarted(list);
    // A refresh meanwhile cancelled this list: answer with the one that replaces it.
    while (list !== this.list) {
      list = this.jobList();
      await ensureStarted(list);
    }
    if (list.items.length === 0) {
      return [await this.emptyNode(list)];
    }
    const connection = this.listConnection;
    if (!connection) {
      return []; // items exist only after a page loaded, which pinned the connection
    }
    const current = new Set(list.items.map(job => job.jobId));
    const nodes = list.items.map(job => this.nodeFor(job, connection));
    for (const [jobId, node] of this.jobNodes) {
      if (!current.has(jobId)) {
        node.cancel();
        this.jobNodes.delete(jobId);
      }
    }
    return [...nodes, ...pageTail(undefined, list, 'Could not load more training jobs')];
  }

  /** The job nodes of the loaded pages (loading the first page if needed). */
  async jobs(): Promise<JobNode[]> {
    return (await this.children()).filter((n): n is JobNode => n instanceof JobNode);
  }

  /** The node of a job in the loaded pages (never one of an earlier connection or reload). */
  findJob(jobId: string): JobNode | undefined {
    return this.list?.has(jobId) ? this.jobNodes.get(jobId) : undefined;
  }

  /** Loads the pages up to `page` ("Load more…", also after a reload). */
  async loadMore(page: number): Promise<void> {
    await this.jobList().ensurePage(page);
    this.ctx.changed(undefined);
  }

  /** Retry of an error node: the failed next page, or the list from scratch. */
  async retry(): Promise<void> {
    const list = this.list;
    if (list?.nextPageFailed) {
      await list.loadNext();
    } else {
      this.refresh();
    }
    // Either way the view must ask again: it only reads what it is told has changed.
    this.ctx.changed(undefined);
  }

  /** Reloads the list and every job's versions; settled deletion states show the server's again. */
  refresh(): void {
    this.dropList();
    this.jobNodes.forEach(node => node.cancel());
    this.ctx.tracker.forgetSettled();
  }

  /** After a connection change: forgets every node too, so nothing of the previous project is handed out again. */
  reset(): void {
    this.refresh();
    this.jobNodes.clear();
    this.seenAt.clear();
  }

  /** Removes a job that no longer exists (its last version deleted, or ModelArts says it is gone). */
  dropJob(jobId: string): void {
    const node = this.jobNodes.get(jobId);
    const ids = this.list?.items.map(job => job.jobId) ?? [];
    const at = ids.indexOf(jobId);
    const neighbour = [ids[at + 1], ids[at - 1]].map(id => (id === undefined ? undefined : this.jobNodes.get(id))).find(n => n !== undefined);
    const known = this.list?.remove(jobId) ?? false;
    if (node) {
      this.ctx.removed(node, neighbour);
    }
    node?.cancel();
    this.jobNodes.delete(jobId);
    if (known || node) {
      this.ctx.logger.info(`Training job ${jobId} no longer exists; removed it from the tree.`);
      this.ctx.changed(undefined);
    }
  }

  /** Redraws what a deletion changed, keeping every loaded page. */
  applyDeletion(change: DeletionChange): void {
    const node = this.jobNodes.get(change.jobId);
    if (change.versionId !== undefined) {
      node?.applyVersionDeletion({ ...change, versionId: change.versionId });
    } else if (change.outcome === 'gone') {
      this.dropJob(change.jobId);
    } else {
      this.ctx.changed(node);
    }
  }

  private nodeFor(job: TrainingJob, connection: Connection): JobNode {
    const seenAt = this.seenAt.get(job.jobId) ?? 0;
    let node = this.jobNodes.get(job.jobId);
    if (!node) {
      node = new JobNode(this.ctx, this, job, connection, seenAt);
      this.jobNodes.set(job.jobId, node);
    } else if (seenAt > node.countAt) {
      node.job = job;
      node.countAt = seenAt;
    } else {
      // The version list was read after this page: its count is the fresher one.
      node.job = { ...job, versionCount: node.job.versionCount };
    }
    return node;
  }

  private dropList(): void {
    this.list?.cancel();
    this.list = undefined;
    this.listConnection = undefined;
  }

  private jobList(): PagedList<TrainingJob> {
    if (this.list) {
      return this.list;
    }
    // Every page, "Load more…" included, asks for the filter the list was created with.
    const { search, status } = this.activeFilter;
    const filter = { ...(search !== undefined ? { search } : {}), ...(status !== undefined ? { status } : {}) };
    const list: PagedList<TrainingJob> = new PagedList(async (page, perPage, signal) => {
      const at = this.ctx.tick();
      try {
        const connection = this.listConnection ?? await this.requireConnection();
        if (this.list === list) {
          this.listConnection ??= connection;
        }
        const result = await connection.client.listJobs({ page, perPage, sortBy: 'create_time', order: 'desc', signal, ...filter });
        result.jobs.forEach(job => this.seenAt.set(job.jobId, at));
        return { items: result.jobs, total: result.totalKnown ? result.total : undefined };
      } catch (error) {
        if (!signal.aborted) {
          this.ctx.logger.error('Loading training jobs failed', error);
        }
        throw error;
      }
    }, this.ctx.pageSize(), job => job.jobId);
    this.list = list;
    return list;
  }

  private async requireConnection(): Promise<Connection> {
    const connection = await this.ctx.connection.current();
    if (!connection) {
      throw new ConfigurationError('No ModelArts credentials are stored. Run "ModelArts: Configure Credentials".');
    }
    return connection;
  }

  private async emptyNode(list: PagedList<TrainingJob>): Promise<MessageNode> {
    if (list.error !== undefined) {
      return errorNode(undefined, 'Could not load training jobs', list.error);
    }
    if (isFilterActive(this.activeFilter)) {
      return new MessageNode(undefined, 'empty', `No training jobs match the filter (${describeFilter(this.activeFilter)})`, 'clearFilter');
    }
    const region = this.ctx.connection.target()?.region ?? 'the configured region';
    let project = 'the configured project';
    try {
      project = await this.listConnection?.client.getProjectId() ?? project;
    } catch {
      // The list just succeeded, so this cannot really fail; keep the generic words if it does.
    }
    return new MessageNode(undefined, 'empty', `No training jobs in project ${project} of region ${region}`, undefined);
  }
}

async function ensureStarted<T>(list: PagedList<T>): Promise<void> {
  if (!list.started || list.loading) {
    await list.loadNext();
  }
}

/**
 * The old-version ("v1") training jobs of one connection: the job list, paged and filtered by
 * ModelArts, and the job nodes it hands out, each owning its versions (see `JobList` for what both kinds share).
 */
import type { DeletionChange } from '../actions/deletionTracker';
import { isMissingApi } from '../client/errors';
import type { TrainingJob } from '../client/types';
import type { TargetConnection } from '../model/connection';
import type { TreeContext } from './context';
import type { JobFilter } from './jobFilter';
import { JobList } from './jobList';
import { JobNode, type JobOwner } from './jobNode';
import { PagedList } from './pagedList';

/** The job list. */
export class JobsRoot extends JobList<TrainingJob, JobNode> implements JobOwner {
  /** When the list's data of each job was asked for (the tree's request counter). */
  private readonly seenAt = new Map<string, number>();

  constructor(ctx: TreeContext) {
    super(ctx, 'v1');
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

  protected isNode(node: unknown): node is JobNode {
    return node instanceof JobNode;
  }

  protected forget(node: JobNode): void {
    node.cancel();
  }

  protected nodeFor(job: TrainingJob, connection: TargetConnection): JobNode {
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

  protected createList({ search, status }: JobFilter): PagedList<TrainingJob> {
    const filter = { ...(search !== undefined ? { search } : {}), ...(status !== undefined ? { status } : {}) };
    const list: PagedList<TrainingJob> = new PagedList(async (page, perPage, signal) => {
      const at = this.ctx.tick();
      try {
        const connection = await this.pageConnection(list, signal);
        const result = await connection.client.listJobs({ page, perPage, sortBy: 'create_time', order: 'desc', signal, ...filter });
        result.jobs.forEach(job => this.seenAt.set(job.jobId, at));
        return { items: result.jobs, total: result.totalKnown ? result.total : undefined };
      } catch (error) {
        if (!signal.aborted && !isMissingApi(error)) {
          this.ctx.logger.error('Loading training jobs failed', error);
        }
        throw error;
      }
    }, this.ctx.pageSize(), job => job.jobId);
    return list;
  }
}

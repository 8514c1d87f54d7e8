/**
 * The new-version ("v2") training jobs of one connection: the job list, paged and filtered by
 * ModelArts (`training-job-searches`), and the job nodes it hands out.
 */
import type { DeletionChange } from '../actions/deletionTracker';
import { isMissingApi } from '../client/errors';
import { V2_MAX_LIMIT } from '../client/v2Client';
import type { V2Job } from '../client/v2Types';
import type { TargetConnection } from '../model/connection';
import { phaseForStatus } from '../model/v2Phase';
import type { TreeContext } from './context';
import { JobList } from './jobList';
import type { JobFilter } from './jobFilter';
import { PagedList } from './pagedList';
import { V2JobNode } from './v2JobNode';

/** The v2 job list. */
export class V2JobsRoot extends JobList<V2Job, V2JobNode> {
  constructor(ctx: TreeContext) {
    super(ctx, 'v2');
  }

  /** Loads the failed next page again, keeping the rest. */
  async retryNextPage(): Promise<void> {
    await this.list?.loadNext();
    this.ctx.changed(undefined);
  }

  refresh(): void {
    this.dropList();
  }

  reset(): void {
    this.dropList();
    this.jobNodes.clear();
  }

  /** Shows `job` (read afresh: stopping, stopped) in place of the loaded one, without reloading the list. */
  updateJob(job: V2Job): void {
    const node = this.findJob(job.jobId);
    this.list?.replace(job);
    if (node) {
      node.job = job;
      this.ctx.changed(node);
    }
  }

  /** Redraws what a deletion of a v2 job changed. */
  applyDeletion(change: DeletionChange): void {
    if (change.outcome === 'gone') {
      this.dropJob(change.jobId);
    } else {
      this.ctx.changed(this.jobNodes.get(change.jobId));
    }
  }

  protected isNode(node: unknown): node is V2JobNode {
    return node instanceof V2JobNode;
  }

  protected nodeFor(job: V2Job, connection: TargetConnection): V2JobNode {
    const node = this.jobNodes.get(job.jobId);
    if (node) {
      node.job = job;
      return node;
    }
    const created = new V2JobNode(job, connection);
    this.jobNodes.set(job.jobId, created);
    return created;
  }

  protected createList({ search, status }: JobFilter): PagedList<V2Job> {
    // The view's status filter names an old-version status; the phase of the same family is asked for.
    const phase = status === undefined ? undefined : phaseForStatus(status);
    const list: PagedList<V2Job> = new PagedList(async (page, size, signal) => {
      if (status !== undefined && phase === undefined) {
        return { items: [], total: 0 }; // no v2 phase has that status: nothing can match, nothing is asked
      }
      try {
        const connection = await this.pageConnection(list, signal);
        const result = await connection.client.v2.listJobs({
          page: page - 1, limit: size, signal, ...(search !== undefined ? { search } : {}), ...(phase !== undefined ? { phases: [phase] } : {}),
        });
        return { items: result.jobs, total: result.total };
      } catch (error) {
        if (!signal.aborted && !isMissingApi(error)) {
          this.ctx.logger.error('Loading training jobs failed', error);
        }
        throw error;
      }
    }, Math.min(this.ctx.pageSize(), V2_MAX_LIMIT), job => job.jobId);
    return list;
  }
}

/**
 * What both kinds of job list share: a filtered list paged by ModelArts and pinned to the connection
 * its first page loaded with, the job nodes it hands out (one per job, reused across reloads), its
 * empty and error rows, and removing a job that is gone. `JobsRoot` (old-version jobs with versions)
 * and `V2JobsRoot` (new-version jobs) add how they fetch a page and make a node.
 */
import { t } from '../util/l10n';
import { ConfigurationError, isMissingApi } from '../client/errors';
import type { TargetConnection } from '../model/connection';
import type { TreeContext } from './context';
import { describeFilter, isFilterActive, normaliseFilter, type JobFilter } from './jobFilter';
import type { ListPresence, ListScope } from './layout';
import { MessageNode, errorNode, pageTail, type LoadMoreNode } from './messageNodes';
import type { PagedList } from './pagedList';

/** A job as both lists hold it: keyed by its ID. */
interface Keyed {
  readonly jobId: string;
}

/** The list of one kind of job; `T` is a job as read, `N` its node. */
export abstract class JobList<T extends Keyed, N extends object> {
  protected list?: PagedList<T>;
  /** The connection the list loads with (its project resolved): pinned by its first page, so every page and node has one. */
  protected listConnection?: TargetConnection;
  protected readonly jobNodes = new Map<string, N>();
  private activeFilter: JobFilter = {};

  constructor(protected readonly ctx: TreeContext, private readonly scope: ListScope) {}

  /** The list's filter (`{}` when none). */
  get filter(): JobFilter {
    return this.activeFilter;
  }

  /** Filters the list (undefined or `{}` clears it) and reloads it from its first page. */
  setFilter(filter: JobFilter | undefined): void {
    this.activeFilter = normaliseFilter(filter);
    this.dropList();
  }

  /** The jobs of the loaded pages, then "Load more…" while more exist; an empty or error state as a node. */
  async children(): Promise<(N | LoadMoreNode | MessageNode)[]> {
    const list = await this.startedList();
    const connection = this.listConnection;
    if (list.items.length === 0 || !connection) {
      // Items exist only after a page loaded, which pinned the connection.
      return [await this.emptyNode(list)];
    }
    const current = new Set(list.items.map(job => job.jobId));
    const nodes = list.items.map(job => this.nodeFor(job, connection));
    for (const [jobId, node] of this.jobNodes) {
      if (!current.has(jobId)) {
        this.forget(node);
        this.jobNodes.delete(jobId);
      }
    }
    return [...nodes, ...pageTail(undefined, list, t('Could not load more training jobs'), this.scope)];
  }

  /** Loads the first page if needed and says what it held: whether this kind of job has a place in the tree. */
  async presence(): Promise<ListPresence> {
    const list = await this.startedList();
    if (list.items.length > 0) {
      return 'has';
    }
    return list.error === undefined ? 'empty' : isMissingApi(list.error) ? 'missing' : 'error';
  }

  /** The job nodes of the loaded pages (loading the first page if needed). */
  async jobs(): Promise<N[]> {
    return (await this.children()).filter((n): n is N => this.isNode(n));
  }

  /** The job nodes handed out for the loaded pages (nothing is loaded for this). */
  loadedNodes(): N[] {
    return [...this.jobNodes].filter(([jobId]) => this.list?.has(jobId)).map(([, node]) => node);
  }

  /** The node of a job in the loaded pages (never one of an earlier connection or reload). */
  findJob(jobId: string): N | undefined {
    return this.list?.has(jobId) ? this.jobNodes.get(jobId) : undefined;
  }

  /** Loads the pages up to `page` ("Load more…", also after a reload). */
  async loadMore(page: number): Promise<void> {
    await this.jobList().ensurePage(page);
    this.ctx.changed(undefined);
  }

  /** True when the next page failed (Retry loads it again, keeping the rest). */
  get nextPageFailed(): boolean {
    return this.list?.nextPageFailed ?? false;
  }

  /** Keeps a job read afresh in the loaded page (a redraw of the list then shows it). */
  replaceJob(job: T): void {
    this.list?.replace(job);
  }

  /** Removes a job that no longer exists; the row below (or above) takes its place. */
  dropJob(jobId: string): void {
    const node = this.jobNodes.get(jobId);
    const ids = this.list?.items.map(job => job.jobId) ?? [];
    const at = ids.indexOf(jobId);
    const neighbour = [ids[at + 1], ids[at - 1]].map(id => (id === undefined ? undefined : this.jobNodes.get(id))).find(n => n !== undefined);
    const known = this.list?.remove(jobId) ?? false;
    if (node) {
      this.ctx.removed(node, neighbour);
      this.forget(node);
    }
    this.jobNodes.delete(jobId);
    if (known || node) {
      this.ctx.logger.info(`Training job ${jobId} no longer exists; removed it from the tree.`);
      this.ctx.changed(undefined);
    }
  }

  /** The node of a listed job: the one handed out before (updated), or a new one. */
  protected abstract nodeFor(job: T, connection: TargetConnection): N;

  /** True for a job node of this list (not a "Load more…" or message row). */
  protected abstract isNode(node: unknown): node is N;

  /** A new list with the current filter (no page loaded yet). */
  protected abstract createList(filter: JobFilter): PagedList<T>;

  /** A node leaves the list (its job is gone, or no longer listed): stop what it loads. */
  protected forget(node: N): void {
    void node;
  }

  /** The list (created on first use); every page, "Load more…" included, asks for the filter it was created with. */
  protected jobList(): PagedList<T> {
    this.list ??= this.createList(this.activeFilter);
    return this.list;
  }

  protected dropList(): void {
    this.list?.cancel();
    this.list = undefined;
    this.listConnection = undefined;
  }

  /** The connection a page loads with: the list's, else the current one (pinned by the first page of `list`). */
  protected async pageConnection(list: PagedList<T>, signal: AbortSignal): Promise<TargetConnection> {
    const connection = this.listConnection ?? await this.currentTarget(signal);
    if (this.list === list) {
      this.listConnection ??= connection;
    }
    return connection;
  }

  /** The current connection with its project (resolved once per client, as every request needs it). */
  private async currentTarget(signal: AbortSignal): Promise<TargetConnection> {
    const connection = await this.ctx.connection.current();
    if (!connection) {
      throw new ConfigurationError(t('No ModelArts credentials are stored. Run "ModelArts: Configure Credentials".'));
    }
    return { ...connection, projectId: await connection.client.getProjectId({ signal }) };
  }

  /** The list with its first page attempted; a refresh meanwhile answers with the list that replaced it. */
  private async startedList(): Promise<PagedList<T>> {
    for (;;) {
      const list = this.jobList();
      if (!list.started || list.loading) {
        await list.loadNext();
      }
      if (list === this.list) {
        return list;
      }
    }
  }

  private async emptyNode(list: PagedList<T>): Promise<MessageNode> {
    if (list.error !== undefined) {
      return errorNode(undefined, t('Could not load training jobs'), list.error, this.scope);
    }
    if (isFilterActive(this.activeFilter)) {
      return new MessageNode(undefined, 'empty', t('No training jobs match the filter ({0})', describeFilter(this.activeFilter)), 'clearFilter',
        undefined, this.scope);
    }
    const region = this.ctx.connection.target()?.region ?? t('the configured region');
    const project = this.listConnection?.projectId ?? t('the configured project');
    return new MessageNode(undefined, 'empty', t('No training jobs in project {0} of region {1}', project, region), undefined, undefined, this.scope);
  }
}

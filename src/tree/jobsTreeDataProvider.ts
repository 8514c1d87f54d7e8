/**
 * The "Training Jobs" view: renders the nodes, which own their children (the job list, each job's
 * versions). The provider only delegates, turns deletion events into redraws of the smallest node, and
 * fires `onDidChangeTreeData`. Nothing here pops up a dialog.
 */
import * as vscode from 'vscode';
import type { DeletionTracker } from '../actions/deletionTracker';
import type { LiveItem } from '../actions/liveStatus';
import type { Protections } from '../actions/protections';
import type { TrainingJobVersion } from '../client/types';
import type { V2Job } from '../client/v2Types';
import type { Connection } from '../model/connection';
import type { Logger } from '../util/logger';
import type { TreeContext } from './context';
import { GroupNode } from './groupNode';
import { isFilterActive, type JobFilter } from './jobFilter';
import type { JobNode } from './jobNode';
import { JobsRoot } from './jobsRoot';
import type { ListScope, LoadMoreNode, MessageNode } from './messageNodes';
import type { RowChange, TreeNode } from './nodes';
import type { V2JobNode } from './v2JobNode';
import { layoutFor } from './layout';
import { drawLive, liveRows } from './liveRows';
import { rowProtection } from './protectionTarget';
import type { Protection } from './render';
import { V2JobsRoot } from './v2JobsRoot';
import type { VersionNode } from './versionNode';

export type { RowChange } from './nodes';

/** What the provider needs. */
export interface JobsTreeDeps {
  readonly connection: TreeContext['connection'] & {
    isConfigured(): Promise<boolean>;
    current(): Promise<Connection | undefined>;
  };
  readonly settings: { pageSize(): number };
  readonly logger: Logger;
  readonly deletions: DeletionTracker;
  /** What is protected from deletion (rows show a lock and offer no Delete). */
  readonly protections?: Protections;
  /** Settles when start-up work (connecting to a local emulator) is done; the first load waits for it. */
  readonly ready?: Promise<unknown>;
  /** Clock for ages (tests). */
  readonly now?: () => number;
}

/** Renders the jobs and versions of the current connection; see the node classes for the rest. */
export class JobsTreeDataProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  private readonly filterChanged = new vscode.EventEmitter<JobFilter>();
  private readonly removedNode = new vscode.EventEmitter<RowChange>();
  private readonly loadedMore = new vscode.EventEmitter<RowChange>();
  private readonly disposables: vscode.Disposable[] = [this.changed, this.filterChanged, this.removedNode, this.loadedMore];
  private readonly root: JobsRoot;
  private readonly v2root: V2JobsRoot;
  private readonly groups = { v1: new GroupNode('v1'), v2: new GroupNode('v2') } as const;
  /** The kinds shown, decided from the first page of each list, once per connection and on each explicit Refresh. */
  private layout?: Promise<readonly ListScope[]>;
  private clock = 0;

  readonly onDidChangeTreeData = this.changed.event;
  /** Fires with the new filter when it changes (the view's description and context key follow it). */
  readonly onDidChangeFilter = this.filterChanged.event;
  /** Fires when a row leaves the tree (`next`: the row in its place), so the keyboard focus can move there. */
  readonly onDidRemoveNode = this.removedNode.event;
  /** Fires when "Load more…" loaded its page (`next`: the first new row), so the focus can stay in the list. */
  readonly onDidLoadMore = this.loadedMore.event;

  constructor(private readonly deps: JobsTreeDeps) {
    const ctx: TreeContext = {
      connection: deps.connection,
      pageSize: () => deps.settings.pageSize(),
      logger: deps.logger,
      tracker: deps.deletions,
      changed: node => this.changed.fire(node as TreeNode | undefined),
      tick: () => ++this.clock,
      removed: (node, neighbour) => this.removedNode.fire({ node: node as TreeNode, next: neighbour as TreeNode | undefined }),
    };
    this.root = new JobsRoot(ctx);
    this.v2root = new V2JobsRoot(ctx);
    this.disposables.push(deps.deletions.onDidChange(change => (change.v2 ? this.v2root.applyDeletion(change) : this.root.applyDeletion(change))));
    if (deps.protections) {
      this.disposables.push(deps.protections.onDidChange(() => this.changed.fire(undefined)));
    }
  }

  /** The kinds of job the tree shows (deciding it from the first pages if not yet done). */
  kinds(): Promise<readonly ListScope[]> {
    const layout = this.layout ?? Promise.all([this.root.presence(), this.v2root.presence()]).then(([v1, v2]) => {
      const kinds = layoutFor(v1, v2);
      this.deps.logger.info(`Training job kinds shown: ${kinds.map(k => (k === 'v2' ? 'new-version' : 'old-version')).join(' and ')} ` +
        `(old-version list: ${v1}; new-version list: ${v2}).`);
      return kinds;
    });
    this.layout = layout;
    return layout;
  }

  /** The job list's filter (`{}` when none). */
  get filter(): JobFilter {
    return this.root.filter;
  }

  /** Filters the job list (undefined or `{}` clears the filter) and reloads it from its first page. */
  setFilter(filter: JobFilter | undefined): void {
    this.root.setFilter(filter);
    this.v2root.setFilter(filter);
    this.filterChanged.fire(this.root.filter);
    this.changed.fire(undefined);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const now = this.deps.now?.() ?? Date.now();
    switch (node.kind) {
      case 'job':
        return drawLive(node.toTreeItem(now, this.deps.deletions.jobState(node.job.jobId), this.protection(node)), node, this.isWatched);
      case 'version':
        return drawLive(node.toTreeItem(now, node.parent.versionDeletion(node), this.protection(node)), node, this.isWatched);
      case 'v2job':
        return drawLive(node.toTreeItem(now, this.deps.deletions.v2JobState(node.job.jobId), this.protection(node)), node, this.isWatched);
      default:
        return node.toTreeItem();
    }
  }

  /**
   * A row's parent. Jobs (and the rows at the top of a list) sit under their kind's root only when both
   * kinds are shown, which the first pages decide: a reveal that comes before that waits for it.
   */
  async getParent(node: TreeNode): Promise<TreeNode | undefined> {
    switch (node.kind) {
      case 'group':
        return undefined;
      case 'job':
        return this.groupOf('v1');
      case 'v2job':
        return this.groupOf('v2');
      case 'loadMore':
      case 'message':
        return node.parent ?? this.groupOf(node.scope);
      default:
        return node.parent;
    }
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      await this.deps.ready;
      // Signed out: the welcome view (viewsWelcome) takes over.
      if (!await this.deps.connection.isConfigured()) {
        return [];
      }
      const kinds = await this.kinds();
      return kinds.length > 1 ? kinds.map(kind => this.groups[kind]) : this.listOf(kinds[0]).children();
    }
    switch (node.kind) {
      case 'group':
        return this.listOf(node.scope).children();
      case 'job':
      case 'v2job':
      case 'version':
        return node.children();
      default:
        return [];
    }
  }

  /**
   * Reloads everything (first page of jobs; versions again when expanded); a load in flight is
   * cancelled. Which kinds are shown is decided again, unless a filter is on (an empty filtered list
   * says nothing about whether a kind exists).
   */
  refresh(): void {
    this.root.refresh();
    this.v2root.refresh();
    if (!isFilterActive(this.root.filter)) {
      this.layout = undefined;
    }
    this.changed.fire(undefined);
  }

  /** After a connection change: reloads and forgets every node, so nothing of the previous project is handed out. */
  reset(): void {
    this.root.reset();
    this.v2root.reset();
    this.layout = undefined;
    this.changed.fire(undefined);
  }

  /** Reloads the versions of one job (if the job is in the tree; else the whole tree). */
  refreshJob(jobId: string): void {
    const node = this.root.findJob(jobId);
    if (node) {
      node.refresh();
    } else {
      this.changed.fire(undefined);
    }
  }

  /**
   * Loads the page a "Load more…" node stands for, and the pages before it if the list was reloaded
   * since the node was drawn. A second click on the same node joins the load in flight or does nothing.
   */
  async loadMore(node: LoadMoreNode): Promise<void> {
    const parent = node.parent;
    if (parent && this.root.findJob(parent.job.jobId) !== parent) {
      return;
    }
    const list = node.scope === 'v2' ? this.v2root : this.root;
    const rows = async () => (parent ? await parent.versions() : await list.jobs());
    const before = (await rows()).length;
    await (parent ? parent.loadMore(node.page) : list.loadMore(node.page));
    const next = (await rows())[before];
    if (next) {
      this.loadedMore.fire({ node, next });
    }
  }

  /** What an error node's Retry does: retry the failed next page, or reload its parent from scratch. */
  async retry(node: MessageNode): Promise<void> {
    if (node.parent) {
      await node.parent.retry();
    } else if (node.scope === 'v2' && this.v2root.nextPageFailed) {
      await this.v2root.retryNextPage();
    } else if (node.scope === 'v1' && this.root.nextPageFailed) {
      await this.root.retry();
    } else {
      // A failed first page: which kinds exist is decided again too.
      this.refresh();
    }
  }

  /** Redraws the loaded rows (nothing is read again). */
  redraw(): void {
    this.changed.fire(undefined);
  }

  /** Which rows are watched (live status says; set once it exists). */
  isWatched: (key: string) => boolean = () => false;

  /** The loaded rows in a transitional status, for live status to read again. */
  liveItems(): LiveItem[] {
    return liveRows(this.root.loadedNodes(), this.v2root.loadedNodes());
  }

  /** Shows a v2 job read afresh (stopping, stopped) in place of the loaded one. */
  updateV2Job(job: V2Job): void {
    this.v2root.updateJob(job);
  }

  /** The node of a v2 job in the loaded pages (never one of an earlier connection or reload). */
  findV2Job(jobId: string): V2JobNode | undefined {
    return this.v2root.findJob(jobId);
  }

  /** The v2 job nodes of the loaded pages (loading the first page if needed). */
  async v2Jobs(): Promise<V2JobNode[]> {
    return this.v2root.jobs();
  }

  /** Shows `version` (read afresh by a command) in place of the loaded one, without reloading the list. */
  updateVersion(version: TrainingJobVersion): void {
    this.root.findJob(version.jobId)?.updateVersion(version);
  }

  /** The node of a job in the loaded job pages (never one of an earlier connection or reload). */
  findJob(jobId: string): JobNode | undefined {
    return this.root.findJob(jobId);
  }

  /** The old-version job nodes of the loaded pages (loading the first page if needed). */
  async jobs(): Promise<JobNode[]> {
    await this.deps.ready;
    return await this.deps.connection.isConfigured() ? this.root.jobs() : [];
  }

  private protection(node: JobNode | VersionNode | V2JobNode): Protection {
    return rowProtection(this.deps.protections, node);
  }

  private async groupOf(scope: ListScope): Promise<GroupNode | undefined> {
    return (await this.kinds()).length > 1 ? this.groups[scope] : undefined;
  }

  private listOf(scope: ListScope | undefined): JobsRoot | V2JobsRoot {
    return scope === 'v1' ? this.root : this.v2root;
  }

  /** The version nodes of a job's loaded pages (loading the job list's and the job's first page if needed). */
  async versions(jobId: string): Promise<VersionNode[]> {
    const job = this.root.findJob(jobId) ?? (await this.jobs()).find(j => j.job.jobId === jobId);
    return job ? job.versions() : [];
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

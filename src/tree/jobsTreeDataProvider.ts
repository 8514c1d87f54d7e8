/**
 * The "Training Jobs" view: renders the nodes, which own their children (the job list, each job's
 * versions). The provider only delegates, turns deletion events into redraws of the smallest node, and
 * fires `onDidChangeTreeData`. Nothing here pops up a dialog.
 */
import * as vscode from 'vscode';
import type { DeletionTracker } from '../actions/deletionTracker';
import type { TrainingJobVersion } from '../client/types';
import type { Connection } from '../model/connection';
import type { Logger } from '../util/logger';
import type { TreeContext } from './context';
import type { JobFilter } from './jobFilter';
import type { JobNode } from './jobNode';
import { JobsRoot } from './jobsRoot';
import type { LoadMoreNode, MessageNode } from './messageNodes';
import type { TreeNode } from './nodes';
import type { VersionNode } from './versionNode';

/** A row that left the tree, or a "Load more…" row that was used, and the row that takes its place. */
export interface RowChange {
  readonly node: TreeNode;
  readonly next?: TreeNode;
}

/** What the provider needs. */
export interface JobsTreeDeps {
  readonly connection: TreeContext['connection'] & {
    isConfigured(): Promise<boolean>;
    current(): Promise<Connection | undefined>;
  };
  readonly settings: { pageSize(): number };
  readonly logger: Logger;
  readonly deletions: DeletionTracker;
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
  private clock = 0;

  readonly onDidChangeTreeData = this.changed.event;
  /** Fires with the new filter when it changes (the view's description and context key follow it). */
  readonly onDidChangeFilter = this.filterChanged.event;
  /** Fires when a row leaves the tree (`next`: the row in its place), so the keyboard focus can move there. */
  readonly onDidRemoveNode = this.removedNode.event;
  /** Fires when "Load more…" loaded its page (`next`: the first new row), so the focus can stay in the list. */
  readonly onDidLoadMore = this.loadedMore.event;

  constructor(private readonly deps: JobsTreeDeps) {
    this.root = new JobsRoot({
      connection: deps.connection,
      pageSize: () => deps.settings.pageSize(),
      logger: deps.logger,
      tracker: deps.deletions,
      changed: node => this.changed.fire(node as TreeNode | undefined),
      tick: () => ++this.clock,
      removed: (node, neighbour) => this.removedNode.fire({ node: node as TreeNode, next: neighbour as TreeNode | undefined }),
    });
    this.disposables.push(deps.deletions.onDidChange(change => this.root.applyDeletion(change)));
  }

  /** The job list's filter (`{}` when none). */
  get filter(): JobFilter {
    return this.root.filter;
  }

  /** Filters the job list (undefined or `{}` clears the filter) and reloads it from its first page. */
  setFilter(filter: JobFilter | undefined): void {
    this.root.setFilter(filter);
    this.filterChanged.fire(this.root.filter);
    this.changed.fire(undefined);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const now = this.deps.now?.() ?? Date.now();
    switch (node.kind) {
      case 'job':
        return node.toTreeItem(now, this.deps.deletions.jobState(node.job.jobId));
      case 'version':
        return node.toTreeItem(now, node.parent.versionDeletion(node));
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
      // Signed out: the welcome view (viewsWelcome) takes over.
      return await this.deps.connection.isConfigured() ? this.root.children() : [];
    }
    return node.kind === 'job' ? node.children() : [];
  }

  /** Reloads everything (first page of jobs; versions again when expanded); a load in flight is cancelled. */
  refresh(): void {
    this.root.refresh();
    this.changed.fire(undefined);
  }

  /** After a connection change: reloads and forgets every node, so nothing of the previous project is handed out. */
  reset(): void {
    this.root.reset();
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
    const rows = async () => (parent ? await parent.versions() : await this.jobs());
    const before = (await rows()).length;
    await (parent ? parent.loadMore(node.page) : this.root.loadMore(node.page));
    const next = (await rows())[before];
    if (next) {
      this.loadedMore.fire({ node, next });
    }
  }

  /** What an error node's Retry does: retry the failed next page, or reload its parent from scratch. */
  async retry(node: MessageNode): Promise<void> {
    await (node.parent ?? this.root).retry();
  }

  /** Shows `version` (read afresh by a command) in place of the loaded one, without reloading the list. */
  updateVersion(version: TrainingJobVersion): void {
    this.root.findJob(version.jobId)?.updateVersion(version);
  }

  /** The node of a job in the loaded job pages (never one of an earlier connection or reload). */
  findJob(jobId: string): JobNode | undefined {
    return this.root.findJob(jobId);
  }

  /** The job nodes of the loaded pages (loading the first page if needed). */
  async jobs(): Promise<JobNode[]> {
    return (await this.getChildren()).filter((n): n is JobNode => n.kind === 'job');
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

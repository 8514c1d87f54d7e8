/**
 * The Training Jobs view over every connection. With one connection it is that connection's tree,
 * unchanged. With several, each connection is a root with its job kinds below, loading and failing on
 * its own; its rows get IDs prefixed with the connection's, so equal job IDs in two projects never
 * clash, and every row remembers which connection's tree made it (commands act there).
 */
import * as vscode from 'vscode';
import { CONTEXT_VALUE_TAGS } from '../constants';
import type { ConnectionGraph } from './graph';
import { contextValue } from '../tree/render';
import { cloudName, connectionLabel } from '../model/connectionProfiles';
import { MessageNode, type RowChange } from '../tree/nodes';
import { t } from '../util/l10n';
import { forLine } from '../util/sanitize';
import type { Connections } from './connections';

/** The root of one connection, shown when there are several. */
export class ConnectionNode {
  readonly kind = 'connection';
  readonly id: string;

  constructor(readonly connectionId: string) {
    this.id = `connection/${connectionId}`;
  }
}

export class ConnectionsView implements vscode.TreeDataProvider<object>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<object | undefined>();
  private readonly removed = new vscode.EventEmitter<RowChange>();
  private readonly loadedMore = new vscode.EventEmitter<RowChange>();
  /** Which connection's tree made each row. */
  private readonly owners = new WeakMap<object, string>();
  private readonly roots = new Map<string, ConnectionNode>();
  /** Rows standing in for a connection with no credentials. */
  private readonly signedOutRows = new Map<string, MessageNode>();

  readonly onDidChangeTreeData = this.changed.event;
  readonly onDidRemoveNode = this.removed.event;
  readonly onDidLoadMore = this.loadedMore.event;

  /** What each connection's tree events are forwarded through. */
  private readonly watches = new Map<string, vscode.Disposable>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly connections: Connections) {
    this.subscriptions = [
      connections.onDidAttach(({ id, graph }) => this.watches.set(id, this.watch(id, graph))),
      connections.onDidDetach(id => {
        this.watches.get(id)?.dispose();
        this.watches.delete(id);
      }),
      connections.onDidChange(() => this.redraw()),
    ];
  }

  /** Forwards a connection tree's events (its root's change becomes its connection node's). */
  private watch(id: string, graph: ConnectionGraph): vscode.Disposable {
    return vscode.Disposable.from(
      graph.tree.onDidChangeTreeData(node => this.changed.fire(node ?? (this.connections.several() ? this.root(id) : undefined))),
      graph.tree.onDidRemoveNode(change => this.removed.fire(change)),
      graph.tree.onDidLoadMore(change => this.loadedMore.fire(change)),
    );
  }

  /** Redraws everything (connections added, removed or renamed). */
  redraw(): void {
    this.changed.fire(undefined);
  }

  /** The connection a row belongs to (a row never seen here: the first connection's). */
  ownerOf(node: unknown): string | undefined {
    if (node instanceof ConnectionNode) {
      return node.connectionId;
    }
    return node !== null && typeof node === 'object' ? this.owners.get(node) : undefined;
  }

  root(id: string): ConnectionNode {
    let node = this.roots.get(id);
    if (!node) {
      node = new ConnectionNode(id);
      this.roots.set(id, node);
    }
    return node;
  }

  async getChildren(node?: object): Promise<object[]> {
    if (!node && this.connections.several()) {
      return this.connections.ids().map(id => this.root(id));
    }
    const id = node instanceof ConnectionNode ? node.connectionId : node ? this.ownerOf(node) ?? this.connections.ids()[0] : this.connections.ids()[0];
    const graph = this.connections.graph(id);
    if (!graph) {
      return [];
    }
    const children: object[] = await graph.tree.getChildren(node instanceof ConnectionNode ? undefined : node as never);
    if (node instanceof ConnectionNode && children.length === 0 && !await graph.connection.isConfigured()) {
      children.push(this.signedOut(id));
    }
    children.forEach(child => this.owners.set(child, id));
    return children;
  }

  async getParent(node: object): Promise<object | undefined> {
    if (node instanceof ConnectionNode) {
      return undefined;
    }
    const id = this.ownerOf(node) ?? this.connections.ids()[0];
    const parent = await this.connections.graph(id)?.tree.getParent(node as never);
    return parent ?? (this.connections.several() ? this.root(id) : undefined);
  }

  getTreeItem(node: object): vscode.TreeItem {
    if (node instanceof ConnectionNode) {
      return this.connectionItem(node);
    }
    const id = this.ownerOf(node) ?? this.connections.ids()[0];
    const graph = this.connections.graph(id);
    const item = graph ? graph.tree.getTreeItem(node as never) : new vscode.TreeItem('');
    if (this.connections.several()) {
      item.id = item.id === undefined ? undefined : `${id}/${item.id}`;
      // A click that runs a command with no argument (Configure Credentials) acts on this row's connection.
      if (item.command && !item.command.arguments?.length) {
        item.command = { ...item.command, arguments: [this.root(id)] };
      }
    }
    return item;
  }

  dispose(): void {
    vscode.Disposable.from(this.changed, this.removed, this.loadedMore, ...this.subscriptions, ...this.watches.values()).dispose();
  }

  private connectionItem(node: ConnectionNode): vscode.TreeItem {
    const profile = this.connections.profile(node.connectionId);
    const item = new vscode.TreeItem(forLine(connectionLabel(profile)), vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.id;
    item.description = profile.name ? `${cloudName(profile.cloud)} · ${profile.region}` : undefined;
    item.tooltip = new vscode.MarkdownString().appendText(t('Connection "{0}": {1}, region {2}{3}', connectionLabel(profile),
      cloudName(profile.cloud), profile.region, profile.projectId ? t(', project {0}', profile.projectId) : ''));
    item.iconPath = new vscode.ThemeIcon('cloud');
    item.contextValue = node.connectionId === this.connections.ids()[0]
      ? contextValue(CONTEXT_VALUE_TAGS.connection, CONTEXT_VALUE_TAGS.firstConnection) : contextValue(CONTEXT_VALUE_TAGS.connection);
    return item;
  }

  private signedOut(id: string): MessageNode {
    let row = this.signedOutRows.get(id);
    if (!row) {
      row = new MessageNode(undefined, 'empty', t('Not signed in'), 'configure', t('No credentials are stored for this connection: Edit Connection to sign in.'));
      this.signedOutRows.set(id, row);
    }
    return row;
  }
}

/** The nodes that are not jobs or versions: "Load more…", and empty or error states (never a pop-up). */
import { msg } from '../util/l10n';
import * as vscode from 'vscode';
import { AuthenticationError, ConfigurationError, PermissionError } from '../client/errors';
import { COMMANDS, CONTEXT_VALUE_TAGS } from '../constants';
import { describeError, shortReason } from '../util/describeError';
import { forLine } from '../util/sanitize';
import type { JobNode } from './jobNode';
import type { ListScope } from './layout';
import type { PagedList } from './pagedList';
import { contextValue } from './render';

export type { ListScope } from './layout';

/** The `TreeItem.id` prefix of a row: its parent's path, or its list's. */
function rowPrefix(parent: JobNode | undefined, scope: ListScope): string {
  return parent ? `${parent.id}/` : scope === 'v2' ? 'v2/' : '';
}

/** "Load more…": loads page `page` of its parent's children (the `scope` job list when `parent` is undefined). */
export class LoadMoreNode {
  readonly kind = 'loadMore';
  readonly id: string;

  constructor(
    readonly parent: JobNode | undefined, readonly page: number, readonly loadedCount: number, readonly total: number | undefined,
    readonly scope: ListScope = 'v1',
  ) {
    this.id = `${rowPrefix(parent, scope)}loadMore`;
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.total === undefined ? vscode.l10n.t('{0} loaded', this.loadedCount) : vscode.l10n.t('{0} of {1} loaded', this.loadedCount, this.total);
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.contextValue = contextValue(CONTEXT_VALUE_TAGS.loadMore);
    item.command = { command: COMMANDS.loadMore, title: vscode.l10n.t('Load more'), arguments: [this] };
    return item;
  }
}

/** What clicking a message node does. */
export type MessageAction = 'retry' | 'configure' | 'clearFilter' | undefined;

const ACTIONS: Readonly<Record<NonNullable<MessageAction>, { readonly title: string; readonly command: string }>> = {
  retry: { title: msg('Retry'), command: COMMANDS.retry },
  configure: { title: msg('Configure Credentials'), command: COMMANDS.configureCredentials },
  clearFilter: { title: msg('Clear Filter'), command: COMMANDS.clearFilter },
};

/** An empty or error state, shown as a node. */
export class MessageNode {
  readonly kind = 'message';
  readonly id: string;

  constructor(
    readonly parent: JobNode | undefined,
    readonly tag: 'empty' | 'error',
    readonly label: string,
    readonly action: MessageAction,
    readonly tooltip?: string,
    readonly scope: ListScope = 'v1',
  ) {
    this.id = `${rowPrefix(parent, scope)}message/${tag}`;
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(forLine(this.label), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    // A retryable error row also gets an inline Retry button: it works whatever the view's selection.
    item.contextValue = this.action === 'retry' ? contextValue(CONTEXT_VALUE_TAGS.message, CONTEXT_VALUE_TAGS.retryable)
      : contextValue(CONTEXT_VALUE_TAGS.message);
    item.iconPath = new vscode.ThemeIcon(this.tag === 'error' ? 'error' : 'info',
      this.tag === 'error' ? new vscode.ThemeColor('errorForeground') : undefined);
    item.tooltip = forLine(this.tooltip ?? this.label, 2000);
    if (this.action) {
      const { command } = ACTIONS[this.action];
      const title = vscode.l10n.t(ACTIONS[this.action].title);
      item.description = title;
      item.command = { command, title, ...(this.action === 'retry' ? { arguments: [this] } : {}) };
    }
    return item;
  }
}

/** Errors that Retry cannot fix: the user has to change the credentials or settings. */
function needsConfiguration(error: unknown): boolean {
  return error instanceof AuthenticationError || error instanceof ConfigurationError || error instanceof PermissionError;
}

/** The node of a failed load: a short reason in the label, the whole story in the tooltip. */
export function errorNode(parent: JobNode | undefined, what: string, error: unknown, scope: ListScope = 'v1'): MessageNode {
  return new MessageNode(parent, 'error', `${what}: ${shortReason(error)}`,
    needsConfiguration(error) ? 'configure' : 'retry', `${what}: ${describeError(error)}`, scope);
}

/** After a list's loaded items: an error node when the next page failed, else "Load more…" while more may exist. */
export function pageTail<T>(parent: JobNode | undefined, list: PagedList<T>, failure: string, scope: ListScope = 'v1'): (MessageNode | LoadMoreNode)[] {
  if (list.error !== undefined) {
    return [errorNode(parent, failure, list.error, scope)];
  }
  return list.hasMore ? [new LoadMoreNode(parent, list.nextPage, list.items.length, list.total, scope)] : [];
}

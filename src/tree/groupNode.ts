/**
 * The root of one kind of training job, shown when the project has both: new-version jobs under
 * "Training Jobs", old-version ones under "Old-Version Training Jobs". With one kind only, its jobs
 * are the view's top level and no group is shown.
 */
import * as vscode from 'vscode';
import { CONTEXT_VALUE_TAGS } from '../constants';
import { msg } from '../util/l10n';
import type { ListScope } from './messageNodes';
import { contextValue } from './render';

const GROUPS: Readonly<Record<ListScope, { readonly label: string; readonly tooltip: string }>> = {
  v2: {
    label: msg('Training Jobs'),
    tooltip: msg('New-version training jobs (the ModelArts v2 training API): what ModelArts creates since mid-2023.'),
  },
  v1: {
    label: msg('Old-Version Training Jobs'),
    tooltip: msg('Old-version training jobs (the ModelArts v1 training API), each with its versions. ModelArts no longer creates them; they can still be browsed, stopped and deleted here.'),
  },
};

/** One kind's root. */
export class GroupNode {
  readonly kind = 'group';
  readonly id: string;

  constructor(readonly scope: ListScope) {
    this.id = `group/${scope}`;
  }

  toTreeItem(): vscode.TreeItem {
    const { label, tooltip } = GROUPS[this.scope];
    const item = new vscode.TreeItem(vscode.l10n.t(label), vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    // A Markdown tooltip: a plain-text one would also become the row's accessible name.
    item.tooltip = new vscode.MarkdownString(vscode.l10n.t(tooltip));
    item.iconPath = new vscode.ThemeIcon(this.scope === 'v2' ? 'beaker' : 'history');
    item.contextValue = contextValue(CONTEXT_VALUE_TAGS.group);
    return item;
  }
}

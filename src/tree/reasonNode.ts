/**
 * "Why did it fail?": a child row of a failed version or new-version job with the cause, so it is seen
 * without a click. What the answer already holds costs nothing; the log's error lines (old-version) and
 * the newest error event (new-version) are read only when a failed row is expanded.
 */
import * as vscode from 'vscode';
import { CONTEXT_VALUE_TAGS } from '../constants';
import { escapeMarkdown } from '../util/markdown';
import { forLine } from '../util/sanitize';
import { contextValue } from './render';

/** One line of why, under `parent` (a failed version or new-version job). */
export class ReasonNode<P extends { readonly id: string } = { readonly id: string }> {
  readonly kind = 'reason';
  readonly id: string;

  constructor(readonly parent: P, readonly label: string, readonly text: string, index = 0) {
    this.id = `${parent.id}/reason/${index}`;
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = forLine(this.text, 300);
    item.tooltip = new vscode.MarkdownString(`**${escapeMarkdown(this.label)}**\n\n${escapeMarkdown(this.text, 4000)}`);
    item.iconPath = new vscode.ThemeIcon('info');
    item.contextValue = contextValue(CONTEXT_VALUE_TAGS.reason);
    return item;
  }
}

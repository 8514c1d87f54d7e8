/**
 * Keeps the keyboard in the list: when the selected row leaves the tree (its deletion confirmed) the
 * row that takes its place is selected and focused, and after "Load more…" the first new row is; so
 * ArrowDown goes on from there instead of jumping to the top.
 */
import type * as vscode from 'vscode';
import type { TreeNode } from './nodes';
import type { RowChange } from './jobsTreeDataProvider';

/** What the keeper needs: the tree's row events, and the view (its selection, and reveal). */
export interface FocusKeeperDeps {
  readonly tree: { readonly onDidRemoveNode: vscode.Event<RowChange>; readonly onDidLoadMore: vscode.Event<RowChange> };
  readonly view: {
    readonly selection: readonly TreeNode[];
    reveal(node: TreeNode, options: { select: boolean; focus: boolean }): Thenable<void>;
  };
}

/** Moves the selection and focus to the row in place of one the user had selected. */
export class FocusKeeper implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: FocusKeeperDeps) {
    const follow = (change: RowChange) => void this.follow(change);
    this.subscriptions = [deps.tree.onDidRemoveNode(follow), deps.tree.onDidLoadMore(follow)];
  }

  dispose(): void {
    this.subscriptions.forEach(s => s.dispose());
  }

  private async follow({ node, next }: RowChange): Promise<void> {
    if (!next || !this.deps.view.selection.some(selected => selected === node || selected.id === node.id)) {
      return;
    }
    try {
      await this.deps.view.reveal(next, { select: true, focus: true });
    } catch {
      // The row went too (a reload in between): nothing to keep the focus on.
    }
  }
}

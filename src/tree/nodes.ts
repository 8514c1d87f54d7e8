/** The tree's node kinds, in one place for those that handle any node (the provider, commands, tests). */
import type { GroupNode } from './groupNode';
import type { JobNode } from './jobNode';
import type { LoadMoreNode, MessageNode } from './messageNodes';
import type { ReasonNode } from './reasonNode';
import type { V2JobNode, V2TaskNode } from './v2JobNode';
import type { VersionNode } from './versionNode';

export { GroupNode } from './groupNode';
export { JobNode } from './jobNode';
export { LoadMoreNode, MessageNode, type ListScope, type MessageAction } from './messageNodes';
export { ReasonNode } from './reasonNode';
export { UNCONFIRMED_TEXT, contextValue, statusIcon } from './render';
export { V2JobNode, V2TaskNode } from './v2JobNode';
export { VersionNode } from './versionNode';

/** Every node of the Training Jobs tree. */
export type TreeNode = GroupNode | JobNode | VersionNode | V2JobNode | V2TaskNode | ReasonNode<VersionNode | V2JobNode> | LoadMoreNode | MessageNode;

/** A row that left the tree, or a "Load more…" row that was used, and the row that takes its place. */
export interface RowChange {
  readonly node: TreeNode;
  readonly next?: TreeNode;
}

/** The tree's node kinds, in one place for those that handle any node (the provider, commands, tests). */
import type { JobNode } from './jobNode';
import type { LoadMoreNode, MessageNode } from './messageNodes';
import type { VersionNode } from './versionNode';

export { JobNode } from './jobNode';
export { LoadMoreNode, MessageNode, type MessageAction } from './messageNodes';
export { UNCONFIRMED_TEXT, contextValue, statusIcon } from './render';
export { VersionNode } from './versionNode';

/** Every node of the Training Jobs tree. */
export type TreeNode = JobNode | VersionNode | LoadMoreNode | MessageNode;

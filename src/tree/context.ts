/** What the tree's nodes share: where they load from, how they page, and how they ask to be redrawn. */
import type { DeletionTracker } from '../actions/deletionTracker';
import type { Connection } from '../model/connection';
import type { Logger } from '../util/logger';

/** Handed to every node by the provider. */
export interface TreeContext {
  readonly connection: {
    /** The current connection; undefined when no credentials are stored. */
    current(): Promise<Connection | undefined>;
    target(): { readonly region: string } | undefined;
  };
  readonly pageSize: () => number;
  readonly logger: Logger;
  readonly tracker: DeletionTracker;
  /** Redraws `node`'s item and children (undefined: the whole tree). */
  changed(node?: object): void;
  /** Orders requests: a larger number was asked for later, so its answer is fresher. */
  tick(): number;
  /** A node left the tree (deleted, or gone); `neighbour` is the row that takes its place, if any. */
  removed(node: object, neighbour: object | undefined): void;
}

/** What a connection to ModelArts is, as every part of the extension sees it (no `vscode` import). */
import type { ModelArtsApi } from '../client/types';

/**
 * One client together with where it sends requests. Commands keep the connection they showed the
 * user and compare it before acting, so a destructive request never goes to another project or region
 * than the one confirmed.
 */
export interface Connection {
  readonly client: ModelArtsApi;
  /** The cloud (`huaweicloud`, `otc`, `custom`) and region the client targets. */
  readonly cloud: string;
  readonly region: string;
  /** Equal fingerprints mean the same credentials and connection settings. */
  readonly fingerprint: string;
  /**
   * Unique to this connection object in this session (random, derived from nothing): what tree nodes
   * and documents carry to tell which connection they were read with.
   */
  readonly id: string;
  /** What the user calls it, when they have several connections (the dialogs name it then). */
  readonly name?: string;
}

/** A connection with its project ID resolved: where any request about a target must go. */
export interface TargetConnection extends Connection {
  readonly projectId: string;
}

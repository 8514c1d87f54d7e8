/**
 * What every change to ModelArts shares, whichever kind of job it acts on: what the actions need, how
 * a change ends, and the refusal to send anything once the connection changed after the confirmation.
 */
import type { TrainingJobVersion } from '../client/types';
import type { V2Job } from '../client/v2Types';
import type { Connection, TargetConnection } from '../model/connection';
import type { VersionTarget } from '../model/targets';
import { t } from '../util/l10n';
import type { Logger } from '../util/logger';
import type { DeletionOutcome, DeletionTracker } from './deletionTracker';
import type { Protections } from './protections';
import type { StopFollower } from './stopFollower';
import { scopeOf, type ProtectedItem } from '../model/protection';

/** The connection changed between the confirmation and the request: nothing was sent. */
export class ConnectionChangedError extends Error {
  constructor(confirmed: Pick<TargetConnection, 'projectId' | 'region'>) {
    super(t('The ModelArts credentials or connection settings changed after you confirmed (you confirmed for project {0} in region {1}). Nothing was sent. Run the command again to act in the current project.',
      confirmed.projectId, confirmed.region));
    this.name = 'ConnectionChangedError';
  }
}

/** The item is protected from deletion: nothing was sent. */
export class ProtectedError extends Error {
  constructor(what: string) {
    super(t('{0} is protected from deletion. Nothing was sent. Unprotect it first (right-click it → Unprotect).', what));
    this.name = 'ProtectedError';
  }
}

/** How a change ended, as far as the command must tell it. */
export type ChangeOutcome<Followed = never> =
  /** The same thing is being changed already (another invocation claimed it): nothing was sent. */
  | { readonly kind: 'busy' }
  /** The connection changed since the target was read, or the item is protected: nothing was sent. */
  | { readonly kind: 'refused'; readonly error: ConnectionChangedError | ProtectedError }
  /** The request failed (its parent was refreshed: the service may have acted anyway). */
  | { readonly kind: 'failed'; readonly error: unknown }
  /** The service accepted it; `followed` settles when the change is confirmed (or cannot be). */
  | { readonly kind: 'accepted'; readonly followed: Promise<Followed> };

/** What the actions need. */
export interface ActionsDeps {
  /** The current connection: a target read with another one is refused. */
  readonly connection: { current(): Promise<Connection | undefined> };
  readonly tracker: DeletionTracker;
  /** Shows what the service holds after a failed request, and a version read afresh. */
  readonly tree: {
    refreshJob(jobId: string): void;
    refresh(): void;
    updateVersion(version: TrainingJobVersion): void;
    /** Shows a v2 job read afresh (stopping, stopped). */
    updateV2Job(job: V2Job): void;
  };
  readonly stops: StopFollower;
  readonly logger: Logger;
  /** What is protected: a deletion of it is refused here too, whatever the command asked. */
  readonly protections?: Pick<Protections, 'isProtected'>;
}

/** The refusal of a deletion of `item` (or of a whole job with `item` as its job) when it is protected. */
export function protectedRefusal(deps: Pick<ActionsDeps, 'protections'>, connection: TargetConnection, item: ProtectedItem, what: string): ProtectedError | undefined {
  return deps.protections?.isProtected(scopeOf(connection), item) ? new ProtectedError(what) : undefined;
}

/** Why a request for `confirmed` must not be sent now (another connection is current), if it must not. */
export async function refusal(deps: Pick<ActionsDeps, 'connection'>, confirmed: TargetConnection): Promise<ConnectionChangedError | undefined> {
  let now: Connection | undefined;
  try {
    now = await deps.connection.current();
  } catch {
    now = undefined; // unusable settings now: certainly not the confirmed connection
  }
  return now?.fingerprint === confirmed.fingerprint ? undefined : new ConnectionChangedError(confirmed);
}

/** A deletion of several versions: what was sent and what became of it. */
export interface BatchOutcome {
  /** Set when the connection changed since the versions were read: nothing was sent. */
  readonly refused?: ConnectionChangedError;
  /** The versions claimed and sent (others were being deleted already). */
  readonly claimed: readonly VersionTarget[];
  readonly accepted: readonly VersionTarget[];
  readonly failed: readonly { readonly target: VersionTarget; readonly error: unknown }[];
  /** The versions never sent (cancelled first). */
  readonly cancelled: readonly VersionTarget[];
  /** Settles when every accepted deletion is confirmed, or cannot be. */
  readonly followed: Promise<readonly { readonly target: VersionTarget; readonly outcome: DeletionOutcome }[]>;
}

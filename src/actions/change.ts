/**
 * What every change to ModelArts shares, whichever kind of job it acts on: what the actions need, how
 * a change ends, and the refusal to send anything once the connection changed after the confirmation.
 */
import type { TrainingJobVersion } from '../client/types';
import type { V2Job } from '../client/v2Types';
import type { Connection, TargetConnection } from '../model/connection';
import type { Logger } from '../util/logger';
import type { DeletionTracker } from './deletionTracker';
import type { StopFollower } from './stopFollower';

/** The connection changed between the confirmation and the request: nothing was sent. */
export class ConnectionChangedError extends Error {
  constructor(confirmed: Pick<TargetConnection, 'projectId' | 'region'>) {
    super(`The ModelArts credentials or connection settings changed after you confirmed (you confirmed for project ${confirmed.projectId} ` +
      `in region ${confirmed.region}). Nothing was sent. Run the command again to act in the current project.`);
    this.name = 'ConnectionChangedError';
  }
}

/** How a change ended, as far as the command must tell it. */
export type ChangeOutcome<Followed = never> =
  /** The same thing is being changed already (another invocation claimed it): nothing was sent. */
  | { readonly kind: 'busy' }
  /** The connection changed since the target was read: nothing was sent. */
  | { readonly kind: 'refused'; readonly error: ConnectionChangedError }
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

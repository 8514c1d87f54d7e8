/**
 * Every change the extension makes to ModelArts, and nothing else: no dialog, no message. A command
 * asks the user, then calls one method here with what was confirmed; each method claims what it acts
 * on (a second invocation sends nothing), refuses when the connection changed since the target was
 * read, sends once, releases and refreshes on failure (the service may have acted anyway), follows the
 * change to its end, and returns an outcome for the command to report.
 */
import { deleteVersions, type DeleteVersionResult } from '../client/bulk';
import { CancelledError } from '../client/errors';
import type { TargetConnection } from '../model/connection';
import { KILLING } from '../model/status';
import { describeJob, describeVersion, type JobTarget, type VersionTarget } from '../model/targets';
import { protectedRefusal, refusal, type ActionsDeps, type BatchOutcome, type ChangeOutcome } from './change';
import type { DeletionOutcome } from './deletionTracker';
import type { StopOutcome } from './stopFollower';
import { CleanupActions } from './cleanupRun';
import { V2Actions } from './v2Actions';

export { ConnectionChangedError, ProtectedError, type ActionsDeps, type BatchOutcome, type ChangeOutcome } from './change';

/** The changes to ModelArts; built once in the composition root. */
export class Actions {
  /** The changes to new-version (v2) jobs. */
  readonly v2: V2Actions;
  /** Clean-up plans, run through the deletions here. */
  readonly cleanup: CleanupActions;

  constructor(private readonly deps: ActionsDeps) {
    this.v2 = new V2Actions(deps);
    this.cleanup = new CleanupActions(deps, this);
  }

  /** Deletes one version: exactly one `DELETE …/training-jobs/{job}/versions/{version}` for the confirmed pair. */
  deleteVersion(target: VersionTarget): Promise<ChangeOutcome<DeletionOutcome>> {
    return this.delete(target.connection, describeVersion(target), target.jobId, target.version.versionId);
  }

  /** Deletes a whole job with all its versions: exactly one `DELETE …/training-jobs/{job}`. */
  deleteJob(target: JobTarget): Promise<ChangeOutcome<DeletionOutcome>> {
    return this.delete(target.connection, describeJob(target), target.jobId);
  }

  /**
   * Asks a running version to stop (one `POST …/stop`). Accepted, the row shows "Stopping" at once
   * and the stop is followed until the version has stopped, the row then showing what ModelArts
   * reports; failed, the job's versions are refreshed (the service may have acted anyway).
   */
  async stop(target: VersionTarget): Promise<ChangeOutcome<StopOutcome>> {
    const { tree, stops } = this.deps;
    const refused = await refusal(this.deps, target.connection);
    if (refused) {
      return { kind: 'refused', error: refused };
    }
    const { jobId, version } = target;
    try {
      await target.connection.client.stopVersion(jobId, version.versionId);
    } catch (error) {
      tree.refreshJob(jobId);
      return { kind: 'failed', error };
    }
    this.deps.logger.info(`Stop of ${describeVersion(target)} accepted; waiting for it to stop.`);
    tree.updateVersion({ ...version, status: KILLING });
    const followed = stops.follow(target.connection.client, jobId, version.versionId).then(outcome => {
      if (outcome.kind === 'stopped') {
        tree.updateVersion(outcome.version);
      } else if (outcome.kind !== 'cancelled') {
        tree.refreshJob(jobId);
      }
      return outcome;
    });
    return { kind: 'accepted', followed };
  }

  /**
   * Deletes several versions read with one connection: every pair is claimed first (pairs being
   * deleted already are left out), then sent with at most `concurrency` requests in flight
   * (honouring 429 Retry-After); each accepted one is followed, the others released and their jobs
   * refreshed. `signal` stops sending: pairs not yet sent end cancelled.
   */
  async deleteVersions(
    targets: readonly VersionTarget[],
    connection: TargetConnection,
    options: {
      readonly concurrency: number;
      readonly signal?: AbortSignal;
      /** Hears each request's answer (or failure), as it comes. */
      readonly onResult?: (result: DeleteVersionResult) => void;
      /** Hears how each accepted deletion ended, as it ends. */
      readonly onFollowed?: (target: VersionTarget, outcome: DeletionOutcome) => void;
    },
  ): Promise<BatchOutcome> {
    // Protected versions are never sent, whatever the command asked: they end failed, with the reason.
    const shielded = targets.map(t => ({ target: t, error: protectedRefusal(this.deps, connection,
      { kind: 'version', jobId: t.jobId, versionId: t.version.versionId }, describeVersion(t)) })).filter(s => s.error !== undefined);
    const claimed = targets.filter(t => !shielded.some(s => s.target === t) && this.deps.tracker.claim(t.jobId, t.version.versionId));
    const release = (list: readonly VersionTarget[]) => list.forEach(t => this.deps.tracker.release(t.jobId, t.version.versionId));
    const refused = await refusal(this.deps, connection);
    if (refused || claimed.length === 0) {
      release(claimed);
      const failed = refused ? [] : shielded.map(s => ({ target: s.target, error: s.error }));
      return { refused, claimed: [], accepted: [], failed, cancelled: [], followed: Promise.resolve([]) };
    }
    const results = await deleteVersions(connection.client, claimed.map(t => ({ jobId: t.jobId, versionId: t.version.versionId })), options);
    const accepted: VersionTarget[] = [];
    const failed: { target: VersionTarget; error: unknown }[] = shielded.map(s => ({ target: s.target, error: s.error }));
    const cancelled: VersionTarget[] = [];
    results.forEach((result, index) => {
      const target = claimed[index];
      if (result.ok) {
        accepted.push(target);
        return;
      }
      this.deps.tracker.release(target.jobId, target.version.versionId);
      if (result.error instanceof CancelledError && result.attempts === 0) {
        cancelled.push(target);
      } else {
        failed.push({ target, error: result.error });
      }
    });
    // The service may have acted on a request that failed on the way back: show what it now holds.
    new Set(failed.map(f => f.target.jobId)).forEach(jobId => this.deps.tree.refreshJob(jobId));
    this.deps.logger.info(`Deletion of ${accepted.length} of ${claimed.length} versions accepted` +
      `${cancelled.length > 0 ? `, ${cancelled.length} cancelled before being sent` : ''}${failed.length > 0 ? `, ${failed.length} failed` : ''}.`);
    failed.forEach(f => this.deps.logger.error(`Could not delete ${describeVersion(f.target)}`, f.error));
    const followed = Promise.all(accepted.map(async target => {
      const outcome = await this.deps.tracker.track(connection.client, target.jobId, target.version.versionId);
      options.onFollowed?.(target, outcome);
      return { target, outcome };
    }));
    return { claimed, accepted, failed, cancelled, followed };
  }

  /**
   * The one sequence of a confirmed deletion of a version (or, without `versionId`, of a whole job):
   * claim it, check the connection, send once, release and refresh on failure, follow it.
   */
  private async delete(connection: TargetConnection, what: string, jobId: string, versionId?: string): Promise<ChangeOutcome<DeletionOutcome>> {
    const { tracker, tree } = this.deps;
    const item = versionId === undefined ? { kind: 'job' as const, jobId } : { kind: 'version' as const, jobId, versionId };
    const shielded = protectedRefusal(this.deps, connection, item, what);
    if (shielded) {
      return { kind: 'refused', error: shielded };
    }
    if (!(versionId === undefined ? tracker.claimJob(jobId) : tracker.claim(jobId, versionId))) {
      return { kind: 'busy' };
    }
    const refused = await refusal(this.deps, connection);
    if (refused) {
      tracker.release(jobId, versionId);
      return { kind: 'refused', error: refused };
    }
    try {
      await (versionId === undefined ? connection.client.deleteJob(jobId) : connection.client.deleteVersion(jobId, versionId));
    } catch (error) {
      tracker.release(jobId, versionId);
      // The service may have acted anyway: show what it holds now (a job's deletion touches the whole list).
      if (versionId === undefined) {
        tree.refresh();
      } else {
        tree.refreshJob(jobId);
      }
      return { kind: 'failed', error };
    }
    this.deps.logger.info(`Deletion of ${what} accepted; waiting for ModelArts to confirm it.`);
    return { kind: 'accepted', followed: tracker.track(connection.client, jobId, versionId) };
  }
}

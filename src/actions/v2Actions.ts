/**
 * Every change the extension makes to new-version (v2) training jobs, like {@link Actions} for the
 * old-version ones: claim, check the connection, send once, follow to the end, return an outcome.
 */
import { deleteV2Jobs, type DeleteJobResult } from '../client/bulk';
import { CancelledError, isGone } from '../client/errors';
import type { ModelArtsApi } from '../client/types';
import { V2_MAX_BATCH } from '../client/v2Client';
import { UNSUPPORTED, type V2Job } from '../client/v2Types';
import type { TargetConnection } from '../model/connection';
import { describeV2Job, type V2JobTarget } from '../model/targets';
import { protectedRefusal, refusal, type ActionsDeps, type ChangeOutcome, type ConnectionChangedError } from './change';
import type { DeletionOutcome } from './deletionTracker';
import type { V2StopOutcome } from './stopFollower';

/** A deletion of several v2 jobs: what was sent, how, and what became of it. */
export interface V2BatchOutcome {
  readonly refused?: ConnectionChangedError;
  readonly claimed: readonly V2JobTarget[];
  readonly accepted: readonly V2JobTarget[];
  readonly failed: readonly { readonly target: V2JobTarget; readonly error: unknown }[];
  readonly cancelled: readonly V2JobTarget[];
  /** How the jobs were sent: batch requests of up to 100 (Huawei Cloud), or one DELETE per job. */
  readonly via: 'batch' | 'each';
  readonly followed: Promise<readonly { readonly target: V2JobTarget; readonly outcome: DeletionOutcome }[]>;
}

/** One result per job of a bulk deletion, as it comes. */
type OnResult = (result: DeleteJobResult) => void;

/** The v2 changes; built by `Actions`, as its `v2`. */
export class V2Actions {
  /** Clients whose project has no batch delete (the gateway said the API does not exist): one DELETE per job there. */
  private readonly noBatchDelete = new WeakSet<ModelArtsApi>();

  constructor(private readonly deps: ActionsDeps) {}

  /** Deletes one v2 job: exactly one `DELETE …/v2/…/training-jobs/{id}`, followed until ModelArts says it is gone. */
  async deleteJob(target: V2JobTarget): Promise<ChangeOutcome<DeletionOutcome>> {
    const { tracker, tree } = this.deps;
    const { jobId } = target.job;
    const shielded = protectedRefusal(this.deps, target.connection, { kind: 'v2job', jobId }, describeV2Job(target.job));
    if (shielded) {
      return { kind: 'refused', error: shielded };
    }
    if (!tracker.claimV2Job(jobId)) {
      return { kind: 'busy' };
    }
    const refused = await refusal(this.deps, target.connection);
    if (refused) {
      tracker.releaseV2Job(jobId);
      return { kind: 'refused', error: refused };
    }
    try {
      await target.connection.client.v2.deleteJob(jobId);
    } catch (error) {
      tracker.releaseV2Job(jobId);
      tree.refresh();
      return { kind: 'failed', error };
    }
    this.deps.logger.info(`Deletion of ${describeV2Job(target.job)} accepted; waiting for ModelArts to confirm it.`);
    return { kind: 'accepted', followed: tracker.trackV2Job(target.connection.client, jobId) };
  }

  /** Asks a v2 job to stop (one `POST …/actions` terminate); accepted, it shows "Stopping" and is followed until it has stopped. */
  async stopJob(target: V2JobTarget): Promise<ChangeOutcome<V2StopOutcome>> {
    const { tree, stops } = this.deps;
    const refused = await refusal(this.deps, target.connection);
    if (refused) {
      return { kind: 'refused', error: refused };
    }
    const { jobId } = target.job;
    let answer: V2Job | undefined;
    try {
      answer = await target.connection.client.v2.stopJob(jobId);
    } catch (error) {
      tree.refresh();
      return { kind: 'failed', error };
    }
    this.deps.logger.info(`Stop of ${describeV2Job(target.job)} accepted; waiting for it to stop.`);
    tree.updateV2Job(answer?.jobId === jobId ? answer : { ...target.job, phase: 'Terminating' });
    const followed = stops.followV2(target.connection.client, jobId).then(outcome => {
      if (outcome.kind === 'stopped') {
        tree.updateV2Job(outcome.job);
      } else if (outcome.kind !== 'cancelled') {
        tree.refresh();
      }
      return outcome;
    });
    return { kind: 'accepted', followed };
  }

  /**
   * Deletes several v2 jobs read with one connection: each is claimed first, then sent in batch
   * requests of up to {@link V2_MAX_BATCH} where the project has batch delete, else (and after the
   * gateway said it has none) one DELETE per job with at most `concurrency` in flight. The batch
   * answer names no job, so every accepted job is followed by reading it until it is gone: that is
   * what the report is built from.
   */
  async deleteJobs(
    targets: readonly V2JobTarget[],
    connection: TargetConnection,
    options: { readonly concurrency: number; readonly signal?: AbortSignal; readonly onResult?: OnResult },
  ): Promise<V2BatchOutcome> {
    const { tracker } = this.deps;
    // Protected jobs are never sent, whatever the command asked: they end failed, with the reason.
    const shielded = targets.flatMap(target => {
      const error = protectedRefusal(this.deps, connection, { kind: 'v2job', jobId: target.job.jobId }, describeV2Job(target.job));
      return error ? [{ target, error }] : [];
    });
    const claimed = targets.filter(t => !shielded.some(s => s.target === t) && tracker.claimV2Job(t.job.jobId));
    const refused = await refusal(this.deps, connection);
    if (refused || claimed.length === 0) {
      claimed.forEach(t => tracker.releaseV2Job(t.job.jobId));
      return { refused, claimed: [], accepted: [], failed: refused ? [] : shielded, cancelled: [], via: 'each', followed: Promise.resolve([]) };
    }
    const client = connection.client;
    const results = new Map<string, DeleteJobResult>();
    const via = claimed.length > 1 ? await this.sendBatches(client, claimed.map(t => t.job.jobId), results, options) : 'each';
    const rest = claimed.map(t => t.job.jobId).filter(jobId => !results.has(jobId));
    if (rest.length > 0) {
      for (const result of await deleteV2Jobs(client.v2, rest, options)) {
        results.set(result.jobId, result);
      }
    }
    const accepted: V2JobTarget[] = [];
    const failed: { target: V2JobTarget; error: unknown }[] = [...shielded];
    const cancelled: V2JobTarget[] = [];
    for (const target of claimed) {
      const result = results.get(target.job.jobId);
      // "Not found" after a refused batch: that request deleted it after all, or someone else did.
      if (result?.ok || isGone(result?.error)) {
        accepted.push(target);
        continue;
      }
      tracker.releaseV2Job(target.job.jobId);
      if (!result || (result.error instanceof CancelledError && result.attempts === 0)) {
        cancelled.push(target);
      } else {
        failed.push({ target, error: result.error });
      }
    }
    if (failed.length > 0) {
      this.deps.tree.refresh();
    }
    this.deps.logger.info(`Deletion of ${accepted.length} of ${claimed.length} training jobs accepted (${via === 'batch' ? 'batch delete' : 'one DELETE each'})` +
      `${cancelled.length > 0 ? `, ${cancelled.length} cancelled before being sent` : ''}${failed.length > 0 ? `, ${failed.length} failed` : ''}.`);
    failed.forEach(f => this.deps.logger.error(`Could not delete ${describeV2Job(f.target.job)}`, f.error));
    const followed = Promise.all(accepted.map(async target => ({ target, outcome: await tracker.trackV2Job(client, target.job.jobId) })));
    return { claimed, accepted, failed, cancelled, via, followed };
  }

  /**
   * Sends the jobs in batch requests of up to {@link V2_MAX_BATCH}, recording each accepted job in
   * `results`; stops at the first sign that the project has no batch delete. A batch refused as a
   * whole (say, one job was already gone) leaves its jobs to be sent one by one.
   */
  private async sendBatches(
    client: ModelArtsApi, jobIds: readonly string[], results: Map<string, DeleteJobResult>, options: { readonly signal?: AbortSignal; readonly onResult?: OnResult },
  ): Promise<'batch' | 'each'> {
    let via: 'batch' | 'each' = 'each';
    for (let at = 0; at < jobIds.length && !this.noBatchDelete.has(client) && !options.signal?.aborted; at += V2_MAX_BATCH) {
      const chunk = jobIds.slice(at, at + V2_MAX_BATCH);
      let answer: void | typeof UNSUPPORTED;
      try {
        answer = await client.v2.batchDeleteJobs(chunk, { signal: options.signal });
      } catch (error) {
        this.deps.logger.warn(`A batch delete of ${chunk.length} training jobs was refused; deleting them one by one. ${String(error)}`);
        continue;
      }
      if (answer === UNSUPPORTED) {
        this.noBatchDelete.add(client);
        this.deps.logger.info('This project has no batch delete of training jobs; deleting them one by one.');
        break;
      }
      via = 'batch';
      for (const jobId of chunk) {
        const result = { jobId, ok: true, attempts: 1, throttled: 0 };
        results.set(jobId, result);
        options.onResult?.(result);
      }
    }
    return via;
  }
}

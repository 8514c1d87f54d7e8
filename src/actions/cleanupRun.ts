/**
 * Running a clean-up plan: only the items the user kept checked in the preview, each read again just
 * before its deletion and sent only if it is still what the preview showed (same status, still
 * selected by the rule, not protected meanwhile). A job's items (new-version jobs: a name's) are read
 * again together, then sent at once; at most `concurrency` jobs at a time. Deletions go through the
 * same actions as any deletion (claimed, refused on another connection, followed to their end).
 */
import { mapLimit } from '../client/async';
import { CancelledError, isGone } from '../client/errors';
import type { TrainingJobVersion } from '../client/types';
import type { BatchResult } from '../model/batchReport';
import { recheckV2Jobs, recheckVersions, type CleanupPlan, type PlanItem, type Recheck } from '../model/cleanupPlan';
import type { TargetConnection } from '../model/connection';
import type { V2JobTarget, VersionTarget } from '../model/targets';
import { scopeOf } from '../model/protection';
import { describeError } from '../util/describeError';
import { t } from '../util/l10n';
import { listV2Jobs } from './cleanupEvaluation';
import { ProtectedError, refusal, type ActionsDeps, type BatchOutcome, type ConnectionChangedError } from './change';
import type { DeletionOutcome } from './deletionTracker';
import type { V2BatchOutcome } from './v2Actions';

/** How one chosen item ended; `reason` says why for anything but `deleted`. */
export interface CleanupEntry {
  readonly item: PlanItem;
  readonly result: BatchResult;
  readonly reason?: string;
}

/** What a run did: refused as a whole, or the items decided without a deletion and the deletions being followed. */
export interface CleanupOutcome {
  /** The connection changed since the plan was made: nothing was read or sent. */
  readonly refused?: ConnectionChangedError;
  /** Items not sent (changed, protected, cancelled, failed) and items whose request failed. */
  readonly decided: readonly CleanupEntry[];
  /** Settles when every accepted deletion ended (deleted, failed in ModelArts, or not confirmed). */
  readonly followed: Promise<readonly CleanupEntry[]>;
}

/** How a run goes. */
export interface CleanupRunOptions {
  /** Jobs (new-version: names) handled at once. */
  readonly concurrency: number;
  /** Stops: what was not sent yet never is. */
  readonly signal?: AbortSignal;
  readonly now: () => number;
  /** Hears each item once decided: `sent`, or how it ended without a deletion. */
  readonly onDecided?: (item: PlanItem, result: BatchResult | 'sent') => void;
}

/** The deletions a run sends through. */
export interface CleanupSenders {
  deleteVersions(targets: readonly VersionTarget[], connection: TargetConnection, options: { concurrency: number; signal?: AbortSignal }): Promise<BatchOutcome>;
  readonly v2: {
    deleteJobs(targets: readonly V2JobTarget[], connection: TargetConnection, options: { concurrency: number; signal?: AbortSignal }): Promise<V2BatchOutcome>;
  };
}

/** Runs clean-up plans; built by `Actions`, as its `cleanup`. */
export class CleanupActions {
  constructor(private readonly deps: ActionsDeps, private readonly senders: CleanupSenders) {}

  /** Runs `chosen` (items of `plan` the user kept checked) with the connection the plan was made with. */
  async run(connection: TargetConnection, plan: CleanupPlan, chosen: readonly PlanItem[], options: CleanupRunOptions): Promise<CleanupOutcome> {
    const refused = await refusal(this.deps, connection);
    if (refused) {
      return { refused, decided: [], followed: Promise.resolve([]) };
    }
    const decided: CleanupEntry[] = [];
    const decide = (item: PlanItem, result: BatchResult, reason?: string): void => {
      decided.push({ item, result, ...(reason !== undefined ? { reason } : {}) });
      options.onDecided?.(item, result);
    };
    const groups = new Map<string, PlanItem[]>();
    chosen.forEach(item => {
      const key = plan.kind === 'v1' ? item.jobId : item.jobName;
      groups.set(key, [...(groups.get(key) ?? []), item]);
    });
    const followed: Promise<readonly CleanupEntry[]>[] = [];
    await mapLimit([...groups.values()], options.concurrency, async items => {
      const sent = await this.runGroup(connection, plan, items, options, decide);
      if (sent) {
        followed.push(sent.ended);
      }
    });
    return { decided, followed: Promise.all(followed).then(lists => lists.flat()) };
  }

  /** One job's (or name's) items: protection, the check against a fresh read, then the deletion of what still holds. */
  private async runGroup(
    connection: TargetConnection, plan: CleanupPlan, items: readonly PlanItem[], options: CleanupRunOptions,
    decide: (item: PlanItem, result: BatchResult, reason?: string) => void,
  ): Promise<{ readonly ended: Promise<readonly CleanupEntry[]> } | undefined> {
    if (options.signal?.aborted) {
      items.forEach(item => decide(item, 'cancelled'));
      return undefined;
    }
    const scope = scopeOf(connection);
    const shielded = (item: PlanItem) => this.deps.protections?.isProtected(scope, item.version
      ? { kind: 'version', jobId: item.jobId, versionId: item.version.versionId } : { kind: 'v2job', jobId: item.jobId }) === true;
    items.filter(shielded).forEach(item => decide(item, 'protected', t('protected after the preview')));
    const rest = items.filter(item => !shielded(item));
    if (rest.length === 0) {
      return undefined;
    }
    let checks: Map<string, Recheck>;
    try {
      checks = await this.recheck(connection, plan, rest, options);
    } catch (error) {
      const cancelled = error instanceof CancelledError || options.signal?.aborted === true;
      rest.forEach(item => decide(item, cancelled ? 'cancelled' : 'failed', cancelled ? undefined : t('not read again before its deletion: {0}', describeError(error))));
      return undefined;
    }
    const send: PlanItem[] = [];
    for (const item of rest) {
      const check = checks.get(item.key);
      if (check?.send) {
        send.push(item);
      } else {
        decide(item, 'changed', check?.why ?? t('not read again'));
      }
    }
    return send.length === 0 ? undefined : this.send(connection, plan, send, options, decide);
  }

  /** Reads the group again: a job's versions (old-version), or every job of the name (new-version). */
  private async recheck(connection: TargetConnection, plan: CleanupPlan, items: readonly PlanItem[], options: CleanupRunOptions): Promise<Map<string, Recheck>> {
    const { client } = connection;
    if (plan.kind === 'v2') {
      const same = await listV2Jobs(client, { search: items[0].jobName, exact: items[0].jobName }, options);
      return recheckV2Jobs(plan.rule, items, same, options.now());
    }
    let fresh: { jobName: string; versions: readonly TrainingJobVersion[] } | 'gone';
    try {
      const all = await client.listAllVersions(items[0].jobId, { signal: options.signal });
      fresh = { jobName: all.jobName || items[0].jobName, versions: all.versions };
    } catch (error) {
      if (!isGone(error)) {
        throw error;
      }
      fresh = 'gone';
    }
    return recheckVersions(plan.rule, items, fresh, options.now());
  }

  /** Sends the group's deletions; resolves once sent, with `ended`: how the accepted ones ended, once they did. */
  private async send(
    connection: TargetConnection, plan: CleanupPlan, items: readonly PlanItem[], options: CleanupRunOptions,
    decide: (item: PlanItem, result: BatchResult, reason?: string) => void,
  ): Promise<{ readonly ended: Promise<readonly CleanupEntry[]> }> {
    const byKey = new Map(items.map(item => [item.key, item]));
    const keyOf = (target: VersionTarget | V2JobTarget) => 'job' in target ? target.job.jobId : `${target.jobId}/${target.version.versionId}`;
    const itemOf = (target: VersionTarget | V2JobTarget) => byKey.get(keyOf(target)) as PlanItem;
    const batch: BatchOutcome | V2BatchOutcome = plan.kind === 'v1'
      ? await this.senders.deleteVersions(items.map(item => ({ connection, jobId: item.jobId, jobName: item.jobName, version: item.version as TrainingJobVersion })),
        connection, { concurrency: 1, signal: options.signal })
      : await this.senders.v2.deleteJobs(items.map(item => ({ connection, job: item.v2Job as NonNullable<PlanItem['v2Job']> })), connection, { concurrency: 1, signal: options.signal });
    if (batch.refused) {
      items.forEach(item => decide(item, 'failed', batch.refused?.message));
      return { ended: Promise.resolve([]) };
    }
    const settled = new Set<string>();
    for (const { target, error } of batch.failed) {
      settled.add(keyOf(target));
      decide(itemOf(target), error instanceof ProtectedError ? 'protected' : 'failed', describeError(error));
    }
    for (const target of batch.cancelled) {
      settled.add(keyOf(target));
      decide(itemOf(target), 'cancelled');
    }
    const accepted = new Set<string>(batch.accepted.map(keyOf));
    items.filter(item => !settled.has(item.key) && !accepted.has(item.key)).forEach(item => decide(item, 'skipped', t('already being deleted')));
    accepted.forEach(key => options.onDecided?.(byKey.get(key) as PlanItem, 'sent'));
    const ended = batch.followed as Promise<readonly { readonly target: VersionTarget | V2JobTarget; readonly outcome: DeletionOutcome }[]>;
    return { ended: ended.then(list => list.map(({ target, outcome }) => this.ending(itemOf(target), outcome))) };
  }

  /** How an accepted deletion ended, as an entry of the report. */
  private ending(item: PlanItem, outcome: DeletionOutcome): CleanupEntry {
    if (outcome === 'gone') {
      return { item, result: 'deleted' };
    }
    if (outcome === 'failed') {
      const state = item.version ? this.deps.tracker.state(item.jobId, item.version.versionId) : undefined;
      return { item, result: 'failed', reason: state?.phase === 'failed' ? state.reason : t('ModelArts could not delete it') };
    }
    return { item, result: 'unconfirmed' };
  }
}

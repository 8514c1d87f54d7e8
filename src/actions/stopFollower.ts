/**
 * Follows a stop ModelArts accepted until the version has stopped: a stop, like a deletion, is
 * asynchronous (the version shows 9 KILLING, then 12 KILLED or another final status).
 */
import { isGone } from '../client/errors';
import type { ModelArtsApi, TrainingJobVersion } from '../client/types';
import type { V2Job } from '../client/v2Types';
import { isActive } from '../model/status';
import { isV2Active } from '../model/v2Phase';
import { capitalize } from '../util/format';
import type { Logger } from '../util/logger';
import { DEFAULT_POLL_DELAYS_MS, pollUntil } from './poll';

/** How a followed stop ended. */
export type StopOutcome =
  /** The version is no longer running or in progress: `version` as ModelArts now shows it. */
  | { readonly kind: 'stopped'; readonly version: TrainingJobVersion }
  /** The version (or its job) no longer exists. */
  | { readonly kind: 'gone' }
  /** Still stopping when the follower gave up (about 2 minutes). */
  | { readonly kind: 'timeout' }
  /** The follower was disposed or the client closed (sign-out, another connection). */
  | { readonly kind: 'cancelled' };

/** How a followed stop of a v2 job ended: as for a version, `stopped` with the job as ModelArts now shows it. */
export type V2StopOutcome = { readonly kind: 'stopped'; readonly job: V2Job } | Exclude<StopOutcome, { kind: 'stopped' }>;

/** What the follower needs. */
export interface StopFollowerDeps {
  readonly logger: Logger;
  /** Waits between polls; after the last one the follower gives up. */
  readonly delaysMs?: readonly number[];
  /** Hears each reading of the version while it is still stopping (the tree shows it). */
  readonly onProgress?: (version: TrainingJobVersion) => void;
  /** The same for a v2 job. */
  readonly onV2Progress?: (job: V2Job) => void;
}

const key = (jobId: string, versionId: string) => `${jobId}/${versionId}`;

/** Follows each accepted stop once, reading the version with the client that sent the stop. */
export class StopFollower {
  private readonly following = new Map<string, Promise<unknown>>();
  private readonly abort = new AbortController();

  constructor(private readonly deps: StopFollowerDeps) {}

  /** True while the stop of this version is being followed. */
  isFollowing(jobId: string, versionId: string): boolean {
    return this.following.has(key(jobId, versionId));
  }

  /** Follows the stop of a version (a second call while following joins the first). Never rejects. */
  follow(client: ModelArtsApi, jobId: string, versionId: string): Promise<StopOutcome> {
    return this.followKey(key(jobId, versionId), `version ${versionId} of job ${jobId}`, async signal => {
      const version = await client.getVersion(jobId, versionId, { signal });
      if (!isActive(version.status)) {
        return { kind: 'stopped', version } as const;
      }
      this.deps.onProgress?.(version);
      return undefined;
    });
  }

  /** Follows the stop of a new-version (v2) job until it leaves Terminating (or any active phase). Never rejects. */
  followV2(client: ModelArtsApi, jobId: string): Promise<V2StopOutcome> {
    return this.followKey(`v2:${jobId}`, `training job ${jobId}`, async signal => {
      const job = await client.v2.getJob(jobId, { signal });
      if (!isV2Active(job.phase)) {
        return { kind: 'stopped', job } as const;
      }
      this.deps.onV2Progress?.(job);
      return undefined;
    });
  }

  /** Polls `read` until it decides, the item is gone, or the delays run out; one following per key. */
  private followKey<T extends { readonly kind: 'stopped' }>(
    k: string, what: string, read: (signal: AbortSignal) => Promise<T | undefined>,
  ): Promise<T | Exclude<StopOutcome, { kind: 'stopped' }>> {
    const running = this.following.get(k);
    if (running) {
      return running as Promise<T | Exclude<StopOutcome, { kind: 'stopped' }>>;
    }
    const followed = pollUntil(this.deps.delaysMs ?? DEFAULT_POLL_DELAYS_MS, this.abort.signal, async signal => {
      try {
        return await read(signal);
      } catch (error) {
        if (isGone(error)) {
          return { kind: 'gone' } as const;
        }
        throw error;
      }
    }, error => this.deps.logger.error(`Checking the stop of ${what} failed`, error)).then((end): T | Exclude<StopOutcome, { kind: 'stopped' }> => {
      this.following.delete(k);
      if (end.kind === 'decided') {
        this.deps.logger.info(end.value.kind === 'gone' ? `${capitalize(what)} no longer exists.` : `The stop of ${what} is done.`);
        return end.value;
      }
      if (end.kind === 'timeout') {
        this.deps.logger.warn(`${capitalize(what)} was still stopping when the extension stopped checking; refresh to see its state.`);
      }
      return end;
    });
    this.following.set(k, followed);
    return followed;
  }

  /** Resolves when no stop is being followed (for tests). */
  async whenIdle(): Promise<void> {
    while (this.following.size > 0) {
      await Promise.all([...this.following.values()]);
    }
  }

  dispose(): void {
    this.abort.abort();
  }
}

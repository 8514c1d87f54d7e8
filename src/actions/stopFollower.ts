/**
 * Follows a stop ModelArts accepted until the version has stopped: a stop, like a deletion, is
 * asynchronous (the version shows 9 KILLING, then 12 KILLED or another final status).
 */
import { isGone } from '../client/errors';
import type { ModelArtsApi, TrainingJobVersion } from '../client/types';
import { isActive } from '../model/status';
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

/** What the follower needs. */
export interface StopFollowerDeps {
  readonly logger: Logger;
  /** Waits between polls; after the last one the follower gives up. */
  readonly delaysMs?: readonly number[];
  /** Hears each reading of the version while it is still stopping (the tree shows it). */
  readonly onProgress?: (version: TrainingJobVersion) => void;
}

const key = (jobId: string, versionId: string) => `${jobId}/${versionId}`;

/** Follows each accepted stop once, reading the version with the client that sent the stop. */
export class StopFollower {
  private readonly following = new Map<string, Promise<StopOutcome>>();
  private readonly abort = new AbortController();

  constructor(private readonly deps: StopFollowerDeps) {}

  /** True while the stop of this version is being followed. */
  isFollowing(jobId: string, versionId: string): boolean {
    return this.following.has(key(jobId, versionId));
  }

  /** Follows the stop of a version (a second call while following joins the first). Never rejects. */
  follow(client: ModelArtsApi, jobId: string, versionId: string): Promise<StopOutcome> {
    const k = key(jobId, versionId);
    const running = this.following.get(k);
    if (running) {
      return running;
    }
    const what = `version ${versionId} of job ${jobId}`;
    const followed = pollUntil(this.deps.delaysMs ?? DEFAULT_POLL_DELAYS_MS, this.abort.signal, async signal => {
      try {
        const version = await client.getVersion(jobId, versionId, { signal });
        if (!isActive(version.status)) {
          return { kind: 'stopped', version } as const;
        }
        this.deps.onProgress?.(version);
        return undefined;
      } catch (error) {
        if (isGone(error)) {
          return { kind: 'gone' } as const;
        }
        throw error;
      }
    }, error => this.deps.logger.error(`Checking the stop of ${what} failed`, error)).then((end): StopOutcome => {
      this.following.delete(k);
      if (end.kind === 'decided') {
        this.deps.logger.info(end.value.kind === 'gone' ? `Version ${versionId} of job ${jobId} no longer exists.` : `The stop of ${what} is done.`);
        return end.value;
      }
      if (end.kind === 'timeout') {
        this.deps.logger.warn(`Version ${versionId} of job ${jobId} was still stopping when the extension stopped checking; refresh to see its state.`);
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

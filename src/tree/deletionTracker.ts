/** Follows accepted version deletions until ModelArts confirms them (deletion is asynchronous). */
import * as vscode from 'vscode';
import { NotFoundError } from '../client/errors';
import type { ModelArtsApi } from '../client/types';
import type { Logger } from '../util/logger';
import type { DeletionState } from './nodes';
import { DELETE_FAILED, deleteFailureReason } from './status';

/** How a followed deletion ended. */
export type DeletionOutcome = 'gone' | 'failed' | 'timeout' | 'cancelled';

/** A change of one version's deletion state. */
export interface DeletionChange {
  readonly jobId: string;
  readonly versionId: string;
  readonly outcome?: DeletionOutcome;
}

/** What the tracker needs. */
export interface DeletionTrackerDeps {
  readonly getClient: () => Promise<ModelArtsApi | undefined>;
  readonly logger: Logger;
  /** Waits between polls; bounded: after the last one the tracker gives up. Default about 2 minutes in all. */
  readonly delaysMs?: readonly number[];
}

/** Backoff between polls: quick at first (most deletions finish within seconds), then slower. */
export const DEFAULT_POLL_DELAYS_MS: readonly number[] = [500, 1000, 2000, 3000, 5000, 5000, 10_000, 10_000, 15_000, 30_000, 30_000];

const key = (jobId: string, versionId: string) => `${jobId}/${versionId}`;

/**
 * Remembers which versions are "Deleting…" and polls each one (`GET …/versions/{id}`) with backoff
 * until it is gone (404 / ModelArts.0015) or has status 6 DELETE_FAILED. Fires `onDidChange` when a
 * state starts or ends, so the tree re-renders that job's versions.
 */
export class DeletionTracker implements vscode.Disposable {
  private readonly states = new Map<string, DeletionState>();
  private readonly polls = new Map<string, Promise<DeletionOutcome>>();
  private readonly changed = new vscode.EventEmitter<DeletionChange>();
  private readonly abort = new AbortController();

  /** Fires when a version's deletion state changes. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: DeletionTrackerDeps) {}

  /** The deletion state of a version, if its deletion was requested in this session. */
  state(jobId: string, versionId: string): DeletionState | undefined {
    return this.states.get(key(jobId, versionId));
  }

  /** Marks the version "Deleting…" and follows it; resolves with how it ended (never rejects). */
  track(jobId: string, versionId: string): Promise<DeletionOutcome> {
    const k = key(jobId, versionId);
    const running = this.polls.get(k);
    if (running) {
      return running;
    }
    this.states.set(k, { phase: 'deleting' });
    this.changed.fire({ jobId, versionId });
    const poll = this.poll(jobId, versionId).then(outcome => {
      this.polls.delete(k);
      if (outcome !== 'failed') {
        this.states.delete(k);
      }
      this.changed.fire({ jobId, versionId, outcome });
      return outcome;
    });
    this.polls.set(k, poll);
    return poll;
  }

  /** Forgets a version's state (say, before deleting it again after DELETE_FAILED). */
  forget(jobId: string, versionId: string): void {
    if (!this.polls.has(key(jobId, versionId))) {
      this.states.delete(key(jobId, versionId));
    }
  }

  /** Resolves when no deletion is being followed any more (for tests and the test API). */
  async whenIdle(): Promise<void> {
    while (this.polls.size > 0) {
      await Promise.all([...this.polls.values()]);
    }
  }

  dispose(): void {
    this.abort.abort();
    this.changed.dispose();
  }

  private async poll(jobId: string, versionId: string): Promise<DeletionOutcome> {
    const k = key(jobId, versionId);
    for (const delay of this.deps.delaysMs ?? DEFAULT_POLL_DELAYS_MS) {
      if (!(await this.sleep(delay))) {
        return 'cancelled';
      }
      try {
        const client = await this.deps.getClient();
        if (!client) {
          return 'cancelled';
        }
        const version = await client.getVersion(jobId, versionId, { signal: this.abort.signal });
        if (version.status === DELETE_FAILED) {
          const reason = deleteFailureReason(version);
          this.states.set(k, { phase: 'failed', reason });
          this.deps.logger.warn(`Deleting version ${versionId} of job ${jobId} failed: ${reason}.`);
          return 'failed';
        }
      } catch (error) {
        if (error instanceof NotFoundError) {
          this.deps.logger.info(`Version ${versionId} of job ${jobId} is deleted.`);
          return 'gone';
        }
        if (this.abort.signal.aborted) {
          return 'cancelled';
        }
        // A transient failure: keep polling until the bound.
        this.deps.logger.error(`Checking the deletion of version ${versionId} of job ${jobId} failed`, error);
      }
    }
    this.deps.logger.warn(`Version ${versionId} of job ${jobId} was still being deleted when the extension stopped checking; refresh to see its state.`);
    return 'timeout';
  }

  /** Waits `ms`; false when the tracker was disposed meanwhile. */
  private sleep(ms: number): Promise<boolean> {
    return new Promise(resolve => {
      if (this.abort.signal.aborted) {
        resolve(false);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.abort.signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      this.abort.signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/**
 * Follows deletions of versions and of whole jobs from the moment one is confirmed until ModelArts
 * confirms it (deletion is asynchronous).
 */
import * as vscode from 'vscode';
import { CancelledError, NotFoundError } from '../client/errors';
import type { ModelArtsApi, TrainingJobVersion } from '../client/types';
import type { Logger } from '../util/logger';
import type { DeletionState } from './nodes';
import { DELETE_FAILED, deleteFailureReason } from './status';

/** How a followed deletion ended. */
export type DeletionOutcome = 'gone' | 'failed' | 'timeout' | 'cancelled';

/** A change of one version's deletion state, or of a whole job's. */
export interface DeletionChange {
  readonly jobId: string;
  /** The version whose deletion state changed; absent when it is the deletion of the whole job. */
  readonly versionId?: string;
  /** Set when following the deletion ended. */
  readonly outcome?: DeletionOutcome;
  /** `failed`: the version as ModelArts now lists it (status 6 DELETE_FAILED, with its reason). */
  readonly version?: TrainingJobVersion;
  /** `gone`: how many versions the job had in the listing that showed this one gone. */
  readonly versionCount?: number;
  /** `gone`: the job itself no longer exists (its version list answered 404 ModelArts.0015). Always set for a job. */
  readonly jobGone?: boolean;
}

/** What the tracker needs. */
export interface DeletionTrackerDeps {
  readonly logger: Logger;
  /** Waits between polls; bounded: after the last one the tracker gives up. Default about 2 minutes in all. */
  readonly delaysMs?: readonly number[];
}

/** Backoff between polls: quick at first (most deletions finish within seconds), then slower. */
export const DEFAULT_POLL_DELAYS_MS: readonly number[] = [500, 1000, 2000, 3000, 5000, 5000, 10_000, 10_000, 15_000, 30_000, 30_000];

/** The version list page size while polling: the API's maximum, so a job is usually one request. */
const POLL_PAGE_SIZE = 1000;
/** A bound on the pages read per poll (20,000 versions), so a misbehaving answer cannot loop. */
const MAX_POLL_PAGES = 20;

/** A job's versions as one poll saw them, or the job being gone. */
type Listing =
  | { readonly jobGone: false; readonly versions: ReadonlyMap<string, TrainingJobVersion>; readonly versionCount: number }
  | { readonly jobGone: true };

/** A version's key is `jobId/versionId`; a whole job's is its ID alone. */
const key = (jobId: string, versionId?: string) => versionId === undefined ? jobId : `${jobId}/${versionId}`;
const busy = (state: DeletionState | undefined) => state?.phase === 'sending' || state?.phase === 'deleting';

/**
 * Remembers each version, and each whole job, whose deletion is under way and tells the tree, through
 * `onDidChange`:
 *
 * - `claim()` (`claimJob()`) marks a pair (a job) "Deleting…" before its DELETE is sent; a second
 *   claim fails, so two invocations can never both send one; no version of a job being deleted can be
 *   claimed either;
 * - `track()` follows an accepted version deletion by listing that job's versions with the client
 *   that sent the DELETE, with backoff, until the version is absent (or the job's list answers 404
 *   ModelArts.0015), or shows status 6 DELETE_FAILED; `trackJob()` follows a job deletion the same
 *   way until the job's version list answers 404 ModelArts.0015; any other answer, an API-gateway 404
 *   included, is not taken for "gone";
 * - after the last poll the state stays `unconfirmed` ("Refresh to check") until a refresh.
 */
export class DeletionTracker implements vscode.Disposable {
  private readonly states = new Map<string, DeletionState>();
  private readonly polls = new Map<string, Promise<DeletionOutcome>>();
  /** Listings in flight per job, shared by the pairs of that job polled with the same client. */
  private readonly listings = new Map<string, { readonly client: ModelArtsApi; readonly listing: Promise<Listing> }>();
  private readonly changed = new vscode.EventEmitter<DeletionChange>();
  private readonly abort = new AbortController();

  /** Fires when a version's deletion state changes. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: DeletionTrackerDeps) {}

  /** The deletion state of a version, if its deletion was requested in this session. */
  state(jobId: string, versionId: string): DeletionState | undefined {
    return this.states.get(key(jobId, versionId));
  }

  /** The deletion state of a whole job, if its deletion was requested in this session. */
  jobState(jobId: string): DeletionState | undefined {
    return this.states.get(key(jobId));
  }

  /**
   * True while the pair's DELETE is being sent or its deletion is being confirmed, or while the whole
   * job is being deleted.
   */
  isBusy(jobId: string, versionId: string): boolean {
    return busy(this.state(jobId, versionId)) || this.isJobBusy(jobId);
  }

  /** True while the job's DELETE is being sent or its deletion is being confirmed. */
  isJobBusy(jobId: string): boolean {
    return busy(this.jobState(jobId));
  }

  /**
   * Marks the pair "Deleting…" before its DELETE is sent. False (and nothing changes) when the pair,
   * or its whole job, is already being deleted: the caller must then send nothing.
   */
  claim(jobId: string, versionId: string): boolean {
    return !this.isBusy(jobId, versionId) && this.begin(jobId, versionId);
  }

  /** Marks a whole job "Deleting…" before its DELETE is sent; false when it is already being deleted. */
  claimJob(jobId: string): boolean {
    return !this.isJobBusy(jobId) && this.begin(jobId, undefined);
  }

  /** Drops a claim whose DELETE was not accepted (failed or never sent). */
  release(jobId: string, versionId: string): void {
    this.drop(jobId, versionId);
  }

  /** Drops a job's claim whose DELETE was not accepted (failed or never sent). */
  releaseJob(jobId: string): void {
    this.drop(jobId, undefined);
  }

  /**
   * Follows an accepted deletion, polling with `client` (the one that sent the DELETE). Resolves
   * with how it ended (never rejects); a pair already followed returns the same promise.
   */
  track(jobId: string, versionId: string, client: ModelArtsApi): Promise<DeletionOutcome> {
    return this.follow(jobId, versionId, client);
  }

  /**
   * Follows an accepted deletion of a whole job, polling with `client` (the one that sent the
   * DELETE) until its version list answers 404 ModelArts.0015. Resolves with `gone` or `timeout`
   * (or `cancelled` on dispose), never rejects; a job already followed returns the same promise.
   */
  trackJob(jobId: string, client: ModelArtsApi): Promise<DeletionOutcome> {
    return this.follow(jobId, undefined, client);
  }

  /**
   * Forgets what an explicit refresh shows afresh: `failed` and `unconfirmed` states (of one job and
   * its versions, or of every job). Deletions in progress are kept.
   */
  forgetSettled(jobId?: string): void {
    for (const [k, state] of this.states) {
      if (!busy(state) && (jobId === undefined || k === jobId || k.startsWith(`${jobId}/`))) {
        this.states.delete(k);
      }
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

  private begin(jobId: string, versionId: string | undefined): boolean {
    this.states.set(key(jobId, versionId), { phase: 'sending' });
    this.changed.fire({ jobId, versionId });
    return true;
  }

  private drop(jobId: string, versionId: string | undefined): void {
    const k = key(jobId, versionId);
    if (this.states.get(k)?.phase === 'sending') {
      this.states.delete(k);
      this.changed.fire({ jobId, versionId });
    }
  }

  private follow(jobId: string, versionId: string | undefined, client: ModelArtsApi): Promise<DeletionOutcome> {
    const k = key(jobId, versionId);
    const running = this.polls.get(k);
    if (running) {
      return running;
    }
    this.states.set(k, { phase: 'deleting' });
    this.changed.fire({ jobId, versionId });
    const poll = (versionId === undefined ? this.pollJob(jobId, client) : this.poll(jobId, versionId, client)).then(change => {
      this.polls.delete(k);
      switch (change.outcome) {
        case 'failed':
          this.states.set(k, { phase: 'failed', reason: change.version ? deleteFailureReason(change.version) : deleteFailureReason({}) });
          break;
        case 'timeout':
          this.states.set(k, { phase: 'unconfirmed' });
          break;
        default:
          this.states.delete(k);
      }
      if (change.outcome === 'gone' && change.jobGone) {
        // Settled states of a job that no longer exists mean nothing any more.
        this.forgetSettled(jobId);
      }
      this.changed.fire(change);
      return change.outcome ?? 'cancelled';
    });
    this.polls.set(k, poll);
    return poll;
  }

  /**
   * Polls whether a job is gone: one small page of its versions per poll (the answer's content does
   * not matter, only whether ModelArts still knows the job).
   */
  private async pollJob(jobId: string, client: ModelArtsApi): Promise<DeletionChange> {
    for (const delay of this.deps.delaysMs ?? DEFAULT_POLL_DELAYS_MS) {
      if (!(await this.sleep(delay))) {
        return { jobId, outcome: 'cancelled' };
      }
      try {
        await client.listVersions(jobId, { page: 1, perPage: 1, signal: this.abort.signal });
      } catch (error) {
        if (error instanceof NotFoundError && error.errorCode === 'ModelArts.0015') {
          this.deps.logger.info(`Training job ${jobId} is deleted.`);
          return { jobId, outcome: 'gone', jobGone: true, versionCount: 0 };
        }
        // Disposed, or the client was closed (signed out, connection changed): stop asking.
        if (this.abort.signal.aborted || error instanceof CancelledError) {
          return { jobId, outcome: 'cancelled' };
        }
        this.deps.logger.error(`Checking the deletion of job ${jobId} failed`, error);
      }
    }
    this.deps.logger.warn(`ModelArts had not confirmed the deletion of job ${jobId} when the extension stopped checking; refresh to see its state.`);
    return { jobId, outcome: 'timeout' };
  }

  private async poll(jobId: string, versionId: string, client: ModelArtsApi): Promise<DeletionChange> {
    const what = `version ${versionId} of job ${jobId}`;
    for (const delay of this.deps.delaysMs ?? DEFAULT_POLL_DELAYS_MS) {
      if (!(await this.sleep(delay))) {
        return { jobId, versionId, outcome: 'cancelled' };
      }
      let listing: Listing;
      try {
        listing = await this.listing(client, jobId);
      } catch (error) {
        if (this.abort.signal.aborted || error instanceof CancelledError) {
          return { jobId, versionId, outcome: 'cancelled' };
        }
        // Not an answer about the version (a gateway 404, throttling, a network error): ask again later.
        this.deps.logger.error(`Checking the deletion of ${what} failed`, error);
        continue;
      }
      if (listing.jobGone) {
        this.deps.logger.info(`Version ${versionId} of job ${jobId} is deleted, and the job with it.`);
        return { jobId, versionId, outcome: 'gone', jobGone: true, versionCount: 0 };
      }
      const version = listing.versions.get(versionId);
      if (!version) {
        this.deps.logger.info(`Version ${versionId} of job ${jobId} is deleted.`);
        return { jobId, versionId, outcome: 'gone', versionCount: listing.versionCount };
      }
      if (version.status === DELETE_FAILED) {
        this.deps.logger.warn(`Deleting ${what} failed: ${deleteFailureReason(version)}.`);
        return { jobId, versionId, outcome: 'failed', version };
      }
    }
    this.deps.logger.warn(`ModelArts had not confirmed the deletion of ${what} when the extension stopped checking; refresh to see its state.`);
    return { jobId, versionId, outcome: 'timeout' };
  }

  /** The job's versions; pairs of one job polled at the same moment with the same client share one listing. */
  private listing(client: ModelArtsApi, jobId: string): Promise<Listing> {
    const shared = this.listings.get(jobId);
    if (shared?.client === client) {
      return shared.listing;
    }
    const listing = this.listAll(client, jobId).finally(() => {
      if (this.listings.get(jobId)?.listing === listing) {
        this.listings.delete(jobId);
      }
    });
    this.listings.set(jobId, { client, listing });
    return listing;
  }

  private async listAll(client: ModelArtsApi, jobId: string): Promise<Listing> {
    const versions = new Map<string, TrainingJobVersion>();
    let versionCount = 0;
    try {
      for (let page = 1; page <= MAX_POLL_PAGES; page++) {
        const result = await client.listVersions(jobId, { page, perPage: POLL_PAGE_SIZE, signal: this.abort.signal });
        versionCount = result.versionCount;
        for (const version of result.versions) {
          versions.set(version.versionId, version);
        }
        if (result.versions.length < POLL_PAGE_SIZE || versions.size >= result.versionCount) {
          break;
        }
      }
    } catch (error) {
      // Only ModelArts's own "not found" means the job is gone; a gateway 404 (APIG.0101) is a wrong path.
      if (error instanceof NotFoundError && error.errorCode === 'ModelArts.0015') {
        return { jobGone: true };
      }
      throw error;
    }
    return { jobGone: false, versions, versionCount };
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

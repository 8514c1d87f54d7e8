/** Follows deletions of versions, jobs and v2 jobs from their confirmation until ModelArts confirms them (deletion is asynchronous). */
import { isGone } from '../client/errors';
import type { AllVersions, ModelArtsApi, TrainingJobVersion } from '../client/types';
import { DELETE_FAILED, deleteFailureReason } from '../model/status';
import { Emitter } from '../util/emitter';
import type { Logger } from '../util/logger';
import { DEFAULT_POLL_DELAYS_MS, pollUntil } from './poll';

/**
 * What the tracker knows about a version (or job) whose deletion was confirmed: `sending` (its DELETE
 * is about to go or in flight), `deleting` (accepted, being confirmed), `failed` (DELETE_FAILED, with
 * the reason), `unconfirmed` (the tracker stopped checking before ModelArts confirmed it).
 */
export type DeletionState =
  | { readonly phase: 'sending' }
  | { readonly phase: 'deleting' }
  | { readonly phase: 'failed'; readonly reason: string }
  | { readonly phase: 'unconfirmed' };

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
  /** `gone`: the job itself no longer exists (ModelArts answered "not found" for it). Always set for a job. */
  readonly jobGone?: boolean;
  /** True for a new-version (v2) job, whose IDs live apart from old-version ones. */
  readonly v2?: boolean;
}

/** What the tracker needs. */
export interface DeletionTrackerDeps {
  readonly logger: Logger;
  /** Waits between polls; bounded: after the last one the tracker gives up. Default about 2 minutes in all. */
  readonly delaysMs?: readonly number[];
}

/** A job's versions as one poll saw them, or the job being gone. */
type Listing = { readonly jobGone: false; readonly all: AllVersions } | { readonly jobGone: true };

/** What a state change names: a version, a job, or a v2 job. */
type Ids = Pick<DeletionChange, 'jobId' | 'versionId' | 'v2'>;

/** What one poll decided: the change that ends the following, or undefined to ask again later. */
type Poll = (signal: AbortSignal) => Promise<DeletionChange | undefined>;

/** A version's key is `jobId/versionId`; a whole job's is its ID alone; a v2 job's is `v2:` and its ID. */
const key = (jobId: string, versionId?: string) => versionId === undefined ? jobId : `${jobId}/${versionId}`;
const v2Key = (jobId: string) => `v2:${jobId}`;
const busy = (state: DeletionState | undefined) => state?.phase === 'sending' || state?.phase === 'deleting';

/**
 * Remembers each version, whole job and v2 job whose deletion is under way, and tells the tree
 * (`onDidChange`). `claim…()` marks it "Deleting…" before its DELETE is sent (a second claim fails,
 * so two invocations never both send one; no version of a job being deleted can be claimed).
 * `track…()` follows an accepted deletion with the client that sent it, with backoff: a version until
 * its job's listing lacks it (or the job is gone) or shows 6 DELETE_FAILED; a job until ModelArts
 * says it is gone. Any other answer, a gateway 404 included, is not "gone"; a closed client ends it
 * as `cancelled`; after the last poll the state stays `unconfirmed` ("Refresh to check").
 */
export class DeletionTracker {
  private readonly states = new Map<string, DeletionState>();
  private readonly polls = new Map<string, Promise<DeletionOutcome>>();
  /** Listings in flight per job, shared by the pairs of that job polled with the same client. */
  private readonly listings = new Map<string, { readonly client: ModelArtsApi; readonly listing: Promise<Listing> }>();
  private readonly changed = new Emitter<DeletionChange>();
  private readonly abort = new AbortController();

  /** Fires when a version's (or a job's) deletion state changes. */
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

  /** True while the pair's DELETE is being sent or confirmed, or while the whole job is being deleted. */
  isBusy(jobId: string, versionId: string): boolean {
    return busy(this.state(jobId, versionId)) || this.isJobBusy(jobId);
  }

  /** True while the job's DELETE is being sent or its deletion is being confirmed. */
  isJobBusy(jobId: string): boolean {
    return busy(this.jobState(jobId));
  }

  /** The deletion state of a new-version (v2) job, if its deletion was requested in this session. */
  v2JobState(jobId: string): DeletionState | undefined {
    return this.states.get(v2Key(jobId));
  }

  /** True while the v2 job's DELETE is being sent or its deletion is being confirmed. */
  isV2JobBusy(jobId: string): boolean {
    return busy(this.v2JobState(jobId));
  }

  /** Marks a v2 job "Deleting…" before its DELETE is sent; false when it is already being deleted. */
  claimV2Job(jobId: string): boolean {
    return !this.isV2JobBusy(jobId) && this.begin(v2Key(jobId), { jobId, v2: true });
  }

  /** Drops the claim of a v2 job whose DELETE was not accepted. */
  releaseV2Job(jobId: string): void {
    this.releaseKey(v2Key(jobId), { jobId, v2: true });
  }

  /** Follows an accepted deletion of a v2 job, reading it until ModelArts says it does not exist (400 ModelArts.2775). */
  trackV2Job(client: ModelArtsApi, jobId: string): Promise<DeletionOutcome> {
    return this.following(v2Key(jobId), { jobId, v2: true }, `job ${jobId}`,
      this.pollGone(signal => client.v2.getJob(jobId, { signal }), { jobId, outcome: 'gone', jobGone: true, v2: true }));
  }

  /** Marks the pair "Deleting…" before its DELETE is sent; false (nothing changes) when it, or its job, is being deleted. */
  claim(jobId: string, versionId: string): boolean {
    return !this.isBusy(jobId, versionId) && this.begin(key(jobId, versionId), { jobId, versionId });
  }

  /** Marks a whole job "Deleting…" before its DELETE is sent; false when it is already being deleted. */
  claimJob(jobId: string): boolean {
    return !this.isJobBusy(jobId) && this.begin(key(jobId), { jobId });
  }

  /** Drops a claim whose DELETE was not accepted (failed or never sent); `versionId` absent for a job. */
  release(jobId: string, versionId?: string): void {
    this.releaseKey(key(jobId, versionId), { jobId, versionId });
  }

  /**
   * Follows an accepted deletion of a version (or, without `versionId`, of a whole job), polling with
   * `client` (the one that sent the DELETE). Resolves with how it ended (never rejects); a deletion
   * already followed returns the same promise.
   */
  track(client: ModelArtsApi, jobId: string, versionId?: string): Promise<DeletionOutcome> {
    const what = versionId === undefined ? `job ${jobId}` : `version ${versionId} of job ${jobId}`;
    const poll: Poll = versionId === undefined ? signal => this.pollJob(client, jobId, signal) : signal => this.pollVersion(client, jobId, versionId, signal);
    return this.following(key(jobId, versionId), { jobId, versionId }, what, poll);
  }

  /** Forgets what an explicit refresh shows afresh: `failed` and `unconfirmed` states (of one job, or of all). */
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

  private begin(k: string, ids: Ids): boolean {
    this.states.set(k, { phase: 'sending' });
    this.changed.fire(ids);
    return true;
  }

  private releaseKey(k: string, ids: Ids): void {
    if (this.states.get(k)?.phase === 'sending') {
      this.states.delete(k);
      this.changed.fire(ids);
    }
  }

  /** Starts following a deletion (or joins the one under way): "deleting" until a poll decides. */
  private following(k: string, ids: Ids, what: string, poll: Poll): Promise<DeletionOutcome> {
    const running = this.polls.get(k);
    if (running) {
      return running;
    }
    this.states.set(k, { phase: 'deleting' });
    this.changed.fire(ids);
    const following = this.follow(poll, ids, what).then(change => this.settle(k, change));
    this.polls.set(k, following);
    return following;
  }

  /** Polls with backoff until a poll decides, the delays run out (`timeout`), or polling must stop (`cancelled`). */
  private async follow(poll: Poll, ids: Ids, what: string): Promise<DeletionChange> {
    // Errors are not answers about it (a gateway 404, throttling, a network error): ask again later.
    const end = await pollUntil(this.deps.delaysMs ?? DEFAULT_POLL_DELAYS_MS, this.abort.signal, poll,
      error => this.deps.logger.error(`Checking the deletion of ${what} failed`, error));
    if (end.kind === 'decided') {
      return end.value;
    }
    if (end.kind === 'timeout') {
      this.deps.logger.warn(`ModelArts had not confirmed the deletion of ${what} when the extension stopped checking; refresh to see its state.`);
    }
    return { ...ids, outcome: end.kind };
  }

  /** Records how a following ended and tells the tree. */
  private settle(k: string, change: DeletionChange): DeletionOutcome {
    this.polls.delete(k);
    switch (change.outcome) {
      case 'failed':
        this.states.set(k, { phase: 'failed', reason: deleteFailureReason(change.version ?? {}) });
        break;
      case 'timeout':
        this.states.set(k, { phase: 'unconfirmed' });
        break;
      default:
        this.states.delete(k);
    }
    if (change.outcome === 'gone' && change.jobGone) {
      // Settled states of a job that no longer exists mean nothing any more.
      this.forgetSettled(change.v2 ? v2Key(change.jobId) : change.jobId);
    }
    this.changed.fire(change);
    return change.outcome ?? 'cancelled';
  }

  /** Whether a job is gone: one small page of its versions (only whether ModelArts still knows the job matters). */
  private pollJob(client: ModelArtsApi, jobId: string, signal: AbortSignal): Promise<DeletionChange | undefined> {
    return this.pollGone(s => client.listVersions(jobId, { page: 1, perPage: 1, signal: s }), { jobId, outcome: 'gone', jobGone: true, versionCount: 0 })(signal);
  }

  /** A poll that reads the job with `read`: undefined while it answers, `gone` once ModelArts says it does not exist. */
  private pollGone(read: (signal: AbortSignal) => Promise<unknown>, gone: DeletionChange): Poll {
    return async signal => {
      try {
        await read(signal);
        return undefined;
      } catch (error) {
        if (isGone(error)) {
          this.deps.logger.info(`Training job ${gone.jobId} is deleted.`);
          return gone;
        }
        throw error;
      }
    };
  }

  private async pollVersion(client: ModelArtsApi, jobId: string, versionId: string, signal: AbortSignal): Promise<DeletionChange | undefined> {
    const listing = await this.listing(client, jobId, signal);
    if (listing.jobGone) {
      this.deps.logger.info(`Version ${versionId} of job ${jobId} is deleted, and the job with it.`);
      return { jobId, versionId, outcome: 'gone', jobGone: true, versionCount: 0 };
    }
    const version = listing.all.versions.find(v => v.versionId === versionId);
    if (!version) {
      this.deps.logger.info(`Version ${versionId} of job ${jobId} is deleted.`);
      return { jobId, versionId, outcome: 'gone', versionCount: listing.all.versionCount };
    }
    if (version.status === DELETE_FAILED) {
      this.deps.logger.warn(`Deleting version ${versionId} of job ${jobId} failed: ${deleteFailureReason(version)}.`);
      return { jobId, versionId, outcome: 'failed', version };
    }
    return undefined;
  }

  /** The job's versions; pairs of one job polled at the same moment with the same client share one listing. */
  private listing(client: ModelArtsApi, jobId: string, signal: AbortSignal): Promise<Listing> {
    const shared = this.listings.get(jobId);
    if (shared?.client === client) {
      return shared.listing;
    }
    const listing = client.listAllVersions(jobId, { signal }).then(
      (all): Listing => ({ jobGone: false, all }),
      (error: unknown): Listing => {
        if (isGone(error)) {
          return { jobGone: true };
        }
        throw error;
      }).finally(() => {
      if (this.listings.get(jobId)?.listing === listing) {
        this.listings.delete(jobId);
      }
    });
    this.listings.set(jobId, { client, listing });
    return listing;
  }
}

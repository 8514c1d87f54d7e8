/**
 * Deleting many versions at once with a bounded number of requests in flight, as the
 * `modelarts.deleteConcurrency` setting asks, instead of one at a time as a loop over the SDK's
 * `delete_job_version()` would.
 *
 * A 429 (the gateway's throttling, answered before ModelArts acts) pauses every worker until its
 * `Retry-After` has passed and then sends that pair again: throttling is per account, so the other
 * workers would only collect more 429s. Nothing is ever sent before a `Retry-After` has passed: when
 * one asks for longer than `maxRetryAfterMs`, or the waits would add up to more than `maxTotalWaitMs`,
 * the batch stops, and that pair and every pair not yet sent end with the `ThrottledError`. Any other
 * failure is that pair's result and the batch goes on.
 */
import { t } from '../util/l10n';
import { mapLimit, sleep } from './async';
import { CancelledError, ThrottledError } from './errors';
import type { ModelArtsApi } from './types';
import type { ModelArtsV2Api } from './v2Types';

/** One version to delete. */
export interface VersionRef {
  readonly jobId: string;
  readonly versionId: string;
}

/** What happened to one pair. */
export interface DeleteVersionResult extends VersionRef {
  /** True when the service accepted the deletion (`is_success: true`). */
  readonly ok: boolean;
  /** Why not, when `ok` is false: usually a `ModelArtsError`; a `CancelledError` for a pair never sent. */
  readonly error?: unknown;
  /** Requests sent for this pair (0 when cancelled before it was its turn). */
  readonly attempts: number;
  /** How many of those were answered 429. */
  readonly throttled: number;
}

/** What happened to one new-version job of {@link deleteV2Jobs}. */
export interface DeleteJobResult {
  readonly jobId: string;
  readonly ok: boolean;
  readonly error?: unknown;
  readonly attempts: number;
  readonly throttled: number;
}

/** The options of a bulk deletion; `R` is one item's result. */
export interface BulkOptions<R> {
  /** Requests in flight at most; an integer of at least 1. */
  readonly concurrency: number;
  /** Stops sending: pairs not yet sent end as `CancelledError`; requests in flight are aborted. */
  readonly signal?: AbortSignal;
  /** 429s tolerated per pair before giving up with the `ThrottledError` (default 5). */
  readonly maxThrottleRetries?: number;
  /** Wait used when a 429 came without `Retry-After` (default 1000 ms, doubled on each 429 of a pair). */
  readonly defaultRetryAfterMs?: number;
  /** The longest single wait (default 60 000 ms); a longer `Retry-After` stops the batch instead of hanging it. */
  readonly maxRetryAfterMs?: number;
  /** The longest all waits together (default 120 000 ms); beyond it the batch stops. */
  readonly maxTotalWaitMs?: number;
  /** Called once per item as soon as its result is known (progress reporting). */
  readonly onResult?: (result: R) => void;
  /** How to wait; tests pass a recording one. Must reject or resolve early when `signal` aborts. */
  readonly delay?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type DeleteVersionsOptions = BulkOptions<DeleteVersionResult>;

function keyOf(ref: VersionRef): string {
  return `${ref.jobId}/${ref.versionId}`;
}

/**
 * The pause every worker waits on before sending: a 429 extends it for all of them (throttling is per
 * account). It refuses (`stop`) to wait past a single or a total bound: nothing is sent before a
 * `Retry-After`, so the batch stops instead.
 */
class ThrottleGate {
  private gate: Promise<void> = Promise.resolve();
  private waited = 0;
  /** Set when throttling outlasts the bounds: nothing more is sent. */
  stoppedBy?: ThrottledError;

  constructor(private readonly options: BulkOptions<never>) {}

  /** Resolves when sending is allowed again. */
  passed(): Promise<void> {
    return this.gate;
  }

  /** After the pair's `throttled`-th 429: pauses everyone, or stops the batch; true when it may be sent again. */
  throttle(error: ThrottledError, throttled: number): boolean {
    const waitMs = error.retryAfterMs ?? (this.options.defaultRetryAfterMs ?? 1000) * 2 ** (throttled - 1);
    if (waitMs > (this.options.maxRetryAfterMs ?? 60_000) || this.waited + waitMs > (this.options.maxTotalWaitMs ?? 120_000)) {
      this.stoppedBy = error;
      return false;
    }
    this.waited += waitMs;
    const delay = this.options.delay ?? (async (ms: number, aborted?: AbortSignal) => { await sleep(ms, aborted); });
    const previous = this.gate;
    this.gate = Promise.all([previous, delay(waitMs, this.options.signal)]).then(() => undefined);
    return true;
  }
}

/** How one item's requests ended. */
interface SendOutcome {
  readonly ok: boolean;
  readonly error?: unknown;
  readonly attempts: number;
  readonly throttled: number;
}

/** Sends one item's DELETE until it is answered with anything but a 429 the gate can wait out. */
async function sendOne(
  send: (signal: AbortSignal | undefined) => Promise<unknown>, cancelled: () => CancelledError, gate: ThrottleGate, options: BulkOptions<never>,
): Promise<SendOutcome> {
  const { signal } = options;
  const maxThrottleRetries = options.maxThrottleRetries ?? 5;
  let attempts = 0;
  let throttled = 0;
  for (;;) {
    await gate.passed();
    if (signal?.aborted) {
      return { ok: false, error: cancelled(), attempts, throttled };
    }
    if (gate.stoppedBy) {
      return { ok: false, error: gate.stoppedBy, attempts, throttled };
    }
    attempts++;
    try {
      await send(signal);
      return { ok: true, attempts, throttled };
    } catch (error) {
      if (!(error instanceof ThrottledError) || throttled >= maxThrottleRetries) {
        return { ok: false, error, attempts, throttled: error instanceof ThrottledError ? throttled + 1 : throttled };
      }
      throttled++;
      if (!gate.throttle(error, throttled)) {
        return { ok: false, error, attempts, throttled };
      }
    }
  }
}

function checkConcurrency(concurrency: number, what: string): void {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`${what}: concurrency must be an integer of at least 1, got ${concurrency}.`);
  }
}

/**
 * Deletes each distinct pair once, with at most `options.concurrency` requests in flight. Resolves
 * (never rejects for a failed pair) with one result per input pair, in input order; a pair listed twice
 * is sent once and both entries carry the same result.
 */
export async function deleteVersions(
  api: Pick<ModelArtsApi, 'deleteVersion'>,
  pairs: readonly VersionRef[],
  options: DeleteVersionsOptions,
): Promise<DeleteVersionResult[]> {
  checkConcurrency(options.concurrency, 'deleteVersions');
  const unique = new Map<string, VersionRef>();
  for (const pair of pairs) {
    if (!unique.has(keyOf(pair))) {
      unique.set(keyOf(pair), { jobId: pair.jobId, versionId: pair.versionId });
    }
  }
  const gate = new ThrottleGate(options);
  const results = new Map<string, DeleteVersionResult>();
  await mapLimit([...unique.values()], options.concurrency, async ref => {
    const cancelled = () => new CancelledError(t('Deleting version {0} of job {1} was cancelled before its request was sent.', ref.versionId, ref.jobId),
      { request: { method: 'DELETE', path: `/v1/{project_id}/training-jobs/${ref.jobId}/versions/${ref.versionId}` } });
    const result: DeleteVersionResult = {
      ...ref, ...await sendOne(signal => api.deleteVersion(ref.jobId, ref.versionId, signal ? { signal } : undefined), cancelled, gate, options),
    };
    results.set(keyOf(result), result);
    options.onResult?.(result);
  });
  return pairs.map(pair => results.get(keyOf(pair)) as DeleteVersionResult);
}

/**
 * Deletes each distinct new-version job once (`DELETE …/v2/…/training-jobs/{id}`), with at most
 * `options.concurrency` requests in flight and the same handling of 429 as {@link deleteVersions}.
 * One result per input ID, in input order.
 */
export async function deleteV2Jobs(
  api: Pick<ModelArtsV2Api, 'deleteJob'>, jobIds: readonly string[], options: BulkOptions<DeleteJobResult>,
): Promise<DeleteJobResult[]> {
  checkConcurrency(options.concurrency, 'deleteV2Jobs');
  const gate = new ThrottleGate(options);
  const results = new Map<string, DeleteJobResult>();
  await mapLimit([...new Set(jobIds)], options.concurrency, async jobId => {
    const cancelled = () => new CancelledError(t('Deleting training job {0} was cancelled before its request was sent.', jobId),
      { request: { method: 'DELETE', path: `/v2/{project_id}/training-jobs/${jobId}` } });
    const result: DeleteJobResult = { jobId, ...await sendOne(signal => api.deleteJob(jobId, signal ? { signal } : undefined), cancelled, gate, options) };
    results.set(jobId, result);
    options.onResult?.(result);
  });
  return jobIds.map(jobId => results.get(jobId) as DeleteJobResult);
}

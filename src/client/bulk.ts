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
import { CancelledError, ThrottledError } from './errors';
import type { ModelArtsApi } from './types';

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

export interface DeleteVersionsOptions {
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
  /** Called once per pair as soon as its result is known (progress reporting). */
  readonly onResult?: (result: DeleteVersionResult) => void;
  /** How to wait; tests pass a recording one. Must reject or resolve early when `signal` aborts. */
  readonly delay?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

function keyOf(ref: VersionRef): string {
  return `${ref.jobId}/${ref.versionId}`;
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
  const { concurrency, signal } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`deleteVersions: concurrency must be an integer of at least 1, got ${concurrency}.`);
  }
  const maxThrottleRetries = options.maxThrottleRetries ?? 5;
  const defaultRetryAfterMs = options.defaultRetryAfterMs ?? 1000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const maxTotalWaitMs = options.maxTotalWaitMs ?? 120_000;
  let waited = 0;
  /** Set when throttling outlasts the bounds: nothing more is sent. */
  let stoppedBy: ThrottledError | undefined;
  const delay = options.delay ?? abortableDelay;

  const unique = new Map<string, VersionRef>();
  for (const pair of pairs) {
    if (!unique.has(keyOf(pair))) {
      unique.set(keyOf(pair), { jobId: pair.jobId, versionId: pair.versionId });
    }
  }
  const queue = [...unique.values()];
  const results = new Map<string, DeleteVersionResult>();
  let next = 0;
  // Every worker waits on this before sending; a 429 extends it for all of them.
  let gate: Promise<void> = Promise.resolve();

  const settle = (result: DeleteVersionResult): void => {
    results.set(keyOf(result), result);
    options.onResult?.(result);
  };

  const cancelled = (ref: VersionRef, attempts: number, throttled: number): DeleteVersionResult => ({
    ...ref,
    ok: false,
    attempts,
    throttled,
    error: new CancelledError(
      `Deleting version ${ref.versionId} of job ${ref.jobId} was cancelled before its request was sent.`,
      { request: { method: 'DELETE', path: `/v1/{project_id}/training-jobs/${ref.jobId}/versions/${ref.versionId}` } },
    ),
  });

  const deleteOne = async (ref: VersionRef): Promise<DeleteVersionResult> => {
    let attempts = 0;
    let throttled = 0;
    for (;;) {
      await gate;
      if (signal?.aborted) {
        return cancelled(ref, attempts, throttled);
      }
      if (stoppedBy) {
        return { ...ref, ok: false, error: stoppedBy, attempts, throttled };
      }
      attempts++;
      try {
        await api.deleteVersion(ref.jobId, ref.versionId, signal ? { signal } : undefined);
        return { ...ref, ok: true, attempts, throttled };
      } catch (error) {
        if (!(error instanceof ThrottledError) || throttled >= maxThrottleRetries) {
          return { ...ref, ok: false, error, attempts, throttled: error instanceof ThrottledError ? throttled + 1 : throttled };
        }
        throttled++;
        const waitMs = error.retryAfterMs ?? defaultRetryAfterMs * 2 ** (throttled - 1);
        if (waitMs > maxRetryAfterMs || waited + waitMs > maxTotalWaitMs) {
          stoppedBy = error;
          return { ...ref, ok: false, error, attempts, throttled };
        }
        waited += waitMs;
        const previous = gate;
        const wait = delay(waitMs, signal);
        gate = Promise.all([previous, wait]).then(() => undefined);
      }
    }
  };

  const worker = async (): Promise<void> => {
    while (next < queue.length) {
      const ref = queue[next++];
      settle(await deleteOne(ref));
    }
  };

  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  return pairs.map(pair => results.get(keyOf(pair)) as DeleteVersionResult);
}

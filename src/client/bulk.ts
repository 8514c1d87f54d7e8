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
import { mapLimit, sleep } from './async';
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

  constructor(private readonly options: DeleteVersionsOptions) {}

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

function cancelled(ref: VersionRef, attempts: number, throttled: number): DeleteVersionResult {
  return {
    ...ref, ok: false, attempts, throttled,
    error: new CancelledError(`Deleting version ${ref.versionId} of job ${ref.jobId} was cancelled before its request was sent.`,
      { request: { method: 'DELETE', path: `/v1/{project_id}/training-jobs/${ref.jobId}/versions/${ref.versionId}` } }),
  };
}

/** Sends one pair's DELETE until it is answered with anything but a 429 the gate can wait out. */
async function deleteOne(
  api: Pick<ModelArtsApi, 'deleteVersion'>, ref: VersionRef, gate: ThrottleGate, options: DeleteVersionsOptions,
): Promise<DeleteVersionResult> {
  const { signal } = options;
  const maxThrottleRetries = options.maxThrottleRetries ?? 5;
  let attempts = 0;
  let throttled = 0;
  for (;;) {
    await gate.passed();
    if (signal?.aborted) {
      return cancelled(ref, attempts, throttled);
    }
    if (gate.stoppedBy) {
      return { ...ref, ok: false, error: gate.stoppedBy, attempts, throttled };
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
      if (!gate.throttle(error, throttled)) {
        return { ...ref, ok: false, error, attempts, throttled };
      }
    }
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
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new RangeError(`deleteVersions: concurrency must be an integer of at least 1, got ${options.concurrency}.`);
  }
  const unique = new Map<string, VersionRef>();
  for (const pair of pairs) {
    if (!unique.has(keyOf(pair))) {
      unique.set(keyOf(pair), { jobId: pair.jobId, versionId: pair.versionId });
    }
  }
  const gate = new ThrottleGate(options);
  const results = new Map<string, DeleteVersionResult>();
  await mapLimit([...unique.values()], options.concurrency, async ref => {
    const result = await deleteOne(api, ref, gate, options);
    results.set(keyOf(result), result);
    options.onResult?.(result);
  });
  return pairs.map(pair => results.get(keyOf(pair)) as DeleteVersionResult);
}

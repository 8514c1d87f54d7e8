/** Waiting and sharing work, cancellably: the client's, the tracker's and the bulk deletes' one way each. */
import { CancelledError } from './errors';

/**
 * Waits `ms`; resolves true when the time passed, false as soon as `signal` aborts (at once when it
 * already has). Never rejects: the caller decides what an early end means.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise(resolve => {
    if (signal?.aborted) {
      resolve(false);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `work` on every item with at most `limit` running at once, in input order; resolves with the
 * results in input order once all are done. `work` should not reject (a rejection rejects the whole).
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`mapLimit: limit must be an integer of at least 1, got ${limit}.`);
  }
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Resolves with `promise`, or rejects with {@link CancelledError} once `signal` aborts. Used where
 * several callers share one piece of work: one caller giving up must not cancel it for the others.
 * @param cancelledMessage the message of the error, naming the shared work (in the display language).
 */
export function abandonable<T>(promise: Promise<T>, signal: AbortSignal | undefined, cancelledMessage: string): Promise<T> {
  if (!signal) {
    return promise;
  }
  const cancelled = (): CancelledError => new CancelledError(cancelledMessage);
  if (signal.aborted) {
    return Promise.reject(cancelled());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      value => { signal.removeEventListener('abort', onAbort); resolve(value); },
      (error: unknown) => { signal.removeEventListener('abort', onAbort); reject(error); });
  });
}

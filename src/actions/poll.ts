/**
 * Asking the service again, with backoff, until an answer decides: how deletions and stops are
 * followed to their end (both are asynchronous in ModelArts).
 */
import { sleep } from '../client/async';
import { CancelledError } from '../client/errors';

/** Backoff between polls: quick at first (most changes finish within seconds), then slower; about 2 minutes in all. */
export const DEFAULT_POLL_DELAYS_MS: readonly number[] = [500, 1000, 2000, 3000, 5000, 5000, 10_000, 10_000, 15_000, 30_000, 30_000];

/** How polling ended: a poll decided, the delays ran out, or it had to stop (disposed, client closed). */
export type PollEnd<T> = { readonly kind: 'decided'; readonly value: T } | { readonly kind: 'timeout' } | { readonly kind: 'cancelled' };

/**
 * Waits each delay in turn, then asks `poll`: a defined answer ends it. A poll that throws is not an
 * answer (a gateway 404, throttling, a network fault): `onError` hears of it and polling goes on; a
 * `CancelledError` (the client was closed) or an aborted `signal` ends it as `cancelled`.
 */
export async function pollUntil<T>(
  delaysMs: readonly number[], signal: AbortSignal, poll: (signal: AbortSignal) => Promise<T | undefined>, onError: (error: unknown) => void,
): Promise<PollEnd<T>> {
  for (const delay of delaysMs) {
    if (!(await sleep(delay, signal))) {
      return { kind: 'cancelled' };
    }
    try {
      const value = await poll(signal);
      if (value !== undefined) {
        return { kind: 'decided', value };
      }
    } catch (error) {
      if (signal.aborted || error instanceof CancelledError) {
        return { kind: 'cancelled' };
      }
      onError(error);
    }
  }
  return { kind: 'timeout' };
}

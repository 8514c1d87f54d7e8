/**
 * Small statistics and formatting helpers for the benchmark: medians with their spread, percentiles,
 * and the units the table prints.
 */

/** The median of several runs with the smallest and largest run, in the unit of the samples. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

/** Median, min and max of `samples` (at least one sample). */
export function summarise(samples: readonly number[]): Summary {
  if (samples.length === 0) {
    throw new RangeError('summarise() needs at least one sample');
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/** The `p`-th percentile (0–100) by the nearest-rank method, which never invents a value between samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) {
    throw new RangeError('percentile() needs at least one sample');
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** Milliseconds since an arbitrary origin, with sub-millisecond resolution. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export type Unit = 'ms' | 'us' | 'bytes' | 'count' | 'req/s' | 'x';

/** One number in the unit the table shows. */
export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'ms':
      return value >= 100 ? `${value.toFixed(0)} ms` : value >= 10 ? `${value.toFixed(1)} ms` : `${value.toFixed(2)} ms`;
    case 'us':
      return value >= 100 ? `${value.toFixed(0)} µs` : `${value.toFixed(1)} µs`;
    case 'bytes':
      return formatBytes(value);
    case 'count':
      return Number.isInteger(value) ? String(value) : value.toFixed(1);
    case 'req/s':
      return `${value.toFixed(0)} req/s`;
    case 'x':
      return `${value.toFixed(2)}×`;
  }
}

/** A byte count as B, KB (1000) or MB, with the exact bytes for small values. */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : '';
  const b = Math.abs(bytes);
  if (b < 1000) {
    return `${sign}${b.toFixed(0)} B`;
  }
  if (b < 1e6) {
    return `${sign}${(b / 1000).toFixed(1)} KB`;
  }
  return `${sign}${(b / 1e6).toFixed(2)} MB`;
}

/** A summary as `median (min–max)`, or just the value when all runs agree or there was one run. */
export function formatSummary(s: Summary, unit: Unit): string {
  const median = formatValue(s.median, unit);
  if (s.runs === 1 || s.min === s.max) {
    return median;
  }
  return `${median} (${formatValue(s.min, unit)}–${formatValue(s.max, unit)})`;
}

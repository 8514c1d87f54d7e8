/** What the calls of both API generations share: the options of any call, and a page of log lines. */

/** Options every call takes. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** A page of a log, read by lines (the v1 `aom-log`, the v2 line-paged log). */
export interface LogLines {
  readonly content: string;
  readonly lines: number;
  /** Opaque cursors, kept as strings (they exceed 2^53). */
  readonly startLine: string;
  readonly endLine: string;
}

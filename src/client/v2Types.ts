/**
 * Public types of the new-version ("v2") training API, normalised (modelarts-v2-api.md): jobs are
 * leaves keyed by an opaque string ID, with a phase instead of a status code, tasks instead of
 * versions, byte-capped log previews, and an event timeline.
 */
import type { CallOptions, LogLines } from './calls';

/** `status.phase` as documented (section 1.1); any other string the service sends is kept as is. */
export type V2Phase = 'Creating' | 'Pending' | 'Running' | 'Terminating' | 'Completed' | 'Failed' | 'Terminated' | 'Abnormal';

/** Why a task ended (`status.task_statuses[]`): the first failed one explains a failed job. */
export interface V2TaskStatus {
  readonly task: string;
  readonly exitCode?: number;
  readonly message?: string;
}

/** A new-version training job. */
export interface V2Job {
  /** `metadata.id`: an opaque string (a UUID in practice), never parsed. */
  readonly jobId: string;
  readonly name: string;
  readonly description: string;
  /** `kind`: `job`, or another kind on Huawei Cloud. */
  readonly kind: string;
  /** `status.phase`, as sent (see {@link V2Phase}); empty when missing. */
  readonly phase: string;
  /** `status.secondary_phase`: internal detail, for tooltips only. */
  readonly secondaryPhase?: string;
  /** Epoch milliseconds. */
  readonly createTime?: number;
  readonly startTime?: number;
  /** Milliseconds. */
  readonly duration?: number;
  readonly userName?: string;
  /** The task IDs the log APIs take (`worker-0`, …). */
  readonly tasks: readonly string[];
  readonly taskStatuses: readonly V2TaskStatus[];
  /** `engine_name engine_version`. */
  readonly engine?: string;
  /** `flavor_name`, else `flavor_id`. */
  readonly flavor?: string;
  readonly nodeCount?: number;
  /**
   * The job as the service sent it, unknown fields included (for Show Details). It may hold secrets
   * (`endpoints.*.token`, `annotations`): mask them before showing it, never log it.
   */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** The server filters of a job list (`filters`): name contains, phase is one of. */
export interface V2ListOptions extends CallOptions {
  /** 0-based page index. */
  readonly page?: number;
  /** 1–50 (default 50). */
  readonly limit?: number;
  /** Text the job name contains (`name` `like`). */
  readonly search?: string;
  /** Phases the job is in (`phase` `in`). */
  readonly phases?: readonly string[];
  readonly order?: 'asc' | 'desc';
}

/** One page of jobs. */
export interface V2JobPage {
  readonly jobs: readonly V2Job[];
  /** `total`: every job matching the filters, when the service said so believably. */
  readonly total?: number;
  /** True when a further page may hold more jobs. */
  readonly more: boolean;
  /** How this client reads `offset` now: a page index (documented), or a record offset (seen in one SDK). */
  readonly offsetMode: V2OffsetMode;
}

/** `offset` as a page index (the documented reading) or as a record offset. */
export type V2OffsetMode = 'page' | 'record';

/** The newest part of a task's log (`…/logs/preview`). */
export interface V2LogPreview {
  readonly content: string;
  /** Bytes shown and the log's whole size, when given. */
  readonly currentSize?: number;
  readonly fullSize?: number;
  /** True when only the newest part is shown (`current_size < full_size`). */
  readonly truncated: boolean;
}

/** One event of a job's timeline. */
export interface V2Event {
  /** Epoch milliseconds, when the time could be read. */
  readonly time?: number;
  /** The time as the service wrote it. */
  readonly timeText: string;
  /** `Info`, `Warning`, `Error` (or what the service sent). */
  readonly level: string;
  readonly message: string;
  readonly source?: string;
}

/** A page of events. */
export interface V2EventPage {
  readonly events: readonly V2Event[];
  /** `total` (a string on the wire), when believable. */
  readonly total?: number;
}

export interface V2EventOptions extends CallOptions {
  /** 0-based page index. */
  readonly page?: number;
  /** 1–100 (default 50). */
  readonly limit?: number;
  readonly order?: 'asc' | 'desc';
}

export interface V2LogLinesOptions extends CallOptions {
  /** Opaque cursor from an earlier answer; empty for the newest lines. */
  readonly baseLine?: string;
  /** 1–500 (default 500). */
  readonly lines?: number;
  readonly order?: 'asc' | 'desc';
}

/** What the v2 API answers that an old deployment does not offer (feature detection). */
export const UNSUPPORTED = 'unsupported';
export type Unsupported = typeof UNSUPPORTED;

/** The new-version training operations of one connection. */
export interface ModelArtsV2Api {
  /** One page of jobs, newest first, filtered by the server. */
  listJobs(options?: V2ListOptions): Promise<V2JobPage>;
  getJob(jobId: string, options?: CallOptions): Promise<V2Job>;
  /** Resolves when ModelArts accepted the deletion (202; it is followed by reading the job until it is gone). */
  deleteJob(jobId: string, options?: CallOptions): Promise<void>;
  /** One request for up to 100 jobs (Huawei Cloud); `unsupported` where the API does not exist. No per-job result. */
  batchDeleteJobs(jobIds: readonly string[], options?: CallOptions): Promise<void | Unsupported>;
  /** Asks a creating, pending or running job to stop; resolves with the job as answered (`Terminating`). */
  stopJob(jobId: string, options?: CallOptions): Promise<V2Job | undefined>;
  /** The newest part of a task's log; undefined while the log is not ready (204). */
  getLogPreview(jobId: string, taskId: string, options?: CallOptions): Promise<V2LogPreview | undefined>;
  /** Lines of a task's log (Huawei Cloud); `unsupported` where the API does not exist; undefined while not ready. */
  getLogLines(jobId: string, taskId: string, options?: V2LogLinesOptions): Promise<LogLines | Unsupported | undefined>;
  /**
   * A temporary link to a task's whole log (valid for minutes). A bearer secret: open it only on the
   * user's explicit request, never log or store it.
   */
  getLogUrl(jobId: string, taskId: string, options?: CallOptions): Promise<string>;
  listEvents(jobId: string, options?: V2EventOptions): Promise<V2EventPage>;
}

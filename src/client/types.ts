/**
 * Public types of the shared ModelArts client. These are the normalised shapes the rest of the
 * extension sees; the wire shapes (numbers or strings for IDs, `error_msg` or `error_message`, metric
 * lists as JSON strings or objects) are handled in `parse.ts` and never leak past the client.
 */
import type { CallOptions, LogLines } from './calls';
import type { ModelArtsV2Api } from './v2Types';

/** AK/SK credentials; `securityToken` is set for temporary keys. */
export interface AkSkCredentials {
  readonly kind: 'aksk';
  readonly accessKey: string;
  readonly secretKey: string;
  readonly securityToken?: string;
}

/** IAM user name + password + account (domain) name; the client obtains a project-scoped token. */
export interface PasswordCredentials {
  readonly kind: 'password';
  readonly userName: string;
  readonly password: string;
  readonly domainName: string;
}

export type Credentials = AkSkCredentials | PasswordCredentials;

/** One line of the request log: never holds a header, key, password or token. */
export interface RequestLogEntry {
  readonly method: string;
  /** Path only (no query string), e.g. `/v1/{project}/training-jobs/1/versions/2`. */
  readonly path: string;
  /** HTTP status, absent when the request failed before an answer. */
  readonly status?: number;
  readonly durationMs: number;
  /** 1 for the first try. */
  readonly attempt: number;
  /** A short description of a failure (already free of secrets). */
  readonly error?: string;
}

/** Where requests go and how they are authenticated. */
export interface ClientConfig {
  /** ModelArts endpoint, e.g. `https://modelarts.eu-de.otc.t-systems.com`. HTTPS, or HTTP to loopback only. */
  readonly endpoint: string;
  /** IAM endpoint, e.g. `https://iam.eu-de.otc.t-systems.com`. Same URL rule. */
  readonly iamEndpoint: string;
  /** Region name, e.g. `eu-de`; also the IAM project name used to resolve the project ID. */
  readonly region: string;
  /** Project ID; resolved with `GET /v3/projects?name={region}` when absent. */
  readonly projectId?: string;
  readonly credentials: Credentials;
  /** Per-request timeout in milliseconds (default 30 000). */
  readonly timeoutMs?: number;
  /** Retry policy for idempotent requests (defaults: 3 attempts, 200 ms base, 5 s cap). */
  readonly retry?: { readonly maxAttempts?: number; readonly baseDelayMs?: number; readonly maxDelayMs?: number };
  /** Called once per HTTP attempt. */
  readonly log?: (entry: RequestLogEntry) => void;
  /** Clock used for signing and token expiry (tests); defaults to `() => new Date()`. */
  readonly now?: () => Date;
  /**
   * Where a password-auth token is kept between sessions (the extension backs it with SecretStorage).
   * Without it the token lives in memory only. Clear it when the credentials or the region change.
   */
  readonly tokenCache?: TokenCache;
  /** Version sent as `User-Agent: modelarts-vscode/<version>` (the extension passes its own). */
  readonly clientVersion?: string;
}

/** An IAM project-scoped token as the client caches it. */
export interface CachedToken {
  readonly token: string;
  /** `expires_at` in epoch milliseconds; the client stops using the token 5 minutes before it. */
  readonly expiresAt: number;
  /** The project the token is scoped to (`token.project.id`). */
  readonly projectId: string;
  /**
   * Where the token was issued and may be sent: an opaque SHA-256 fingerprint of the ModelArts
   * endpoint, the IAM endpoint, the region and the user and account names (never the password).
   * The client reuses a cached token only when this matches its own configuration, so a token never
   * reaches a host other than the one it was issued for. A stored token without it (written before
   * the field existed) is never reused. A `TokenCache` must store and return it unchanged.
   */
  readonly origin?: string;
}

/** Storage for the password-auth token; `set(undefined)` forgets it. */
export interface TokenCache {
  get(): Promise<CachedToken | undefined>;
  set(token: CachedToken | undefined): Promise<void>;
}

/** Options every operation accepts. */
export type { CallOptions, LogLines } from './calls';

export type JobSortField = 'job_name' | 'job_desc' | 'status' | 'duration' | 'version_count' | 'create_time';

export interface ListJobsOptions extends CallOptions {
  /** 1-based page (default 1). */
  readonly page?: number;
  /** 1–1000 (default 10). */
  readonly perPage?: number;
  /** One status code of a job's latest version (modelarts-api.md section 0.1). */
  readonly status?: number;
  /** Search text (job name), up to 64 characters. */
  readonly search?: string;
  readonly sortBy?: JobSortField;
  readonly order?: 'asc' | 'desc';
}

export interface TrainingJob {
  readonly jobId: string;
  readonly jobName: string;
  readonly description: string;
  /** ID of the latest version. */
  readonly latestVersionId?: string;
  /** Status of the latest version. */
  readonly status: number;
  /** Epoch milliseconds. */
  readonly createTime?: number;
  /** Milliseconds. */
  readonly duration?: number;
  readonly versionCount: number;
}

export interface JobPage {
  readonly jobs: readonly TrainingJob[];
  /** `job_total_count`: all jobs matching the filter; the jobs of this page when {@link totalKnown} is false. */
  readonly total: number;
  /** False when the service did not report `job_total_count`, or reported one too large to believe. */
  readonly totalKnown: boolean;
}

export interface VersionParameter {
  readonly label: string;
  readonly value: string;
}

export interface TrainingJobVersion {
  readonly jobId: string;
  readonly versionId: string;
  readonly versionName: string;
  readonly status: number;
  readonly preVersionId?: string;
  readonly engineType?: number;
  readonly engineName?: string;
  readonly engineVersion?: string;
  /** Epoch milliseconds. */
  readonly createTime?: number;
  readonly startTime?: number;
  /** Milliseconds. */
  readonly duration?: number;
  readonly parameters: readonly VersionParameter[];
  readonly specId?: string;
  readonly specCode?: string;
  readonly core?: string;
  readonly cpu?: string;
  readonly gpuNum?: number;
  readonly gpuType?: string;
  readonly workerServerNum?: number;
  readonly appUrl?: string;
  readonly bootFileUrl?: string;
  readonly dataUrl?: string;
  readonly trainUrl?: string;
  readonly logUrl?: string;
  readonly userImageUrl?: string;
  readonly userCommand?: string;
  readonly poolId?: string;
  readonly poolName?: string;
  /**
   * Why the version is in its status, e.g. the reason of a DELETE_FAILED, or "Deleting" while a
   * deletion is pending (as the emulator reports it); undocumented `status_message`.
   */
  readonly statusMessage?: string;
  /** `model_metric_list`, parsed when it came as a JSON string; undefined when absent or unparsable. */
  readonly modelMetrics?: unknown;
  /** `system_metric_list`, parsed the same way. */
  readonly systemMetrics?: unknown;
}

export interface ListVersionsOptions extends CallOptions {
  /** 1-based page (default 1). */
  readonly page?: number;
  /** 1–1000 (default 10). */
  readonly perPage?: number;
}

export interface VersionPage {
  readonly jobId: string;
  readonly jobName: string;
  readonly jobDesc: string;
  /** `version_count`: all versions of the job. */
  readonly versionCount: number;
  readonly versions: readonly TrainingJobVersion[];
}

/** Every version of a job (`listAllVersions`), newest first, with the job's name. */
export interface AllVersions {
  readonly jobId: string;
  readonly jobName: string;
  readonly jobDesc: string;
  /** `version_count` as last reported. */
  readonly versionCount: number;
  readonly versions: readonly TrainingJobVersion[];
}

export interface VersionDetails extends TrainingJobVersion {
  readonly jobName: string;
  readonly jobDesc: string;
}

export interface LogLinesOptions extends CallOptions {
  readonly logFile: string;
  /** Opaque cursor from a previous answer; empty for the newest lines. */
  readonly baseLine?: string;
  /** 0–500 (default 50). */
  readonly lines?: number;
  /** `desc` reads forward from `baseLine`, `asc` backward. */
  readonly order?: 'asc' | 'desc';
}

/** The SDK's `delete_job_version()` result shape. */
export interface SdkResult {
  readonly is_success: boolean;
  readonly error_code?: string;
  readonly error_msg?: string;
}

/**
 * Everything the extension asks of ModelArts. `ModelArtsClient` implements it; tests and the
 * extension depend on this interface only.
 */
export interface ModelArtsApi {
  /** The new-version ("v2") training operations, with the same credentials and project. */
  readonly v2: ModelArtsV2Api;
  /** The project ID in use, resolving it from the region on first call when not configured. */
  getProjectId(options?: CallOptions): Promise<string>;
  listJobs(options?: ListJobsOptions): Promise<JobPage>;
  listVersions(jobId: string, options?: ListVersionsOptions): Promise<VersionPage>;
  /** Every version of a job, newest first (pages of 1,000 until `version_count` or a short page). */
  listAllVersions(jobId: string, options?: CallOptions): Promise<AllVersions>;
  getVersion(jobId: string, versionId: string, options?: CallOptions): Promise<VersionDetails>;
  /** Resolves when the service accepted the deletion (`is_success: true`); throws a `ModelArtsError` otherwise. */
  deleteVersion(jobId: string, versionId: string, options?: CallOptions): Promise<void>;
  deleteJob(jobId: string, options?: CallOptions): Promise<void>;
  stopVersion(jobId: string, versionId: string, options?: CallOptions): Promise<void>;
  listLogFiles(jobId: string, versionId: string, options?: CallOptions): Promise<string[]>;
  getLogLines(jobId: string, versionId: string, options: LogLinesOptions): Promise<LogLines>;
  /**
   * Stops the client once its credentials or connection are no longer the user's: reads in flight are
   * aborted, and every further call rejects with `CancelledError` without sending anything. A change
   * in flight (DELETE, POST) is left to finish, since cutting it off would leave its outcome unknown.
   */
  close(): void;
}

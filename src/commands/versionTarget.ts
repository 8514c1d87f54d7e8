/** Which version a version command acts on: a tree node, `{ jobId, versionId }` arguments, or pickers. */
import * as vscode from 'vscode';
import { CancelledError, ConfigurationError, InvalidIdError, NotFoundError } from '../client/errors';
import type { ModelArtsApi, TrainingJob, TrainingJobVersion } from '../client/types';
import type { Connection } from '../credentials/connectionManager';
import { JobNode, VersionNode, type TreeNode } from '../tree/nodes';
import { MAX_SEARCH_LENGTH } from '../tree/jobFilter';
import { statusInfo } from '../tree/status';
import { describeError } from '../util/describeError';
import { formatAge } from '../util/format';
import { forLine } from '../util/sanitize';
import type { Logger } from '../util/logger';
import { showInfo } from '../ui/messages';

/** The connection a target was read with, and the project it resolved to: where any request about it must go. */
export interface TargetConnection extends Connection {
  readonly projectId: string;
}

/** A version with the job facts the confirmation dialogs need. */
export interface VersionTarget {
  readonly jobId: string;
  readonly jobName: string;
  /** How many versions the job has, when known. */
  readonly versionCount?: number;
  readonly version: TrainingJobVersion;
  readonly connection: TargetConnection;
}

/** What resolving a target needs. */
export interface TargetDeps {
  readonly connection: {
    getClient(): Promise<ModelArtsApi | undefined>;
    current(): Promise<Connection | undefined>;
  };
  readonly tree: {
    findJob(jobId: string): { job: TrainingJob } | undefined;
    refreshJob(jobId: string): void;
    /** Reloads the whole tree (after a command met a node of an earlier connection). */
    refresh(): void;
    /** Shows a version read afresh in place of the loaded one. */
    updateVersion?(version: TrainingJobVersion): void;
  };
  readonly logger?: Logger;
}

/** How many versions the version picker lists (the API's maximum page). */
const VERSION_PICKER_LIMIT = 1000;
/** How many jobs the job picker shows per answer: the newest, or the best matches of the search. */
const JOB_PICKER_PAGE = 100;
const PLACEHOLDER = 'Type to search training jobs by name (or enter a job ID)';
/** Typing pauses this long before the job picker searches. */
const SEARCH_DEBOUNCE_MS = 250;

/** The client, or a `ConfigurationError` telling the user to configure credentials. */
export async function requireClient(deps: { readonly connection: { getClient(): Promise<ModelArtsApi | undefined> } }): Promise<ModelArtsApi> {
  const client = await deps.connection.getClient();
  if (!client) {
    throw new ConfigurationError('No ModelArts credentials are stored. Run "ModelArts: Configure Credentials" first.');
  }
  return client;
}

/** The current connection with its project ID resolved, or a `ConfigurationError` when none is configured. */
export async function requireConnection(deps: Pick<TargetDeps, 'connection'>): Promise<TargetConnection> {
  const connection = await deps.connection.current();
  if (!connection) {
    throw new ConfigurationError('No ModelArts credentials are stored. Run "ModelArts: Configure Credentials" first.');
  }
  return { ...connection, projectId: await connection.client.getProjectId() };
}

/** A node of the tree was loaded with a connection that is no longer the current one. */
export class StaleNodeError extends Error {
  constructor(what: string) {
    super(`The tree was out of date: ${what} was listed with ModelArts credentials or connection settings that have changed ` +
      'since (or you signed out). Nothing was sent. The tree has been refreshed; find it there again.');
    this.name = 'StaleNodeError';
  }
}

/**
 * The current connection, when it is the one `node` was loaded with; otherwise refreshes the tree and
 * throws {@link StaleNodeError}: a node from another connection must never act on the current one
 * (the same IDs may exist in the other project).
 */
export async function connectionOfNode(deps: Pick<TargetDeps, 'connection' | 'tree'>, node: JobNode | VersionNode): Promise<TargetConnection> {
  const connection = await requireConnection(deps);
  const job = node instanceof JobNode ? node : node.parent;
  if (job.connection.id !== connection.id) {
    deps.tree.refresh();
    throw new StaleNodeError(node instanceof JobNode
      ? `training job "${job.job.jobName}" (ID ${job.job.jobId})`
      : `version "${node.version.versionName}" (ID ${node.version.versionId}) of training job "${job.job.jobName}"`);
  }
  return connection;
}

/** The connection changed between the confirmation and the request: nothing was sent. */
export class ConnectionChangedError extends Error {
  constructor(confirmed: TargetConnection) {
    super(`The ModelArts credentials or connection settings changed after you confirmed (you confirmed for project ${confirmed.projectId} ` +
      `in region ${confirmed.region}). Nothing was sent. Run the command again to act in the current project.`);
    this.name = 'ConnectionChangedError';
  }
}

/**
 * Throws {@link ConnectionChangedError} unless the current credentials and connection settings are
 * still the ones `confirmed` was read with. Call it right before sending a request the user confirmed.
 */
export async function ensureSameConnection(deps: Pick<TargetDeps, 'connection'>, confirmed: TargetConnection): Promise<void> {
  let now: Connection | undefined;
  try {
    now = await deps.connection.current();
  } catch {
    now = undefined; // unusable settings now: certainly not the confirmed connection
  }
  if (now?.fingerprint !== confirmed.fingerprint) {
    throw new ConnectionChangedError(confirmed);
  }
}

/** A numeric ID argument (number or digit string) as a string; `InvalidIdError` naming `what` otherwise. */
export function idArgument(value: unknown, what: string): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,20}$/.test(text.trim())) {
    throw new InvalidIdError(`The ${what} must be the numeric ID of a training job ${what === 'jobId' ? '' : 'version '}(got ${JSON.stringify(value) ?? 'nothing'}).`);
  }
  return text.trim();
}

/** True for `{ jobId, versionId }` (numbers or digit strings). */
function isIdArgument(arg: unknown): arg is { jobId: unknown; versionId: unknown } {
  return typeof arg === 'object' && arg !== null && 'jobId' in arg && 'versionId' in arg;
}

/** Options of the pickers. */
export interface PickOptions {
  /** Title of both pickers, e.g. "Delete Training Job Version". */
  readonly title: string;
  /** Only versions for which this holds are offered (say, running ones for Stop). */
  readonly versionFilter?: (version: TrainingJobVersion) => boolean;
  /** Said when a job has no version that passes the filter. */
  readonly noVersionText?: string;
  /**
   * Read a version node's version again before returning it, so a decision (running or not) is
   * taken on the service's current status, not on what the tree loaded earlier.
   */
  readonly fresh?: boolean;
}

/**
 * The version a command acts on, with the connection it was read with: the node's (fetched again
 * with `fresh`); the one named by `{ jobId, versionId }` (always fetched, so the dialog shows its real
 * name and status); a version picked from a job node's versions; or one picked from a searchable job
 * list then a version list. Undefined when the user cancels a picker or the node's version is gone.
 */
export async function resolveVersionTarget(deps: TargetDeps, arg: unknown, options: PickOptions): Promise<VersionTarget | undefined> {
  if (arg instanceof VersionNode) {
    const connection = await connectionOfNode(deps, arg);
    const job = arg.parent.job;
    if (!options.fresh) {
      return { jobId: job.jobId, jobName: job.jobName, versionCount: job.versionCount, version: arg.version, connection };
    }
    try {
      const details = await connection.client.getVersion(job.jobId, arg.version.versionId);
      deps.tree.updateVersion?.(details);
      return { jobId: job.jobId, jobName: details.jobName || job.jobName, versionCount: job.versionCount, version: details, connection };
    } catch (error) {
      if (error instanceof NotFoundError && error.errorCode === 'ModelArts.0015') {
        deps.logger?.info(`Version ${arg.version.versionId} of job ${job.jobId} no longer exists.`);
        void showInfo(
          `Version "${arg.version.versionName}" (ID ${arg.version.versionId}) of training job "${job.jobName}" no longer exists. Its job's versions were refreshed.`);
        deps.tree.refreshJob(job.jobId);
        return undefined;
      }
      throw error;
    }
  }
  if (isIdArgument(arg)) {
    const jobId = idArgument(arg.jobId, 'jobId');
    const versionId = idArgument(arg.versionId, 'versionId');
    const connection = await requireConnection(deps);
    const details = await connection.client.getVersion(jobId, versionId);
    const known = deps.tree.findJob(jobId)?.job.versionCount;
    const versionCount = known ?? (await connection.client.listVersions(jobId, { page: 1, perPage: 1 })).versionCount;
    return { jobId, jobName: details.jobName, versionCount, version: details, connection };
  }
  if (arg instanceof JobNode) {
    return pickVersion(await connectionOfNode(deps, arg), arg.job, options);
  }
  if (arg !== undefined && !isTreeNode(arg)) {
    throw new InvalidIdError('Pass a version node or an object { jobId, versionId } (numeric IDs) to this command.');
  }
  const connection = await requireConnection(deps);
  const job = await pickJob(connection.client, options, deps.logger);
  return job ? pickVersion(connection, job, options) : undefined;
}

function isTreeNode(arg: unknown): arg is TreeNode {
  return typeof arg === 'object' && arg !== null && 'kind' in arg;
}

/** A job picker row; `job` is absent on the row that reports a failed search. */
interface JobItem extends vscode.QuickPickItem { readonly job?: TrainingJob }
interface VersionItem extends vscode.QuickPickItem { readonly version: TrainingJobVersion }

function jobItem(job: TrainingJob): JobItem {
  return {
    label: forLine(job.jobName) || `Job ${job.jobId}`,
    description: [statusInfo(job.status).label, formatAge(job.createTime)].filter(Boolean).join(' · '),
    detail: `Job ID ${job.jobId} · ${job.versionCount} version${job.versionCount === 1 ? '' : 's'}`,
    job,
  };
}

/**
 * The job picker (undefined when dismissed): a QuickPick that shows the newest jobs while the box is empty and, as the user
 * types, asks ModelArts to search (`search_content`, debounced, busy meanwhile), so a project with
 * 10,000 jobs is searchable without loading them all. Digits are also looked up as a job ID.
 */
export async function pickJob(client: ModelArtsApi, options: Pick<PickOptions, 'title'>, logger: Logger | undefined): Promise<TrainingJob | undefined> {
  const picker = vscode.window.createQuickPick<JobItem>();
  picker.title = `${options.title}: Training Job`;
  picker.placeholder = PLACEHOLDER;
  picker.matchOnDescription = true;
  picker.matchOnDetail = true;
  picker.ignoreFocusOut = true;
  let searches = 0;
  let inFlight: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const search = async (value: string): Promise<void> => {
    const mine = ++searches;
    inFlight?.abort();
    const abort = new AbortController();
    inFlight = abort;
    picker.busy = true;
    const text = value.trim().slice(0, MAX_SEARCH_LENGTH);
    try {
      const [page, byId] = await Promise.all([
        client.listJobs({ page: 1, perPage: JOB_PICKER_PAGE, sortBy: 'create_time', order: 'desc', signal: abort.signal, ...(text ? { search: text } : {}) }),
        /^\d{1,20}$/.test(text) ? jobById(client, text, abort.signal) : Promise.resolve(undefined),
      ]);
      if (mine !== searches) {
        return;
      }
      const jobs = byId && !page.jobs.some(j => j.jobId === byId.jobId) ? [byId, ...page.jobs] : page.jobs;
      const more = page.totalKnown ? page.total > page.jobs.length : page.jobs.length >= JOB_PICKER_PAGE;
      picker.placeholder = !more ? PLACEHOLDER : !page.totalKnown ? `Showing the newest ${page.jobs.length} training jobs. Type to search by name (or enter a job ID).` : text
        ? `${page.total} jobs match "${text}"; showing the newest ${page.jobs.length}. Type more to narrow the search.`
        : `${page.total} training jobs; showing the newest ${page.jobs.length}. Type to search by name (or enter a job ID).`;
      // Not alwaysShow: while the next search runs, the box filters these rows as the user types.
      picker.items = jobs.map(jobItem);
    } catch (error) {
      if (mine !== searches || error instanceof CancelledError) {
        return;
      }
      logger?.error('Searching training jobs failed', error);
      picker.items = [{ label: '$(error) Could not load training jobs', detail: forLine(describeError(error), 1000), alwaysShow: true }];
    } finally {
      if (mine === searches) {
        picker.busy = false;
      }
    }
  };

  try {
    return await new Promise<TrainingJob | undefined>(resolve => {
      picker.onDidChangeValue(value => {
        clearTimeout(timer);
        picker.busy = true;
        timer = setTimeout(() => void search(value), SEARCH_DEBOUNCE_MS);
      });
      picker.onDidAccept(() => {
        const job = picker.selectedItems[0]?.job;
        if (job) {
          resolve(job);
          picker.hide();
        }
      });
      picker.onDidHide(() => resolve(undefined));
      picker.show();
      void search('');
    });
  } finally {
    clearTimeout(timer);
    inFlight?.abort();
    picker.dispose();
  }
}

/** The job with this ID (name and version count from its version list), or undefined when there is none. */
async function jobById(client: ModelArtsApi, jobId: string, signal: AbortSignal): Promise<TrainingJob | undefined> {
  try {
    const page = await client.listVersions(jobId, { page: 1, perPage: 1, signal });
    const latest = page.versions[0];
    return {
      jobId, jobName: page.jobName || `Job ${jobId}`, description: page.jobDesc, status: latest?.status ?? 0,
      createTime: latest?.createTime, versionCount: page.versionCount, latestVersionId: latest?.versionId,
    };
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof CancelledError || error instanceof InvalidIdError) {
      return undefined;
    }
    throw error;
  }
}

async function pickVersion(connection: TargetConnection, job: TrainingJob, options: PickOptions): Promise<VersionTarget | undefined> {
  const page = await connection.client.listVersions(job.jobId, { page: 1, perPage: VERSION_PICKER_LIMIT });
  const versions = page.versions.filter(v => options.versionFilter?.(v) ?? true);
  if (versions.length === 0) {
    void showInfo(options.noVersionText?.replace('{job}', job.jobName) ?? `Training job "${job.jobName}" has no versions.`);
    return undefined;
  }
  const versionPick = await vscode.window.showQuickPick(versions.map((version): VersionItem => ({
    label: forLine(version.versionName) || `Version ${version.versionId}`,
    description: forLine([statusInfo(version.status).label, version.engineName, formatAge(version.createTime)].filter(Boolean).join(' · ')),
    detail: `Version ID ${version.versionId}`,
    version,
  })), {
    title: forLine(`${options.title}: Version of "${job.jobName}"`),
    placeHolder: 'Pick a version',
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!versionPick) {
    return undefined;
  }
  return { jobId: job.jobId, jobName: job.jobName, versionCount: page.versionCount, version: versionPick.version, connection };
}

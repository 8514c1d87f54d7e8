/**
 * What a command acts on: a tree node (refused when it was loaded with another connection), an
 * `{ jobId, versionId }` argument, or the pickers; read afresh where a decision rests on it.
 */
import { readJob, readVersion } from '../actions/targets';
import { ConfigurationError, InvalidIdError } from '../client/errors';
import type { TrainingJob, TrainingJobVersion } from '../client/types';
import type { Connection, TargetConnection } from '../model/connection';
import type { JobTarget, VersionTarget } from '../model/targets';
import { JobNode, VersionNode } from '../tree/nodes';
import type { Logger } from '../util/logger';
import { t } from '../util/l10n';
import { showInfo } from './messages';
import { pickJob, pickVersion, type PickOptions } from './pickers';

/** What resolving a target needs. */
export interface TargetDeps {
  readonly connection: { current(): Promise<Connection | undefined> };
  readonly tree: {
    findJob(jobId: string): { job: TrainingJob } | undefined;
    refreshJob(jobId: string): void;
    /** Reloads the whole tree (after a command met a node of an earlier connection). */
    refresh(): void;
    /** Shows a version read afresh in place of the loaded one. */
    updateVersion(version: TrainingJobVersion): void;
  };
  readonly logger: Logger;
}

/** The current connection with its project ID resolved, or a `ConfigurationError` when none is configured. */
export async function requireConnection(deps: Pick<TargetDeps, 'connection'>): Promise<TargetConnection> {
  const connection = await deps.connection.current();
  if (!connection) {
    throw new ConfigurationError(t('No ModelArts credentials are stored. Run "ModelArts: Configure Credentials" first.'));
  }
  return { ...connection, projectId: await connection.client.getProjectId() };
}

/** A node of the tree was loaded with a connection that is no longer the current one. */
export class StaleNodeError extends Error {
  constructor(what: string) {
    super(t('The tree was out of date: {0} was listed with ModelArts credentials or connection settings that have changed since (or you signed out). Nothing was sent. The tree has been refreshed; find it there again.', what));
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
      ? t('training job "{0}" (ID {1})', job.job.jobName, job.job.jobId)
      : t('version "{0}" (ID {1}) of training job "{2}"', node.version.versionName, node.version.versionId, job.job.jobName));
  }
  return connection;
}

/** A numeric ID argument (number or digit string) as a string; `InvalidIdError` naming `what` otherwise. */
export function idArgument(value: unknown, what: 'jobId' | 'versionId'): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,20}$/.test(text.trim())) {
    const got = JSON.stringify(value) ?? t('nothing');
    throw new InvalidIdError(what === 'jobId' ? t('The jobId must be the numeric ID of a training job (got {0}).', got)
      : t('The versionId must be the numeric ID of a training job version (got {0}).', got));
  }
  return text.trim();
}

/** True for `{ jobId, versionId }`. */
export function isVersionIdArgument(arg: unknown): arg is { jobId: unknown; versionId: unknown } {
  return typeof arg === 'object' && arg !== null && 'jobId' in arg && 'versionId' in arg;
}

/** True for `{ jobId }` (not a tree node). */
function isJobIdArgument(arg: unknown): arg is { jobId: unknown } {
  return typeof arg === 'object' && arg !== null && 'jobId' in arg && !('kind' in arg);
}

function isTreeNode(arg: unknown): boolean {
  return typeof arg === 'object' && arg !== null && 'kind' in arg;
}

/**
 * The version a command acts on, with the connection it was read with: the node's (read afresh with
 * `fresh`; gone: said, and its job refreshed); the one named by `{ jobId, versionId }` (always read, so
 * the dialog shows its real name and status); one picked from a job node's versions; or one picked
 * from the searchable job list then a version list. Undefined when a picker is dismissed or it is gone.
 */
export async function resolveVersionTarget(deps: TargetDeps, arg: unknown, options: PickOptions & { readonly fresh?: boolean }): Promise<VersionTarget | undefined> {
  if (arg instanceof VersionNode) {
    const connection = await connectionOfNode(deps, arg);
    const job = arg.parent.job;
    const base = { jobId: job.jobId, jobName: job.jobName, versionCount: job.versionCount, connection };
    if (!options.fresh) {
      return { ...base, version: arg.version };
    }
    const version = await readVersion(connection, job.jobId, arg.version.versionId);
    if (version === 'gone') {
      deps.logger.info(`Version ${arg.version.versionId} of job ${job.jobId} no longer exists.`);
      void showInfo(t('Version "{0}" (ID {1}) of training job "{2}" no longer exists. Its job\'s versions were refreshed.', arg.version.versionName, arg.version.versionId, job.jobName));
      deps.tree.refreshJob(job.jobId);
      return undefined;
    }
    deps.tree.updateVersion(version);
    return { ...base, jobName: version.jobName || job.jobName, version };
  }
  if (isVersionIdArgument(arg)) {
    const jobId = idArgument(arg.jobId, 'jobId');
    const versionId = idArgument(arg.versionId, 'versionId');
    const connection = await requireConnection(deps);
    const details = await connection.client.getVersion(jobId, versionId);
    const versionCount = deps.tree.findJob(jobId)?.job.versionCount
      ?? (await connection.client.listVersions(jobId, { page: 1, perPage: 1 })).versionCount;
    return { jobId, jobName: details.jobName, versionCount, version: details, connection };
  }
  if (arg instanceof JobNode) {
    return pickVersion(await connectionOfNode(deps, arg), arg.job, options);
  }
  if (arg !== undefined && !isTreeNode(arg)) {
    throw new InvalidIdError(t('Pass a version node or an object { jobId, versionId } (numeric IDs) to this command.'));
  }
  const connection = await requireConnection(deps);
  const job = await pickJob(connection.client, options, deps.logger);
  return job ? pickVersion(connection, job, options) : undefined;
}

/** Which job a job command names (a node, `{ jobId }`, or the job picker), before it is read. */
export async function resolveJobId(deps: TargetDeps, arg: unknown, title: string): Promise<{ jobId: string; knownName?: string; connection: TargetConnection } | undefined> {
  if (arg instanceof JobNode) {
    return { jobId: arg.job.jobId, knownName: arg.job.jobName, connection: await connectionOfNode(deps, arg) };
  }
  if (arg !== undefined && !isJobIdArgument(arg)) {
    throw new InvalidIdError(t('Pass a job node or an object { jobId } (a numeric ID) to this command.'));
  }
  const jobId = arg === undefined ? undefined : idArgument(arg.jobId, 'jobId');
  const connection = await requireConnection(deps);
  if (jobId !== undefined) {
    return { jobId, connection };
  }
  const picked = await pickJob(connection.client, { title }, deps.logger);
  return picked && { jobId: picked.jobId, knownName: picked.jobName, connection };
}

/**
 * A job read afresh with every version; undefined, after saying so and refreshing the job list, when
 * ModelArts says it no longer exists.
 */
export async function readJobTarget(deps: TargetDeps, connection: TargetConnection, jobId: string, knownName?: string): Promise<JobTarget | undefined> {
  const target = await readJob(connection, jobId, knownName);
  if (target !== 'gone') {
    return target;
  }
  jobIsGone(deps, connection, jobId, knownName);
  return undefined;
}

/** Says that a job a command was about to act on does not exist (any more), and refreshes the job list. */
export function jobIsGone(
  deps: Pick<TargetDeps, 'logger'> & { readonly tree: { refresh(): void } }, connection: TargetConnection, jobId: string, knownName?: string,
): void {
  deps.logger.info(`Training job ${jobId} no longer exists.`);
  void showInfo(knownName
    ? t('Training job "{0}" (ID {1}) no longer exists. The job list was refreshed.', knownName, jobId)
    : t('There is no training job with ID {0} in project {1} of region {2}.', jobId, connection.projectId, connection.region));
  deps.tree.refresh();
}

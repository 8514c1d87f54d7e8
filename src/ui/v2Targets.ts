/**
 * What a command on a new-version (v2) job acts on: a v2 job or task node (refused when it was
 * listed with another connection), `{ jobId }` arguments, or the picker; always read afresh.
 */
import * as vscode from 'vscode';
import { InvalidIdError, isGone } from '../client/errors';
import type { V2Job } from '../client/v2Types';
import type { TargetConnection } from '../model/connection';
import { describeV2Job, type V2JobTarget } from '../model/targets';
import type { ListScope } from '../tree/messageNodes';
import { V2JobNode, V2TaskNode } from '../tree/nodes';
import { t } from '../util/l10n';
import type { Logger } from '../util/logger';
import { forLine } from '../util/sanitize';
import { CommandError } from './errorHandler';
import { pickV2Job } from './pickers';
import { StaleNodeError, jobIsGone, requireConnection, type TargetDeps } from './targets';

/** What resolving a v2 target needs. */
export interface V2TargetDeps extends Pick<TargetDeps, 'connection'> {
  readonly tree: {
    refresh(): void;
    updateV2Job(job: V2Job): void;
    /** The kinds of job the tree shows. */
    kinds(): Promise<readonly ListScope[]>;
  };
  readonly logger: Logger;
}

/** A v2 job ID argument: an opaque string (a UUID in practice); a numeric one names an old-version job. */
const V2_ID = /^[A-Za-z0-9_.:@~-]{1,128}$/;

/** True when `arg` names a new-version job: a v2 node, or `{ jobId }` whose ID is not a number. */
export function isV2Argument(arg: unknown): boolean {
  if (arg instanceof V2JobNode || arg instanceof V2TaskNode) {
    return true;
  }
  if (typeof arg !== 'object' || arg === null || !('jobId' in arg) || 'kind' in arg || 'versionId' in arg) {
    return false;
  }
  const { jobId } = arg as { jobId: unknown };
  return typeof jobId === 'string' && !/^\d+$/.test(jobId.trim());
}

export function idArgument(value: unknown, what: 'jobId' | 'taskId'): string {
  if (typeof value === 'string' && V2_ID.test(value.trim()) && value.trim() !== '.' && value.trim() !== '..') {
    return value.trim();
  }
  const got = JSON.stringify(value) ?? t('nothing');
  throw new InvalidIdError(what === 'jobId'
    ? t('The jobId must be the ID of a new-version training job (like 3faf5c03-aaa1-4cbe-879d-24b05d997347) (got {0}).', got)
    : t('The taskId must be the ID of a new-version training task (like worker-0) (got {0}).', got));
}

/** The current connection, when it is the one the node was listed with; otherwise the tree is refreshed and nothing is done. */
async function connectionOfNode(deps: V2TargetDeps, node: V2JobNode): Promise<TargetConnection> {
  const connection = await requireConnection(deps);
  if (node.connection.id !== connection.id) {
    deps.tree.refresh();
    throw new StaleNodeError(t('training job "{0}" (ID {1})', node.job.name, node.job.jobId));
  }
  return connection;
}

/** Reads a job afresh; undefined (said, and the tree refreshed) when ModelArts says it no longer exists. */
async function readV2Job(deps: V2TargetDeps, connection: TargetConnection, jobId: string, knownName?: string): Promise<V2JobTarget | undefined> {
  try {
    const job = await connection.client.v2.getJob(jobId);
    deps.tree.updateV2Job(job);
    return { job, connection };
  } catch (error) {
    if (!isGone(error)) {
      throw new CommandError(t('Could not read {0}', knownName ? describeV2Job({ jobId, name: knownName }) : t('training job {0}', jobId)), error);
    }
    jobIsGone(deps, connection, jobId, knownName);
    return undefined;
  }
}

interface ResolveOptions {
  readonly title: string;
  /** Only jobs for which this holds are offered by the picker. */
  readonly filter?: (job: V2Job) => boolean;
}

/**
 * The job a command acts on, read afresh with the connection it will be sent with: a v2 job or task
 * node's, `{ jobId }`'s, or the one picked. Undefined when the picker is dismissed or the job is gone.
 */
export async function resolveV2Target(deps: V2TargetDeps, arg: unknown, options: ResolveOptions): Promise<V2JobTarget | undefined> {
  const node = arg instanceof V2TaskNode ? arg.parent : arg instanceof V2JobNode ? arg : undefined;
  if (node) {
    return readV2Job(deps, await connectionOfNode(deps, node), node.job.jobId, node.job.name);
  }
  if (arg !== undefined) {
    if (typeof arg !== 'object' || arg === null || !('jobId' in arg)) {
      throw new InvalidIdError(t('Pass a training job node or an object { jobId } to this command.'));
    }
    const jobId = idArgument((arg as { jobId: unknown }).jobId, 'jobId');
    return readV2Job(deps, await requireConnection(deps), jobId);
  }
  const connection = await requireConnection(deps);
  const picked = await pickV2Job(connection.client, options, deps.logger);
  return picked && readV2Job(deps, connection, picked.jobId, picked.name);
}

/**
 * Which kind of job a palette command without arguments acts on: the only kind the tree shows, or
 * the one the user picks when the project has both. Undefined when dismissed.
 */
export async function chooseKind(deps: V2TargetDeps, title: string): Promise<'v1' | 'v2' | undefined> {
  let kinds: readonly ('v1' | 'v2')[];
  try {
    kinds = await deps.tree.kinds();
  } catch {
    kinds = ['v2', 'v1'];
  }
  if (kinds.length === 1) {
    return kinds[0];
  }
  const picked = await vscode.window.showQuickPick([
    { label: t('Training job'), description: t('new version'), detail: t('Jobs under "{0}"', t('Training Jobs')), scope: 'v2' as const },
    { label: t('Old-version training job'), description: t('with versions'), detail: t('Jobs under "{0}"', t('Old-Version Training Jobs')), scope: 'v1' as const },
  ], { title, placeHolder: t('Which kind of training job?'), ignoreFocusOut: true });
  return picked?.scope;
}

/** The task a log command reads: the node's, `taskId`, the only one, or one picked. */
export async function pickTask(target: V2JobTarget, arg: unknown, title: string): Promise<string | undefined> {
  if (arg instanceof V2TaskNode) {
    return arg.task;
  }
  if (typeof arg === 'object' && arg !== null && 'taskId' in arg) {
    return idArgument((arg as { taskId: unknown }).taskId, 'taskId');
  }
  const { tasks } = target.job;
  if (tasks.length <= 1) {
    return tasks[0];
  }
  const picked = await vscode.window.showQuickPick(tasks.map(task => {
    const status = target.job.taskStatuses.find(s => s.task === task);
    return { label: forLine(task), description: status?.exitCode !== undefined ? t('exit {0}', status.exitCode) : undefined, task };
  }), { title: forLine(t('{0}: Task of "{1}"', title, target.job.name)), placeHolder: t('Pick a task'), ignoreFocusOut: true });
  return picked?.task;
}

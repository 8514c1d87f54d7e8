/** Delete Training Job: a whole job with all its versions, from the context menu or the palette. */
import { InvalidIdError, NotFoundError } from '../client/errors';
import type { TrainingJobVersion } from '../client/types';
import type { DeletionTracker } from '../tree/deletionTracker';
import { JobNode } from '../tree/nodes';
import { isActive, isStoppable, statusInfo } from '../tree/status';
import type { Logger } from '../util/logger';
import { sendConfirmedDeletion, whereText } from './confirm';
import { CommandError } from './errorHandler';
import { stopConfirmed, type StopDeps } from './stopVersion';
import { connectionOfNode, idArgument, pickJob, requireConnection, type TargetConnection, type VersionTarget } from './versionTarget';
import { askModal, showInfo, showWarning, type ModalText } from '../ui/messages';
import { TYPED_DELETE_BUTTON, jobNameChallenge, typedConfirmation } from './typedConfirmation';

/** What Delete Training Job needs. */
export interface DeleteJobDeps extends StopDeps {
  readonly deletions: DeletionTracker;
  readonly logger: Logger;
  readonly tree: StopDeps['tree'];
}

/** The button of the last-version dialog of Delete Version that deletes the whole job instead. */
export const DELETE_JOB_BUTTON = 'Delete Training Job';

/** How many version names a confirmation lists before "and N more". */
const LISTED_VERSIONS = 10;
/** The version list page size when a job is read: the API's maximum. */
const READ_PAGE_SIZE = 1000;
/** A bound on the pages read (20,000 versions), so a misbehaving answer cannot loop. */
const MAX_READ_PAGES = 20;

/** A job read afresh, with every version, and the connection it was read with. */
export interface JobTarget {
  readonly jobId: string;
  readonly jobName: string;
  /** `version_count` as ModelArts reported it. */
  readonly versionCount: number;
  /** Every version, newest first. */
  readonly versions: readonly TrainingJobVersion[];
  readonly connection: TargetConnection;
}

/** `training job "mnist" (ID 182626)`: names exactly what is acted on. */
export function describeJob(target: Pick<JobTarget, 'jobId' | 'jobName'>): string {
  return `training job "${target.jobName}" (ID ${target.jobId})`;
}

/** The confirmation's message and detail for `target`: the job, how many versions go, where. */
export function deleteJobConfirmation(target: JobTarget): ModalText {
  const names = target.versions.slice(0, LISTED_VERSIONS).map(v => v.versionName);
  const more = target.versionCount - names.length;
  const list = `${names.join(', ')}${more > 0 ? `, and ${more} more` : ''}`;
  const versions = target.versionCount === 0 ? 'It has no versions.'
    : target.versionCount === 1 ? `Its only version, ${list}, is deleted.`
      : `All ${target.versionCount} versions are deleted: ${list}.`;
  return {
    message: `Delete training job "${target.jobName}" and all its versions?`,
    detail: [
      `Training job: ${target.jobName} (ID ${target.jobId})`,
      versions,
      whereText(target.connection),
      '',
      'This cannot be undone.',
    ],
  };
}

/**
 * Reads a job afresh with `connection`: its name and every version (their statuses decide whether it
 * may be deleted). Undefined, after telling the user and refreshing the job list, when ModelArts says
 * the job no longer exists.
 */
async function readJob(deps: DeleteJobDeps, connection: TargetConnection, jobId: string, knownName?: string): Promise<JobTarget | undefined> {
  const versions: TrainingJobVersion[] = [];
  let jobName = knownName ?? '';
  let versionCount = 0;
  try {
    for (let page = 1; page <= MAX_READ_PAGES; page++) {
      const result = await connection.client.listVersions(jobId, { page, perPage: READ_PAGE_SIZE });
      jobName = result.jobName || jobName;
      versionCount = result.versionCount;
      versions.push(...result.versions);
      if (result.versions.length < READ_PAGE_SIZE || versions.length >= result.versionCount) {
        break;
      }
    }
  } catch (error) {
    if (error instanceof NotFoundError && error.errorCode === 'ModelArts.0015') {
      deps.logger.info(`Training job ${jobId} no longer exists.`);
      void showInfo(knownName
        ? `Training job "${knownName}" (ID ${jobId}) no longer exists. The job list was refreshed.`
        : `There is no training job with ID ${jobId} in project ${connection.projectId} of region ${connection.region}.`);
      deps.tree.refresh();
      return undefined;
    }
    throw new CommandError(`Could not read ${knownName ? describeJob({ jobId, jobName: knownName }) : `training job ${jobId}`}`, error);
  }
  return { jobId, jobName: jobName || `Job ${jobId}`, versionCount, versions, connection };
}

/** True for `{ jobId }` (a number or digit string). */
function isJobIdArgument(arg: unknown): arg is { jobId: unknown } {
  return typeof arg === 'object' && arg !== null && 'jobId' in arg && !('kind' in arg);
}

/**
 * The Delete Training Job command: a job node, `{ jobId }` arguments, or the searchable job picker.
 * The job is read again with every version: a job with a running or in-progress version is not
 * deleted (the dialog names them and offers Stop Version). Otherwise a modal confirmation names the
 * job, how many versions go, the project and region; only its Delete button sends exactly one
 * `DELETE …/training-jobs/{jobId}`, with the connection the job was read with. The job shows
 * "Deleting…" until ModelArts confirms it is gone (then it leaves the tree). On failure the error
 * names the code and message, and the job list is refreshed.
 */
export async function deleteJob(deps: DeleteJobDeps, arg?: unknown): Promise<void> {
  let jobId: string | undefined;
  let knownName: string | undefined;
  if (arg instanceof JobNode) {
    ({ jobId, jobName: knownName } = arg.job);
  } else if (isJobIdArgument(arg)) {
    jobId = idArgument(arg.jobId, 'jobId');
  } else if (arg !== undefined) {
    throw new InvalidIdError('Pass a job node or an object { jobId } (a numeric ID) to this command.');
  }
  const connection = arg instanceof JobNode ? await connectionOfNode(deps, arg) : await requireConnection(deps);
  if (jobId === undefined) {
    const picked = await pickJob(connection.client, { title: 'Delete Training Job' }, deps.logger);
    if (!picked) {
      return;
    }
    ({ jobId, jobName: knownName } = picked);
  }
  if (deps.deletions.isJobBusy(jobId)) {
    void showInfo(`The deletion of ${knownName ? describeJob({ jobId, jobName: knownName }) : `training job ${jobId}`} is already in progress.`);
    return;
  }
  const target = await readJob(deps, connection, jobId, knownName);
  if (!target) {
    return;
  }
  await confirmAndDelete(deps, target);
}

/** The running check, then the confirmation, then the deletion. */
async function confirmAndDelete(deps: DeleteJobDeps, target: JobTarget): Promise<void> {
  const active = target.versions.filter(v => isActive(v.status));
  if (active.length > 0) {
    await offerStop(deps, target, active);
    return;
  }
  const choice = await askModal(deleteJobConfirmation(target), TYPED_DELETE_BUTTON);
  if (choice !== TYPED_DELETE_BUTTON || !(await typedConfirmation(jobNameChallenge(target)))) {
    return;
  }
  await deleteConfirmedJob(deps, target);
}

/**
 * What the "Delete Training Job" button of Delete Version's last-version dialog does. That dialog
 * named the job, its project and region and said it cannot be undone, so when the job, read again,
 * still has exactly that one version (not running), only the typed confirmation (the job's name) is
 * asked; when it has changed meanwhile, the full job confirmation (or the running check) decides instead.
 */
export async function deleteJobInstead(deps: DeleteJobDeps, confirmed: VersionTarget): Promise<void> {
  const target = await readJob(deps, confirmed.connection, confirmed.jobId, confirmed.jobName);
  if (!target) {
    return;
  }
  const only = target.versions.length === 1 && target.versionCount === 1 ? target.versions[0] : undefined;
  if (only?.versionId === confirmed.version.versionId && !isActive(only.status)) {
    if (await typedConfirmation(jobNameChallenge(target))) {
      await deleteConfirmedJob(deps, target);
    }
  } else {
    await confirmAndDelete(deps, target);
  }
}

/** A job with running or in-progress versions: say which, and offer to stop the ones that can be. */
async function offerStop(deps: DeleteJobDeps, target: JobTarget, active: readonly TrainingJobVersion[]): Promise<void> {
  const lines = active.slice(0, LISTED_VERSIONS).map(v =>
    `• ${v.versionName} (ID ${v.versionId}): ${statusInfo(v.status).label.toLowerCase()}`);
  if (active.length > LISTED_VERSIONS) {
    lines.push(`…and ${active.length - LISTED_VERSIONS} more`);
  }
  const one = active.length === 1;
  const message = `Training job "${target.jobName}" has ${one ? 'a version that is' : `${active.length} versions that are`} ` +
    'running or in progress, and cannot be deleted yet.';
  const stoppable = active.filter(v => isStoppable(v.status));
  if (stoppable.length === 0) {
    await askModal({
      message,
      detail: [...lines, '', `${one ? 'It is' : 'They are'} being stopped. Delete the job once ${one ? 'it has' : 'they have'} stopped. Nothing is deleted now.`],
    });
    return;
  }
  const button = stoppable.length === 1 ? 'Stop Version' : `Stop ${stoppable.length} Versions`;
  const choice = await askModal({
    message,
    detail: [...lines, '', `Stop ${one ? 'it' : 'them'} first; once ${one ? 'it has' : 'they have'} stopped, delete the job. Nothing is deleted now.`],
  }, button);
  if (choice !== button) {
    return;
  }
  for (const version of stoppable) {
    await stopConfirmed(deps, { jobId: target.jobId, jobName: target.jobName, versionCount: target.versionCount, version, connection: target.connection });
  }
}

/**
 * Sends exactly one `DELETE …/training-jobs/{jobId}` for a confirmed job, with the connection it was
 * read with (refused, sending nothing, when the connection changed since), with progress; then
 * follows the deletion until ModelArts confirms it.
 */
async function deleteConfirmedJob(deps: DeleteJobDeps, target: JobTarget): Promise<void> {
  const { jobId } = target;
  const client = await sendConfirmedDeletion(deps, {
    what: describeJob(target),
    connection: target.connection,
    progressTitle: `Deleting training job "${target.jobName}"…`,
    claim: () => deps.deletions.claimJob(jobId),
    release: () => deps.deletions.releaseJob(jobId),
    send: api => api.deleteJob(jobId),
    refreshAfterFailure: () => deps.tree.refresh(),
  });
  if (!client) {
    return;
  }
  void deps.deletions.trackJob(jobId, client).then(outcome => {
    if (outcome !== 'timeout') {
      return;
    }
    const refresh = 'Refresh';
    void showWarning(
      `ModelArts has not yet confirmed the deletion of ${describeJob(target)}. It shows "Deletion not confirmed"; refresh later to check.`,
      refresh).then(choice => {
      if (choice === refresh) {
        deps.tree.refresh();
      }
    });
  });
}

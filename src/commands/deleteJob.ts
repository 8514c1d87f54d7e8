/** Delete Training Job: a whole job with all its versions, from the context menu or the palette. */
import type { SdkResult } from '../client/types';
import { TYPED_DELETE_BUTTON, deleteJobConfirmation } from '../model/confirmations';
import { isActive } from '../model/status';
import { describeJob, type JobTarget } from '../model/targets';
import { CommandError } from '../ui/errorHandler';
import { offerStopJob } from '../ui/flows';
import { protectedVersionIds, protectionRefusal } from '../ui/protection';
import { askModal, showInfo, withProgress } from '../ui/messages';
import { DELETION_WORDS, reportJobOutcome, settleChange } from '../ui/reports';
import { readJobTarget, resolveJobId } from '../ui/targets';
import { jobNameChallenge, typedConfirmation } from '../ui/typedConfirmation';
import { t } from '../util/l10n';
import type { CommandDeps } from './deps';

/**
 * The Delete Training Job command: a job node, `{ jobId }` arguments, or the searchable job picker.
 * The job is read again with every version; a job with a running or in-progress version is not
 * deleted (the dialog names them and offers Stop Version). Otherwise a modal names the job, how many
 * versions go, the project and region; then the job's name is typed; then exactly one
 * `DELETE …/training-jobs/{jobId}` goes, with the connection the job was read with, and the job shows
 * "Deleting…" until ModelArts confirms it is gone.
 */
export async function deleteJob(deps: CommandDeps, arg?: unknown): Promise<SdkResult | undefined> {
  const named = await resolveJobId(deps, arg, t('Delete Training Job'));
  if (!named) {
    return undefined;
  }
  const { jobId, knownName, connection } = named;
  const job = knownName ? describeJob({ jobId, jobName: knownName }) : t('training job {0}', jobId);
  if (deps.deletions.isJobBusy(jobId)) {
    void showInfo(t('The deletion of {0} is already in progress.', job));
    return undefined;
  }
  let target;
  try {
    target = await readJobTarget(deps, connection, jobId, knownName);
  } catch (error) {
    throw new CommandError(t('Could not read {0}', job), error);
  }
  return target && deleteJobTarget(deps, target);
}

/**
 * A job read afresh: with a running or in-progress version it is not deleted (the dialog names them
 * and offers to stop them); otherwise the confirmation, then the job's name typed, then exactly one
 * DELETE, followed until ModelArts confirms it. Undefined when not confirmed.
 */
async function deleteJobTarget(deps: CommandDeps, target: JobTarget): Promise<SdkResult | undefined> {
  const shielded = protectedJobRefusal(deps, target);
  if (shielded) {
    void showInfo(shielded);
    return { is_success: false, error_msg: shielded };
  }
  const active = target.versions.filter(v => isActive(v.status));
  if (active.length > 0) {
    await offerStopJob(deps, target, active);
    return { is_success: false, error_msg: t('Training job "{0}" has a version that is running or in progress.', target.jobName) };
  }
  if (await askModal(deleteJobConfirmation(target), TYPED_DELETE_BUTTON) !== TYPED_DELETE_BUTTON ||
    !(await typedConfirmation(jobNameChallenge(target)))) {
    return undefined;
  }
  const outcome = await withProgress(t('Deleting training job "{0}"…', target.jobName), () => deps.actions.deleteJob(target));
  return settleChange(outcome, describeJob(target), DELETION_WORDS, followed => {
    void followed.then(result => reportJobOutcome(deps, target, result));
  });
}

/** Why a job is not deleted because of protection: the job is protected, or some of its versions are. */
function protectedJobRefusal(deps: CommandDeps, target: JobTarget): string | undefined {
  const job = protectionRefusal(deps.protections, target.connection, { kind: 'job', jobId: target.jobId }, describeJob(target));
  if (job) {
    return job;
  }
  const versions = protectedVersionIds(deps.protections, target.connection, target.jobId, target.versions.map(v => v.versionId));
  if (versions.length === 0) {
    return undefined;
  }
  const names = target.versions.filter(v => versions.includes(v.versionId)).map(v => v.versionName).join(', ');
  return versions.length === 1
    ? t('Nothing was deleted: {0} has a protected version ({1}). Unprotect it first, or delete the other versions one by one.', describeJob(target), names)
    : t('Nothing was deleted: {0} has {1} protected versions ({2}). Unprotect them first, or delete the other versions one by one.', describeJob(target), versions.length, names);
}

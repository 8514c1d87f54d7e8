/** Delete Training Job: a whole job with all its versions, from the context menu or the palette. */
import type { SdkResult } from '../client/types';
import { describeJob } from '../model/targets';
import { CommandError } from '../ui/errorHandler';
import { deleteJobTarget } from '../ui/flows';
import { showInfo } from '../ui/messages';
import { readJobTarget, resolveJobId } from '../ui/targets';
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
  const named = await resolveJobId(deps, arg, 'Delete Training Job');
  if (!named) {
    return undefined;
  }
  const { jobId, knownName, connection } = named;
  if (deps.deletions.isJobBusy(jobId)) {
    void showInfo(`The deletion of ${knownName ? describeJob({ jobId, jobName: knownName }) : `training job ${jobId}`} is already in progress.`);
    return undefined;
  }
  let target;
  try {
    target = await readJobTarget(deps, connection, jobId, knownName);
  } catch (error) {
    throw new CommandError(`Could not read ${knownName ? describeJob({ jobId, jobName: knownName }) : `training job ${jobId}`}`, error);
  }
  return target && deleteJobTarget(deps, target);
}

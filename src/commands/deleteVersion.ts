/**
 * Delete Version: from the context menu (one version, or a selection of several), the Delete key, or
 * the palette (pickers, or `{ jobId, versionId }` arguments, which resolve to the SDK's
 * `{ is_success, error_code?, error_msg? }` as `delete_job_version()` does).
 */
import { readCandidate } from '../actions/targets';
import { mapLimit } from '../client/async';
import type { SdkResult } from '../client/types';
import { COMMANDS } from '../constants';
import {
  DELETE_BUTTON, DELETE_JOB_BUTTON, TYPED_DELETE_BUTTON, deleteVersionConfirmation, deleteVersionsConfirmation,
} from '../model/confirmations';
import { isActive } from '../model/status';
import { describeVersion, type VersionTarget } from '../model/targets';
import { VersionNode } from '../tree/nodes';
import { CommandError, reportError } from '../ui/errorHandler';
import { deleteJobTarget, offerStop } from '../ui/flows';
import { askModal, showInfo, withProgress } from '../ui/messages';
import { DELETION_WORDS, failureResult, reportBatch, reportVersionOutcomes, settleChange } from '../ui/reports';
import { connectionOfNode, isVersionIdArgument, readJobTarget, resolveVersionTarget } from '../ui/targets';
import { countChallenge, typedConfirmation } from '../ui/typedConfirmation';
import type { CommandDeps } from './deps';

/** The version nodes a context-menu invocation applies to: the selection when the clicked node is part of it. */
function selectedVersions(arg: unknown, selection: unknown): VersionNode[] {
  if (!(arg instanceof VersionNode) || !Array.isArray(selection) || !selection.includes(arg)) {
    return [];
  }
  return selection.filter((node): node is VersionNode => node instanceof VersionNode);
}

/**
 * The Delete Version command. With several versions selected, deletes them all after one confirmation
 * ({@link deleteSelected}). Otherwise the version is read afresh; a running one is not deleted (the
 * dialog offers Stop Version); a modal names the version, job, project and region, and only its
 * Delete button sends exactly one DELETE, with the connection the version was read with.
 */
export async function deleteVersion(deps: CommandDeps, arg?: unknown, selection?: unknown): Promise<SdkResult | undefined> {
  if (!isVersionIdArgument(arg)) {
    const selected = selectedVersions(arg, selection);
    return selected.length > 1 ? deleteSelected(deps, selected) : deleteOne(deps, arg);
  }
  try {
    return await deleteOne(deps, arg);
  } catch (error) {
    // Told like any command error, and answered in the SDK's shape to the caller that passed the IDs.
    reportError(deps.logger, COMMANDS.deleteVersionFromPalette, error);
    return failureResult(error);
  }
}

/** One version: resolved, read afresh, confirmed, deleted, followed. */
async function deleteOne(deps: CommandDeps, arg: unknown): Promise<SdkResult | undefined> {
  const target = await resolveVersionTarget(deps, arg, { title: 'Delete Training Job Version', fresh: true });
  if (!target) {
    return undefined;
  }
  const refusal = whyNot(deps, target);
  if (refusal) {
    void showInfo(refusal);
    return { is_success: false, error_msg: refusal };
  }
  if (isActive(target.version.status)) {
    await offerStop(deps, target);
    return { is_success: false, error_msg: `${describeVersion(target)} is running or in progress and cannot be deleted yet.` };
  }
  // The job's last version: the API reference recommends deleting the job instead, so offer both.
  const buttons = target.versionCount === 1 ? [DELETE_BUTTON, DELETE_JOB_BUTTON] : [DELETE_BUTTON];
  const choice = await askModal(deleteVersionConfirmation(target), ...buttons);
  if (choice === DELETE_JOB_BUTTON) {
    return deleteJobInstead(deps, target);
  }
  if (choice !== DELETE_BUTTON) {
    return undefined;
  }
  const outcome = await withProgress(`Deleting version "${target.version.versionName}" of "${target.jobName}"…`,
    () => deps.actions.deleteVersion(target));
  return settleChange(outcome, describeVersion(target), DELETION_WORDS, followed => {
    void followed.then(result => reportVersionOutcomes(deps, [{ target, outcome: result }]));
  });
}

/** Why the version cannot be deleted now (it, or its whole job, is being deleted already), if so. */
function whyNot(deps: CommandDeps, target: VersionTarget): string | undefined {
  if (deps.deletions.isJobBusy(target.jobId)) {
    return `Training job "${target.jobName}" (ID ${target.jobId}) is being deleted with all its versions.`;
  }
  return deps.deletions.isBusy(target.jobId, target.version.versionId) ? `The deletion of ${describeVersion(target)} is already in progress.` : undefined;
}

/**
 * The "Delete Training Job" button of the last-version dialog. That dialog named the job, its project
 * and region and said it cannot be undone, so when the job, read again, still has exactly that one
 * version (not running), only the typed confirmation is asked; when it changed, the job's own
 * confirmation (or the running check) decides.
 */
async function deleteJobInstead(deps: CommandDeps, confirmed: VersionTarget): Promise<SdkResult | undefined> {
  let target;
  try {
    target = await readJobTarget(deps, confirmed.connection, confirmed.jobId, confirmed.jobName);
  } catch (error) {
    throw new CommandError(`Could not read training job "${confirmed.jobName}" (ID ${confirmed.jobId})`, error);
  }
  if (!target) {
    return undefined;
  }
  const only = target.versions.length === 1 && target.versionCount === 1 ? target.versions[0] : undefined;
  return deleteJobTarget(deps, target, only?.versionId === confirmed.version.versionId && !isActive(only.status));
}

/**
 * Deletes the selected versions after ONE modal confirmation that lists them (and names the running
 * ones left out), then the typed count; at most `modelarts.deleteConcurrency` requests at a time, with
 * cancellable progress; each accepted one is followed like a single deletion.
 */
async function deleteSelected(deps: CommandDeps, nodes: readonly VersionNode[]): Promise<undefined> {
  const connection = await connectionOfNode(deps, nodes[0]);
  for (const node of nodes.slice(1)) {
    await connectionOfNode(deps, node);
  }
  let candidates;
  try {
    candidates = await mapLimit(nodes, deps.settings.deleteConcurrency(), node => readCandidate(deps.deletions, connection, {
      jobId: node.parent.job.jobId, jobName: node.parent.job.jobName, jobVersionCount: node.parent.job.versionCount, version: node.version,
    }, version => deps.tree.updateVersion(version)));
  } catch (error) {
    throw new CommandError(`Could not read the ${nodes.length} selected versions`, error);
  }
  const toDelete = candidates.filter(c => c.state === 'delete');
  if (toDelete.length === 0) {
    const running = candidates.filter(c => c.state === 'running').length;
    void showInfo(running > 0
      ? `Nothing to delete: ${running} of the selected versions ${running === 1 ? 'is' : 'are'} running or in progress (stop them first), the others are already deleted or being deleted.`
      : 'Nothing to delete: the selected versions are already deleted or being deleted.');
    return undefined;
  }
  if (await askModal(deleteVersionsConfirmation(candidates, connection), TYPED_DELETE_BUTTON) !== TYPED_DELETE_BUTTON ||
    !(await typedConfirmation(countChallenge(toDelete.length)))) {
    return undefined;
  }
  const targets = toDelete.map(c => ({ ...c.target, connection }));
  const total = targets.length;
  const outcome = await withProgress(`Deleting ${total} training job versions`, async (signal, report) => {
    let done = 0;
    report(`Deleting 1 of ${total}…`);
    return deps.actions.deleteVersions(targets, connection, {
      concurrency: deps.settings.deleteConcurrency(),
      signal,
      onResult: () => {
        done++;
        report(done < total ? `Deleting ${done + 1} of ${total}…` : `Deleted ${total} of ${total}`, 100 / total);
      },
    });
  }, { cancellable: true });
  if (outcome.refused) {
    throw new CommandError(`Did not delete the ${toDelete.length} selected versions`, outcome.refused);
  }
  reportBatch(deps, outcome);
  return undefined;
}

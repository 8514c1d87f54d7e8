/** Delete Version: the one destructive command, from the context menu or the palette. */
import * as vscode from 'vscode';
import type { DeletionTracker } from '../tree/deletionTracker';
import { isStoppable, statusInfo, isActive } from '../tree/status';
import type { Logger } from '../util/logger';
import { CommandError } from './errorHandler';
import { STOP_BUTTON, describeTarget, stopConfirmed, type StopDeps } from './stopVersion';
import { requireClient, resolveVersionTarget, type VersionTarget } from './versionTarget';

/** What Delete Version needs. */
export interface DeleteDeps extends StopDeps {
  readonly deletions: DeletionTracker;
  readonly logger: Logger;
}

/** The confirmation button: nothing is sent unless the user clicks exactly this. */
export const DELETE_BUTTON = 'Delete';

/** The confirmation's message and detail for `target`. */
export function deleteConfirmation(target: VersionTarget): { message: string; detail: string } {
  const lines = [
    `Version: ${target.version.versionName} (ID ${target.version.versionId})`,
    `Training job: ${target.jobName} (ID ${target.jobId})`,
    '',
  ];
  if (target.versionCount === 1) {
    lines.push('This is the job\'s only version: the job will have no versions left.');
  }
  lines.push('This cannot be undone.');
  return {
    message: `Delete version "${target.version.versionName}" of training job "${target.jobName}"?`,
    detail: lines.join('\n'),
  };
}

/**
 * The Delete Version command. Resolves the target (node, `{ jobId, versionId }`, or pickers); a running
 * version is not deleted (the dialog offers Stop Version instead); otherwise a modal confirmation
 * names the version and job, and only its Delete button sends exactly one
 * `DELETE …/training-jobs/{jobId}/versions/{versionId}`. On success the version shows "Deleting…"
 * until ModelArts confirms it; the job's versions are refreshed whatever happens.
 */
export async function deleteVersion(deps: DeleteDeps, arg?: unknown): Promise<void> {
  const target = await resolveVersionTarget(deps, arg, { title: 'Delete Training Job Version' });
  if (!target) {
    return;
  }
  const { jobId, version } = target;
  if (deps.deletions.state(jobId, version.versionId)?.phase === 'deleting') {
    void vscode.window.showInformationMessage(`The deletion of ${describeTarget(target)} is already in progress.`);
    return;
  }
  if (isActive(version.status)) {
    await offerStop(deps, target);
    return;
  }
  const { message, detail } = deleteConfirmation(target);
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, DELETE_BUTTON);
  if (choice !== DELETE_BUTTON) {
    return;
  }
  const client = await requireClient(deps);
  deps.deletions.forget(jobId, version.versionId);
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Deleting version "${version.versionName}" of "${target.jobName}"…` },
      () => client.deleteVersion(jobId, version.versionId));
    deps.logger.info(`Deletion of ${describeTarget(target)} accepted; waiting for ModelArts to confirm it.`);
    void deps.deletions.track(jobId, version.versionId).then(outcome => {
      if (outcome === 'failed') {
        void vscode.window.showWarningMessage(
          `ModelArts could not delete ${describeTarget(target)} (status DELETE_FAILED). Try again, or check it in the ModelArts console.`);
      }
    });
  } catch (error) {
    throw new CommandError(`Could not delete ${describeTarget(target)}`, error);
  } finally {
    // The service may have acted even when the answer was an error: show what it now holds.
    deps.tree.refreshJob(jobId);
  }
}

/** A running or in-progress version: say why it cannot be deleted yet and offer to stop it. */
async function offerStop(deps: DeleteDeps, target: VersionTarget): Promise<void> {
  const status = statusInfo(target.version.status).label.toLowerCase();
  const message = `Version "${target.version.versionName}" of training job "${target.jobName}" is ${status} and cannot be deleted yet.`;
  if (!isStoppable(target.version.status)) {
    await vscode.window.showWarningMessage(message, {
      modal: true,
      detail: `It is being stopped (ID ${target.version.versionId} of job ID ${target.jobId}). Delete it once it has stopped.`,
    });
    return;
  }
  const choice = await vscode.window.showWarningMessage(message, {
    modal: true,
    detail: `Stop ${describeTarget(target)} first; once it has stopped, delete it. Nothing is deleted now.`,
  }, STOP_BUTTON);
  if (choice === STOP_BUTTON) {
    await stopConfirmed(deps, target);
  }
}

/** Stop Version: a running or in-progress version, after a modal confirmation. */
import type { DeletionTracker } from '../tree/deletionTracker';
import { isStoppable, statusInfo } from '../tree/status';
import { CommandError } from './errorHandler';
import { ensureSameConnection, resolveVersionTarget, type TargetDeps, type VersionTarget } from './versionTarget';
import { askModal, showInfo, withProgress } from '../ui/messages';

/** What Stop Version needs. */
export interface StopDeps extends TargetDeps {
  readonly deletions?: DeletionTracker;
}

/** The confirmation button. */
export const STOP_BUTTON = 'Stop Version';

/** `version "V0003" (ID 278813) of training job "mnist" (ID 182626)`: names exactly what is acted on. */
export function describeTarget(target: Pick<VersionTarget, 'jobId' | 'jobName' | 'version'>): string {
  return `version "${target.version.versionName}" (ID ${target.version.versionId}) of training job "${target.jobName}" (ID ${target.jobId})`;
}

/**
 * The Stop Version command: node, `{ jobId, versionId }`, or pickers offering running versions only.
 * The version is read again first, so the decision rests on its current status.
 */
export async function stopVersion(deps: StopDeps, arg?: unknown): Promise<void> {
  const target = await resolveVersionTarget(deps, arg, {
    title: 'Stop Training Job Version',
    versionFilter: v => isStoppable(v.status),
    noVersionText: 'Training job "{job}" has no running version to stop.',
    fresh: true,
  });
  if (!target) {
    return;
  }
  if (!isStoppable(target.version.status)) {
    void showInfo(
      `Nothing to stop: ${describeTarget(target)} is ${statusInfo(target.version.status).label.toLowerCase()}.`);
    return;
  }
  const choice = await askModal({
    message: `Stop ${describeTarget(target)}?`,
    detail: [`It is ${statusInfo(target.version.status).label.toLowerCase()}. Stopping ends the run; it cannot be resumed.`],
  }, STOP_BUTTON);
  if (choice !== STOP_BUTTON) {
    return;
  }
  await stopConfirmed(deps, target);
}

/**
 * Sends the stop for a confirmed target with the connection it was read with (refused when the
 * connection changed since), with progress; the job's versions are refreshed in any case.
 */
export async function stopConfirmed(deps: StopDeps, target: VersionTarget): Promise<void> {
  try {
    await ensureSameConnection(deps, target.connection);
    await withProgress(`Stopping version "${target.version.versionName}" of "${target.jobName}"…`,
      () => target.connection.client.stopVersion(target.jobId, target.version.versionId));
  } catch (error) {
    throw new CommandError(`Could not stop ${describeTarget(target)}`, error);
  } finally {
    deps.tree.refreshJob(target.jobId);
  }
  void showInfo(
    `Stop requested for ${describeTarget(target)}. It can be deleted once it has stopped.`);
}

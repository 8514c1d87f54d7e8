/**
 * The conversation more than one command has with the user: stopping a version (from Stop Version,
 * or offered when a running version or job is to be deleted), followed to its end with Delete Now.
 */
import type { Actions } from '../actions/actions';
import { COMMANDS, type CommandId } from '../constants';
import type { Connection } from '../model/connection';
import { jobRunningText, versionRunningText, STOP_BUTTON } from '../model/confirmations';
import { isStoppable } from '../model/status';
import { describeVersion, type JobTarget, type VersionTarget } from '../model/targets';
import { askModal, showInfo, withProgress } from './messages';
import { DELETE_NOW_BUTTON, reportStopOutcome, settleChange, type ReportDeps } from './reports';
import { t } from '../util/l10n';

/** What the flows need. */
export interface FlowDeps extends ReportDeps {
  readonly actions: Actions;
  readonly connection: { current(): Promise<Connection | undefined> };
  readonly run: (command: CommandId, ...args: unknown[]) => Promise<unknown>;
}

/**
 * Stops a confirmed version, with progress while the request is sent; the row then shows "Stopping"
 * until the version has stopped, and the end is told with Delete Now.
 */
export async function stopTarget(deps: FlowDeps, target: VersionTarget): Promise<void> {
  const outcome = await withProgress(t('Stopping version "{0}" of "{1}"…', target.version.versionName, target.jobName), () => deps.actions.stop(target));
  await settleChange(outcome, describeVersion(target), { refused: t('Could not stop'), failed: t('Could not stop') }, followed => {
    void followed.then(async ended => {
      if (await reportStopOutcome(deps, target, ended) === DELETE_NOW_BUTTON) {
        await deleteNow(deps, target);
      }
    });
  });
}

/** Delete Now after a stop: the usual Delete Version (read afresh, confirmed), only in the same project. */
async function deleteNow(deps: FlowDeps, target: VersionTarget): Promise<void> {
  const current = await deps.connection.current().catch(() => undefined);
  if (current?.fingerprint !== target.connection.fingerprint) {
    void showInfo(t('Nothing was deleted: the ModelArts connection changed since {0} was stopped.', describeVersion(target)));
    return;
  }
  await deps.run(COMMANDS.deleteVersionFromPalette, { jobId: target.jobId, versionId: target.version.versionId });
}

/** A running or in-progress version asked to be deleted: says why not yet, and offers to stop it. */
export async function offerStop(deps: FlowDeps, target: VersionTarget): Promise<void> {
  const text = versionRunningText(target);
  if (!text.canStop) {
    await askModal(text);
  } else if (await askModal(text, STOP_BUTTON) === STOP_BUTTON) {
    await stopTarget(deps, target);
  }
}

/** A job with running or in-progress versions: says which, and offers to stop the ones that can be. */
export async function offerStopJob(deps: FlowDeps, target: JobTarget, active: JobTarget['versions']): Promise<void> {
  const text = jobRunningText(target, active);
  if (!text.stopButton) {
    await askModal(text);
    return;
  }
  if (await askModal(text, text.stopButton) !== text.stopButton) {
    return;
  }
  for (const version of active.filter(v => isStoppable(v.status))) {
    await stopTarget(deps, { jobId: target.jobId, jobName: target.jobName, versionCount: target.versionCount, version, connection: target.connection });
  }
}

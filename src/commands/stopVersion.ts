/** Stop Version: a running or in-progress version, after a modal confirmation. */
import { STOP_BUTTON, stopConfirmation } from '../model/confirmations';
import { isStoppable, statusInfo } from '../model/status';
import { describeVersion } from '../model/targets';
import { stopTarget } from '../ui/flows';
import { askModal, showInfo } from '../ui/messages';
import { resolveVersionTarget } from '../ui/targets';
import type { CommandDeps } from './deps';

/**
 * The Stop Version command: node, `{ jobId, versionId }`, or pickers offering running versions only.
 * The version is read again first, so the decision rests on its current status.
 */
export async function stopVersion(deps: CommandDeps, arg?: unknown): Promise<void> {
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
    void showInfo(`Nothing to stop: ${describeVersion(target)} is ${statusInfo(target.version.status).label.toLowerCase()}.`);
    return;
  }
  if (await askModal(stopConfirmation(target), STOP_BUTTON) === STOP_BUTTON) {
    await stopTarget(deps, target);
  }
}

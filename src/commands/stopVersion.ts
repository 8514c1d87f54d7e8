/** Stop Version: a running or in-progress version, after a modal confirmation. */
import { STOP_BUTTON, stopConfirmation } from '../model/confirmations';
import { isStoppable, statusInfo } from '../model/status';
import { describeVersion } from '../model/targets';
import { stopTarget } from '../ui/flows';
import { askModal, showInfo } from '../ui/messages';
import { resolveVersionTarget } from '../ui/targets';
import { t } from '../util/l10n';
import type { CommandDeps } from './deps';

/**
 * The Stop Version command: node, `{ jobId, versionId }`, or pickers offering running versions only.
 * The version is read again first, so the decision rests on its current status.
 */
export async function stopVersion(deps: CommandDeps, arg?: unknown): Promise<void> {
  const target = await resolveVersionTarget(deps, arg, {
    title: t('Stop Training Job Version'),
    versionFilter: v => isStoppable(v.status),
    noVersionText: t('Training job "{job}" has no running version to stop.'),
    fresh: true,
  });
  if (!target) {
    return;
  }
  if (!isStoppable(target.version.status)) {
    void showInfo(t('Nothing to stop: {0} is {1}.', describeVersion(target), statusInfo(target.version.status).label.toLowerCase()));
    return;
  }
  if (await askModal(stopConfirmation(target), STOP_BUTTON) === STOP_BUTTON) {
    await stopTarget(deps, target);
  }
}

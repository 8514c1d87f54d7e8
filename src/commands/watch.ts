/**
 * Watch and Unwatch a running version, job (its latest version) or new-version job (a selection too): a watched row shows an
 * eye, is read again even while the view is hidden (once a minute), and one notification tells how it
 * ended. Only rows in a transitional status can be watched: a finished one has nothing left to tell.
 */
import { t } from '../util/l10n';
import { liveItemOf } from '../tree/liveRows';
import { JobNode, V2JobNode, VersionNode } from '../tree/nodes';
import { showInfo } from '../ui/messages';
import type { CommandDeps } from './deps';

/** The rows a context-menu invocation applies to: the selection when the clicked row is part of it. */
function rows(arg: unknown, selection: unknown): (VersionNode | V2JobNode | JobNode)[] {
  const all = Array.isArray(selection) && selection.includes(arg) ? selection : [arg];
  return all.filter((n): n is VersionNode | V2JobNode | JobNode => n instanceof VersionNode || n instanceof V2JobNode || n instanceof JobNode);
}

/** Watch (`on`) or Unwatch the rows (a job: its latest version). */
export async function setWatch(deps: CommandDeps, arg: unknown, selection: unknown, on: boolean): Promise<void> {
  const items = rows(arg, selection).flatMap(node => liveItemOf(node) ?? []);
  if (items.length === 0) {
    void showInfo(on ? t('Select a running version or training job to watch.') : t('Select a running version or training job to unwatch.'));
    return;
  }
  for (const item of items) {
    if (on) {
      deps.live.watch(item);
      deps.logger.info(`Watching ${item.label}: a notification will tell how it ends.`);
    } else if (deps.live.unwatch(item.key)) {
      deps.logger.info(`No longer watching ${item.label}.`);
    }
  }
}

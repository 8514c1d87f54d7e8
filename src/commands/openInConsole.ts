/**
 * Open in Console: the job (or the job of a version) in the ModelArts web console of its cloud and
 * region. Where only a list page is known, the list opens and the job's name is copied to search for
 * there, and the message says so. Nothing is opened for a custom endpoint (the local emulator).
 */
import { t } from '../util/l10n';
import * as vscode from 'vscode';
import type { CloudId } from '../client/endpoints';
import { consoleLink, type ConsoleKey } from '../model/console';
import { JobNode, V2JobNode, VersionNode } from '../tree/nodes';
import { showInfo } from '../ui/messages';
import type { CommandDeps } from './deps';

/** Opens the console page of a job, version or new-version job row. */
export async function openInConsole(deps: CommandDeps, node: unknown): Promise<void> {
  const row = node instanceof VersionNode ? node.parent : node;
  if (!(row instanceof JobNode) && !(row instanceof V2JobNode)) {
    return;
  }
  const { connection } = row;
  const [id, name] = row instanceof JobNode ? [row.job.jobId, row.job.jobName] : [row.job.jobId, row.job.name];
  const cloud = connection.cloud as CloudId;
  const key = cloud === 'custom' ? undefined : (row instanceof JobNode ? `${cloud}-v1` : cloud) as ConsoleKey;
  const link = consoleLink(key && deps.settings.consoleUrl(key), { region: connection.region, id });
  if ('error' in link) {
    void showInfo(t('Cannot open training job "{0}" in the console: {1}.', name, link.error));
    return;
  }
  if (!link.exact) {
    await vscode.env.clipboard.writeText(name);
  }
  await vscode.env.openExternal(vscode.Uri.parse(link.url, true));
  deps.logger.info(`Opened ${link.exact ? `the console page of training job "${name}"` : 'the ModelArts console'} (${new URL(link.url).host}).`);
  if (!link.exact) {
    void showInfo(t('Opened the ModelArts console of {0}: its page for one job is not known for this kind of job on this cloud, so search there for "{1}" (the name is on the clipboard).',
      connection.region, name));
  }
}

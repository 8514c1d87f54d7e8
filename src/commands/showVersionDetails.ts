/** Show Details and Copy Details as JSON: one version, read afresh. */
import { t } from '../util/l10n';
import * as vscode from 'vscode';
import type { VersionDetails } from '../client/types';
import type { VersionTarget } from '../model/targets';
import { detailsUri, renderDetails } from '../ui/detailsDocuments';
import { openRendered } from '../ui/documents';
import { CommandError } from '../ui/errorHandler';
import { resolveVersionTarget } from '../ui/targets';
import type { CommandDeps } from './deps';

/** The version the command names, read afresh; undefined when a picker was dismissed. */
async function readDetails(deps: CommandDeps, arg: unknown, title: string): Promise<{ target: VersionTarget; details: VersionDetails } | undefined> {
  const target = await resolveVersionTarget(deps, arg, { title });
  if (!target) {
    return undefined;
  }
  try {
    return { target, details: await target.connection.client.getVersion(target.jobId, target.version.versionId) };
  } catch (error) {
    throw new CommandError(t('Could not load the details of version "{0}" (ID {1})', target.version.versionName, target.version.versionId), error);
  }
}

/** The Show Details command: the version's details, rendered (a read-only Markdown document in the preview). */
export async function showVersionDetails(deps: CommandDeps, arg?: unknown): Promise<void> {
  const read = await readDetails(deps, arg, 'Show Version Details');
  if (!read) {
    return;
  }
  const { target, details } = read;
  const uri = detailsUri(target.jobId, target.version.versionId, details.versionName, details.jobName, target.connection);
  deps.details.set(uri, renderDetails(details));
  await openRendered(uri);
}

/** The Copy Details as JSON command: every field of the version as read, as indented JSON on the clipboard. */
export async function copyVersionJson(deps: CommandDeps, arg?: unknown): Promise<void> {
  const read = await readDetails(deps, arg, 'Copy Version Details as JSON');
  if (!read) {
    return;
  }
  await vscode.env.clipboard.writeText(JSON.stringify(read.details, null, 2));
  vscode.window.setStatusBarMessage(t('Copied the details of version {0} as JSON', read.target.version.versionId), 3000);
}

/** Show Details: one version's details in a read-only document. */
import * as vscode from 'vscode';
import type { VersionDetails } from '../client/types';
import { detailsUri, renderDetails } from '../ui/detailsDocuments';
import { CommandError } from '../ui/errorHandler';
import { resolveVersionTarget } from '../ui/targets';
import type { CommandDeps } from './deps';

/** The Show Details command: fetches the version (fresh), then opens its read-only document. */
export async function showVersionDetails(deps: CommandDeps, arg?: unknown): Promise<void> {
  const target = await resolveVersionTarget(deps, arg, { title: 'Show Version Details' });
  if (!target) {
    return;
  }
  let details: VersionDetails;
  try {
    details = await target.connection.client.getVersion(target.jobId, target.version.versionId);
  } catch (error) {
    throw new CommandError(`Could not load the details of version "${target.version.versionName}" (ID ${target.version.versionId})`, error);
  }
  const uri = detailsUri(target.jobId, target.version.versionId, details.versionName, details.jobName, target.connection);
  deps.details.set(uri, renderDetails(details));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: true });
}

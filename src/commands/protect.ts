/** Protect and Unprotect: a job, a version or a new-version job (or a selection of them), kept from every deletion. */
import { t } from '../util/l10n';
import * as vscode from 'vscode';
import { JobNode, V2JobNode, VersionNode } from '../tree/nodes';
import { nodeTarget } from '../tree/protectionTarget';
import { VIEWS } from '../constants';
import { showInfo } from '../ui/messages';
import { forLine } from '../util/sanitize';
import type { CommandDeps } from './deps';

type Protectable = JobNode | VersionNode | V2JobNode;

function isProtectable(node: unknown): node is Protectable {
  return node instanceof JobNode || node instanceof VersionNode || node instanceof V2JobNode;
}

/** How a row is named in the status bar. */
function nameOf(node: Protectable): string {
  return node instanceof VersionNode ? `version "${node.version.versionName}" of "${node.parent.job.jobName}"`
    : node instanceof JobNode ? `training job "${node.job.jobName}"` : `training job "${node.job.name}"`;
}

/**
 * Protects (`on`) or unprotects the node, or every protectable node of the selection it belongs to. No
 * request is sent: protection is kept on this machine (and synchronised by Settings Sync), for the
 * cloud, region and project the node was listed in.
 */
export async function setProtection(deps: CommandDeps, arg: unknown, selection: unknown, on: boolean): Promise<void> {
  if (!isProtectable(arg)) {
    if (arg === undefined) {
      // From the palette or the walkthrough with nothing selected: say what to do, and show where.
      await vscode.commands.executeCommand(`${VIEWS.trainingJobs}.focus`);
      void showInfo(on ? t('Select a training job or version in the Training Jobs view first, then run Protect from Deletion (or right-click it).')
        : t('Select a training job or version in the Training Jobs view first, then run Unprotect (or right-click it).'));
    }
    return;
  }
  const nodes = Array.isArray(selection) && selection.includes(arg) ? selection.filter(isProtectable) : [arg];
  for (const node of nodes) {
    const { scope, item } = nodeTarget(node);
    await deps.protections.set(scope, item, on);
  }
  const what = nodes.length === 1 ? nameOf(nodes[0]) : `${nodes.length} items`;
  deps.logger.info(`${on ? 'Protected' : 'Unprotected'} ${what}.`);
  // The names are server text: one plain line, as every other surface gets it.
  vscode.window.setStatusBarMessage(forLine(`${on ? 'Protected' : 'Unprotected'} ${what}`), 3000);
}

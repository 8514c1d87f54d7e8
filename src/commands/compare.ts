/**
 * Compare: two selected versions (of one job or of two), or two new-version jobs, each read afresh
 * with the connection its row was listed with, side by side in VS Code's diff editor as sorted
 * `key: value` lines; Compare with Previous Version on a version; the editor's title bar toggles
 * between all fields and the differences only.
 */
import * as vscode from 'vscode';
import { versionFields, v2Fields } from '../model/comparison';
import type { TargetConnection } from '../model/connection';
import { V2JobNode, VersionNode } from '../tree/nodes';
import { CommandError } from '../ui/errorHandler';
import { showInfo, withProgress } from '../ui/messages';
import { connectionOfNode, requireConnection, StaleNodeError } from '../ui/targets';
import { t } from '../util/l10n';
import type { CommandDeps } from './deps';

/** The rows a context-menu invocation applies to: the selection when the clicked row is part of it. */
function rows(arg: unknown, selection: unknown): unknown[] {
  return Array.isArray(selection) && selection.includes(arg) ? selection : [arg];
}

/** Compare on two rows of the same kind; on one version, Compare with Previous Version. */
export async function compare(deps: CommandDeps, arg: unknown, selection: unknown): Promise<void> {
  const picked = rows(arg, selection);
  const versions = picked.filter((n): n is VersionNode => n instanceof VersionNode);
  const jobs = picked.filter((n): n is V2JobNode => n instanceof V2JobNode);
  if (versions.length === 2 && jobs.length === 0) {
    await compareVersions(deps, versions[0], versions[1]);
  } else if (jobs.length === 2 && versions.length === 0) {
    await compareV2Jobs(deps, jobs[0], jobs[1]);
  } else if (versions.length === 1 && picked.length === 1) {
    await compareWithPrevious(deps, versions[0]);
  } else {
    void showInfo(t('Select two versions, or two training jobs, to compare (Ctrl/Cmd+click the second).'));
  }
}

/** The version before `node` in its job: `pre_version_id`, else the next older loaded version. */
export async function compareWithPrevious(deps: CommandDeps, node: unknown): Promise<void> {
  if (!(node instanceof VersionNode)) {
    return;
  }
  const siblings = await deps.tree.versions(node.parent.job.jobId);
  const older = siblings
    .filter(s => s.version.versionId !== node.version.versionId && (s.version.createTime ?? 0) <= (node.version.createTime ?? 0))
    .sort((a, b) => (b.version.createTime ?? 0) - (a.version.createTime ?? 0));
  const previous = siblings.find(s => s.version.versionId === node.version.preVersionId) ?? older[0];
  if (!previous) {
    void showInfo(t('Version "{0}" is the first version of training job "{1}": nothing to compare it with.', node.version.versionName, node.parent.job.jobName));
    return;
  }
  await compareVersions(deps, previous, node);
}

async function compareVersions(deps: CommandDeps, a: VersionNode, b: VersionNode): Promise<void> {
  const connection = await connectionOfNode(deps, a);
  await connectionOfNode(deps, b);
  const [left, right] = await read('versions', () => Promise.all([a, b].map(n => connection.client.getVersion(n.parent.job.jobId, n.version.versionId))));
  await deps.comparisons.open(
    { title: t('{0} of {1}', left.versionName, left.jobName), fields: versionFields(left) },
    { title: t('{0} of {1}', right.versionName, right.jobName), fields: versionFields(right) }, connection);
}

async function compareV2Jobs(deps: CommandDeps, a: V2JobNode, b: V2JobNode): Promise<void> {
  const connection = await sameConnection(deps, a, b);
  const [left, right] = await read('training jobs', () => Promise.all([a, b].map(n => connection.client.v2.getJob(n.job.jobId))));
  await deps.comparisons.open(
    { title: `${left.name} (${left.jobId.slice(0, 8)})`, fields: v2Fields(left) },
    { title: `${right.name} (${right.jobId.slice(0, 8)})`, fields: v2Fields(right) }, connection);
}

/** The current connection, when both rows were listed with it. */
async function sameConnection(deps: CommandDeps, ...nodes: V2JobNode[]): Promise<TargetConnection> {
  const connection = await requireConnection(deps);
  if (nodes.some(n => n.connection.id !== connection.id)) {
    deps.tree.refresh();
    throw new StaleNodeError(t('the training jobs to compare'));
  }
  return connection;
}

/** Reads both sides under a progress notification; a failure says what could not be compared. */
async function read<T>(what: 'versions' | 'training jobs', work: () => Promise<T>): Promise<T> {
  const versions = what === 'versions';
  try {
    return await withProgress(versions ? t('Reading the two versions to compare…') : t('Reading the two training jobs to compare…'), () => work());
  } catch (error) {
    throw new CommandError(versions ? t('Could not compare the two versions') : t('Could not compare the two training jobs'), error);
  }
}

/** In a comparison's diff editor: all fields ↔ differences only. */
export async function toggleDifferences(deps: CommandDeps): Promise<void> {
  const uri = vscode.window.activeTextEditor?.document.uri;
  const comparison = uri && deps.comparisons.comparisonOf(uri);
  if (!comparison) {
    void showInfo(t('Open a comparison first: select two versions or training jobs → Compare.'));
    return;
  }
  await deps.comparisons.show(comparison.id, !comparison.only);
}

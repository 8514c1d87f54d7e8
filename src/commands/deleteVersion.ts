/**
 * Delete Version: from the context menu (one version, or a selection of several), the Delete key, or
 * the palette (pickers, or `{ jobId, versionId }` arguments, which resolve to the SDK's
 * `{ is_success, error_code?, error_msg? }` as `delete_job_version()` does).
 */
import { readCandidate } from '../actions/targets';
import { mapLimit } from '../client/async';
import type { SdkResult } from '../client/types';
import { COMMANDS } from '../constants';
import {
  DELETE_BUTTON, TYPED_DELETE_BUTTON, deleteVersionConfirmation, deleteVersionsConfirmation, type Candidate,
} from '../model/confirmations';
import { isActive } from '../model/status';
import { describeVersion, type VersionTarget } from '../model/targets';
import { VersionNode } from '../tree/nodes';
import { CommandError, reportError } from '../ui/errorHandler';
import { offerStop } from '../ui/flows';
import { protectionRefusal } from '../ui/protection';
import { askModal, graceCountdown, showInfo, withProgress, type ReportProgress } from '../ui/messages';
import { DELETION_WORDS, failureResult, reportBatch, reportVersionOutcome, settleChange } from '../ui/reports';
import type { BatchEntry } from '../model/batchReport';
import type { TargetConnection } from '../model/connection';
import type { BatchOutcome } from '../actions/actions';
import { connectionOfNode, isVersionIdArgument, resolveVersionTarget } from '../ui/targets';
import { countChallenge, typedConfirmation } from '../ui/typedConfirmation';
import { t } from '../util/l10n';
import type { CommandDeps } from './deps';

/** The version nodes a context-menu invocation applies to: the selection when the clicked node is part of it. */
function selectedVersions(arg: unknown, selection: unknown): VersionNode[] {
  if (!(arg instanceof VersionNode) || !Array.isArray(selection) || !selection.includes(arg)) {
    return [];
  }
  return selection.filter((node): node is VersionNode => node instanceof VersionNode);
}

/**
 * The Delete Version command. With several versions selected, deletes them all after one confirmation
 * ({@link deleteSelected}). Otherwise the version is read afresh; a running one is not deleted (the
 * dialog offers Stop Version); a modal names the version, job, project and region, and only its
 * Delete button sends exactly one DELETE, with the connection the version was read with.
 */
export async function deleteVersion(deps: CommandDeps, arg?: unknown, selection?: unknown): Promise<SdkResult | undefined> {
  if (!isVersionIdArgument(arg)) {
    const selected = selectedVersions(arg, selection);
    return selected.length > 1 ? deleteSelected(deps, selected) : deleteOne(deps, arg);
  }
  try {
    return await deleteOne(deps, arg);
  } catch (error) {
    // Told like any command error, and answered in the SDK's shape to the caller that passed the IDs.
    reportError(deps.logger, COMMANDS.deleteVersionFromPalette, error);
    return failureResult(error);
  }
}

/** One version: resolved, read afresh, confirmed, deleted, followed. */
async function deleteOne(deps: CommandDeps, arg: unknown): Promise<SdkResult | undefined> {
  const target = await resolveVersionTarget(deps, arg, { title: t('Delete Training Job Version'), fresh: true });
  if (!target) {
    return undefined;
  }
  const refusal = whyNot(deps, target);
  if (refusal) {
    void showInfo(refusal);
    return { is_success: false, error_msg: refusal };
  }
  if (isActive(target.version.status)) {
    await offerStop(deps, target);
    return { is_success: false, error_msg: t('{0} is running or in progress and cannot be deleted yet.', describeVersion(target)) };
  }
  if (await askModal(deleteVersionConfirmation(target), DELETE_BUTTON) !== DELETE_BUTTON) {
    return undefined;
  }
  const outcome = await withProgress(t('Deleting version "{0}" of "{1}"…', target.version.versionName, target.jobName),
    () => deps.actions.deleteVersion(target));
  return settleChange(outcome, describeVersion(target), DELETION_WORDS, followed => {
    void followed.then(result => reportVersionOutcome(deps, target, result));
  });
}

/** Why the version cannot be deleted now (protected, or it or its whole job is being deleted already), if so. */
function whyNot(deps: CommandDeps, target: VersionTarget): string | undefined {
  const shielded = protectionRefusal(deps.protections, target.connection,
    { kind: 'version', jobId: target.jobId, versionId: target.version.versionId }, describeVersion(target));
  if (shielded) {
    return shielded;
  }
  if (deps.deletions.isJobBusy(target.jobId)) {
    return t('Training job "{0}" (ID {1}) is being deleted with all its versions.', target.jobName, target.jobId);
  }
  return deps.deletions.isBusy(target.jobId, target.version.versionId) ? t('The deletion of {0} is already in progress.', describeVersion(target)) : undefined;
}

/**
 * Deletes the selected versions after ONE modal confirmation that lists them (and names the running
 * ones left out), then the typed count; at most `modelarts.deleteConcurrency` requests at a time, with
 * cancellable progress; each accepted one is followed like a single deletion.
 */
async function deleteSelected(deps: CommandDeps, nodes: readonly VersionNode[]): Promise<undefined> {
  const connection = await connectionOfNode(deps, nodes[0]);
  for (const node of nodes.slice(1)) {
    await connectionOfNode(deps, node);
  }
  const selected = nodes.map(node => ({
    jobId: node.parent.job.jobId, jobName: node.parent.job.jobName, jobVersionCount: node.parent.job.versionCount, version: node.version,
  }));
  // Protected versions are left out without being read: they are not deleted whatever their status.
  const isShielded = (s: typeof selected[number]) =>
    protectionRefusal(deps.protections, connection, { kind: 'version', jobId: s.jobId, versionId: s.version.versionId }, '') !== undefined;
  let candidates: Candidate[];
  try {
    candidates = [
      ...await mapLimit(selected.filter(s => !isShielded(s)), deps.settings.deleteConcurrency(),
        s => readCandidate(deps.deletions, connection, s, version => deps.tree.updateVersion(version))),
      ...selected.filter(isShielded).map((s): Candidate => ({ target: s, jobVersionCount: s.jobVersionCount, state: 'protected' })),
    ];
  } catch (error) {
    throw new CommandError(t('Could not read the {0} selected versions', nodes.length), error);
  }
  const toDelete = candidates.filter(c => c.state === 'delete');
  if (toDelete.length === 0) {
    const count = (state: Candidate['state']) => candidates.filter(c => c.state === state).length;
    void showInfo(t('Nothing to delete: of the {0} selected versions, {1} running or in progress (stop them first), {2} protected, the others already deleted or being deleted.',
      nodes.length, count('running'), count('protected')));
    return undefined;
  }
  if (await askModal(deleteVersionsConfirmation(candidates, connection), TYPED_DELETE_BUTTON) !== TYPED_DELETE_BUTTON ||
    !(await typedConfirmation(countChallenge(toDelete.length)))) {
    return undefined;
  }
  if (!(await graceCountdown(t('Deleting {0} versions', toDelete.length), deps.settings.deleteGraceSeconds()))) {
    deps.logger.info(`Deleting ${toDelete.length} versions: undone before anything was sent.`);
    void showInfo(t('Undone: none of the {0} versions was deleted, and nothing was sent.', toDelete.length));
    return undefined;
  }
  const targets = toDelete.map(c => ({ ...c.target, connection }));
  const leftOut = candidates.filter(c => c.state !== 'delete')
    .map((c): BatchEntry => ({ target: c.target, result: c.state === 'running' || c.state === 'protected' ? c.state : 'skipped' }));
  const outcome = await withProgress(t('Deleting {0} training job versions', targets.length),
    (signal, report) => sendAndConfirm(deps, targets, connection, signal, report), { cancellable: true });
  if (outcome.refused) {
    throw new CommandError(t('Did not delete the {0} selected versions', toDelete.length), outcome.refused);
  }
  void reportBatch(deps, outcome, leftOut, connection);
  return undefined;
}

/**
 * Sends the deletions and waits until ModelArts confirmed each, telling the progress as it goes:
 * first the requests answered, then the deletions confirmed (half of the bar each). Cancel stops
 * sending (what was not sent yet never is); while confirming it only closes the progress, since
 * what was sent cannot be called back (the end is still told).
 */
async function sendAndConfirm(
  deps: CommandDeps, targets: readonly VersionTarget[], connection: TargetConnection, signal: AbortSignal, report: ReportProgress,
): Promise<BatchOutcome> {
  const total = targets.length;
  const step = 50 / total;
  let answered = 0;
  let accepted = 0;
  let deleted = 0;
  const tell = (increment: number) => report(answered < total
    ? t('{0} of {1} requests answered…', answered, total)
    : t('{0} of {1} deletions confirmed…', deleted, accepted), increment);
  report(t('Sending {0} requests…', total));
  const batch = await deps.actions.deleteVersions(targets, connection, {
    concurrency: deps.settings.deleteConcurrency(),
    signal,
    onResult: result => {
      answered++;
      accepted += result.ok ? 1 : 0;
      // A request that failed will not be confirmed: its whole share of the bar is done.
      tell(result.ok ? step : 2 * step);
    },
    onFollowed: (_target, ended) => {
      deleted += ended === 'gone' ? 1 : 0;
      tell(step);
    },
  });
  if (!batch.refused) {
    await Promise.race([batch.followed, new Promise(resolve => signal.addEventListener('abort', resolve, { once: true }))]);
  }
  return batch;
}

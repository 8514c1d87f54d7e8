/** Delete Version: the one destructive command, from the context menu (one version or a selection) or the palette. */
import { deleteVersions, type DeleteVersionResult } from '../client/bulk';
import { CancelledError, NotFoundError } from '../client/errors';
import type { ModelArtsApi } from '../client/types';
import type { DeletionOutcome } from '../tree/deletionTracker';
import { VersionNode } from '../tree/nodes';
import { deleteFailureReason, isActive, isStoppable, statusInfo } from '../tree/status';
import { describeError } from '../util/describeError';
import { DELETE_BUTTON, sendConfirmedDeletion, whereText } from './confirm';
import { DELETE_JOB_BUTTON, deleteJobInstead, type DeleteJobDeps } from './deleteJob';
import { CommandError, ERROR_ACTIONS } from './errorHandler';
import { STOP_BUTTON, describeTarget, stopConfirmed } from './stopVersion';
import { connectionOfNode, ensureSameConnection, resolveVersionTarget, type TargetConnection, type VersionTarget } from './versionTarget';
import { askModal, showError, showInfo, showWarning, withProgress, type ModalText } from '../ui/messages';
import { TYPED_DELETE_BUTTON, countChallenge, typedConfirmation } from './typedConfirmation';

/** What Delete Version needs (the job deletion's needs too: the last-version dialog offers it). */
export interface DeleteDeps extends DeleteJobDeps {
  readonly settings: { deleteConcurrency(): number };
}

export { DELETE_BUTTON };

/** How many versions a multi-version confirmation names before "and N more". */
const LISTED_IN_DIALOG = 10;

/** The confirmation's message and detail for `target`. */
export function deleteConfirmation(target: VersionTarget): ModalText {
  const lines = [
    `Version: ${target.version.versionName} (ID ${target.version.versionId})`,
    `Training job: ${target.jobName} (ID ${target.jobId})`,
    whereText(target.connection),
    '',
  ];
  if (target.versionCount === 1) {
    lines.push('This is the job\'s only version: the job will have no versions left.',
      `To remove the job itself as well, choose "${DELETE_JOB_BUTTON}".`);
  }
  lines.push('This cannot be undone.');
  return {
    message: `Delete version "${target.version.versionName}" of training job "${target.jobName}"?`,
    detail: lines,
  };
}

/** The version nodes a context-menu invocation applies to: the selection when the clicked node is part of it. */
function selectedVersions(arg: unknown, selection: unknown): VersionNode[] {
  if (!(arg instanceof VersionNode) || !Array.isArray(selection) || !selection.includes(arg)) {
    return [];
  }
  return selection.filter((node): node is VersionNode => node instanceof VersionNode);
}

/**
 * The Delete Version command. With several versions selected in the tree, deletes them all after one
 * confirmation ({@link deleteSelection}). Otherwise resolves the target (node, `{ jobId, versionId }`,
 * a job node's version picker, or pickers) and reads the version again; a running version is not
 * deleted (the dialog offers Stop Version instead); otherwise a modal confirmation names the version,
 * job, project and region, and only its Delete button sends exactly one
 * `DELETE …/training-jobs/{jobId}/versions/{versionId}`, with the connection the target was read with.
 * The pair is marked "Deleting…" before the request, so a second invocation sends nothing; it stays
 * so until ModelArts confirms the deletion. On failure the job's versions are refreshed.
 */
export async function deleteVersion(deps: DeleteDeps, arg?: unknown, selection?: unknown): Promise<void> {
  const selected = selectedVersions(arg, selection);
  if (selected.length > 1) {
    await deleteSelection(deps, selected);
    return;
  }
  const target = await resolveVersionTarget(deps, arg, { title: 'Delete Training Job Version', fresh: true });
  if (!target) {
    return;
  }
  const { jobId, version } = target;
  if (deps.deletions.isJobBusy(jobId)) {
    void showInfo(`Training job "${target.jobName}" (ID ${jobId}) is being deleted with all its versions.`);
    return;
  }
  if (deps.deletions.isBusy(jobId, version.versionId)) {
    void showInfo(`The deletion of ${describeTarget(target)} is already in progress.`);
    return;
  }
  if (isActive(version.status)) {
    await offerStop(deps, target);
    return;
  }
  // The job's last version: the API reference recommends deleting the job instead, so offer both.
  const buttons = target.versionCount === 1 ? [DELETE_BUTTON, DELETE_JOB_BUTTON] : [DELETE_BUTTON];
  const choice = await askModal(deleteConfirmation(target), ...buttons);
  if (choice === DELETE_JOB_BUTTON) {
    await deleteJobInstead(deps, target);
    return;
  }
  if (choice !== DELETE_BUTTON) {
    return;
  }
  const client = await sendConfirmedDeletion(deps, {
    what: describeTarget(target),
    connection: target.connection,
    progressTitle: `Deleting version "${version.versionName}" of "${target.jobName}"…`,
    claim: () => deps.deletions.claim(jobId, version.versionId),
    release: () => deps.deletions.release(jobId, version.versionId),
    send: api => api.deleteVersion(jobId, version.versionId),
    refreshAfterFailure: () => deps.tree.refreshJob(jobId),
  });
  if (!client) {
    return;
  }
  void deps.deletions.track(jobId, version.versionId, client).then(outcome => {
    reportOutcomes(deps, [{ target, outcome }]);
  });
}

/** A running or in-progress version: say why it cannot be deleted yet and offer to stop it. */
async function offerStop(deps: DeleteDeps, target: VersionTarget): Promise<void> {
  const status = statusInfo(target.version.status).label.toLowerCase();
  const message = `Version "${target.version.versionName}" of training job "${target.jobName}" is ${status} and cannot be deleted yet.`;
  if (!isStoppable(target.version.status)) {
    await askModal({
      message,
      detail: [`It is being stopped (ID ${target.version.versionId} of job ID ${target.jobId}). Delete it once it has stopped.`],
    });
    return;
  }
  const choice = await askModal({
    message,
    detail: [`Stop ${describeTarget(target)} first; once it has stopped, delete it. Nothing is deleted now.`],
  }, STOP_BUTTON);
  if (choice === STOP_BUTTON) {
    await stopConfirmed(deps, target);
  }
}

/** What a followed deletion ended in, for the one notification about a batch. */
interface Followed {
  readonly target: Pick<VersionTarget, 'jobId' | 'jobName' | 'version'>;
  readonly outcome: DeletionOutcome;
}

/**
 * Tells the user, once, about deletions that did not end well: DELETE_FAILED with the service's
 * reason, or not confirmed before the tracker stopped checking (non-modal; the nodes show it too).
 */
function reportOutcomes(deps: DeleteDeps, followed: readonly Followed[]): void {
  const failed = followed.filter(f => f.outcome === 'failed');
  const unconfirmed = followed.filter(f => f.outcome === 'timeout');
  const reason = (f: Followed) => {
    const state = deps.deletions.state(f.target.jobId, f.target.version.versionId);
    return (state?.phase === 'failed' ? state.reason : deleteFailureReason({})).replace(/[.\s]+$/, '');
  };
  if (failed.length === 1) {
    void showWarning(
      `ModelArts could not delete ${describeTarget(failed[0].target)} (status DELETE_FAILED): ${reason(failed[0])}. ` +
      'Try again, or check it in the ModelArts console.');
  } else if (failed.length > 1) {
    void showWarning(
      `ModelArts could not delete ${failed.length} versions (status DELETE_FAILED): ` +
      `${failed.map(f => `${describeTarget(f.target)}: ${reason(f)}`).join('; ')}. Try again, or check them in the ModelArts console.`);
  }
  if (unconfirmed.length > 0) {
    const what = unconfirmed.length === 1 ? describeTarget(unconfirmed[0].target) : `${unconfirmed.length} versions`;
    const refresh = 'Refresh';
    void showWarning(
      `ModelArts has not yet confirmed the deletion of ${what}. ` +
      `${unconfirmed.length === 1 ? 'It shows' : 'They show'} "Deletion not confirmed"; refresh later to check.`, refresh)
      .then(choice => {
        if (choice === refresh) {
          for (const jobId of new Set(unconfirmed.map(f => f.target.jobId))) {
            deps.tree.refreshJob(jobId);
          }
        }
      });
  }
}

/** One selected version, read again. */
interface Candidate {
  readonly node: VersionNode;
  readonly target: Pick<VersionTarget, 'jobId' | 'jobName' | 'version'>;
  readonly state: 'delete' | 'running' | 'busy' | 'gone';
}

function line(target: Candidate['target']): string {
  return `${target.version.versionName} (ID ${target.version.versionId}) of ${target.jobName} (ID ${target.jobId})`;
}

/** Up to {@link LISTED_IN_DIALOG} lines, then "…and N more". */
function listed(candidates: readonly Candidate[]): string[] {
  const lines = candidates.slice(0, LISTED_IN_DIALOG).map(c => `• ${line(c.target)}`);
  if (candidates.length > LISTED_IN_DIALOG) {
    lines.push(`…and ${candidates.length - LISTED_IN_DIALOG} more`);
  }
  return lines;
}

/** Runs `work` on every item with at most `limit` at once; results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Reads a selected version again with `client`: its current status decides whether it may be deleted. */
async function candidate(deps: DeleteDeps, client: ModelArtsApi, node: VersionNode): Promise<Candidate> {
  const job = node.parent.job;
  const base = { jobId: job.jobId, jobName: job.jobName };
  if (deps.deletions.isBusy(job.jobId, node.version.versionId)) {
    return { node, target: { ...base, version: node.version }, state: 'busy' };
  }
  try {
    const version = await client.getVersion(job.jobId, node.version.versionId);
    deps.tree.updateVersion?.(version);
    return { node, target: { ...base, version }, state: isActive(version.status) ? 'running' : 'delete' };
  } catch (error) {
    if (error instanceof NotFoundError && error.errorCode === 'ModelArts.0015') {
      return { node, target: { ...base, version: node.version }, state: 'gone' };
    }
    throw error;
  }
}

/** The confirmation of a multi-version delete: what goes, what is left out and why, where. */
export function selectionConfirmation(candidates: readonly Candidate[], connection: TargetConnection): ModalText {
  const toDelete = candidates.filter(c => c.state === 'delete');
  const running = candidates.filter(c => c.state === 'running');
  const skipped = candidates.filter(c => c.state === 'busy' || c.state === 'gone');
  const lines = [...listed(toDelete), '', whereText(connection)];
  if (running.length > 0) {
    lines.push('', `Not deleted: ${running.length} running or in progress (stop ${running.length === 1 ? 'it' : 'them'} first):`, ...listed(running));
  }
  if (skipped.length > 0) {
    lines.push('', `Skipped: ${skipped.length} already deleted or being deleted:`, ...listed(skipped));
  }
  const perJob = new Map<string, { name: string; count?: number; selected: number }>();
  for (const c of toDelete) {
    const entry = perJob.get(c.target.jobId) ?? { name: c.target.jobName, count: c.node.parent.job.versionCount, selected: 0 };
    entry.selected++;
    perJob.set(c.target.jobId, entry);
  }
  const emptied = [...perJob.values()].filter(j => j.count !== undefined && j.selected >= j.count);
  if (emptied.length > 0) {
    lines.push('', ...emptied.map(j => `Training job "${j.name}" will have no versions left.`));
  }
  lines.push('', 'This cannot be undone.');
  return {
    message: `Delete ${toDelete.length} training job version${toDelete.length === 1 ? '' : 's'}?`,
    detail: lines,
  };
}

/**
 * Deletes the selected versions after ONE modal confirmation that lists them (and names the running
 * ones left out), then the typed count. Every pair is claimed before sending; `deleteVersions` sends them with
 * `modelarts.deleteConcurrency` requests at a time (honouring 429 Retry-After), with cancellable
 * progress; each accepted one is then followed like a single deletion.
 */
async function deleteSelection(deps: DeleteDeps, nodes: readonly VersionNode[]): Promise<void> {
  let connection: TargetConnection | undefined;
  for (const node of nodes) {
    connection = await connectionOfNode(deps, node);
  }
  if (!connection) {
    return;
  }
  const concurrency = deps.settings.deleteConcurrency();
  let candidates: Candidate[];
  try {
    candidates = await mapLimit(nodes, concurrency, node => candidate(deps, connection.client, node));
  } catch (error) {
    throw new CommandError(`Could not read the ${nodes.length} selected versions`, error);
  }
  const toDelete = candidates.filter(c => c.state === 'delete');
  if (toDelete.length === 0) {
    const running = candidates.filter(c => c.state === 'running').length;
    void showInfo(running > 0
      ? `Nothing to delete: ${running} of the selected versions ${running === 1 ? 'is' : 'are'} running or in progress (stop them first), the others are already deleted or being deleted.`
      : 'Nothing to delete: the selected versions are already deleted or being deleted.');
    return;
  }
  const choice = await askModal(selectionConfirmation(candidates, connection), TYPED_DELETE_BUTTON);
  if (choice !== TYPED_DELETE_BUTTON || !(await typedConfirmation(countChallenge(toDelete.length)))) {
    return;
  }
  const claimed = toDelete.filter(c => deps.deletions.claim(c.target.jobId, c.target.version.versionId));
  const release = (list: readonly Candidate[]) => list.forEach(c => deps.deletions.release(c.target.jobId, c.target.version.versionId));
  try {
    await ensureSameConnection(deps, connection);
  } catch (error) {
    release(claimed);
    throw new CommandError(`Did not delete the ${toDelete.length} selected versions`, error);
  }
  if (claimed.length === 0) {
    return;
  }
  const total = claimed.length;
  const results = await withProgress(`Deleting ${total} training job versions`, async (signal, report) => {
    let done = 0;
    report(`Deleting 1 of ${total}…`);
    return deleteVersions(connection.client, claimed.map(c => ({ jobId: c.target.jobId, versionId: c.target.version.versionId })), {
      concurrency,
      signal,
      onResult: () => {
        done++;
        report(done < total ? `Deleting ${done + 1} of ${total}…` : `Deleted ${total} of ${total}`, 100 / total);
      },
    });
  }, { cancellable: true });
  finishSelection(deps, connection.client, claimed, results);
}

/** Follows each accepted pair, releases the others, refreshes their jobs, and reports failures in one message. */
function finishSelection(deps: DeleteDeps, client: ModelArtsApi, claimed: readonly Candidate[], results: readonly DeleteVersionResult[]): void {
  const accepted: Candidate[] = [];
  const failed: { candidate: Candidate; error: unknown }[] = [];
  let cancelled = 0;
  results.forEach((result, index) => {
    const c = claimed[index];
    if (result.ok) {
      accepted.push(c);
    } else {
      deps.deletions.release(c.target.jobId, c.target.version.versionId);
      if (result.error instanceof CancelledError && result.attempts === 0) {
        cancelled++;
      } else {
        failed.push({ candidate: c, error: result.error });
      }
    }
  });
  // The service may have acted on a request that failed on the way back: show what it now holds.
  for (const jobId of new Set([...failed.map(f => f.candidate.target.jobId)])) {
    deps.tree.refreshJob(jobId);
  }
  deps.logger.info(`Deletion of ${accepted.length} of ${claimed.length} versions accepted` +
    `${cancelled > 0 ? `, ${cancelled} cancelled before being sent` : ''}${failed.length > 0 ? `, ${failed.length} failed` : ''}.`);
  for (const f of failed) {
    deps.logger.error(`Could not delete ${describeTarget(f.candidate.target)}`, f.error);
  }
  if (failed.length > 0) {
    const reasons = failed.slice(0, LISTED_IN_DIALOG).map(f => `${line(f.candidate.target)}: ${describeError(f.error)}`).join('; ');
    const more = failed.length > LISTED_IN_DIALOG ? `; …and ${failed.length - LISTED_IN_DIALOG} more (see the log)` : '';
    void showError(`Could not delete ${failed.length} of ${claimed.length} versions: ${reasons}${more}`, ERROR_ACTIONS.showLogs)
      .then(choice => {
        if (choice === ERROR_ACTIONS.showLogs) {
          deps.logger.show();
        }
      });
  }
  if (cancelled > 0) {
    void showInfo(`Cancelled: ${cancelled} of ${claimed.length} versions were not deleted (their requests were never sent).`);
  }
  void Promise.all(accepted.map(async c => ({
    target: c.target,
    outcome: await deps.deletions.track(c.target.jobId, c.target.version.versionId, client),
  }))).then(followed => reportOutcomes(deps, followed));
}

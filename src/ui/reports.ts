/**
 * What the user is told about a change once an action returned its outcome: a refusal or a failure
 * as an error (with what was not done), a deletion that ended badly (DELETE_FAILED with the reason,
 * or not confirmed), a batch's failures and cancellations, a stop requested.
 */
import { msg, t } from '../util/l10n';
import type { BatchOutcome, ChangeOutcome } from '../actions/actions';
import type { DeletionOutcome, DeletionTracker } from '../actions/deletionTracker';
import type { LiveItem, LiveRead } from '../actions/liveStatus';
import type { StopOutcome } from '../actions/stopFollower';
import { toSdkResult } from '../client';
import type { SdkResult } from '../client/types';
import { batchReport, batchSummary, type BatchEntry, type BatchResult } from '../model/batchReport';
import type { TargetConnection } from '../model/connection';
import { KILLED, deleteFailureReason, statusInfo } from '../model/status';
import { describeJob, describeVersion, type JobTarget, type VersionTarget } from '../model/targets';
import { COMMANDS, type CommandId } from '../constants';
import { describeError } from '../util/describeError';
import { capitalize } from '../util/format';
import type { Logger } from '../util/logger';
import { CommandError } from './errorHandler';
import { showInfo, showWarning } from './messages';
import type { ReportDocumentProvider } from './reportDocuments';

/** What reporting needs. */
export interface ReportDeps {
  readonly deletions: DeletionTracker;
  readonly tree: { refreshJob(jobId: string): void; refresh(): void };
  readonly logger: Logger;
}

const REFRESH = msg('Refresh');

/**
 * The command's end of a single change: a refusal or a failure becomes a `CommandError` saying what
 * was not done (thrown, so the one error handler shows it); `busy` is said; accepted changes are
 * followed by `onAccepted`. Resolves with the SDK's result shape of the outcome.
 * @param words `refused` and `failed` are the error's message (marked with `msg`), `{0}` the thing not
 * changed, e.g. `Did not delete {0}`; one without `{0}` starts the error, followed by the thing.
 */
export async function settleChange<F>(
  outcome: ChangeOutcome<F>, what: string, words: { readonly refused: string; readonly failed: string }, onAccepted: (followed: Promise<F>) => void,
): Promise<SdkResult> {
  switch (outcome.kind) {
    case 'busy': {
      const text = t('The deletion of {0} is already in progress.', what);
      void showInfo(text);
      return { is_success: false, error_msg: text };
    }
    case 'refused':
      throw new CommandError(notDone(words.refused, what), outcome.error);
    case 'failed':
      throw new CommandError(notDone(words.failed, what), outcome.error);
    default:
      onAccepted(outcome.followed);
      return toSdkResult(Promise.resolve());
  }
}

/** What was not done to `what`, in the display language: `words` with `{0}`, else `words` then `what`. */
function notDone(words: string, what: string): string {
  return words.includes('{0}') ? t(words, what) : `${t(words)} ${what}`;
}

/** The words of a deletion's errors. */
export const DELETION_WORDS = { refused: msg('Did not delete {0}'), failed: msg('Could not delete {0}') } as const;

/** The SDK's result shape of a failure a command reported (what `delete_job_version()` would return). */
export async function failureResult(error: unknown): Promise<SdkResult> {
  const cause = error instanceof CommandError ? error.cause : error;
  try {
    return await toSdkResult(Promise.reject(cause));
  } catch {
    return { is_success: false, error_msg: describeError(cause) };
  }
}

/** The buttons of a deletion ModelArts ended in DELETE_FAILED. */
export const RETRY_DELETE_BUTTON = msg('Retry Delete');
export const SHOW_TRAINING_LOG_BUTTON = msg('Show Training Log');

/**
 * Tells the user, once, about a version deletion that did not end well: DELETE_FAILED with the
 * service's reason (or that it gave none), with Retry Delete and Show Training Log; or not confirmed
 * before the tracker stopped checking, with Refresh (the node shows either too).
 */
export async function reportVersionOutcome(
  deps: ReportDeps & { readonly run: (command: CommandId, ...args: unknown[]) => Promise<unknown> },
  target: Pick<VersionTarget, 'jobId' | 'jobName' | 'version'>, outcome: DeletionOutcome,
): Promise<void> {
  const ids = { jobId: target.jobId, versionId: target.version.versionId };
  if (outcome === 'failed') {
    const reason = failureReason(deps, target).replace(/[.\s]+$/, '');
    const choice = await showWarning(t('ModelArts could not delete {0}: {1}.', describeVersion(target), reason), RETRY_DELETE_BUTTON, SHOW_TRAINING_LOG_BUTTON);
    if (choice === RETRY_DELETE_BUTTON) {
      await deps.run(COMMANDS.deleteVersionFromPalette, ids);
    } else if (choice === SHOW_TRAINING_LOG_BUTTON) {
      await deps.run(COMMANDS.showTrainingLog, ids);
    }
  } else if (outcome === 'timeout') {
    const choice = await showWarning(t('ModelArts has not yet confirmed the deletion of {0}. It shows "Deletion not confirmed"; refresh later to check.',
      describeVersion(target)), REFRESH);
    if (choice === REFRESH) {
      deps.tree.refreshJob(target.jobId);
    }
  }
}

/** Tells the user when a job's deletion could not be confirmed before the tracker stopped checking. */
export function reportJobOutcome(deps: ReportDeps, target: Pick<JobTarget, 'jobId' | 'jobName'>, outcome: DeletionOutcome): void {
  if (outcome !== 'timeout') {
    return;
  }
  void showWarning(t('ModelArts has not yet confirmed the deletion of {0}. It shows "Deletion not confirmed"; refresh later to check.', describeJob(target)),
    REFRESH).then(choice => {
    if (choice === REFRESH) {
      deps.tree.refresh();
    }
  });
}

/** The button of a batch deletion's end that opens the report. */
export const SHOW_REPORT_BUTTON = msg('Show Report');

/** The order of the report: what needs attention first. */
export const REPORT_ORDER: readonly BatchResult[] = ['failed', 'unconfirmed', 'changed', 'cancelled', 'running', 'protected', 'skipped', 'deleted'];

/**
 * The end of a batch deletion, once every accepted deletion ended: one sentence ("3 versions
 * deleted."), a warning with Show Report when anything selected did not go. `leftOut`: what the
 * confirmation left out (running, already being deleted).
 */
export async function reportBatch(
  deps: ReportDeps & { readonly reports: ReportDocumentProvider }, outcome: BatchOutcome, leftOut: readonly BatchEntry[], connection: TargetConnection,
): Promise<void> {
  const followed = await outcome.followed;
  const entries: BatchEntry[] = [
    ...followed.map(({ target, outcome: ended }): BatchEntry => ended === 'gone' ? { target, result: 'deleted' }
      : ended === 'failed' ? { target, result: 'failed', reason: failureReason(deps, target) }
        : { target, result: 'unconfirmed' }),
    ...outcome.failed.map(({ target, error }): BatchEntry => ({ target, result: 'failed', reason: describeError(error) })),
    ...outcome.cancelled.map((target): BatchEntry => ({ target, result: 'cancelled' })),
    ...leftOut,
  ].sort((a, b) => REPORT_ORDER.indexOf(a.result) - REPORT_ORDER.indexOf(b.result));
  const summary = batchSummary(entries);
  deps.logger.info(`Deleting ${entries.length} selected versions: ${summary.text}`);
  if (summary.clean) {
    void showInfo(summary.text);
  } else if (await showWarning(summary.text, SHOW_REPORT_BUTTON) === SHOW_REPORT_BUTTON) {
    await deps.reports.open(t('Deleting {0} versions', entries.length), batchReport(entries, connection, Date.now()), connection);
  }
}

/** Why ModelArts ended a version's deletion in DELETE_FAILED, as the tracker recorded it. */
function failureReason(deps: ReportDeps, target: Pick<VersionTarget, 'jobId' | 'version'>): string {
  const state = deps.deletions.state(target.jobId, target.version.versionId);
  return state?.phase === 'failed' ? state.reason : deleteFailureReason({});
}

/** The button of a stop's end that deletes the version (after the usual confirmation). */
export const DELETE_NOW_BUTTON = msg('Delete Now');

/**
 * Tells how a followed stop ended: stopped (or ended otherwise first) with Delete Now; no longer
 * there; or still stopping when the extension stopped checking, with Refresh. Nothing when following
 * was cancelled (signed out, another connection). Resolves with the button chosen.
 */
export async function reportStopOutcome(deps: ReportDeps, target: VersionTarget, outcome: StopOutcome): Promise<string | undefined> {
  const what = capitalize(describeVersion(target));
  switch (outcome.kind) {
    case 'stopped': {
      const { status } = outcome.version;
      const text = status === KILLED ? t('{0} has stopped. It can be deleted now.', what)
        : t('{0} has ended: {1}. It can be deleted now.', what, statusInfo(status).label.toLowerCase());
      return showInfo(text, DELETE_NOW_BUTTON);
    }
    case 'gone':
      return showInfo(t('{0} no longer exists.', what));
    case 'timeout': {
      const choice = await showWarning(t('{0} was still stopping when the extension stopped checking.', what), REFRESH);
      if (choice === REFRESH) {
        deps.tree.refreshJob(target.jobId);
      }
      return choice;
    }
    default:
      return undefined;
  }
}

/**
 * How a watched item ended, told once: finished well as information; failed (with the reason when the
 * answer gave one) or gone as a warning; both with Show Training Log where there is a log.
 */
export async function reportLiveEnd(
  deps: { readonly run: (command: CommandId, ...args: unknown[]) => Promise<unknown> }, item: LiveItem, read: LiveRead,
): Promise<void> {
  const what = capitalize(item.label);
  if (read.gone) {
    void showWarning(t('{0} {1}: no longer watched.', what, t(read.ended ?? msg('no longer exists'))));
    return;
  }
  // The label is in the display language: the Chinese of Failed, Lost, Abnormal and the "… failed" labels hold 失败, 丢失 or 异常.
  const failed = /fail|lost|abnormal|失败|丢失|异常/i.test(read.ended ?? '');
  const ended = read.ended ?? read.status;
  const text = failed && read.reason ? t('{0} has ended: {1}. Reason: {2}.', what, ended, read.reason.replace(/[.\s]+$/, ''))
    : t('{0} has ended: {1}.', what, ended);
  const choice = await (failed ? showWarning(text, SHOW_TRAINING_LOG_BUTTON) : showInfo(text, SHOW_TRAINING_LOG_BUTTON));
  if (choice === SHOW_TRAINING_LOG_BUTTON) {
    await deps.run(COMMANDS.showTrainingLog, item.versionId === undefined ? { jobId: item.jobId } : { jobId: item.jobId, versionId: item.versionId });
  }
}

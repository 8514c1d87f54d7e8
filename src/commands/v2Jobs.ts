/**
 * The changes to new-version (v2) training jobs: Delete Training Job (one, or a selection) and Stop
 * Training Job. Each takes a v2 job node, `{ jobId }` arguments, or the picker (`ui/v2Targets.ts`).
 */
import { mapLimit } from '../client/async';
import { isGone } from '../client/errors';
import type { SdkResult } from '../client/types';
import type { V2Job } from '../client/v2Types';
import { COMMANDS } from '../constants';
import { batchReport, batchSummary, type BatchEntry } from '../model/batchReport';
import {
  STOP_JOB_BUTTON, TYPED_DELETE_BUTTON, deleteV2JobConfirmation, deleteV2JobsConfirmation, stopV2Confirmation, v2JobRunningText, type V2Candidate,
} from '../model/confirmations';
import type { TargetConnection } from '../model/connection';
import { describeV2Job, type V2JobTarget } from '../model/targets';
import { isV2Active, isV2Stoppable, phaseInfo } from '../model/v2Phase';
import { V2JobNode } from '../tree/nodes';
import { CommandError } from '../ui/errorHandler';
import { askModal, graceCountdown, showInfo, showWarning, withProgress } from '../ui/messages';
import { DELETE_NOW_BUTTON, DELETION_WORDS, SHOW_REPORT_BUTTON, reportJobOutcome, settleChange } from '../ui/reports';
import { StaleNodeError, requireConnection } from '../ui/targets';
import { protectionRefusal } from '../ui/protection';
import { countChallenge, typedConfirmation, v2JobNameChallenge } from '../ui/typedConfirmation';
import { resolveV2Target } from '../ui/v2Targets';
import { capitalize } from '../util/format';
import { msg, t } from '../util/l10n';
import type { CommandDeps } from './deps';

/** The Delete Training Job command on a new-version job. */
export async function deleteV2Job(deps: CommandDeps, arg?: unknown): Promise<SdkResult | undefined> {
  if (arg instanceof V2JobNode && deps.deletions.isV2JobBusy(arg.job.jobId)) {
    void showInfo(t('The deletion of {0} is already in progress.', describeV2Job(arg.job)));
    return undefined;
  }
  const target = await resolveV2Target(deps, arg, { title: t('Delete Training Job') });
  if (!target) {
    return undefined;
  }
  const { job } = target;
  const shielded = protectionRefusal(deps.protections, target.connection, { kind: 'v2job', jobId: job.jobId }, describeV2Job(job));
  if (shielded) {
    void showInfo(shielded);
    return { is_success: false, error_msg: shielded };
  }
  if (deps.deletions.isV2JobBusy(job.jobId)) {
    void showInfo(t('The deletion of {0} is already in progress.', describeV2Job(job)));
    return undefined;
  }
  if (isV2Active(job.phase)) {
    await offerStopV2(deps, target);
    return { is_success: false, error_msg: t('Training job "{0}" is {1}.', job.name, phaseInfo(job.phase).label.toLowerCase()) };
  }
  if (await askModal(deleteV2JobConfirmation(target), TYPED_DELETE_BUTTON) !== TYPED_DELETE_BUTTON ||
    !(await typedConfirmation(v2JobNameChallenge(job)))) {
    return undefined;
  }
  const outcome = await withProgress(t('Deleting training job "{0}"…', job.name), () => deps.actions.v2.deleteJob(target));
  return settleChange(outcome, describeV2Job(job), DELETION_WORDS, followed => {
    void followed.then(result => reportJobOutcome(deps, { jobId: job.jobId, jobName: job.name }, result));
  });
}

/** An active job asked to be deleted: says why not yet, and offers Stop Training Job where it applies. */
async function offerStopV2(deps: CommandDeps, target: V2JobTarget): Promise<void> {
  const text = v2JobRunningText(target);
  if (!text.canStop) {
    await askModal(text);
  } else if (await askModal(text, STOP_JOB_BUTTON) === STOP_JOB_BUTTON) {
    await stopV2Target(deps, target);
  }
}

/** The Stop Training Job command: a v2 job node, `{ jobId }`, or the picker of jobs that can be stopped. */
export async function stopV2Job(deps: CommandDeps, arg?: unknown): Promise<void> {
  const target = await resolveV2Target(deps, arg, { title: t('Stop Training Job'), filter: job => isV2Stoppable(job.phase) });
  if (!target) {
    return;
  }
  if (!isV2Stoppable(target.job.phase)) {
    void showInfo(t('Nothing to stop: {0} is {1}.', describeV2Job(target.job), phaseInfo(target.job.phase).label.toLowerCase()));
    return;
  }
  if (await askModal(stopV2Confirmation(target), STOP_JOB_BUTTON) === STOP_JOB_BUTTON) {
    await stopV2Target(deps, target);
  }
}

/** Stops a confirmed job; the row shows "Stopping" until it has stopped, and the end is told with Delete Now. */
async function stopV2Target(deps: CommandDeps, target: V2JobTarget): Promise<void> {
  const { job } = target;
  const outcome = await withProgress(t('Stopping training job "{0}"…', job.name), () => deps.actions.v2.stopJob(target));
  await settleChange(outcome, describeV2Job(job), { refused: msg('Could not stop {0}'), failed: msg('Could not stop {0}') }, followed => {
    void followed.then(async ended => {
      const what = capitalize(describeV2Job(job));
      if (ended.kind === 'stopped') {
        const text = ended.job.phase === 'Terminated' ? t('{0} has stopped. It can be deleted now.', what)
          : t('{0} has ended: {1}. It can be deleted now.', what, phaseInfo(ended.job.phase).label.toLowerCase());
        if (await showInfo(text, DELETE_NOW_BUTTON) === DELETE_NOW_BUTTON) {
          const current = await deps.connection.current().catch(() => undefined);
          if (current?.fingerprint !== target.connection.fingerprint) {
            void showInfo(t('Nothing was deleted: the ModelArts connection changed since {0} was stopped.', describeV2Job(job)));
            return;
          }
          await deps.run(COMMANDS.deleteJobFromPalette, { jobId: job.jobId });
        }
      } else if (ended.kind === 'gone') {
        void showInfo(t('{0} no longer exists.', what));
      } else if (ended.kind === 'timeout') {
        void showWarning(t('{0} was still stopping when the extension stopped checking. Refresh later to see its state.', what));
      }
    });
  });
}

/** Several selected v2 jobs (the Delete key on a multi-selection): read again, confirmed once, sent together. */
export async function deleteV2Selection(deps: CommandDeps, nodes: readonly V2JobNode[]): Promise<SdkResult | undefined> {
  if (nodes.length === 1) {
    return deleteV2Job(deps, nodes[0]);
  }
  const connection = await requireConnection(deps);
  const stale = nodes.find(node => node.connection.id !== connection.id);
  if (stale) {
    deps.tree.refresh();
    throw new StaleNodeError(t('training job "{0}" (ID {1})', stale.job.name, stale.job.jobId));
  }
  const candidates = await readV2Candidates(deps, connection, nodes);
  const toDelete = candidates.filter(c => c.state === 'delete');
  if (toDelete.length === 0) {
    const count = (state: V2Candidate['state']) => candidates.filter(c => c.state === state).length;
    void showInfo(t('Nothing was deleted: none of the {0} selected training jobs can be deleted now ({1} still active, {2} protected, the others already deleted or being deleted).',
      nodes.length, count('running'), count('protected')));
    return undefined;
  }
  if (await askModal(deleteV2JobsConfirmation(candidates, connection), TYPED_DELETE_BUTTON) !== TYPED_DELETE_BUTTON ||
    !(await typedConfirmation(countChallenge(toDelete.length, 'training jobs')))) {
    return undefined;
  }
  if (!(await graceCountdown(t('Deleting {0} training jobs', toDelete.length), deps.settings.deleteGraceSeconds()))) {
    deps.logger.info(`Deleting ${toDelete.length} training jobs: undone before anything was sent.`);
    void showInfo(t('Undone: none of the {0} training jobs was deleted, and nothing was sent.', toDelete.length));
    return undefined;
  }
  let done = 0;
  const outcome = await withProgress(t('Deleting {0} training jobs…', toDelete.length), (signal, report) =>
    deps.actions.v2.deleteJobs(toDelete.map(c => ({ job: c.job, connection })), connection, {
      concurrency: deps.settings.deleteConcurrency(), signal,
      onResult: () => report(t('{0} of {1} sent', ++done, toDelete.length), 100 / toDelete.length),
    }), { cancellable: true });
  if (outcome.refused) {
    throw new CommandError(t('Did not delete the {0} training jobs', toDelete.length), outcome.refused);
  }
  const leftOut = candidates.filter(c => c.state !== 'delete')
    .map((c): BatchEntry => ({
      target: { jobId: c.job.jobId, jobName: c.job.name }, result: c.state === 'running' || c.state === 'protected' ? c.state : 'skipped',
    }));
  void reportV2Batch(deps, outcome, leftOut, connection);
  return { is_success: outcome.failed.length === 0 && outcome.cancelled.length === 0 };
}

/** The selected jobs read again (with cancellable progress): protected, being deleted, gone, active, or to delete. */
function readV2Candidates(deps: CommandDeps, connection: TargetConnection, nodes: readonly V2JobNode[]): Thenable<V2Candidate[]> {
  return withProgress(t('Reading {0} training jobs…', nodes.length), signal =>
    mapLimit(nodes, deps.settings.deleteConcurrency(), async (node): Promise<V2Candidate> => {
      if (protectionRefusal(deps.protections, connection, { kind: 'v2job', jobId: node.job.jobId }, '')) {
        return { job: node.job, state: 'protected' };
      }
      if (deps.deletions.isV2JobBusy(node.job.jobId)) {
        return { job: node.job, state: 'busy' };
      }
      try {
        const job = await connection.client.v2.getJob(node.job.jobId, { signal });
        deps.tree.updateV2Job(job);
        return { job, state: isV2Active(job.phase) ? 'running' : 'delete' };
      } catch (error) {
        if (isGone(error)) {
          return { job: node.job, state: 'gone' };
        }
        throw new CommandError(t('Could not read {0}; nothing was deleted', describeV2Job(node.job)), error);
      }
    }), { cancellable: true });
}

/** The end of a v2 batch, once every accepted deletion is confirmed (or cannot be): one sentence, or a warning with Show Report. */
async function reportV2Batch(
  deps: CommandDeps, outcome: Awaited<ReturnType<CommandDeps["actions"]["v2"]["deleteJobs"]>>, leftOut: readonly BatchEntry[], connection: TargetConnection,
): Promise<void> {
  const entry = (job: V2Job) => ({ jobId: job.jobId, jobName: job.name });
  const followed = await outcome.followed;
  const entries: BatchEntry[] = [
    ...outcome.failed.map(({ target, error }): BatchEntry => ({ target: entry(target.job), result: 'failed', reason: error instanceof Error ? error.message : String(error) })),
    ...followed.filter(f => f.outcome !== 'gone').map(({ target }): BatchEntry => ({ target: entry(target.job), result: 'unconfirmed' })),
    ...outcome.cancelled.map((target): BatchEntry => ({ target: entry(target.job), result: 'cancelled' })),
    ...leftOut,
    ...followed.filter(f => f.outcome === 'gone').map(({ target }): BatchEntry => ({ target: entry(target.job), result: 'deleted' })),
  ];
  const summary = batchSummary(entries, 'training job');
  deps.logger.info(`Deleting ${entries.length} selected training jobs (${outcome.via === 'batch' ? 'batch delete' : 'one DELETE each'}): ${summary.text}`);
  if (summary.clean) {
    void showInfo(summary.text);
  } else if (await showWarning(summary.text, SHOW_REPORT_BUTTON) === SHOW_REPORT_BUTTON) {
    await deps.reports.open(t('Deleting {0} training jobs', entries.length), batchReport(entries, connection, Date.now(), 'training job'), connection);
  }
}


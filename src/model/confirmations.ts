/**
 * Every confirmation the extension asks before it changes something, as text: the message and the
 * lines of the detail (ui/messages.ts shows them in a modal, each line sanitised). Pure, so each text
 * is unit-tested in plain Node; the buttons are here too, since a confirmation's meaning is its button.
 */
import { msg, t } from '../util/l10n';
import type { TrainingJobVersion } from '../client/types';
import type { V2Job } from '../client/v2Types';
import { isStoppable, statusInfo } from './status';
import { describeVersion, versionLine, whereText, type JobTarget, type V2JobTarget, type VersionTarget } from './targets';
import { isV2Stoppable, phaseInfo } from './v2Phase';
import { describeRule } from './cleanupRules';
import { planTotals, type CleanupPlan, type PlanItem } from './cleanupPlan';
import type { TargetConnection } from './connection';

/** What a modal says: one line of message, and the detail as lines (empty strings are blank lines). */
export interface ModalText {
  readonly message: string;
  readonly detail: readonly string[];
}

/** The confirmation button of a single deletion: nothing is sent unless the user clicks exactly this. */
export const DELETE_BUTTON = msg('Delete');
/** The button of a dialog that leads to the typed confirmation (the ellipsis says more is asked). */
export const TYPED_DELETE_BUTTON = msg('Delete…');
/** The confirmation button of Stop Version. */
export const STOP_BUTTON = msg('Stop Version');
/** The confirmation button of Sign Out. */
export const SIGN_OUT_BUTTON = msg('Sign Out');
/** The button that lets an emulator's demo account replace stored credentials. */
export const REPLACE_BUTTON = msg('Replace Credentials');

/**
 * What may become of a job whose every version is deleted: ModelArts does not document whether it
 * keeps the job or removes it, so no dialog promises either (the tree then shows what it reports).
 */
export const EMPTY_JOB_NOTE = msg('ModelArts may keep the job with no versions, or remove it as well.');

/** How many items a confirmation lists before "and N more". */
export const LISTED_IN_DIALOG = 10;

/** Deleting one version: the version, its job, where; the job's last version called out. */
export function deleteVersionConfirmation(target: VersionTarget): ModalText {
  const lines = [
    t('Version: {0} (ID {1})', target.version.versionName, target.version.versionId),
    t('Training job: {0} (ID {1})', target.jobName, target.jobId),
    whereText(target.connection),
    '',
  ];
  if (target.versionCount === 1) {
    lines.push(`${t('This is the job\'s only version.')} ${t(EMPTY_JOB_NOTE)}`);
  }
  lines.push(t('This cannot be undone.'));
  return { message: t('Delete version "{0}" of training job "{1}"?', target.version.versionName, target.jobName), detail: lines };
}

/** A selected version read again, and what may happen to it. */
export interface Candidate {
  readonly target: Pick<VersionTarget, 'jobId' | 'jobName' | 'version'>;
  /** How many versions the job had in the tree, when known. */
  readonly jobVersionCount?: number;
  readonly state: 'delete' | 'running' | 'busy' | 'gone' | 'protected';
}

/** Up to {@link LISTED_IN_DIALOG} bullet lines, then "…and N more". */
export function listed(items: readonly Candidate[]): string[] {
  return bullets(items.map(c => versionLine(c.target)));
}

/** Up to {@link LISTED_IN_DIALOG} lines as bullets, then "…and N more". */
export function bullets(items: readonly string[]): string[] {
  const lines = items.slice(0, LISTED_IN_DIALOG).map(item => `• ${item}`);
  if (items.length > LISTED_IN_DIALOG) {
    lines.push(t('…and {0} more', items.length - LISTED_IN_DIALOG));
  }
  return lines;
}

/** Deleting several versions: what goes, what is left out and why, where, and jobs left empty. */
export function deleteVersionsConfirmation(candidates: readonly Candidate[], connection: TargetConnection): ModalText {
  const toDelete = candidates.filter(c => c.state === 'delete');
  const running = candidates.filter(c => c.state === 'running');
  const skipped = candidates.filter(c => c.state === 'busy' || c.state === 'gone');
  const lines = [...listed(toDelete), '', whereText(connection)];
  if (running.length > 0) {
    lines.push('', running.length === 1 ? t('Not deleted: {0} running or in progress (stop it first):', running.length)
      : t('Not deleted: {0} running or in progress (stop them first):', running.length), ...listed(running));
  }
  lines.push(...protectedLines(candidates.filter(c => c.state === 'protected').map(c => versionLine(c.target))));
  if (skipped.length > 0) {
    lines.push('', t('Skipped: {0} already deleted or being deleted:', skipped.length), ...listed(skipped));
  }
  const perJob = new Map<string, { name: string; count?: number; selected: number }>();
  for (const c of toDelete) {
    const entry = perJob.get(c.target.jobId) ?? { name: c.target.jobName, count: c.jobVersionCount, selected: 0 };
    entry.selected++;
    perJob.set(c.target.jobId, entry);
  }
  const emptied = [...perJob.values()].filter(j => j.count !== undefined && j.selected >= j.count);
  if (emptied.length > 0) {
    lines.push('', ...emptied.map(j => t('Every version of training job "{0}" is selected.', j.name)), t(EMPTY_JOB_NOTE));
  }
  lines.push('', t('This cannot be undone.'));
  return { message: toDelete.length === 1 ? t('Delete {0} training job version?', toDelete.length) : t('Delete {0} training job versions?', toDelete.length), detail: lines };
}

/** Deleting a whole job: the job, how many versions go (named, up to ten), where. */
export function deleteJobConfirmation(target: JobTarget): ModalText {
  const names = target.versions.slice(0, LISTED_IN_DIALOG).map(v => v.versionName);
  const more = target.versionCount - names.length;
  const list = `${names.join(', ')}${more > 0 ? t(', and {0} more', more) : ''}`;
  const versions = target.versionCount === 0 ? t('It has no versions.')
    : target.versionCount === 1 ? t('Its only version, {0}, is deleted with it.', list)
      : t('Its {0} versions are deleted with it: {1}.', target.versionCount, list);
  return {
    message: t('Delete training job "{0}" and all its versions?', target.jobName),
    detail: [t('Training job: {0} (ID {1})', target.jobName, target.jobId), versions, whereText(target.connection), '', t('This cannot be undone.')],
  };
}

/** Stopping a version. */
export function stopConfirmation(target: VersionTarget): ModalText {
  return {
    message: t('Stop {0}?', describeVersion(target)),
    detail: [t('It is {0}. Stopping ends the run; it cannot be resumed.', statusInfo(target.version.status).label.toLowerCase())],
  };
}

/** A running version asked to be deleted: why not yet, and (when it can be) the offer to stop it. */
export function versionRunningText(target: VersionTarget): ModalText & { readonly canStop: boolean } {
  const status = statusInfo(target.version.status).label.toLowerCase();
  const message = t('Version "{0}" of training job "{1}" is {2} and cannot be deleted yet.', target.version.versionName, target.jobName, status);
  if (!isStoppable(target.version.status)) {
    return {
      message, canStop: false,
      detail: [t('It is being stopped (ID {0} of job ID {1}). Delete it once it has stopped.', target.version.versionId, target.jobId)],
    };
  }
  return { message, canStop: true, detail: [t('Stop {0} first; once it has stopped, delete it. Nothing is deleted now.', describeVersion(target))] };
}

/** A job with running versions asked to be deleted: which, and the offer to stop those that can be. */
export function jobRunningText(target: JobTarget, active: readonly TrainingJobVersion[]): ModalText & { readonly stopButton?: string } {
  const lines = active.slice(0, LISTED_IN_DIALOG).map(v => `• ${t('{0} (ID {1}): {2}', v.versionName, v.versionId, statusInfo(v.status).label.toLowerCase())}`);
  if (active.length > LISTED_IN_DIALOG) {
    lines.push(t('…and {0} more', active.length - LISTED_IN_DIALOG));
  }
  const one = active.length === 1;
  const message = one ? t('Training job "{0}" has a version that is running or in progress, and cannot be deleted yet.', target.jobName)
    : t('Training job "{0}" has {1} versions that are running or in progress, and cannot be deleted yet.', target.jobName, active.length);
  const stoppable = active.filter(v => isStoppable(v.status)).length;
  if (stoppable === 0) {
    return {
      message,
      detail: [...lines, '', one ? t('It is being stopped. Delete the job once it has stopped. Nothing is deleted now.')
        : t('They are being stopped. Delete the job once they have stopped. Nothing is deleted now.')],
    };
  }
  return {
    message,
    stopButton: stoppable === 1 ? STOP_BUTTON : t('Stop {0} Versions', stoppable),
    detail: [...lines, '', one ? t('Stop it first; once it has stopped, delete the job. Nothing is deleted now.')
      : t('Stop them first; once they have stopped, delete the job. Nothing is deleted now.')],
  };
}

/** Signing out. */
export function signOutConfirmation(): ModalText {
  return {
    message: t('Sign out of ModelArts?'),
    detail: [t('The stored credentials and token are removed from VS Code\'s secret storage. The region and endpoint settings stay.')],
  };
}

/** An emulator's demo account about to replace stored credentials (`kind`: what is stored). */
export function replaceCredentialsConfirmation(
  emulator: { readonly url: string; readonly region: string; readonly projectId: string }, kind: 'aksk' | 'password',
): ModalText {
  return {
    message: t('Connect to the local emulator at {0}, replacing your stored ModelArts credentials?', emulator.url),
    detail: [
      t('Emulator: {0} (region {1}, project {2})', emulator.url, emulator.region, emulator.projectId),
      '',
      kind === 'password'
        ? t('Your stored IAM user name and password are removed from VS Code\'s secret storage, and the connection settings (cloud, region, endpoints, project ID) are set to the emulator\'s.')
        : t('Your stored access key and secret key are removed from VS Code\'s secret storage, and the connection settings (cloud, region, endpoints, project ID) are set to the emulator\'s.'),
      t('To use your account again afterwards, run "ModelArts: Configure Credentials" and enter them again.'),
    ],
  };
}

/** The confirmation button of Stop Training Job (a new-version job). */
export const STOP_JOB_BUTTON = msg('Stop Training Job');

/** Deleting a new-version job: the job, its status, where. */
export function deleteV2JobConfirmation(target: V2JobTarget): ModalText {
  const { job } = target;
  return {
    message: t('Delete training job "{0}"?', job.name),
    detail: [t('Training job: {0} (ID {1})', job.name, job.jobId), t('Status: {0}', phaseInfo(job.phase).label), whereText(target.connection), '', t('This cannot be undone.')],
  };
}

/** A new-version job that is still active, asked to be deleted: why not yet, and whether Stop applies. */
export function v2JobRunningText(target: V2JobTarget): ModalText & { readonly canStop: boolean } {
  const { job } = target;
  const label = phaseInfo(job.phase).label.toLowerCase();
  const canStop = isV2Stoppable(job.phase);
  return {
    message: t('Training job "{0}" is {1}.', job.name, label),
    detail: [
      t('Training job: {0} (ID {1})', job.name, job.jobId),
      whereText(target.connection),
      '',
      canStop ? t('Stop it first; once it has stopped, it can be deleted.') : t('It is stopping; once it has stopped, it can be deleted.'),
    ],
    canStop,
  };
}

/** Stopping a new-version job. */
export function stopV2Confirmation(target: V2JobTarget): ModalText {
  const { job } = target;
  return {
    message: t('Stop training job "{0}"?', job.name),
    detail: [
      t('Training job: {0} (ID {1})', job.name, job.jobId),
      t('Status: {0}', phaseInfo(job.phase).label),
      whereText(target.connection),
      '',
      t('Its tasks are terminated; what it wrote so far stays. It cannot be resumed.'),
    ],
  };
}

/** A selected new-version job read again, and what may happen to it. */
export interface V2Candidate {
  readonly job: V2Job;
  readonly state: 'delete' | 'running' | 'busy' | 'gone' | 'protected';
}

/** `llama3-8b-sft (ID 3faf5c03-…)`: a name and its ID, one line of a list. */
const named = (name: string, id: string) => t('{0} (ID {1})', name, id);

function v2Listed(items: readonly V2Candidate[]): string[] {
  return bullets(items.map(c => named(c.job.name, c.job.jobId)));
}

/** Deleting several new-version jobs: what goes, what is left out and why, where. */
export function deleteV2JobsConfirmation(candidates: readonly V2Candidate[], connection: TargetConnection): ModalText {
  const toDelete = candidates.filter(c => c.state === 'delete');
  const running = candidates.filter(c => c.state === 'running');
  const skipped = candidates.filter(c => c.state === 'busy' || c.state === 'gone');
  const lines = [...v2Listed(toDelete), '', whereText(connection)];
  if (running.length > 0) {
    lines.push('', running.length === 1 ? t('Not deleted: {0} still active (stop it first):', running.length)
      : t('Not deleted: {0} still active (stop them first):', running.length), ...v2Listed(running));
  }
  lines.push(...protectedLines(candidates.filter(c => c.state === 'protected').map(c => named(c.job.name, c.job.jobId))));
  if (skipped.length > 0) {
    lines.push('', t('Skipped: {0} already deleted or being deleted:', skipped.length), ...v2Listed(skipped));
  }
  lines.push('', t('This cannot be undone.'));
  return { message: toDelete.length === 1 ? t('Delete {0} training job?', toDelete.length) : t('Delete {0} training jobs?', toDelete.length), detail: lines };
}

/** The lines that name what a multi-item deletion leaves out because it is protected (none when nothing is). */
function protectedLines(items: readonly string[]): string[] {
  return items.length === 0 ? []
    : ['', items.length === 1 ? t('Not deleted: {0} protected (unprotect it first):', items.length)
      : t('Not deleted: {0} protected (unprotect them first):', items.length), ...bullets(items)];
}

/**
 * Running a clean-up: how many of the previewed items go (the checked ones, listed), the rule, where,
 * what was left out, and that each is read again first. `checked` are the plan's items left checked.
 */
export function cleanupConfirmation(plan: CleanupPlan, checked: readonly PlanItem[], connection: TargetConnection): ModalText {
  // One job: named once in the question, its versions listed by name alone.
  const oneJob = plan.kind === 'v1' && new Set(checked.map(item => item.jobId)).size === 1 ? checked[0] : undefined;
  const line = (item: PlanItem) => `${item.version
    ? (oneJob?.jobId === item.jobId ? named(item.version.versionName, item.version.versionId) : versionLine({ jobId: item.jobId, jobName: item.jobName, version: item.version }))
    : named(item.jobName, item.jobId)} · ${item.statusLabel}`;
  const unchecked = plan.items.length - checked.length;
  const question = !oneJob ? t('Delete {0}?', planTotals(checked, plan.kind)) : checked.length === 1
    ? t('Delete {0} version of training job "{1}"?', checked.length, oneJob.jobName) : t('Delete {0} versions of training job "{1}"?', checked.length, oneJob.jobName);
  return {
    message: question,
    detail: [
      ...bullets(checked.map(line)), '', t('Rule: {0}.', describeRule(plan.rule)), t('Examined: {0}. {1}.', plan.scope, whereText(connection)),
      ...(unchecked > 0 ? [t('Kept: the {0} you unchecked.', unchecked)] : []),
      ...protectedLines(plan.protectedItems.map(line)),
      '', t('Each is read again just before its deletion, and skipped if it changed since the preview.'), t('This cannot be undone.'),
    ],
  };
}

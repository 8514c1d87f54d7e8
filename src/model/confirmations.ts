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
    lines.push('', `Not deleted: ${running.length} running or in progress (stop ${running.length === 1 ? 'it' : 'them'} first):`, ...listed(running));
  }
  lines.push(...protectedLines(candidates.filter(c => c.state === 'protected').map(c => versionLine(c.target))));
  if (skipped.length > 0) {
    lines.push('', `Skipped: ${skipped.length} already deleted or being deleted:`, ...listed(skipped));
  }
  const perJob = new Map<string, { name: string; count?: number; selected: number }>();
  for (const c of toDelete) {
    const entry = perJob.get(c.target.jobId) ?? { name: c.target.jobName, count: c.jobVersionCount, selected: 0 };
    entry.selected++;
    perJob.set(c.target.jobId, entry);
  }
  const emptied = [...perJob.values()].filter(j => j.count !== undefined && j.selected >= j.count);
  if (emptied.length > 0) {
    lines.push('', ...emptied.map(j => `Every version of training job "${j.name}" is selected.`), EMPTY_JOB_NOTE);
  }
  lines.push('', 'This cannot be undone.');
  return { message: `Delete ${toDelete.length} training job version${toDelete.length === 1 ? '' : 's'}?`, detail: lines };
}

/** Deleting a whole job: the job, how many versions go (named, up to ten), where. */
export function deleteJobConfirmation(target: JobTarget): ModalText {
  const names = target.versions.slice(0, LISTED_IN_DIALOG).map(v => v.versionName);
  const more = target.versionCount - names.length;
  const list = `${names.join(', ')}${more > 0 ? `, and ${more} more` : ''}`;
  const versions = target.versionCount === 0 ? 'It has no versions.'
    : target.versionCount === 1 ? `Its only version, ${list}, is deleted with it.`
      : `Its ${target.versionCount} versions are deleted with it: ${list}.`;
  return {
    message: `Delete training job "${target.jobName}" and all its versions?`,
    detail: [`Training job: ${target.jobName} (ID ${target.jobId})`, versions, whereText(target.connection), '', 'This cannot be undone.'],
  };
}

/** Stopping a version. */
export function stopConfirmation(target: VersionTarget): ModalText {
  return {
    message: `Stop ${describeVersion(target)}?`,
    detail: [`It is ${statusInfo(target.version.status).label.toLowerCase()}. Stopping ends the run; it cannot be resumed.`],
  };
}

/** A running version asked to be deleted: why not yet, and (when it can be) the offer to stop it. */
export function versionRunningText(target: VersionTarget): ModalText & { readonly canStop: boolean } {
  const status = statusInfo(target.version.status).label.toLowerCase();
  const message = `Version "${target.version.versionName}" of training job "${target.jobName}" is ${status} and cannot be deleted yet.`;
  if (!isStoppable(target.version.status)) {
    return {
      message, canStop: false,
      detail: [`It is being stopped (ID ${target.version.versionId} of job ID ${target.jobId}). Delete it once it has stopped.`],
    };
  }
  return { message, canStop: true, detail: [`Stop ${describeVersion(target)} first; once it has stopped, delete it. Nothing is deleted now.`] };
}

/** A job with running versions asked to be deleted: which, and the offer to stop those that can be. */
export function jobRunningText(target: JobTarget, active: readonly TrainingJobVersion[]): ModalText & { readonly stopButton?: string } {
  const lines = active.slice(0, LISTED_IN_DIALOG).map(v => `• ${v.versionName} (ID ${v.versionId}): ${statusInfo(v.status).label.toLowerCase()}`);
  if (active.length > LISTED_IN_DIALOG) {
    lines.push(`…and ${active.length - LISTED_IN_DIALOG} more`);
  }
  const one = active.length === 1;
  const message = `Training job "${target.jobName}" has ${one ? 'a version that is' : `${active.length} versions that are`} ` +
    'running or in progress, and cannot be deleted yet.';
  const stoppable = active.filter(v => isStoppable(v.status)).length;
  if (stoppable === 0) {
    return {
      message,
      detail: [...lines, '', `${one ? 'It is' : 'They are'} being stopped. Delete the job once ${one ? 'it has' : 'they have'} stopped. Nothing is deleted now.`],
    };
  }
  return {
    message,
    stopButton: stoppable === 1 ? STOP_BUTTON : `Stop ${stoppable} Versions`,
    detail: [...lines, '', `Stop ${one ? 'it' : 'them'} first; once ${one ? 'it has' : 'they have'} stopped, delete the job. Nothing is deleted now.`],
  };
}

/** Signing out. */
export function signOutConfirmation(): ModalText {
  return {
    message: 'Sign out of ModelArts?',
    detail: ['The stored credentials and token are removed from VS Code\'s secret storage. The region and endpoint settings stay.'],
  };
}

/** An emulator's demo account about to replace stored credentials (`kind`: what is stored). */
export function replaceCredentialsConfirmation(
  emulator: { readonly url: string; readonly region: string; readonly projectId: string }, kind: 'aksk' | 'password',
): ModalText {
  return {
    message: `Connect to the local emulator at ${emulator.url}, replacing your stored ModelArts credentials?`,
    detail: [
      `Emulator: ${emulator.url} (region ${emulator.region}, project ${emulator.projectId})`,
      '',
      `Your stored ${kind === 'password' ? 'IAM user name and password' : 'access key and secret key'} are removed from VS Code's secret ` +
        'storage, and the connection settings (cloud, region, endpoints, project ID) are set to the emulator\'s.',
      'To use your account again afterwards, run "ModelArts: Configure Credentials" and enter them again.',
    ],
  };
}

/** The confirmation button of Stop Training Job (a new-version job). */
export const STOP_JOB_BUTTON = msg('Stop Training Job');

/** Deleting a new-version job: the job, its status, where. */
export function deleteV2JobConfirmation(target: V2JobTarget): ModalText {
  const { job } = target;
  return {
    message: `Delete training job "${job.name}"?`,
    detail: [
      `Training job: ${job.name} (ID ${job.jobId})`,
      `Status: ${phaseInfo(job.phase).label}`,
      whereText(target.connection),
      '',
      'This cannot be undone.',
    ],
  };
}

/** A new-version job that is still active, asked to be deleted: why not yet, and whether Stop applies. */
export function v2JobRunningText(target: V2JobTarget): ModalText & { readonly canStop: boolean } {
  const { job } = target;
  const label = phaseInfo(job.phase).label.toLowerCase();
  const canStop = isV2Stoppable(job.phase);
  return {
    message: `Training job "${job.name}" is ${label}.`,
    detail: [
      `Training job: ${job.name} (ID ${job.jobId})`,
      whereText(target.connection),
      '',
      canStop ? 'Stop it first; once it has stopped, it can be deleted.' : 'It is stopping; once it has stopped, it can be deleted.',
    ],
    canStop,
  };
}

/** Stopping a new-version job. */
export function stopV2Confirmation(target: V2JobTarget): ModalText {
  const { job } = target;
  return {
    message: `Stop training job "${job.name}"?`,
    detail: [
      `Training job: ${job.name} (ID ${job.jobId})`,
      `Status: ${phaseInfo(job.phase).label}`,
      whereText(target.connection),
      '',
      'Its tasks are terminated; what it wrote so far stays. It cannot be resumed.',
    ],
  };
}

/** A selected new-version job read again, and what may happen to it. */
export interface V2Candidate {
  readonly job: V2Job;
  readonly state: 'delete' | 'running' | 'busy' | 'gone' | 'protected';
}

function v2Listed(items: readonly V2Candidate[]): string[] {
  return bullets(items.map(c => `${c.job.name} (ID ${c.job.jobId})`));
}

/** Deleting several new-version jobs: what goes, what is left out and why, where. */
export function deleteV2JobsConfirmation(candidates: readonly V2Candidate[], connection: TargetConnection): ModalText {
  const toDelete = candidates.filter(c => c.state === 'delete');
  const running = candidates.filter(c => c.state === 'running');
  const skipped = candidates.filter(c => c.state === 'busy' || c.state === 'gone');
  const lines = [...v2Listed(toDelete), '', whereText(connection)];
  if (running.length > 0) {
    lines.push('', `Not deleted: ${running.length} still active (stop ${running.length === 1 ? 'it' : 'them'} first):`, ...v2Listed(running));
  }
  lines.push(...protectedLines(candidates.filter(c => c.state === 'protected').map(c => `${c.job.name} (ID ${c.job.jobId})`)));
  if (skipped.length > 0) {
    lines.push('', `Skipped: ${skipped.length} already deleted or being deleted:`, ...v2Listed(skipped));
  }
  lines.push('', 'This cannot be undone.');
  return { message: `Delete ${toDelete.length} training job${toDelete.length === 1 ? '' : 's'}?`, detail: lines };
}

/** The lines that name what a multi-item deletion leaves out because it is protected (none when nothing is). */
function protectedLines(items: readonly string[]): string[] {
  return items.length === 0 ? []
    : ['', `Not deleted: ${items.length} protected (unprotect ${items.length === 1 ? 'it' : 'them'} first):`, ...bullets(items)];
}

/**
 * Running a clean-up: how many of the previewed items go (the checked ones, listed), the rule, where,
 * what was left out, and that each is read again first. `checked` are the plan's items left checked.
 */
export function cleanupConfirmation(plan: CleanupPlan, checked: readonly PlanItem[], connection: TargetConnection): ModalText {
  // One job: named once in the question, its versions listed by name alone.
  const oneJob = plan.kind === 'v1' && new Set(checked.map(item => item.jobId)).size === 1 ? checked[0] : undefined;
  const line = (item: PlanItem) => `${item.version
    ? (oneJob?.jobId === item.jobId ? `${item.version.versionName} (ID ${item.version.versionId})` : versionLine({ jobId: item.jobId, jobName: item.jobName, version: item.version }))
    : `${item.jobName} (ID ${item.jobId})`} · ${item.statusLabel}`;
  const unchecked = plan.items.length - checked.length;
  return {
    message: oneJob ? `Delete ${checked.length} version${checked.length === 1 ? '' : 's'} of training job "${oneJob.jobName}"?` : `Delete ${planTotals(checked, plan.kind)}?`,
    detail: [
      ...bullets(checked.map(line)), '', `Rule: ${describeRule(plan.rule)}.`, `Examined: ${plan.scope}. ${whereText(connection)}.`,
      ...(unchecked > 0 ? [`Kept: the ${unchecked} you unchecked.`] : []),
      ...protectedLines(plan.protectedItems.map(line)),
      '', 'Each is read again just before its deletion, and skipped if it changed since the preview.', 'This cannot be undone.',
    ],
  };
}

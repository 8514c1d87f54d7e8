/**
 * The phases of new-version ("v2") training jobs as the UI shows them (modelarts-v2-api.md section 1.1):
 * each phase borrows the old-version status of the same family, so a v2 job and a v1 version that are
 * in the same state look the same (label, icon, which actions apply). No `vscode` import.
 */
import type { V2Job } from '../client/v2Types';
import { msg, t } from '../util/l10n';
import { statusInfo, type StatusInfo } from './status';

/** The old-version status code of the same family as each documented phase. */
const PHASE_STATUS: Readonly<Record<string, number>> = {
  Creating: 1,
  Pending: 7,
  Running: 8,
  Terminating: 9,
  Completed: 10,
  Failed: 11,
  Terminated: 12,
  Abnormal: 14,
};

/** Phases in which a job may still change by itself (it holds resources, or is about to). */
const ACTIVE_PHASES: ReadonlySet<string> = new Set(['Creating', 'Pending', 'Running', 'Terminating']);

/** Phases from which Stop applies (ModelArts answers 409 ModelArts.2796 for any other). */
const STOPPABLE_PHASES: ReadonlySet<string> = new Set(['Creating', 'Pending', 'Running']);

/** The v1 status code of the same family as `phase`, or 0 (unknown) for a phase the reference does not name. */
export function phaseStatus(phase: string): number {
  return PHASE_STATUS[phase] ?? 0;
}

/** The known phases whose family is one of `codes` (for the search's `phase in` filter); undefined when an unknown phase could match too. */
export function phasesFor(codes: readonly number[]): string[] | undefined {
  return codes.includes(0) ? undefined : Object.keys(PHASE_STATUS).filter(phase => codes.includes(PHASE_STATUS[phase]));
}

/** Phases whose own word says more than their family's label (Abnormal is not "Lost"). */
const PHASE_LABEL: Readonly<Record<string, string>> = { Abnormal: msg('Abnormal') };

/** How a phase is shown: the label of its v1 family ("Queuing", "Stopping", "Stopped", …); an unknown phase as sent. */
export function phaseInfo(phase: string): StatusInfo {
  const code = PHASE_STATUS[phase];
  if (code === undefined) {
    return { name: phase || 'UNKNOWN', label: phase || t('Unknown'), group: 'unknown' };
  }
  const family = statusInfo(code);
  return { ...family, name: phase, label: PHASE_LABEL[phase] !== undefined ? t(PHASE_LABEL[phase]) : family.label };
}

/** True while the job may change by itself: it cannot be deleted without stopping it first. */
export function isV2Active(phase: string): boolean {
  return ACTIVE_PHASES.has(phase);
}

/** True when Stop applies. */
export function isV2Stoppable(phase: string): boolean {
  return STOPPABLE_PHASES.has(phase);
}

/**
 * The v2 phase the view's status filter means: the phase whose family status is `status`. Undefined
 * when no phase has that status (say, 6 DELETE_FAILED): no v2 job can match, and nothing is asked.
 */
export function phaseForStatus(status: number): string | undefined {
  return Object.entries(PHASE_STATUS).find(([, code]) => code === status)?.[0];
}

/** The first task that failed, when the job says which (exit code and message). */
export function firstFailure(job: Pick<V2Job, 'taskStatuses'>): V2Job['taskStatuses'][number] | undefined {
  return job.taskStatuses.find(t => (t.exitCode !== undefined && t.exitCode !== 0) || (t.message !== undefined && t.message !== ''));
}

/** `worker-1 exited with code 137: OOMKilled`, or undefined when no task says why it failed. */
export function failureText(job: Pick<V2Job, 'taskStatuses'>): string | undefined {
  const failed = firstFailure(job);
  if (!failed) {
    return undefined;
  }
  const exit = failed.exitCode !== undefined ? ` exited with code ${failed.exitCode}` : ' failed';
  return `${failed.task || 'A task'}${exit}${failed.message ? `: ${failed.message}` : ''}`;
}

/**
 * Keys whose values in a job's raw JSON are secrets (notebook and TensorBoard tokens, console
 * tokens in annotations): masked before Show Details or Copy Details as JSON shows them.
 */
const SECRET_KEY = /token|secret|password|passwd|credential|(^|[_-])(ak|sk)$|access[_-]?key|signature|auth/i;

/**
 * A copy of a job's raw JSON with every secret masked: each `token`-like field anywhere, every value
 * under `endpoints.*` whose key names a secret, and every annotation value whose key does.
 */
export function maskV2Secrets(raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const mask = (value: unknown, key: string): unknown => {
    if (SECRET_KEY.test(key) && (typeof value === 'string' || typeof value === 'number')) {
      return '********';
    }
    if (Array.isArray(value)) {
      return value.map(item => mask(item, ''));
    }
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, k)]));
    }
    return value;
  };
  return mask(raw, '') as Record<string, unknown>;
}

/** Status codes of training jobs and versions as the UI shows them (modelarts-api.md section 0.1). */
import type { TrainingJobVersion } from '../client/types';
import { msg, t } from '../util/l10n';

/** How a status is shown: its group decides the icon and which actions apply. */
export type StatusGroup = 'running' | 'inProgress' | 'done' | 'failed' | 'stopped' | 'unknown';

export interface StatusInfo {
  /** The API's short name, e.g. `RUNNING`. */
  readonly name: string;
  /** A human label, e.g. `Running`. */
  readonly label: string;
  readonly group: StatusGroup;
}

const STATUS: Readonly<Record<number, StatusInfo>> = {
  0: { name: 'UNKNOWN', label: msg('Unknown'), group: 'unknown' },
  1: { name: 'INIT', label: msg('Initializing'), group: 'inProgress' },
  2: { name: 'IMAGE_CREATING', label: msg('Creating image'), group: 'inProgress' },
  3: { name: 'IMAGE_FAILED', label: msg('Image failed'), group: 'failed' },
  4: { name: 'SUBMIT_TRYING', label: msg('Submitting'), group: 'inProgress' },
  5: { name: 'SUBMIT_FAILED', label: msg('Submit failed'), group: 'failed' },
  6: { name: 'DELETE_FAILED', label: msg('Delete failed'), group: 'failed' },
  7: { name: 'WAITING', label: msg('Queuing'), group: 'inProgress' },
  8: { name: 'RUNNING', label: msg('Running'), group: 'running' },
  9: { name: 'KILLING', label: msg('Stopping'), group: 'inProgress' },
  10: { name: 'COMPLETED', label: msg('Completed'), group: 'done' },
  11: { name: 'FAILED', label: msg('Failed'), group: 'failed' },
  12: { name: 'KILLED', label: msg('Stopped'), group: 'stopped' },
  13: { name: 'CANCELED', label: msg('Canceled'), group: 'stopped' },
  14: { name: 'LOST', label: msg('Lost'), group: 'failed' },
  15: { name: 'SCALING', label: msg('Scaling'), group: 'running' },
  16: { name: 'SUBMIT_MODEL_FAILED', label: msg('Model submission failed'), group: 'failed' },
  17: { name: 'DEPLOY_SERVICE_FAILED', label: msg('Service deployment failed'), group: 'failed' },
  18: { name: 'CHECK_INIT', label: msg('Review initializing'), group: 'inProgress' },
  19: { name: 'CHECK_RUNNING', label: msg('Review running'), group: 'running' },
  20: { name: 'CHECK_RUNNING_COMPLETED', label: msg('Review completed'), group: 'done' },
  21: { name: 'CHECK_FAILED', label: msg('Review failed'), group: 'failed' },
  22: { name: 'MOUNT_FAILED', label: msg('Mount failed'), group: 'failed' },
};

/** Every status code the API documents, except 0 UNKNOWN, in code order. */
export const KNOWN_STATUS_CODES: readonly number[] = Object.keys(STATUS).map(Number).filter(code => code !== 0);

/** The display information of a status code; unknown codes show as `Status N`. */
export function statusInfo(code: number): StatusInfo {
  const info = STATUS[code];
  return info ? { ...info, label: t(info.label) } : { name: `STATUS_${code}`, label: t('Status {0}', code), group: 'unknown' };
}

/** Statuses in which a version still uses resources and is not yet finished (section 0.1's "active" list). */
const ACTIVE = new Set([1, 2, 4, 7, 8, 9, 15, 18, 19]);

/** True while the version is running or in progress: it cannot be deleted until it stops. */
export function isActive(code: number): boolean {
  return ACTIVE.has(code);
}

/** True when Stop applies: active, and not already being stopped (9 KILLING). */
export function isStoppable(code: number): boolean {
  return ACTIVE.has(code) && code !== 9;
}

/** 9 KILLING: a stop was accepted; the version is stopping. */
export const KILLING = 9;

/** 12 KILLED: stopped by a user. */
export const KILLED = 12;

/** 6 DELETE_FAILED: the service gave up deleting the version. */
export const DELETE_FAILED = 6;

/**
 * Why a version is in DELETE_FAILED: the service's undocumented `status_message` when it sent one,
 * else that it gave none (said plainly, not as a code).
 */
export function deleteFailureReason(version: Pick<TrainingJobVersion, 'statusMessage'>): string {
  const message = version.statusMessage?.trim();
  return message ? message : t('ModelArts gave no reason');
}

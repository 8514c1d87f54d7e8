/** Status codes of training jobs and versions as the UI shows them (modelarts-api.md section 0.1). */
import type { TrainingJobVersion } from '../client/types';

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
  0: { name: 'UNKNOWN', label: 'Unknown', group: 'unknown' },
  1: { name: 'INIT', label: 'Initializing', group: 'inProgress' },
  2: { name: 'IMAGE_CREATING', label: 'Creating image', group: 'inProgress' },
  3: { name: 'IMAGE_FAILED', label: 'Image failed', group: 'failed' },
  4: { name: 'SUBMIT_TRYING', label: 'Submitting', group: 'inProgress' },
  5: { name: 'SUBMIT_FAILED', label: 'Submit failed', group: 'failed' },
  6: { name: 'DELETE_FAILED', label: 'Delete failed', group: 'failed' },
  7: { name: 'WAITING', label: 'Queuing', group: 'inProgress' },
  8: { name: 'RUNNING', label: 'Running', group: 'running' },
  9: { name: 'KILLING', label: 'Stopping', group: 'inProgress' },
  10: { name: 'COMPLETED', label: 'Completed', group: 'done' },
  11: { name: 'FAILED', label: 'Failed', group: 'failed' },
  12: { name: 'KILLED', label: 'Stopped', group: 'stopped' },
  13: { name: 'CANCELED', label: 'Canceled', group: 'stopped' },
  14: { name: 'LOST', label: 'Lost', group: 'failed' },
  15: { name: 'SCALING', label: 'Scaling', group: 'running' },
  16: { name: 'SUBMIT_MODEL_FAILED', label: 'Model submission failed', group: 'failed' },
  17: { name: 'DEPLOY_SERVICE_FAILED', label: 'Service deployment failed', group: 'failed' },
  18: { name: 'CHECK_INIT', label: 'Review initializing', group: 'inProgress' },
  19: { name: 'CHECK_RUNNING', label: 'Review running', group: 'running' },
  20: { name: 'CHECK_RUNNING_COMPLETED', label: 'Review completed', group: 'done' },
  21: { name: 'CHECK_FAILED', label: 'Review failed', group: 'failed' },
  22: { name: 'MOUNT_FAILED', label: 'Mount failed', group: 'failed' },
};

/** Every status code the API documents, except 0 UNKNOWN, in code order. */
export const KNOWN_STATUS_CODES: readonly number[] = Object.keys(STATUS).map(Number).filter(code => code !== 0);

/** The display information of a status code; unknown codes show as `Status N`. */
export function statusInfo(code: number): StatusInfo {
  return STATUS[code] ?? { name: `STATUS_${code}`, label: `Status ${code}`, group: 'unknown' };
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
  return message ? message : 'ModelArts gave no reason';
}

/**
 * Reading what a change will act on, afresh, with the connection it will be sent with: a decision
 * (running or not, the job's last version or not) is taken on what the service says now, not on what
 * the tree loaded earlier. No dialog: "gone" is an answer here; what to tell the user is the command's.
 */
import { isGone } from '../client/errors';
import type { TrainingJobVersion, VersionDetails } from '../client/types';
import type { Candidate } from '../model/confirmations';
import type { TargetConnection } from '../model/connection';
import { isActive } from '../model/status';
import type { JobTarget } from '../model/targets';
import { t } from '../util/l10n';
import type { DeletionTracker } from './deletionTracker';

/** A version as the service holds it now, or `gone` when ModelArts says it no longer exists. */
export async function readVersion(connection: TargetConnection, jobId: string, versionId: string): Promise<VersionDetails | 'gone'> {
  try {
    return await connection.client.getVersion(jobId, versionId);
  } catch (error) {
    if (isGone(error)) {
      return 'gone';
    }
    throw error;
  }
}

/** A job with every version as the service holds them now, or `gone`. */
export async function readJob(connection: TargetConnection, jobId: string, knownName?: string): Promise<JobTarget | 'gone'> {
  try {
    const all = await connection.client.listAllVersions(jobId);
    return { jobId, jobName: all.jobName || knownName || t('Job {0}', jobId), versionCount: all.versionCount, versions: all.versions, connection };
  } catch (error) {
    if (isGone(error)) {
      return 'gone';
    }
    throw error;
  }
}

/** A selected version as the tree holds it, with its job's facts. */
export interface SelectedVersion {
  readonly jobId: string;
  readonly jobName: string;
  readonly jobVersionCount?: number;
  readonly version: TrainingJobVersion;
}

/**
 * A selected version read again with `connection`: its current status decides whether it may be
 * deleted (`delete`), not (`running`), or need not be (`busy`: being deleted; `gone`). `onRead` gets
 * each version read afresh, so the tree can show it.
 */
export async function readCandidate(
  tracker: DeletionTracker, connection: TargetConnection, selected: SelectedVersion, onRead?: (version: VersionDetails) => void,
): Promise<Candidate> {
  const base = { jobId: selected.jobId, jobName: selected.jobName };
  const jobVersionCount = selected.jobVersionCount;
  if (tracker.isBusy(selected.jobId, selected.version.versionId)) {
    return { target: { ...base, version: selected.version }, jobVersionCount, state: 'busy' };
  }
  const version = await readVersion(connection, selected.jobId, selected.version.versionId);
  if (version === 'gone') {
    return { target: { ...base, version: selected.version }, jobVersionCount, state: 'gone' };
  }
  onRead?.(version);
  return { target: { ...base, version }, jobVersionCount, state: isActive(version.status) ? 'running' : 'delete' };
}

/**
 * The status of a followed run, read by itself (one request) when its log had nothing new: an old-version
 * job's version, or a new-version job. What is read also redraws its row.
 */
import { isGone } from '../client/errors';
import type { TrainingJobVersion } from '../client/types';
import type { V2Job } from '../client/v2Types';
import type { Connection } from '../model/connection';
import { isActive, statusInfo } from '../model/status';
import { failureText, isV2Active, phaseInfo } from '../model/v2Phase';
import type { RunStatus } from './logFollow';

const GONE: RunStatus = { ended: true, label: 'no longer exists' };

/** Reads a version's status; `onVersion` gets what was read. */
export function v1RunStatus(connection: Connection, jobId: string, versionId: string, onVersion: (version: TrainingJobVersion) => void) {
  return async (signal: AbortSignal): Promise<RunStatus> => {
    try {
      const version = await connection.client.getVersion(jobId, versionId, { signal });
      onVersion(version);
      const info = statusInfo(version.status);
      return {
        ended: !isActive(version.status), label: info.label,
        ...(info.group === 'failed' && version.statusMessage ? { reason: version.statusMessage } : {}),
      };
    } catch (error) {
      if (isGone(error)) {
        return GONE;
      }
      throw error;
    }
  };
}

/** Reads a new-version job's phase; `onJob` gets what was read. */
export function v2RunStatus(connection: Connection, jobId: string, onJob: (job: V2Job) => void) {
  return async (signal: AbortSignal): Promise<RunStatus> => {
    try {
      const job = await connection.client.v2.getJob(jobId, { signal });
      onJob(job);
      const info = phaseInfo(job.phase);
      const reason = info.group === 'failed' ? failureText(job) : undefined;
      return { ended: !isV2Active(job.phase), label: info.label, ...(reason ? { reason } : {}) };
    } catch (error) {
      if (isGone(error)) {
        return GONE;
      }
      throw error;
    }
  };
}

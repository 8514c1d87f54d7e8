/**
 * How live status reads one item again, with the connection its row was listed with, and shows it:
 * an old-version job's first page of versions (one request; the row of each version and the job's
 * row), one version, or one new-version job. A failure's reason comes from the same answer.
 */
import { isGone } from '../client/errors';
import type { TrainingJobVersion } from '../client/types';
import type { V2Job } from '../client/v2Types';
import { isActive, statusInfo } from '../model/status';
import { failureText, isV2Active, phaseInfo } from '../model/v2Phase';
import type { TargetConnection } from '../model/connection';
import { msg } from '../util/l10n';
import type { LiveItem, LiveRead } from './liveStatus';

/** The tree, as live status reads and redraws it. */
export interface LiveTree {
  findJob(jobId: string): { readonly connection: TargetConnection; readonly job: { readonly status: number } } | undefined;
  findV2Job(jobId: string): { readonly connection: TargetConnection } | undefined;
  updateVersion(version: TrainingJobVersion): void;
  updateV2Job(job: V2Job): void;
  refreshJob(jobId: string): void;
  refresh(): void;
}

/** The statuses of an old-version job row as one text, and whether it may still change (undefined: not listed). */
export type JobLive = (jobId: string) => { readonly status: string; readonly active: boolean } | undefined;

/** ModelArts says it no longer exists. */
const GONE: LiveRead = { status: 'gone', active: false, gone: true, ended: msg('no longer exists') };
/** Its row is no longer in the view (deleted, filtered out, or the list was reloaded without it): it cannot be read with its connection. */
const UNLISTED: LiveRead = { status: 'unlisted', active: false, gone: true, ended: msg('is no longer in the view (deleted, or filtered out)') };

/** Reads `item` again (rejects on a failed read; `gone` when it no longer exists or its row is no longer listed). */
export async function readLive(tree: LiveTree, jobLive: JobLive, item: LiveItem, pageSize: number, signal: AbortSignal): Promise<LiveRead> {
  try {
    switch (item.kind) {
      case 'v2job': {
        const connection = tree.findV2Job(item.jobId)?.connection;
        if (!connection) {
          return UNLISTED;
        }
        const job = await connection.client.v2.getJob(item.jobId, { signal });
        tree.updateV2Job(job);
        const failed = phaseInfo(job.phase).group === 'failed';
        return { status: job.phase, active: isV2Active(job.phase), ended: phaseInfo(job.phase).label, ...(failed ? { reason: failureText(job) } : {}) };
      }
      case 'v1version': {
        const connection = tree.findJob(item.jobId)?.connection;
        if (!connection || item.versionId === undefined) {
          return UNLISTED;
        }
        const version = await connection.client.getVersion(item.jobId, item.versionId, { signal });
        tree.updateVersion(version);
        const failed = statusInfo(version.status).group === 'failed';
        return {
          status: String(version.status), active: isActive(version.status), ended: statusInfo(version.status).label,
          ...(failed && version.statusMessage ? { reason: version.statusMessage } : {}),
        };
      }
      default: {
        const connection = tree.findJob(item.jobId)?.connection;
        if (!connection) {
          return UNLISTED;
        }
        const page = await connection.client.listVersions(item.jobId, { page: 1, perPage: pageSize, signal });
        page.versions.forEach(version => tree.updateVersion(version));
        const now = jobLive(item.jobId);
        return now ? { status: now.status, active: now.active } : UNLISTED;
      }
    }
  } catch (error) {
    if (isGone(error)) {
      if (item.kind === 'v2job') {
        tree.refresh();
      } else {
        tree.refreshJob(item.jobId);
      }
      return GONE;
    }
    throw error;
  }
}

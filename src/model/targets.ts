/** What a command acts on, read afresh with the connection it was read with (no `vscode` import). */
import { t } from '../util/l10n';
import type { TrainingJobVersion } from '../client/types';
import type { V2Job } from '../client/v2Types';
import type { TargetConnection } from './connection';

/** A version with the job facts the confirmations need. */
export interface VersionTarget {
  readonly jobId: string;
  readonly jobName: string;
  /** How many versions the job has, when known. */
  readonly versionCount?: number;
  readonly version: TrainingJobVersion;
  readonly connection: TargetConnection;
}

/** A job read afresh, with every version. */
export interface JobTarget {
  readonly jobId: string;
  readonly jobName: string;
  /** `version_count` as ModelArts reported it. */
  readonly versionCount: number;
  /** Every version, newest first. */
  readonly versions: readonly TrainingJobVersion[];
  readonly connection: TargetConnection;
}

/** `version "V0003" (ID 278813) of training job "mnist" (ID 182626)`: names exactly what is acted on. */
export function describeVersion(target: Pick<VersionTarget, 'jobId' | 'jobName' | 'version'>): string {
  return t('version "{0}" (ID {1}) of training job "{2}" (ID {3})', target.version.versionName, target.version.versionId, target.jobName, target.jobId);
}

/** `training job "mnist" (ID 182626)`. */
export function describeJob(target: Pick<JobTarget, 'jobId' | 'jobName'>): string {
  return t('training job "{0}" (ID {1})', target.jobName, target.jobId);
}

/** `V0003 (ID 278813) of mnist (ID 182626)`: one line of a list of versions. */
export function versionLine(target: Pick<VersionTarget, 'jobId' | 'jobName' | 'version'>): string {
  return t('{0} (ID {1}) of {2} (ID {3})', target.version.versionName, target.version.versionId, target.jobName, target.jobId);
}

/** `Project 0123… in region eu-de` (after `Connection "eu-de": ` with several): where the request goes, as the dialogs say it. */
export function whereText(connection: Pick<TargetConnection, 'projectId' | 'region' | 'name'>): string {
  const where = t('Project {0} in region {1}', connection.projectId, connection.region);
  return connection.name ? t('Connection "{0}": {1}', connection.name, where) : where;
}

/** A new-version (v2) job read afresh, with the connection it was read with. */
export interface V2JobTarget {
  readonly job: V2Job;
  readonly connection: TargetConnection;
}

/** `training job "llama3-8b-sft" (ID 3faf5c03-…)`. */
export function describeV2Job(job: Pick<V2Job, 'jobId' | 'name'>): string {
  return describeJob({ jobId: job.jobId, jobName: job.name });
}

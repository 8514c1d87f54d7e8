/**
 * What live status reads, as the tree shows it: the loaded rows in a transitional status (an old-version
 * job is read as one item: its versions in one request), and the look of a watched row.
 */
import type * as vscode from 'vscode';
import type { LiveItem } from '../actions/liveStatus';
import { CONTEXT_VALUE_TAGS } from '../constants';
import { isActive } from '../model/status';
import { describeJob, describeV2Job, describeVersion } from '../model/targets';
import { isV2Active } from '../model/v2Phase';
import type { JobNode } from './jobNode';
import { contextValue, drawWatched } from './render';
import type { V2JobNode } from './v2JobNode';
import type { VersionNode } from './versionNode';

/** An old-version job's statuses as one text: its own (its latest version's) and its loaded versions'. */
export function jobStatusText(node: JobNode): string {
  return [node.job.status, ...node.loadedVersions().map(v => `${v.versionId}:${v.status}`)].join('|');
}

/** True while an old-version job row, or one of its loaded versions, may change by itself. */
export function isJobLive(node: JobNode): boolean {
  return isActive(node.job.status) || node.loadedVersions().some(v => isActive(v.status));
}

/** The loaded rows in a transitional status. */
export function liveRows(jobs: readonly JobNode[], v2jobs: readonly V2JobNode[]): LiveItem[] {
  return [
    ...jobs.filter(isJobLive).map((node): LiveItem => ({
      key: `v1job/${node.job.jobId}`, kind: 'v1job', jobId: node.job.jobId, label: describeJob(node.job), status: jobStatusText(node),
    })),
    ...v2jobs.filter(node => isV2Active(node.job.phase)).flatMap(node => liveItemOf(node) ?? []),
  ];
}

/** The item to watch for a version, a job (its latest version) or a new-version job row; undefined for a job with no latest version. */
export function liveItemOf(node: VersionNode | V2JobNode | JobNode): LiveItem | undefined {
  if (node.kind === 'v2job') {
    return { key: `v2job/${node.job.jobId}`, kind: 'v2job', jobId: node.job.jobId, label: describeV2Job(node.job), status: node.job.phase };
  }
  if (node.kind === 'job') {
    const { jobId, jobName, latestVersionId, status } = node.job;
    return latestVersionId === undefined ? undefined : {
      key: `v1version/${jobId}/${latestVersionId}`, kind: 'v1version', jobId, versionId: latestVersionId, status: String(status),
      label: `the latest version (ID ${latestVersionId}) of ${describeJob({ jobId, jobName })}`,
    };
  }
  const { jobId, versionId } = node.version;
  return {
    key: `v1version/${jobId}/${versionId}`, kind: 'v1version', jobId, versionId, status: String(node.version.status),
    label: describeVersion({ jobId, jobName: node.parent.job.jobName, version: node.version }),
  };
}

/** Adds what live status says of a row: watchable while transitional, watched with an eye (a job: its latest version). */
export function drawLive(item: vscode.TreeItem, node: VersionNode | V2JobNode | JobNode, isWatched: (key: string) => boolean): vscode.TreeItem {
  const live = liveItemOf(node);
  if (!live) {
    return item;
  }
  const active = node.kind === 'v2job' ? isV2Active(node.job.phase) : node.kind === 'job' ? isActive(node.job.status) : isActive(node.version.status);
  if (isWatched(live.key)) {
    drawWatched(item);
  } else if (active) {
    item.contextValue = contextValue(...(item.contextValue ? item.contextValue.split(';') : []), CONTEXT_VALUE_TAGS.watchable);
  }
  return item;
}

/** An old-version job row's statuses as one text, and whether it may still change (undefined: not listed). */
export function jobLive(node: JobNode | undefined): { readonly status: string; readonly active: boolean } | undefined {
  return node && { status: jobStatusText(node), active: isJobLive(node) };
}

/** Which version a version command acts on: a tree node, `{ jobId, versionId }` arguments, or pickers. */
import * as vscode from 'vscode';
import { ConfigurationError, InvalidIdError } from '../client/errors';
import type { ModelArtsApi, TrainingJob, TrainingJobVersion } from '../client/types';
import { VersionNode, type TreeNode } from '../tree/nodes';
import { statusInfo } from '../tree/status';
import { formatAge } from '../util/format';

/** A version with the job facts the confirmation dialogs need. */
export interface VersionTarget {
  readonly jobId: string;
  readonly jobName: string;
  /** How many versions the job has, when known. */
  readonly versionCount?: number;
  readonly version: TrainingJobVersion;
}

/** What resolving a target needs. */
export interface TargetDeps {
  readonly connection: { getClient(): Promise<ModelArtsApi | undefined> };
  readonly tree: { findJob(jobId: string): { job: TrainingJob } | undefined };
}

/** How many jobs or versions a picker lists (the API's maximum page). */
const PICKER_LIMIT = 1000;

/** The client, or a `ConfigurationError` telling the user to configure credentials. */
export async function requireClient(deps: Pick<TargetDeps, 'connection'>): Promise<ModelArtsApi> {
  const client = await deps.connection.getClient();
  if (!client) {
    throw new ConfigurationError('No ModelArts credentials are stored. Run "ModelArts: Configure Credentials" first.');
  }
  return client;
}

function idArgument(value: unknown, what: string): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,20}$/.test(text.trim())) {
    throw new InvalidIdError(`The ${what} must be the numeric ID of a training job ${what === 'jobId' ? '' : 'version '}(got ${JSON.stringify(value) ?? 'nothing'}).`);
  }
  return text.trim();
}

/** True for `{ jobId, versionId }` (numbers or digit strings). */
function isIdArgument(arg: unknown): arg is { jobId: unknown; versionId: unknown } {
  return typeof arg === 'object' && arg !== null && 'jobId' in arg && 'versionId' in arg;
}

/** Options of the pickers. */
export interface PickOptions {
  /** Title of both pickers, e.g. "Delete Training Job Version". */
  readonly title: string;
  /** Only versions for which this holds are offered (say, running ones for Stop). */
  readonly versionFilter?: (version: TrainingJobVersion) => boolean;
  /** Said when a job has no version that passes the filter. */
  readonly noVersionText?: string;
}

/**
 * The version a command acts on: the node's; the one named by `{ jobId, versionId }` (fetched, so the
 * dialog shows its real name and status); or the one picked from a job list then a version list.
 * Undefined when the user cancels a picker.
 */
export async function resolveVersionTarget(deps: TargetDeps, arg: unknown, options: PickOptions): Promise<VersionTarget | undefined> {
  if (arg instanceof VersionNode) {
    return { jobId: arg.parent.job.jobId, jobName: arg.parent.job.jobName, versionCount: arg.parent.job.versionCount, version: arg.version };
  }
  if (isIdArgument(arg)) {
    const jobId = idArgument(arg.jobId, 'jobId');
    const versionId = idArgument(arg.versionId, 'versionId');
    const client = await requireClient(deps);
    const details = await client.getVersion(jobId, versionId);
    const known = deps.tree.findJob(jobId)?.job.versionCount;
    const versionCount = known ?? (await client.listVersions(jobId, { page: 1, perPage: 1 })).versionCount;
    return { jobId, jobName: details.jobName, versionCount, version: details };
  }
  if (arg !== undefined && !isTreeNode(arg)) {
    throw new InvalidIdError('Pass a version node or an object { jobId, versionId } (numeric IDs) to this command.');
  }
  return pickVersionTarget(await requireClient(deps), options);
}

function isTreeNode(arg: unknown): arg is TreeNode {
  return typeof arg === 'object' && arg !== null && 'kind' in arg;
}

interface JobItem extends vscode.QuickPickItem { readonly job: TrainingJob }
interface VersionItem extends vscode.QuickPickItem { readonly version: TrainingJobVersion }

async function pickVersionTarget(client: ModelArtsApi, options: PickOptions): Promise<VersionTarget | undefined> {
  const jobsLoading = client.listJobs({ page: 1, perPage: PICKER_LIMIT, sortBy: 'create_time', order: 'desc' });
  const jobItems = jobsLoading.then(page => page.jobs.map((job): JobItem => ({
    label: job.jobName,
    description: [statusInfo(job.status).label, formatAge(job.createTime)].filter(Boolean).join(' · '),
    detail: `Job ID ${job.jobId} · ${job.versionCount} version${job.versionCount === 1 ? '' : 's'}`,
    job,
  })));
  const jobPick = await vscode.window.showQuickPick(jobItems, {
    title: `${options.title}: Training Job`,
    placeHolder: 'Type to search training jobs by name, status or ID',
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!jobPick) {
    return undefined;
  }
  const job = jobPick.job;
  const page = await client.listVersions(job.jobId, { page: 1, perPage: PICKER_LIMIT });
  const versions = page.versions.filter(v => options.versionFilter?.(v) ?? true);
  if (versions.length === 0) {
    void vscode.window.showInformationMessage(options.noVersionText?.replace('{job}', job.jobName) ?? `Training job "${job.jobName}" has no versions.`);
    return undefined;
  }
  const versionPick = await vscode.window.showQuickPick(versions.map((version): VersionItem => ({
    label: version.versionName,
    description: [statusInfo(version.status).label, version.engineName, formatAge(version.createTime)].filter(Boolean).join(' · '),
    detail: `Version ID ${version.versionId}`,
    version,
  })), {
    title: `${options.title}: Version of "${job.jobName}"`,
    placeHolder: 'Pick a version',
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!versionPick) {
    return undefined;
  }
  return { jobId: job.jobId, jobName: job.jobName, versionCount: page.versionCount, version: versionPick.version };
}

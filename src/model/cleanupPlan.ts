/**
 * A clean-up's plan, as pure functions (no I/O, no `vscode` import): what a rule selected (the
 * preview lists exactly this, and nothing outside it is ever deleted), how old the plan is, and the
 * check made just before each deletion: an item is sent only if it is still what the preview showed.
 */
import type { TrainingJobVersion } from '../client/types';
import type { V2Job } from '../client/v2Types';
import { t } from '../util/l10n';
import { statusInfo } from './status';
import { phaseInfo } from './v2Phase';
import { unselectedWhy, v2Verdicts, versionVerdicts, type CleanupRule, type Verdict } from './cleanupRules';

/** Which kind of job a clean-up acts on: versions of old-version jobs, or new-version jobs. */
export type CleanupKind = 'v1' | 'v2';

/** One item the preview lists: a version of an old-version job, or (without `version`) a new-version job. */
export interface PlanItem {
  /** Unique within its plan: `jobId/versionId`, or the new-version job's ID. */
  readonly key: string;
  readonly jobId: string;
  readonly jobName: string;
  /** Old-version jobs: the version as read. */
  readonly version?: TrainingJobVersion;
  /** New-version jobs: the job as read. */
  readonly v2Job?: V2Job;
  readonly statusLabel: string;
  readonly createTime?: number;
  /** Which parts of the rule matched. */
  readonly reasons: readonly string[];
}

/** What an evaluation found: the preview, and what it examined. */
export interface CleanupPlan {
  readonly kind: CleanupKind;
  readonly rule: CleanupRule;
  /** What was examined, in words: `all old-version training jobs`, `training job "x"`. */
  readonly scope: string;
  /** When the reads behind the plan finished (ms since the epoch). */
  readonly evaluatedAt: number;
  /** Selected and not protected: what the preview offers, every one checked at first. */
  readonly items: readonly PlanItem[];
  /** Selected but protected: never offered, listed as left out. */
  readonly protectedItems: readonly PlanItem[];
  /** Jobs whose versions could not be read (not gone: another error): nothing of theirs is in the plan. */
  readonly unread: readonly { readonly jobId: string; readonly jobName: string; readonly error: unknown }[];
  /** Jobs listed, items judged (versions or jobs), and jobs whose versions were not read because none could match. */
  readonly examined: { readonly jobs: number; readonly items: number; readonly skippedJobs: number };
}

/** How long a plan may wait before it must be evaluated again: what it shows may no longer hold. */
export const PLAN_MAX_AGE_MS = 3 * 60_000;

/** True when `plan` is too old to run: it must be evaluated again. */
export function isStale(plan: Pick<CleanupPlan, 'evaluatedAt'>, now: number): boolean {
  return now - plan.evaluatedAt > PLAN_MAX_AGE_MS;
}

/** The key of a version in a plan. */
export function versionKey(jobId: string, versionId: string): string {
  return `${jobId}/${versionId}`;
}

/** A selected version as a plan item. */
export function versionItem(jobId: string, jobName: string, version: TrainingJobVersion, reasons: readonly string[]): PlanItem {
  return {
    key: versionKey(jobId, version.versionId), jobId, jobName, version, statusLabel: statusInfo(version.status).label,
    createTime: version.createTime, reasons,
  };
}

/** A selected new-version job as a plan item. */
export function v2Item(job: V2Job, reasons: readonly string[]): PlanItem {
  return { key: job.jobId, jobId: job.jobId, jobName: job.name, v2Job: job, statusLabel: phaseInfo(job.phase).label, createTime: job.createTime, reasons };
}

/** The items grouped the way the preview shows them: by job (new-version jobs: by name), in the order first met. */
export function planGroups(items: readonly PlanItem[]): { readonly title: string; readonly items: readonly PlanItem[] }[] {
  const groups = new Map<string, PlanItem[]>();
  for (const item of items) {
    const title = item.version ? t('{0} (ID {1})', item.jobName, item.jobId) : item.jobName;
    groups.set(title, [...(groups.get(title) ?? []), item]);
  }
  return [...groups].map(([title, list]) => ({ title, items: list }));
}

/** The totals of `items`: `37 versions of 12 training jobs`, or `5 training jobs`. */
export function planTotals(items: readonly PlanItem[], kind: CleanupKind): string {
  const n = items.length;
  if (kind === 'v2') {
    return n === 1 ? t('{0} training job', n) : t('{0} training jobs', n);
  }
  const jobs = new Set(items.map(i => i.jobId)).size;
  if (n === 1) {
    return jobs === 1 ? t('{0} version of {1} training job', n, jobs) : t('{0} version of {1} training jobs', n, jobs);
  }
  return jobs === 1 ? t('{0} versions of {1} training job', n, jobs) : t('{0} versions of {1} training jobs', n, jobs);
}

/** An item's answer to the check before its deletion: still what the preview showed (send it), or why not. */
export type Recheck = { readonly send: true } | { readonly send: false; readonly why: string };

/**
 * The check of the planned versions of ONE job against its versions read again just now (`fresh`:
 * every version of the job, or `gone` when the job no longer exists). A version is sent only if it is
 * still there, its status is the one previewed, and the rule still selects it (say, it is not now
 * among the newest K because a newer one was deleted).
 */
export function recheckVersions(
  rule: CleanupRule, planned: readonly PlanItem[], fresh: { readonly jobName: string; readonly versions: readonly TrainingJobVersion[] } | 'gone', now: number,
): Map<string, Recheck> {
  const answers = new Map<string, Recheck>();
  const verdicts = fresh === 'gone' ? new Map<string, Verdict>() : versionVerdicts(rule, { jobId: planned[0]?.jobId ?? '', ...fresh }, now);
  for (const item of planned) {
    const current = fresh === 'gone' ? undefined : fresh.versions.find(v => v.versionId === item.version?.versionId);
    answers.set(item.key, judgeAgain(rule, item.version?.status, current?.status, current && verdicts.get(current.versionId), statusInfo));
  }
  return answers;
}

/**
 * The check of planned new-version jobs against the jobs of the same names read again just now
 * (every job of each name: the newest-K rule ranks among them).
 */
export function recheckV2Jobs(rule: CleanupRule, planned: readonly PlanItem[], fresh: readonly V2Job[], now: number): Map<string, Recheck> {
  const verdicts = v2Verdicts(rule, fresh, now);
  const answers = new Map<string, Recheck>();
  for (const item of planned) {
    const job = fresh.find(j => j.jobId === item.jobId);
    answers.set(item.key, judgeAgain(rule, item.v2Job?.phase, job?.phase, job && verdicts.get(job.jobId), phase => phaseInfo(phase)));
  }
  return answers;
}

/** One item's check: `was` the status previewed, `is` the status now (undefined: gone), `verdict` the rule's on it now. */
function judgeAgain<S>(rule: CleanupRule, was: S | undefined, is: S | undefined, verdict: Verdict | undefined, label: (status: S) => { readonly label: string }): Recheck {
  if (is === undefined || was === undefined) {
    return { send: false, why: t('it is no longer there (deleted meanwhile)') };
  }
  if (is !== was) {
    return { send: false, why: t('its status changed from {0} to {1}', label(was).label, label(is).label) };
  }
  if (!verdict?.selected) {
    return { send: false, why: verdict ? unselectedWhy(rule, verdict.why) : t('the rule no longer selects it') };
  }
  return { send: true };
}

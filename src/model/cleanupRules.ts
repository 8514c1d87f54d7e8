/**
 * Clean-up rules, as pure functions (no I/O, no `vscode` import): what a rule is, how a stored one is
 * read, how it is said in words, and which versions (or new-version jobs) it selects, each with the
 * parts of the rule that matched. What is selected is what a preview shows and what may be deleted.
 */
import type { TrainingJobVersion } from '../client/types';
import type { V2Job } from '../client/v2Types';
import { msg, t } from '../util/l10n';
import { isActive, statusInfo } from './status';
import { isV2Active, phaseInfo, phaseStatus } from './v2Phase';

/** A rule: every condition given must hold (an absent one does not narrow). */
export interface CleanupRule {
  /** Set for a rule saved in `modelarts.cleanupRules`: what the palette offers it as. */
  readonly name?: string;
  /** Old-version status codes (a new-version job's phase counts as its family's code). */
  readonly statuses?: readonly number[];
  /** Only what was created more than this many days ago. */
  readonly olderThanDays?: number;
  /** Keep the newest K versions of each job (new-version jobs: of each job name), whatever else matches. */
  readonly keepNewest?: number;
  /** The job name contains this text (case-insensitive). */
  readonly nameContains?: string;
  /** The job name matches this regular expression (case-insensitive). */
  readonly nameMatches?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Reads a rule as stored (settings, last used): the rule, or what is wrong with it. */
export function parseRule(value: unknown): { readonly rule: CleanupRule } | { readonly error: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: 'a rule is an object such as { "name": "old failures", "statuses": [11], "olderThanDays": 14 }' };
  }
  const v = value as Record<string, unknown>;
  const problems: string[] = [];
  const count = (key: string, min: number, max: number): number | undefined => {
    const n = v[key];
    if (n === undefined || (typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max)) {
      return n;
    }
    problems.push(`"${key}" must be a whole number from ${min} to ${max}`);
    return undefined;
  };
  const text = (key: string): string | undefined => {
    const s = v[key];
    if (s === undefined || (typeof s === 'string' && s.trim() !== '' && s.length <= 200)) {
      return s?.trim();
    }
    problems.push(`"${key}" must be text of 1 to 200 characters`);
    return undefined;
  };
  const statuses = v.statuses;
  if (statuses !== undefined && (!Array.isArray(statuses) || statuses.length === 0 ||
    !statuses.every(s => typeof s === 'number' && Number.isInteger(s) && s >= 0 && s <= 99))) {
    problems.push('"statuses" must be a list of status codes, such as [11, 13]');
  }
  const olderThanDays = count('olderThanDays', 0, 3650);
  const keepNewest = count('keepNewest', 0, 1000);
  const parts = { name: text('name'), nameContains: text('nameContains'), nameMatches: text('nameMatches') };
  if (parts.nameMatches !== undefined) {
    try {
      new RegExp(parts.nameMatches, 'i');
    } catch {
      problems.push(`"nameMatches" is not a valid regular expression: ${parts.nameMatches}`);
    }
  }
  if (problems.length > 0) {
    return { error: problems[0] };
  }
  const rule: CleanupRule = {
    ...(parts.name !== undefined ? { name: parts.name } : {}),
    ...(statuses !== undefined ? { statuses: [...new Set(statuses as number[])] } : {}),
    ...(olderThanDays !== undefined ? { olderThanDays } : {}),
    ...(keepNewest !== undefined ? { keepNewest } : {}),
    ...(parts.nameContains !== undefined ? { nameContains: parts.nameContains } : {}),
    ...(parts.nameMatches !== undefined ? { nameMatches: parts.nameMatches } : {}),
  };
  if (rule.statuses === undefined && rule.olderThanDays === undefined && rule.nameContains === undefined && rule.nameMatches === undefined) {
    return { error: t('a rule needs at least one of "statuses", "olderThanDays", "nameContains" or "nameMatches": it would select everything') };
  }
  return { rule };
}

/** The finished statuses a rule builder offers, by family; a rule stores their codes. */
export const STATUS_CHOICES: readonly { readonly label: string; readonly detail: string; readonly codes: readonly number[] }[] = [
  { label: msg('Failed'), detail: msg('Failed, Lost, Image failed, Submit failed, Delete failed, Mount failed, …'), codes: [3, 5, 6, 11, 14, 16, 17, 21, 22] },
  { label: msg('Stopped or canceled'), detail: msg('Stopped by someone, or canceled'), codes: [12, 13] },
  { label: msg('Completed'), detail: msg('Finished successfully (the newest-K rule keeps the ones that matter)'), codes: [10, 20] },
];

/** The statuses in words: whole families by their name (`Failed or Stopped or canceled`), other codes by their label. */
function describeStatuses(codes: readonly number[]): string {
  const rest = new Set(codes);
  const words: string[] = [];
  for (const choice of STATUS_CHOICES) {
    if (choice.codes.every(code => rest.has(code))) {
      words.push(t(choice.label));
      choice.codes.forEach(code => rest.delete(code));
    }
  }
  const all = [...words, ...[...rest].map(code => statusInfo(code).label)];
  return all.length === 0 ? '' : all.reduce((text, word) => t('{0} or {1}', text, word));
}

/** The rule in words: `Failed or Canceled, older than 14 days, keeping the newest 3 of each job`. */
export function describeRule(rule: CleanupRule): string {
  return [
    rule.statuses ? describeStatuses(rule.statuses) : t('any status'),
    rule.olderThanDays === undefined ? undefined
      : rule.olderThanDays === 1 ? t('older than {0} day', rule.olderThanDays) : t('older than {0} days', rule.olderThanDays),
    rule.nameContains !== undefined ? t('job name contains "{0}"', rule.nameContains) : undefined,
    rule.nameMatches !== undefined ? t('job name matches /{0}/', rule.nameMatches) : undefined,
    rule.keepNewest !== undefined ? t('keeping the newest {0} of each job', rule.keepNewest) : undefined,
  ].filter(Boolean).join(', ');
}

/** True when a job of this name can hold anything the rule selects (its name parts hold): the others need no reading. */
export function nameMayMatch(rule: CleanupRule, jobName: string): boolean {
  return (rule.nameContains === undefined || jobName.toLowerCase().includes(rule.nameContains.toLowerCase())) &&
    (rule.nameMatches === undefined || new RegExp(rule.nameMatches, 'i').test(jobName));
}

/** Why an item is (or is not) selected. */
export type Verdict =
  | { readonly selected: true; readonly reasons: readonly string[] }
  | { readonly selected: false; readonly why: 'running' | 'newest' | 'status' | 'age' | 'name' };

/** One item as a rule sees it: its job's name, its status code, when it was created, its rank among its job's newest. */
interface Facts {
  readonly jobName: string;
  readonly status: number;
  readonly statusLabel: string;
  readonly createTime?: number;
  /** 0 for the newest of its job. */
  readonly rank: number;
  readonly active: boolean;
}

function judge(rule: CleanupRule, f: Facts, now: number): Verdict {
  if (f.active) {
    return { selected: false, why: 'running' };
  }
  const reasons: string[] = [];
  if (rule.statuses) {
    if (!rule.statuses.includes(f.status)) {
      return { selected: false, why: 'status' };
    }
    reasons.push(t('status {0}', f.statusLabel));
  }
  if (rule.olderThanDays !== undefined) {
    const ageDays = f.createTime === undefined ? undefined : (now - f.createTime) / DAY_MS;
    // An unknown creation time is never "old enough": nothing is deleted on a guess.
    if (ageDays === undefined || !(ageDays > rule.olderThanDays)) {
      return { selected: false, why: 'age' };
    }
    reasons.push(t('{0} days old (more than {1})', Math.floor(ageDays), rule.olderThanDays));
  }
  const name = f.jobName.toLowerCase();
  if (rule.nameContains !== undefined) {
    if (!name.includes(rule.nameContains.toLowerCase())) {
      return { selected: false, why: 'name' };
    }
    reasons.push(t('name contains "{0}"', rule.nameContains));
  }
  if (rule.nameMatches !== undefined) {
    if (!new RegExp(rule.nameMatches, 'i').test(f.jobName)) {
      return { selected: false, why: 'name' };
    }
    reasons.push(t('name matches /{0}/', rule.nameMatches));
  }
  if (rule.keepNewest !== undefined) {
    if (f.rank < rule.keepNewest) {
      return { selected: false, why: 'newest' };
    }
    reasons.push(t('not among the newest {0}', rule.keepNewest));
  }
  return { selected: true, reasons };
}

/** Newest first by creation time; an unknown time sorts as the oldest, ties by ID (descending), so ranks are stable. */
function byNewest<T>(time: (item: T) => number | undefined, id: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => ((time(b) ?? -Infinity) - (time(a) ?? -Infinity)) || (id(a) < id(b) ? 1 : id(a) > id(b) ? -1 : 0);
}

/** A selected version with the reasons; what the preview lists. */
export interface SelectedVersion {
  readonly jobId: string;
  readonly jobName: string;
  readonly version: TrainingJobVersion;
  readonly reasons: readonly string[];
}

/** One old-version job as a rule reads it: every one of its versions. */
export interface JobVersions {
  readonly jobId: string;
  readonly jobName: string;
  readonly versions: readonly TrainingJobVersion[];
}

/**
 * The verdict on each version of one job, by version ID. `job.versions` must be every version of the
 * job: the newest-K rule ranks a version among all of its job's versions, not only the matching ones.
 */
export function versionVerdicts(rule: CleanupRule, job: JobVersions, now: number): Map<string, Verdict> {
  const verdicts = new Map<string, Verdict>();
  [...job.versions].sort(byNewest(v => v.createTime, v => v.versionId)).forEach((version, rank) => {
    verdicts.set(version.versionId, judge(rule, {
      jobName: job.jobName, status: version.status, statusLabel: statusInfo(version.status).label, createTime: version.createTime, rank,
      active: isActive(version.status),
    }, now));
  });
  return verdicts;
}

/** The versions of old-version jobs a rule selects, with the reasons. */
export function selectVersions(rule: CleanupRule, jobs: readonly JobVersions[], now: number): SelectedVersion[] {
  return jobs.flatMap(job => {
    const verdicts = versionVerdicts(rule, job, now);
    return job.versions.flatMap((version): SelectedVersion[] => {
      const verdict = verdicts.get(version.versionId);
      return verdict?.selected ? [{ jobId: job.jobId, jobName: job.jobName, version, reasons: verdict.reasons }] : [];
    });
  });
}

/** The verdict on each new-version job, by job ID; newest-K ranks a job among the given jobs of the same name. */
export function v2Verdicts(rule: CleanupRule, jobs: readonly V2Job[], now: number): Map<string, Verdict> {
  const byName = new Map<string, V2Job[]>();
  for (const job of jobs) {
    byName.set(job.name, [...(byName.get(job.name) ?? []), job]);
  }
  const verdicts = new Map<string, Verdict>();
  for (const group of byName.values()) {
    [...group].sort(byNewest(j => j.createTime, j => j.jobId)).forEach((job, rank) => verdicts.set(job.jobId, judge(rule, {
      jobName: job.name, status: phaseStatus(job.phase), statusLabel: phaseInfo(job.phase).label, createTime: job.createTime,
      rank, active: isV2Active(job.phase),
    }, now)));
  }
  return verdicts;
}

/** The new-version jobs a rule selects, with the reasons. */
export function selectV2Jobs(rule: CleanupRule, jobs: readonly V2Job[], now: number): { readonly job: V2Job; readonly reasons: readonly string[] }[] {
  const verdicts = v2Verdicts(rule, jobs, now);
  return jobs.flatMap(job => {
    const verdict = verdicts.get(job.jobId);
    return verdict?.selected ? [{ job, reasons: verdict.reasons }] : [];
  });
}

/** Why a verdict no longer selects an item, in words, for the report of a clean-up. */
export function unselectedWhy(rule: CleanupRule, why: Exclude<Verdict, { selected: true }>['why']): string {
  switch (why) {
    case 'newest':
      return t('it is now among the newest {0} of its job', rule.keepNewest ?? 0);
    case 'running':
      return t('it is running or in progress now');
    case 'status':
      return t('its status no longer matches');
    case 'age':
      return t('its creation time changed');
    default:
      return t('its job name no longer matches');
  }
}

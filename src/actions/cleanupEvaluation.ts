/**
 * Evaluating a clean-up rule: reading what the rule needs, and no more, with a bounded number of
 * requests in flight and a signal that stops it. Old-version jobs: the job list is read with the
 * server's name search, and a job's versions are read only when the job can hold a match (its name
 * matches; it has more versions than the newest K kept). New-version jobs: the search's name and
 * phase filters, where they cannot change a rank among the newest K; a new-version job's "versions"
 * are the jobs of the same name (its reruns). Reads only: nothing is changed.
 */
import { mapLimit } from '../client/async';
import { CancelledError, isGone } from '../client/errors';
import type { ModelArtsApi, TrainingJob, TrainingJobVersion } from '../client/types';
import type { V2Job } from '../client/v2Types';
import { V2_MAX_LIMIT } from '../client/v2Client';
import { nameMayMatch, selectV2Jobs, selectVersions, type CleanupRule } from '../model/cleanupRules';
import { v2Item, versionItem, type CleanupKind, type CleanupPlan, type PlanItem } from '../model/cleanupPlan';
import type { ProtectedItem } from '../model/protection';
import { phasesFor } from '../model/v2Phase';
import { t } from '../util/l10n';

/** The jobs a clean-up examines: the given ones, or (without `jobs`) every job of the kind. */
export type CleanupScope =
  | { readonly kind: 'v1'; readonly text: string; readonly jobs?: readonly Pick<TrainingJob, 'jobId' | 'jobName' | 'versionCount'>[] }
  | { readonly kind: 'v2'; readonly text: string; readonly jobs?: readonly V2Job[] };

/** How an evaluation runs. */
export interface EvaluateOptions {
  /** Requests in flight at most. */
  readonly concurrency: number;
  readonly signal?: AbortSignal;
  readonly now: () => number;
  /** Hears how far the reads are, in words. */
  readonly onProgress?: (message: string) => void;
  /** True for an item protected from deletion: never offered. */
  readonly isProtected: (item: ProtectedItem) => boolean;
}

/** The old-version job list's largest page, and the most characters of its `search_content`. */
const V1_PAGE = 1000;
const V1_SEARCH_MAX = 64;
/** A bound on the pages read, so a misbehaving answer cannot loop. */
const MAX_PAGES = 1000;

/** Evaluates `rule` over `scope`: the plan the preview shows. Rejects on a failed job listing or when cancelled. */
export async function evaluateCleanup(api: ModelArtsApi, scope: CleanupScope, rule: CleanupRule, options: EvaluateOptions): Promise<CleanupPlan> {
  const found = scope.kind === 'v1' ? await evaluateV1(api, scope.jobs, rule, options) : await evaluateV2(api, scope.jobs, rule, options);
  const isProtected = (item: PlanItem) => options.isProtected(item.version
    ? { kind: 'version', jobId: item.jobId, versionId: item.version.versionId } : { kind: 'v2job', jobId: item.jobId });
  return {
    kind: scope.kind, rule, scope: scope.text, evaluatedAt: options.now(), unread: found.unread,
    items: found.items.filter(item => !isProtected(item)), protectedItems: found.items.filter(isProtected), examined: found.examined,
  };
}

type Found = Pick<CleanupPlan, 'items' | 'examined' | 'unread'>;

async function evaluateV1(api: ModelArtsApi, given: Extract<CleanupScope, { kind: 'v1' }>['jobs'], rule: CleanupRule, options: EvaluateOptions): Promise<Found> {
  const jobs = given ?? await listV1Jobs(api, rule, options);
  // Only the jobs that can hold a match are read: the name parts hold, and there is a version beyond the newest K.
  const toRead = jobs.filter(job => nameMayMatch(rule, job.jobName) && (rule.keepNewest === undefined || job.versionCount > rule.keepNewest));
  let done = 0;
  const unread: { jobId: string; jobName: string; error: unknown }[] = [];
  const read = await mapLimit(toRead, options.concurrency, async job => {
    let versions: readonly TrainingJobVersion[] = [];
    if (!options.signal?.aborted) {
      try {
        versions = (await api.listAllVersions(job.jobId, { signal: options.signal })).versions;
      } catch (error) {
        if (!isGone(error)) {
          unread.push({ jobId: job.jobId, jobName: job.jobName, error });
        }
      }
    }
    options.onProgress?.(t('Read the versions of {0} of {1} training jobs…', ++done, toRead.length));
    return { jobId: job.jobId, jobName: job.jobName, versions };
  });
  cancelledCheck(options.signal);
  const now = options.now();
  return {
    items: selectVersions(rule, read, now).map(s => versionItem(s.jobId, s.jobName, s.version, s.reasons)),
    examined: { jobs: jobs.length, items: read.reduce((n, job) => n + job.versions.length, 0), skippedJobs: jobs.length - toRead.length },
    unread,
  };
}

/** Every old-version job (narrowed by the server's name search where the rule has a short enough `nameContains`). */
async function listV1Jobs(api: ModelArtsApi, rule: CleanupRule, options: EvaluateOptions): Promise<TrainingJob[]> {
  const search = rule.nameContains !== undefined && rule.nameContains.length <= V1_SEARCH_MAX ? rule.nameContains : undefined;
  const jobs = new Map<string, TrainingJob>();
  for (let page = 1; page <= MAX_PAGES; page++) {
    const result = await api.listJobs({ page, perPage: V1_PAGE, search, sortBy: 'create_time', order: 'desc', signal: options.signal });
    result.jobs.forEach(job => jobs.set(job.jobId, job));
    options.onProgress?.(result.totalKnown ? t('Listed {0} of {1} training jobs…', jobs.size, result.total) : t('Listed {0} training jobs…', jobs.size));
    if (result.jobs.length < V1_PAGE || (result.totalKnown && jobs.size >= result.total)) {
      break;
    }
  }
  return [...jobs.values()];
}

async function evaluateV2(api: ModelArtsApi, given: readonly V2Job[] | undefined, rule: CleanupRule, options: EvaluateOptions): Promise<Found> {
  let jobs: readonly V2Job[];
  if (given) {
    // A new-version job's "versions" are the jobs of the same name (its reruns): all of them are examined, read afresh.
    const names = [...new Set(given.map(job => job.name))];
    let done = 0;
    const read = await mapLimit(names, options.concurrency, async name => {
      const same = await listV2Jobs(api, { search: name, exact: name }, options);
      options.onProgress?.(t('Read {0} of {1} job names…', ++done, names.length));
      return same;
    });
    jobs = read.flat();
  } else {
    // The phase filter would hide jobs that count for the newest-K rank: only without it.
    const phases = rule.statuses && rule.keepNewest === undefined ? phasesFor(rule.statuses) : undefined;
    jobs = await listV2Jobs(api, { search: rule.nameContains, phases }, options);
  }
  const items = selectV2Jobs(rule, jobs, options.now()).map(s => v2Item(s.job, s.reasons));
  return { items, examined: { jobs: jobs.length, items: jobs.length, skippedJobs: 0 }, unread: [] };
}

/** Every new-version job the filters let through (`exact`: only jobs of exactly this name). */
export async function listV2Jobs(
  api: ModelArtsApi, filters: { readonly search?: string; readonly phases?: readonly string[]; readonly exact?: string }, options: Pick<EvaluateOptions, 'signal' | 'onProgress'>,
): Promise<V2Job[]> {
  const jobs = new Map<string, V2Job>();
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await api.v2.listJobs({ page, limit: V2_MAX_LIMIT, search: filters.search, phases: filters.phases, signal: options.signal });
    result.jobs.filter(job => filters.exact === undefined || job.name === filters.exact).forEach(job => jobs.set(job.jobId, job));
    if (filters.exact === undefined) {
      options.onProgress?.(result.total !== undefined ? t('Listed {0} of {1} training jobs…', jobs.size, result.total) : t('Listed {0} training jobs…', jobs.size));
    }
    if (!result.more) {
      break;
    }
  }
  return [...jobs.values()];
}

/** Rejects as cancelled when `signal` aborted: a plan from partial reads must never be shown. */
function cancelledCheck(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new CancelledError('The evaluation of the clean-up rule was cancelled. Nothing was deleted.');
  }
}

/** Says which kind a plan is for, in the words of its items. */
export function itemNoun(kind: CleanupKind): 'version' | 'training job' {
  return kind === 'v1' ? 'version' : 'training job';
}

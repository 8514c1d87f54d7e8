/** The pickers of the palette commands: a searchable job picker, and a version picker. */
import * as vscode from 'vscode';
import { CancelledError, InvalidIdError, NotFoundError } from '../client/errors';
import type { JobPage, ModelArtsApi, TrainingJob, TrainingJobVersion } from '../client/types';
import { V2_MAX_LIMIT } from '../client/v2Client';
import type { V2Job } from '../client/v2Types';
import type { TargetConnection } from '../model/connection';
import { statusInfo } from '../model/status';
import { phaseInfo } from '../model/v2Phase';
import type { VersionTarget } from '../model/targets';
import { MAX_SEARCH_LENGTH } from '../tree/jobFilter';
import { describeError } from '../util/describeError';
import { formatAge } from '../util/format';
import { msg, t } from '../util/l10n';
import type { Logger } from '../util/logger';
import { forLine } from '../util/sanitize';
import { showInfo } from './messages';

/** How many versions the version picker lists (the API's maximum page). */
const VERSION_PICKER_LIMIT = 1000;
/** How many jobs the job picker shows per answer: the newest, or the best matches of the search. */
const JOB_PICKER_PAGE = 100;
const PLACEHOLDER = msg('Type to search training jobs by name (or enter a job ID)');
const V2_PLACEHOLDER = msg('Type to search training jobs by name');
/** Typing pauses this long before the job picker searches. */
const SEARCH_DEBOUNCE_MS = 250;

/** Options of the pickers. */
export interface PickOptions {
  /** Title of both pickers, e.g. "Delete Training Job Version". */
  readonly title: string;
  /** Only versions for which this holds are offered (say, running ones for Stop). */
  readonly versionFilter?: (version: TrainingJobVersion) => boolean;
  /** Said when a job has no version that passes the filter. */
  readonly noVersionText?: string;
}

interface VersionItem extends vscode.QuickPickItem { readonly version: TrainingJobVersion }

function jobItem(job: TrainingJob): vscode.QuickPickItem {
  return {
    label: forLine(job.jobName) || t('Job {0}', job.jobId),
    description: [statusInfo(job.status).label, formatAge(job.createTime)].filter(Boolean).join(' · '),
    detail: job.versionCount === 1 ? t('Job ID {0} · {1} version', job.jobId, job.versionCount) : t('Job ID {0} · {1} versions', job.jobId, job.versionCount),
  };
}

/** What the picker's placeholder says about an answer: how many there are, and how to find the rest. */
function placeholderFor(page: JobPage, text: string): string {
  const more = page.totalKnown ? page.total > page.jobs.length : page.jobs.length >= JOB_PICKER_PAGE;
  if (!more) {
    return t(PLACEHOLDER);
  }
  if (!page.totalKnown) {
    return t('Showing the newest {0} training jobs. Type to search by name (or enter a job ID).', page.jobs.length);
  }
  return text
    ? t('{0} jobs match "{1}"; showing the newest {2}. Type more to narrow the search.', page.total, text, page.jobs.length)
    : t('{0} training jobs; showing the newest {1}. Type to search by name (or enter a job ID).', page.total, page.jobs.length);
}

/** One answer of a search: the rows, and what the placeholder says about them. */
interface SearchAnswer<T> {
  readonly items: readonly T[];
  readonly placeholder: string;
}

/** A picker row; `value` is absent on the row that reports a failed search. */
type PickerItem<T> = vscode.QuickPickItem & { readonly value?: T };

/**
 * A QuickPick that shows the newest items while the box is empty and, as the user types, asks
 * ModelArts to search (debounced, busy meanwhile), so a project with 10,000 jobs is searchable
 * without loading them all. Only the newest search's answer is shown.
 */
class SearchPicker<T> {
  private readonly picker = vscode.window.createQuickPick<PickerItem<T>>();
  private searches = 0;
  private inFlight?: AbortController;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    title: string,
    placeholder: string,
    private readonly searchFor: (text: string, signal: AbortSignal) => Promise<SearchAnswer<T>>,
    private readonly itemOf: (value: T) => vscode.QuickPickItem,
    private readonly logger: Logger | undefined,
  ) {
    this.picker.title = title;
    this.picker.placeholder = placeholder;
    this.picker.matchOnDescription = true;
    this.picker.matchOnDetail = true;
    this.picker.ignoreFocusOut = true;
  }

  /** The item picked, or undefined when dismissed. */
  async pick(): Promise<T | undefined> {
    try {
      return await new Promise<T | undefined>(resolve => {
        this.picker.onDidChangeValue(value => {
          clearTimeout(this.timer);
          this.picker.busy = true;
          this.timer = setTimeout(() => void this.search(value), SEARCH_DEBOUNCE_MS);
        });
        this.picker.onDidAccept(() => {
          const value = this.picker.selectedItems[0]?.value;
          if (value !== undefined) {
            resolve(value);
            this.picker.hide();
          }
        });
        this.picker.onDidHide(() => resolve(undefined));
        this.picker.show();
        void this.search('');
      });
    } finally {
      clearTimeout(this.timer);
      this.inFlight?.abort();
      this.picker.dispose();
    }
  }

  private async search(value: string): Promise<void> {
    const mine = ++this.searches;
    this.inFlight?.abort();
    const abort = new AbortController();
    this.inFlight = abort;
    this.picker.busy = true;
    const text = value.trim().slice(0, MAX_SEARCH_LENGTH);
    try {
      const answer = await this.searchFor(text, abort.signal);
      if (mine === this.searches) {
        this.picker.placeholder = answer.placeholder;
        // Not alwaysShow: while the next search runs, the box filters these rows as the user types.
        this.picker.items = answer.items.map(value => ({ ...this.itemOf(value), value }));
      }
    } catch (error) {
      if (mine === this.searches && !(error instanceof CancelledError)) {
        this.logger?.error('Searching training jobs failed', error);
        this.picker.items = [{ label: t('$(error) Could not load training jobs'), detail: forLine(describeError(error), 1000), alwaysShow: true }];
      }
    } finally {
      if (mine === this.searches) {
        this.picker.busy = false;
      }
    }
  }
}

/** The searchable job picker (undefined when dismissed). */
export function pickJob(client: ModelArtsApi, options: Pick<PickOptions, 'title'>, logger: Logger | undefined): Promise<TrainingJob | undefined> {
  return new SearchPicker<TrainingJob>(t('{0}: Training Job', options.title), t(PLACEHOLDER), async (text, signal) => {
    // Digits are also looked up as a job ID.
    const [page, byId] = await Promise.all([
      client.listJobs({ page: 1, perPage: JOB_PICKER_PAGE, sortBy: 'create_time', order: 'desc', signal, ...(text ? { search: text } : {}) }),
      /^\d{1,20}$/.test(text) ? jobById(client, text, signal) : Promise.resolve(undefined),
    ]);
    const items = byId && !page.jobs.some(j => j.jobId === byId.jobId) ? [byId, ...page.jobs] : page.jobs;
    return { items, placeholder: placeholderFor(page, text) };
  }, jobItem, logger).pick();
}

/**
 * The searchable picker of new-version jobs (name search by ModelArts), those `filter` allows;
 * undefined when dismissed.
 */
export function pickV2Job(
  client: ModelArtsApi, options: Pick<PickOptions, 'title'> & { readonly filter?: (job: V2Job) => boolean }, logger: Logger | undefined,
): Promise<V2Job | undefined> {
  return new SearchPicker<V2Job>(t('{0}: Training Job', options.title), t(V2_PLACEHOLDER), async (text, signal) => {
    const page = await client.v2.listJobs({ page: 0, limit: V2_MAX_LIMIT, signal, ...(text ? { search: text } : {}) });
    const items = page.jobs.filter(job => options.filter?.(job) ?? true);
    const shown = page.total !== undefined && page.total > page.jobs.length
      ? (text
        ? t('{0} training jobs match "{1}"; showing the newest {2}. Type to search by name.', page.total, text, page.jobs.length)
        : t('{0} training jobs; showing the newest {1}. Type to search by name.', page.total, page.jobs.length))
      : t(V2_PLACEHOLDER);
    return { items, placeholder: items.length === 0 && page.jobs.length > 0 ? t('None of these jobs applies. Type to search by name.') : shown };
  }, v2JobItem, logger).pick();
}

function v2JobItem(job: V2Job): vscode.QuickPickItem {
  return {
    label: forLine(job.name) || t('Job {0}', job.jobId),
    description: forLine([phaseInfo(job.phase).label, formatAge(job.createTime)].filter(Boolean).join(' · ')),
    detail: job.tasks.length > 1 ? t('Job ID {0} · {1} tasks', job.jobId, job.tasks.length) : t('Job ID {0}', job.jobId),
  };
}

/** The job with this ID (name and version count from its version list), or undefined when there is none. */
async function jobById(client: ModelArtsApi, jobId: string, signal: AbortSignal): Promise<TrainingJob | undefined> {
  try {
    const page = await client.listVersions(jobId, { page: 1, perPage: 1, signal });
    const latest = page.versions[0];
    return {
      jobId, jobName: page.jobName || t('Job {0}', jobId), description: page.jobDesc, status: latest?.status ?? 0,
      createTime: latest?.createTime, versionCount: page.versionCount, latestVersionId: latest?.versionId,
    };
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof CancelledError || error instanceof InvalidIdError) {
      return undefined;
    }
    throw error;
  }
}

/** Picks one of `job`'s versions (those `options.versionFilter` allows); undefined when there is none or it is dismissed. */
export async function pickVersion(connection: TargetConnection, job: TrainingJob, options: PickOptions): Promise<VersionTarget | undefined> {
  const page = await connection.client.listVersions(job.jobId, { page: 1, perPage: VERSION_PICKER_LIMIT });
  const versions = page.versions.filter(v => options.versionFilter?.(v) ?? true);
  if (versions.length === 0) {
    void showInfo(options.noVersionText?.replace('{job}', job.jobName) ?? t('Training job "{0}" has no versions.', job.jobName));
    return undefined;
  }
  const versionPick = await vscode.window.showQuickPick(versions.map((version): VersionItem => ({
    label: forLine(version.versionName) || t('Version {0}', version.versionId),
    description: forLine([statusInfo(version.status).label, version.engineName, formatAge(version.createTime)].filter(Boolean).join(' · ')),
    detail: t('Version ID {0}', version.versionId),
    version,
  })), {
    title: forLine(t('{0}: Version of "{1}"', options.title, job.jobName)),
    placeHolder: t('Pick a version'),
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  return versionPick && { jobId: job.jobId, jobName: job.jobName, versionCount: page.versionCount, version: versionPick.version, connection };
}

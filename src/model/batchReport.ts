/**
 * What became of each version of a deletion of several: the end summary (one sentence) and the
 * report behind "Show Report" (Markdown). Pure: unit-tested in plain Node.
 */
import { formatTime } from '../util/format';
import { escapeMarkdown } from '../util/markdown';
import type { TargetConnection } from './connection';
import { whereText, type VersionTarget } from './targets';

/** How one selected version ended. */
export type BatchResult =
  /** ModelArts confirmed it gone. */
  | 'deleted'
  /** The request failed, or ModelArts ended it in DELETE_FAILED: `reason` says why. */
  | 'failed'
  /** Accepted, but not confirmed when the extension stopped checking (or stopped following). */
  | 'unconfirmed'
  /** Never sent: the user cancelled first. */
  | 'cancelled'
  /** Left out by the confirmation: running or in progress. */
  | 'running'
  /** Left out by the confirmation: already deleted, or being deleted. */
  | 'skipped'
  /** Left out: protected (by itself or by its job). */
  | 'protected'
  /** Clean-up: not sent, because it changed since the preview; `reason` says how. */
  | 'changed';

/** One line of the report. */
export interface BatchEntry {
  /** A version of an old-version job, or (without `version`) a whole new-version job. */
  readonly target: Pick<VersionTarget, 'jobId' | 'jobName'> & Partial<Pick<VersionTarget, 'version'>>;
  readonly result: BatchResult;
  /** `failed`: the service's reason or the error, one line. */
  readonly reason?: string;
}

const WORDS: Readonly<Record<Exclude<BatchResult, 'deleted'>, string>> = {
  failed: 'could not be deleted',
  unconfirmed: 'not yet confirmed',
  cancelled: 'not sent (cancelled)',
  running: 'left out (running)',
  skipped: 'left out (already deleted or being deleted)',
  protected: 'left out (protected)',
  changed: 'skipped (changed since the preview)',
};

const RESULT_CELLS: Readonly<Record<BatchResult, string>> = {
  deleted: 'Deleted',
  failed: 'Could not be deleted',
  unconfirmed: 'Not yet confirmed: refresh later to check',
  cancelled: 'Not sent: cancelled',
  running: 'Left out: running or in progress',
  skipped: 'Left out: already deleted or being deleted',
  protected: 'Left out: protected',
  changed: 'Skipped: changed since the preview',
};

/** What a batch deletes: versions (old-version jobs) or training jobs (new-version). */
export type BatchNoun = 'version' | 'training job';

const counted = (n: number, noun: BatchNoun) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * One sentence for the end: "3 versions deleted." when every selected version went; otherwise how
 * many of how many, and what became of the others. `clean` is false when anything did not go.
 */
export function batchSummary(entries: readonly BatchEntry[], noun: BatchNoun = 'version'): { readonly text: string; readonly clean: boolean } {
  const deleted = entries.filter(e => e.result === 'deleted').length;
  if (deleted === entries.length) {
    return { text: `${counted(deleted, noun)} deleted.`, clean: true };
  }
  const others = (Object.keys(WORDS) as (keyof typeof WORDS)[])
    .map(result => [entries.filter(e => e.result === result).length, WORDS[result]] as const)
    .filter(([count]) => count > 0)
    .map(([count, words]) => `${count} ${words}`);
  return { text: `${deleted} of ${counted(entries.length, noun)} deleted; ${others.join(', ')}.`, clean: false };
}

/** The report: where, when, and one table row per selected version (every server string escaped). */
export function batchReport(
  entries: readonly BatchEntry[], connection: Pick<TargetConnection, 'projectId' | 'region'>, finishedAt: number, noun: BatchNoun = 'version',
  heading: { readonly title?: string; readonly lines?: readonly string[] } = {},
): string {
  const cell = (text: string) => escapeMarkdown(text, 300);
  const versions = noun === 'version';
  return [
    `# ${heading.title ?? `Deleting ${counted(entries.length, noun)}`}`,
    '',
    `${whereText(connection)}. Finished ${formatTime(finishedAt)}.`,
    '',
    ...(heading.lines ?? []).flatMap(line => [line, '']),
    `**${batchSummary(entries, noun).text}**`,
    '',
    versions ? '| Version | Training job | Result |' : '| Training job | Result |',
    versions ? '|---|---|---|' : '|---|---|',
    ...entries.map(({ target, result, reason }) =>
      `| ${target.version ? `${cell(`${target.version.versionName} (ID ${target.version.versionId})`)} | ` : ''}` +
      `${cell(`${target.jobName} (ID ${target.jobId})`)} | ${RESULT_CELLS[result]}${reason ? `: ${cell(reason)}` : ''} |`),
    '',
  ].join('\n');
}

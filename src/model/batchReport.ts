/**
 * What became of each version of a deletion of several: the end summary (one sentence) and the
 * report behind "Show Report" (Markdown). Pure: unit-tested in plain Node.
 */
import { formatTime } from '../util/format';
import { t, msg } from '../util/l10n';
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

/** What became of the others, `{0}` their count (the summary's tail). */
const WORDS: Readonly<Record<Exclude<BatchResult, 'deleted'>, string>> = {
  failed: msg('{0} could not be deleted'),
  unconfirmed: msg('{0} not yet confirmed'),
  cancelled: msg('{0} not sent (cancelled)'),
  running: msg('{0} left out (running)'),
  skipped: msg('{0} left out (already deleted or being deleted)'),
  protected: msg('{0} left out (protected)'),
  changed: msg('{0} skipped (changed since the preview)'),
};

const RESULT_CELLS: Readonly<Record<BatchResult, string>> = {
  deleted: msg('Deleted'),
  failed: msg('Could not be deleted'),
  unconfirmed: msg('Not yet confirmed: refresh later to check'),
  cancelled: msg('Not sent: cancelled'),
  running: msg('Left out: running or in progress'),
  skipped: msg('Left out: already deleted or being deleted'),
  protected: msg('Left out: protected'),
  changed: msg('Skipped: changed since the preview'),
};

/** What a batch deletes: versions (old-version jobs) or training jobs (new-version). */
export type BatchNoun = 'version' | 'training job';

/** `[one, several]` forms of each sentence that counts, by noun; `{0}` is the count. */
const ALL_DELETED: Readonly<Record<BatchNoun, readonly [string, string]>> = {
  'version': [msg('{0} version deleted.'), msg('{0} versions deleted.')],
  'training job': [msg('{0} training job deleted.'), msg('{0} training jobs deleted.')],
};
/** `{0}` deleted of `{1}`; `{2}` what became of the others. */
const SOME_DELETED: Readonly<Record<BatchNoun, readonly [string, string]>> = {
  'version': [msg('{0} of {1} version deleted; {2}.'), msg('{0} of {1} versions deleted; {2}.')],
  'training job': [msg('{0} of {1} training job deleted; {2}.'), msg('{0} of {1} training jobs deleted; {2}.')],
};
const DELETING: Readonly<Record<BatchNoun, readonly [string, string]>> = {
  'version': [msg('Deleting {0} version'), msg('Deleting {0} versions')],
  'training job': [msg('Deleting {0} training job'), msg('Deleting {0} training jobs')],
};

const form = (forms: Readonly<Record<BatchNoun, readonly [string, string]>>, noun: BatchNoun, n: number) => forms[noun][n === 1 ? 0 : 1];

/**
 * One sentence for the end: "3 versions deleted." when every selected version went; otherwise how
 * many of how many, and what became of the others. `clean` is false when anything did not go.
 */
export function batchSummary(entries: readonly BatchEntry[], noun: BatchNoun = 'version'): { readonly text: string; readonly clean: boolean } {
  const deleted = entries.filter(e => e.result === 'deleted').length;
  if (deleted === entries.length) {
    return { text: t(form(ALL_DELETED, noun, deleted), deleted), clean: true };
  }
  const others = (Object.keys(WORDS) as (keyof typeof WORDS)[])
    .map(result => [entries.filter(e => e.result === result).length, WORDS[result]] as const)
    .filter(([count]) => count > 0)
    .map(([count, words]) => t(words, count))
    .reduce((list, next) => t('{0}, {1}', list, next));
  return { text: t(form(SOME_DELETED, noun, entries.length), deleted, entries.length, others), clean: false };
}

/** The report: where, when, and one table row per selected version (every server string escaped). */
export function batchReport(
  entries: readonly BatchEntry[], connection: Pick<TargetConnection, 'projectId' | 'region'>, finishedAt: number, noun: BatchNoun = 'version',
  heading: { readonly title?: string; readonly lines?: readonly string[] } = {},
): string {
  const cell = (text: string) => escapeMarkdown(text, 300);
  const versions = noun === 'version';
  return [
    `# ${heading.title ?? t(form(DELETING, noun, entries.length), entries.length)}`,
    '',
    t('{0}. Finished {1}.', whereText(connection), formatTime(finishedAt)),
    '',
    ...(heading.lines ?? []).flatMap(line => [line, '']),
    `**${batchSummary(entries, noun).text}**`,
    '',
    `| ${versions ? `${t('Version')} | ` : ''}${t('Training job')} | ${t('Result')} |`,
    versions ? '|---|---|---|' : '|---|---|',
    ...entries.map(({ target, result, reason }) =>
      `| ${target.version ? `${cell(t('{0} (ID {1})', target.version.versionName, target.version.versionId))} | ` : ''}` +
      `${cell(t('{0} (ID {1})', target.jobName, target.jobId))} | ${reason ? t('{0}: {1}', t(RESULT_CELLS[result]), cell(reason)) : t(RESULT_CELLS[result])} |`),
    '',
  ].join('\n');
}
